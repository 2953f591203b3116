from django.urls import path

from localsdg.api.urls import manage_patterns as api_key_patterns
from localsdg.assessment.urls import manage_patterns as assessment_patterns
from localsdg.engagement.manage_urls import manage_patterns as engagement_patterns
from localsdg.indicators.urls import manage_patterns
from localsdg.orgs import views

app_name = "manage"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:slug>/", views.profile, name="profile"),
    path("<slug:slug>/history/", views.history, name="history"),
    *manage_patterns,
    *assessment_patterns,
    *api_key_patterns,
    *engagement_patterns,
]
