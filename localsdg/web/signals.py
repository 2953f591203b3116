"""Signals other apps listen to, so that indicators need not know who reacts to a change."""

from django.dispatch import Signal

# Sent after observations or indicator metadata of an organisation changed and were committed.
# Arguments: organisation.
data_changed = Signal()

# Sent when a plan's initiatives were written in bulk (a table stored), which sends no model
# signals; the search index and the Board must be redone. Arguments: organisation.
plans_changed = Signal()
