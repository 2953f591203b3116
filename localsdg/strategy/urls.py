"""Public routes of plans and initiatives at /<lang>/plans/ (namespace ``strategy``);
localsdg/urls.py mounts them. The fixed prefixes come first, so an organisation named
"initiatives", "goals" or "targets" cannot hide them."""

from django.urls import path

from localsdg.strategy import uploads, views
from localsdg.strategy.manage import initiatives, plans, remap

app_name = "strategy"

urlpatterns = [
    path("initiatives/<int:pk>/", views.initiative, name="initiative"),
    path("goals/<int:number>/", views.goal, name="goal"),
    path("targets/<str:code>/", views.target, name="target"),
    path("<slug:org>/<slug:plan>/", views.plan, name="plan"),
]

# Editors' routes, mounted in the ``manage`` namespace under an organisation.
manage_patterns = [
    path("<slug:slug>/plans/", plans.plan_list, name="plans"),
    path("<slug:slug>/plans/new/", plans.plan_new, name="plan-new"),
    path("<slug:slug>/plans/import/", uploads.upload, name="plan-import"),
    path("<slug:slug>/plans/import/<str:token>/", uploads.preview, name="plan-import-preview"),
    path("<slug:slug>/plans/<int:pk>/", plans.plan_edit, name="plan"),
    path(
        "<slug:slug>/plans/<int:pk>/initiatives/",
        remap.plan_initiatives,
        name="plan-initiatives",
    ),
    path("<slug:slug>/plans/<int:pk>/remap/", remap.plan_remap, name="plan-remap"),
    path(
        "<slug:slug>/plans/<int:pk>/initiatives/new/",
        initiatives.initiative_new,
        name="initiative-new",
    ),
    path(
        "<slug:slug>/plans/initiatives/<int:pk>/",
        initiatives.initiative_edit,
        name="initiative",
    ),
    path(
        "<slug:slug>/plans/initiatives/<int:pk>/suggestions/",
        initiatives.add_suggestion,
        name="initiative-suggestion",
    ),
]
