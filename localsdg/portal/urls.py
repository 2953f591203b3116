from django.urls import path

from localsdg.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("goals/<int:number>/", views.goal, name="goal"),
    path("targets/<str:code>/", views.target, name="target"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("organisations/<slug:slug>/indicators/<str:code>/", views.indicator, name="indicator"),
    path(
        "organisations/<slug:slug>/indicators/<str:code>/headline.csv",
        views.indicator_csv,
        {"headline_only": True},
        name="indicator-headline-csv",
    ),
    path(
        "organisations/<slug:slug>/indicators/<str:code>/data.csv",
        views.indicator_csv,
        {"headline_only": False},
        name="indicator-csv",
    ),
    path("organisations/<slug:slug>/progress/", views.progress, name="progress"),
    path("organisations/<slug:slug>/compare/", views.compare, name="compare"),
    path("organisations/<slug:slug>/reporting/", views.reporting, name="reporting"),
    path("organisations/<slug:slug>/downloads/", views.downloads, name="downloads"),
    path(
        "organisations/<slug:slug>/downloads/<str:name>",
        views.download_file,
        name="download-file",
    ),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("search/index.json", views.search_index, name="search-index"),
]
