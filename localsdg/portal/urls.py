from django.urls import path

from localsdg.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("goals/<int:number>/", views.goal, name="goal"),
    path("targets/<str:code>/", views.target, name="target"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("about/", views.about, name="about"),
]
