"""Routes of the api app: the documentation page, and the editors' key pages.

``manage_patterns`` are mounted in the ``manage`` namespace like the other apps' editors'
routes; ``urlpatterns`` is the public, language-prefixed documentation page.
"""

from django.urls import path

from localsdg.api import views

manage_patterns = [
    path("<slug:slug>/api-keys/", views.key_list, name="api-keys"),
    path("<slug:slug>/api-keys/<str:prefix>/revoke/", views.key_revoke, name="api-key-revoke"),
]

app_name = "api-docs"

urlpatterns = [
    path("", views.api_docs, name="docs"),
]
