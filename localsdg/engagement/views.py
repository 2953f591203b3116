"""Public views of the engagement record: each renders one builder's object (see ``pages/``)."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from localsdg.engagement import feeds
from localsdg.engagement.models import Event, Media
from localsdg.engagement.pages.dashboard import dashboard_page
from localsdg.engagement.pages.events import event_page
from localsdg.engagement.pages.history import history_page
from localsdg.engagement.pages.partners import partner_page
from localsdg.i18n import current_language

# Only what the uploads accept is ever served, whatever else may lie in the media folder.
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


@require_safe
def history(request: HttpRequest) -> HttpResponse:
    page = history_page(current_language(), request.GET)
    return render(request, "engagement/history.html", {"page": page})


@require_safe
def event(request: HttpRequest, pk: int) -> HttpResponse:
    page = event_page(pk, current_language())
    context = {"page": page, "json_ld": page.json_ld(request.build_absolute_uri())}
    return render(request, "engagement/event.html", context)


@require_safe
def partner(request: HttpRequest, pk: int) -> HttpResponse:
    page = partner_page(pk, current_language())
    return render(request, "engagement/partner.html", {"page": page})


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    page = dashboard_page(current_language())
    return render(request, "engagement/dashboard.html", {"page": page})


@require_safe
def ics(request: HttpRequest) -> HttpResponse:
    body = feeds.ics_calendar(current_language(), request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="engagement.ics"'
    return response


@require_safe
def record_csv(request: HttpRequest) -> HttpResponse:
    lang = current_language()
    response = HttpResponse(feeds.record_csv(lang, request), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="engagement-{lang}.csv"'
    return response


@require_safe
@cache_control(public=True, max_age=3600)
def media_file(request: HttpRequest, name: str) -> HttpResponse:
    """An uploaded file, only if a media item of a published event refers to it.

    Drafts' files, other uploads and anything outside the accepted types answer 404, so the
    media folder is never browsable.
    """
    content_type = MEDIA_TYPES.get(PurePosixPath(name).suffix.lower())
    published = Media.objects.filter(event__in=Event.objects.published())
    if (
        content_type is None
        or ".." in PurePosixPath(name).parts
        or not published.filter(Q(file=name) | Q(thumbnail=name)).exists()
        or not default_storage.exists(name)
    ):
        raise Http404(_("There is no published file with this name."))
    with default_storage.open(name, "rb") as handle:
        body = handle.read()
    response = HttpResponse(body, content_type=content_type)
    filename = PurePosixPath(name).name
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
