"""Builders for the public pages of plans and initiatives, one module per page kind.

``common`` holds what several pages show (an initiative as lists show it, links to plans and
strategies, which goals an initiative serves, budget amounts as text); ``plan`` builds a plan's
page with its strategy × goal matrix, ``initiative`` one initiative, ``serving`` the lists of
initiatives that serve a goal or a target (and the short summary the portal's goal and target
pages show); ``export`` lists what the sitemap publishes. Each builder returns a frozen object
that templates render, so no surface runs its own queries.

Plans are reached only through ``Plan.objects.published()`` (published plans of published
organisations) and initiatives only through ``Initiative.objects.published()`` (shown
initiatives of those plans); a local indicator behind a KPI only through
``Indicator.objects.published()``.
"""
