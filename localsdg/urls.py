from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import URLPattern, URLResolver, include, path

from localsdg.api.api import api
from localsdg.api.urls import manage_patterns as api_manage
from localsdg.assessment.urls import manage_patterns as assessment_manage
from localsdg.engagement.urls import manage_patterns as engagement_manage
from localsdg.engagement.urls import media_patterns as engagement_media
from localsdg.indicators.urls import manage_patterns as indicators_manage
from localsdg.orgs.admin import site as admin_site
from localsdg.orgs.urls import manage_patterns as orgs_manage
from localsdg.portal import views as portal_views
from localsdg.portal.sitemaps import SITEMAPS
from localsdg.strategy.urls import manage_patterns as strategy_manage

# The editors' pages of every app, under one namespace ("manage:...").
manage_patterns: tuple[list[URLPattern | URLResolver], str] = (
    [
        *orgs_manage,
        *indicators_manage,
        *assessment_manage,
        *api_manage,
        *engagement_manage,
        *strategy_manage,
    ],
    "manage",
)

urlpatterns = [
    path("admin/", admin_site.urls),
    path("api/v1/", api.urls),
    path("goal-colours.css", portal_views.goal_colours, name="goal-colours"),
    path("healthz", portal_views.health, name="health"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    *engagement_media,
]

urlpatterns += i18n_patterns(
    path("", include("localsdg.portal.urls")),
    path("manage/", include(manage_patterns)),
    path("api/", include("localsdg.api.urls")),
    path("engagement/", include("localsdg.engagement.urls")),
    path("plans/", include("localsdg.strategy.urls")),
    path("board/", include("localsdg.board.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    prefix_default_language=True,
)

handler404 = "localsdg.portal.views.not_found"
handler500 = "localsdg.portal.views.server_error"
