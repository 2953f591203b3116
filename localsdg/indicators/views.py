"""Editors' views for indicators: metadata, the data table, imports and data releases."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localsdg.core.formats.model import IndicatorMeta
from localsdg.core.formats.registry import FORMATS
from localsdg.indicators import editing, imports, pages, releases, uploads
from localsdg.indicators.forms import ImportForm, IndicatorForm
from localsdg.indicators.models import DataRelease, Indicator
from localsdg.orgs.forms import save_or_show
from localsdg.orgs.models import Organisation
from localsdg.orgs.permissions import Action, can, organisation_for


def stale_message() -> str:
    """What an editor reads when another change was stored between preview and store."""
    return _(
        "The stored data changed while this preview was open (another import or "
        "edit was stored), so nothing was stored. Check the new preview and store "
        "again."
    )


def indicator_of(org: Organisation, code: str) -> Indicator:
    indicator = Indicator.objects.filter(organisation=org, code=code).first()
    if indicator is None:
        raise Http404(_("This organisation has no indicator %(code)s.") % {"code": code})
    return indicator


@login_required
def indicator_list(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    indicators = Indicator.objects.for_org(org).order_by("code")
    context = {
        "org": org,
        "indicators": indicators,
        "can_edit": can(request.user, Action.EDIT_CONTENT, org),
        "releases": DataRelease.objects.filter(organisation=org).select_related("user")[:20],
    }
    return render(request, "indicators/list.html", context)


@login_required
def indicator_create(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.EDIT_CONTENT)
    form = IndicatorForm(request.POST or None, instance=Indicator(organisation=org))
    if request.method == "POST" and form.is_valid():
        if Indicator.objects.filter(organisation=org, code=form.cleaned_data["code"]).exists():
            form.add_error("code", _("This organisation already has an indicator with this code."))
        else:
            indicator = form.save()
            releases.save_links(indicator, IndicatorMeta(code=indicator.code))
            messages.success(request, _("The indicator was created."))
            return redirect("manage:indicator", slug=org.slug, code=indicator.code)
    return render(request, "indicators/edit.html", {"org": org, "form": form, "can_edit": True})


@login_required
def indicator_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    indicator = indicator_of(org, code)
    can_edit = can(request.user, Action.EDIT_CONTENT, org)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if save_or_show(request, form, can_edit, _("The indicator was saved.")):
        return redirect("manage:indicator", slug=org.slug, code=indicator.code)
    context = {
        "org": org,
        "indicator": indicator,
        "form": form,
        "can_edit": can_edit,
        "preview": pages.chart_for(indicator, request.LANGUAGE_CODE),
        "releases": pages.releases_of(indicator),
    }
    return render(request, "indicators/edit.html", context)


@login_required
def indicator_data(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    indicator = indicator_of(org, code)
    can_edit = can(request.user, Action.EDIT_CONTENT, org)
    table = editing.DataTable.for_indicator(indicator, request.GET.get("series"))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        table = editing.DataTable.from_post(indicator, request.POST)
        result = table.preview(org)
        if result.ok:
            if not result.has_changes:
                messages.info(request, _("Nothing changed."))
            else:
                try:
                    release = releases.apply(
                        org, result, user=request.user, source_name=_("data table of %(code)s")
                        % {"code": indicator.code}, kind=DataRelease.Kind.EDIT,
                    )  # fmt: skip
                except releases.ReleaseConflict:
                    messages.error(request, stale_message())
                else:
                    number = release.pk if release else "—"
                    messages.success(
                        request, _("Saved as data release #%(number)s.") % {"number": number}
                    )
            return redirect(
                f"{request.path}?series={table.series_id}" if table.series_id else request.path
            )
        table.attach_problems(result.errors)
    context = {
        "org": org,
        "indicator": indicator,
        "table": table,
        "can_edit": can_edit,
        "preview": pages.chart_for(indicator, request.LANGUAGE_CODE),
    }
    return render(request, "indicators/data.html", context)


def format_choices() -> list[tuple[str, str]]:
    return [(name, str(fmt.description)) for name, fmt in FORMATS.items()]


@login_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.EDIT_CONTENT)
    form = ImportForm(request.POST or None, request.FILES or None, formats=format_choices())
    if request.method == "POST" and form.is_valid():
        try:
            pending = uploads.save_upload(
                form.cleaned_data["file"],
                org=org.slug,
                file_format=form.cleaned_data["file_format"],
                on_duplicate=form.cleaned_data["on_duplicate"],
                note=form.cleaned_data["note"],
            )
        except uploads.UploadError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("manage:import-preview", slug=org.slug, token=pending.token)
    return render(request, "indicators/import.html", {"org": org, "form": form})


@login_required
def import_preview(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """What an upload would change; store it, or only its valid indicators when asked to."""
    org = organisation_for(request.user, slug, Action.EDIT_CONTENT)
    pending = uploads.load_pending(token, org.slug)
    if pending is None:
        raise Http404(_("This import is no longer waiting: upload the file again."))
    if request.method == "POST" and "cancel" in request.POST:
        uploads.discard(pending)
        messages.info(request, _("The import was cancelled; nothing was stored."))
        return redirect("manage:indicators", slug=org.slug)
    source = imports.read_source(pending)
    checked = imports.check(org, source)
    # With errors, what storing only the valid indicators would do (offered when it may be).
    partial = None if checked.preview.ok else imports.check(org, source, skip_invalid=True)
    if partial is not None and partial.refusal is not None:
        partial = None
    chosen = partial if "skip_invalid" in request.POST else checked
    if request.method == "POST" and chosen is not None and chosen.refusal is None:
        try:
            return store_upload(request, org, pending, chosen)
        except releases.ReleaseConflict:
            messages.error(request, stale_message())
            return redirect(request.path)
    shown = (partial or checked).preview
    context = {
        "org": org,
        "pending": pending,
        "result": checked.preview,
        "partial": partial.preview if partial else None,
        "shown": shown,
        "totals": shown.totals,
    }
    return render(request, "indicators/preview.html", context)


def store_upload(
    request: HttpRequest,
    org: Organisation,
    pending: uploads.PendingImport,
    checked: imports.Checked,
) -> HttpResponse:
    """Store a previewed upload as one data release and show it.

    The page says which preview it confirms (``seen``); a different one now means someone else
    stored data meanwhile, and the user must see the new preview before storing.
    """
    release = imports.store(
        org, checked, user=request.user, note=pending.note, confirmed=request.POST.get("seen")
    )
    uploads.discard(pending)
    if release is None:
        messages.info(request, _("No observation changed, so no data release was made."))
        return redirect("manage:indicators", slug=org.slug)
    messages.success(request, _("Saved as data release #%(number)s.") % {"number": release.pk})
    return redirect("manage:release", slug=org.slug, pk=release.pk)


@login_required
def release_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    release = get_object_or_404(DataRelease, pk=pk, organisation=org)
    context = {
        "org": org,
        "release": release,
        "diff": pages.release_diff(release),
        "can_edit": can(request.user, Action.EDIT_CONTENT, org),
        "can_roll_back": releases.latest_effective_release(org) == release,
    }
    return render(request, "indicators/release.html", context)


@login_required
@require_POST
def release_rollback(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.EDIT_CONTENT)
    release = get_object_or_404(DataRelease, pk=pk, organisation=org)
    try:
        undo = releases.rollback(release, user=request.user)
    except releases.ReleaseError as exc:
        messages.error(request, str(exc))
        return redirect("manage:release", slug=org.slug, pk=release.pk)
    messages.success(
        request,
        _("Release #%(number)s was rolled back.") % {"number": release.pk},
    )
    return redirect("manage:release", slug=org.slug, pk=undo.pk)
