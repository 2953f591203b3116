from django.urls import path

from localsdg.orgs import views

# The editors' pages of organisations; ``localsdg/urls.py`` mounts them with every app's own.
manage_patterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:slug>/", views.profile, name="profile"),
    path("<slug:slug>/history/", views.history, name="history"),
]
