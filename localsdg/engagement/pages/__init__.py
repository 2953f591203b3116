"""Builders for the public engagement record, one module per page kind.

``entries`` holds what every list shows of an event (``EventEntry`` and its parts);
``history``, ``events``, ``partners`` and ``dashboard`` build one page each; ``export`` lists
what the sitemap and the static export publish. Each builder returns a frozen object that the
HTML templates, the JSON API, the feeds, the CSV export and the static export all consume, so no
surface runs its own queries. Events are reached only through ``Event.objects.published()``
(published events of published organisations); a partner is public only while a published
event names it as organiser or session partner.
"""
