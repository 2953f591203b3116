"""Public routes of the engagement record at /<lang>/engagement/ (namespace ``engagement``).

The uploaded files of published events are served by ``media_patterns`` at MEDIA_URL, outside
the language prefix (mounted by localsdg/urls.py).
"""

from django.conf import settings
from django.urls import path

from localsdg.engagement import feeds, views

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
