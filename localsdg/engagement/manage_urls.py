"""Editors' routes of the engagement record, mounted under /<lang>/manage/<slug>/.

``manage_patterns`` joins the ``manage`` namespace like the other apps' editors' routes; the
names live in their own ``engagement-manage`` namespace inside it, e.g.
``manage:engagement-manage:edit``.
"""

from django.urls import include, path

from localsdg.engagement import manage

app_name = "engagement-manage"

urlpatterns = [
    path("engagement/", manage.event_list, name="list"),
    path("engagement/new/", manage.event_new, name="new"),
    path("engagement/<int:pk>/", manage.event_edit, name="edit"),
    path("engagement/<int:pk>/history/", manage.event_history, name="history"),
    path("partners/", manage.partner_list, name="partners"),
    path("partners/<int:pk>/", manage.partner_edit, name="partner"),
]

manage_patterns = [path("<slug:slug>/", include((urlpatterns, app_name)))]
