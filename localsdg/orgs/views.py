"""The editors' area: the organisations a user belongs to, their profiles and history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from localsdg.orgs import permissions
from localsdg.orgs.forms import OrganisationProfileForm
from localsdg.orgs.models import Membership, Role
from localsdg.orgs.permissions import Action


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    visible = permissions.organisations_for(request.user, Action.VIEW_UNPUBLISHED)
    roles = dict(
        Membership.objects.filter(user=request.user.pk).values_list("organisation_id", "role")
    )
    rows = [
        {"org": org, "role": Role(roles[org.pk]).label if org.pk in roles else None}
        for org in visible.select_related("hub").order_by("hub_id", "name_en")
    ]
    return render(request, "orgs/dashboard.html", {"rows": rows})


@login_required
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    org = permissions.organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    can_manage = permissions.can(request.user, Action.MANAGE, org)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = OrganisationProfileForm(request.POST, instance=org)
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("The profile was saved."))
            return redirect("manage:profile", slug=org.slug)
    else:
        form = OrganisationProfileForm(instance=org)
    if not can_manage:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request, "orgs/profile.html", {"org": org, "form": form, "can_manage": can_manage}
    )


@login_required
def history(request: HttpRequest, slug: str) -> HttpResponse:
    org = permissions.organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    records = list(org.history.select_related("history_user").order_by("-history_date")[:100])
    changes = []
    for record in records:
        previous = record.prev_record
        delta = record.diff_against(previous).changes if previous else []
        changes.append({"record": record, "changes": delta})
    return render(request, "orgs/history.html", {"org": org, "changes": changes})
