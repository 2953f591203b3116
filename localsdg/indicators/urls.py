"""Editors' routes for indicators, mounted in the ``manage`` namespace under an organisation."""

from django.urls import path

from localsdg.indicators import views

manage_patterns = [
    path("<slug:slug>/indicators/", views.indicator_list, name="indicators"),
    path("<slug:slug>/indicators/new/", views.indicator_create, name="indicator-new"),
    path("<slug:slug>/indicators/<str:code>/", views.indicator_edit, name="indicator"),
    path("<slug:slug>/indicators/<str:code>/data/", views.indicator_data, name="indicator-data"),
    path("<slug:slug>/import/", views.import_upload, name="import"),
    path("<slug:slug>/import/<str:token>/", views.import_preview, name="import-preview"),
    path("<slug:slug>/releases/<int:pk>/", views.release_detail, name="release"),
    path("<slug:slug>/releases/<int:pk>/rollback/", views.release_rollback, name="rollback"),
]
