"""Signals other apps listen to, so that indicators need not know who reacts to a change."""

from django.dispatch import Signal

# Sent after observations or indicator metadata of an organisation changed and were committed.
# Arguments: organisation.
data_changed = Signal()
