"""Editors' routes for progress assessment, mounted in the ``manage`` namespace."""

from django.urls import path

from localsdg.assessment import views

manage_patterns = [
    path("<slug:slug>/assessment/", views.assessment_settings, name="assessment"),
    path(
        "<slug:slug>/indicators/<str:code>/progress/",
        views.indicator_progress,
        name="indicator-progress",
    ),
]
