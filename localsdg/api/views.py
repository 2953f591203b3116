"""The API documentation page, and the editors' pages for an organisation's API keys."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from localsdg.api import keys
from localsdg.api.docs import api_docs_page
from localsdg.api.models import ApiKey
from localsdg.orgs.models import Organisation
from localsdg.orgs.permissions import Action, can_manage_api_keys, organisation_for


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    page = api_docs_page(request.build_absolute_uri("/"))
    return render(request, "api/docs.html", {"page": page})


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("What the key is for"), max_length=100)


def key_organisation(request: HttpRequest, slug: str) -> Organisation:
    """The organisation, if the user may manage its keys: 404 if unseen, 403 if not an admin."""
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    if not can_manage_api_keys(request.user, org):
        raise PermissionDenied
    return org


@never_cache
@login_required
def key_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's keys; a POST creates one and shows it, once, on this answer only."""
    org = key_organisation(request, slug)
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key, plain = keys.create_key(org, form.cleaned_data["name"], request.user)
        return render(request, "api/key_created.html", {"org": org, "key": key, "plain": plain})
    found = ApiKey.objects.filter(organisation=org).select_related("created_by")
    context = {"org": org, "form": form, "keys": found.order_by("revoked", "-created")}
    return render(request, "api/keys.html", context)


@login_required
@require_POST
def key_revoke(request: HttpRequest, slug: str, prefix: str) -> HttpResponse:
    org = key_organisation(request, slug)
    key = ApiKey.objects.filter(organisation=org, prefix=prefix).first()
    if key is None:
        raise Http404(_("This organisation has no API key %(prefix)s.") % {"prefix": prefix})
    keys.revoke(key)
    messages.success(request, _("The API key %(prefix)s was revoked.") % {"prefix": key.prefix})
    return redirect("manage:api-keys", slug=org.slug)
