"""Public routes of plans and initiatives at /<lang>/plans/ (namespace ``strategy``);
localsdg/urls.py mounts them. The fixed prefixes come first, so an organisation named
"initiatives", "goals" or "targets" cannot hide them."""

from django.urls import path

from localsdg.strategy import views

app_name = "strategy"

urlpatterns = [
    path("initiatives/<int:pk>/", views.initiative, name="initiative"),
    path("goals/<int:number>/", views.goal, name="goal"),
    path("targets/<str:code>/", views.target, name="target"),
    path("<slug:org>/<slug:plan>/", views.plan, name="plan"),
]
