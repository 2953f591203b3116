"""Routes of the engagement record; localsdg/urls.py mounts each list.

- ``urlpatterns``: the public pages at /<lang>/engagement/ (namespace ``engagement``);
- ``media_patterns``: the uploaded files of published events at MEDIA_URL, outside the language
  prefix;
- ``manage_patterns``: the editors' pages under /<lang>/manage/<slug>/, in the ``manage``
  namespace like every app's, with their names in ``engagement-manage`` inside it, e.g.
  ``manage:engagement-manage:edit``.
"""

from django.conf import settings
from django.urls import include, path

from localsdg.engagement import feeds, manage, views

app_name = "engagement"

urlpatterns = [
    path("", views.history, name="history"),
    path("events/<int:pk>/", views.event, name="event"),
    path("partners/<int:pk>/", views.partner, name="partner"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("feed.atom", feeds.AtomFeed(), name="atom"),
    path("feed.ics", views.ics, name="ics"),
    path("record.csv", views.record_csv, name="csv"),
]

media_patterns = [
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", views.media_file, name="engagement-media"),
]

editor_patterns = [
    path("engagement/", manage.event_list, name="list"),
    path("engagement/new/", manage.event_new, name="new"),
    path("engagement/<int:pk>/", manage.event_edit, name="edit"),
    path("engagement/<int:pk>/history/", manage.event_history, name="history"),
    path("partners/", manage.partner_list, name="partners"),
    path("partners/<int:pk>/", manage.partner_edit, name="partner"),
]

manage_patterns = [path("<slug:slug>/", include((editor_patterns, "engagement-manage")))]
