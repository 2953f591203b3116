"""Admin for the engagement record, scoped to the organisations a user may edit.

The editors' screens (``manage``) are the usual way in; the admin is the fallback for fixing a
single row. Choices of events, sessions and partners are limited to the user's organisations,
and uploaded files go through the same checks and re-encoding as in the editor.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import HttpRequest

from localsdg.core.engagement import detect_video
from localsdg.engagement import uploads
from localsdg.engagement.models import (
    Event,
    Media,
    MediaKind,
    Participation,
    Partner,
    Session,
)
from localsdg.orgs.admin import OrgScopedAdmin, site
from localsdg.orgs.forms import URL_FIELD_OPTIONS, https_urls

ORG_PATHS = {Partner: "organisation", Event: "organisation", Session: "event__organisation"}


class EngagementAdmin(OrgScopedAdmin):
    """Keeps every event, session and partner choice within the user's editable organisations."""

    formfield_overrides = {models.URLField: URL_FIELD_OPTIONS}

    def limit(self, request: HttpRequest, model: Any, kwargs: dict[str, Any]) -> None:
        path = ORG_PATHS.get(model)
        if path is not None:
            editable = self.editable_orgs(request)
            kwargs["queryset"] = model._default_manager.filter(**{f"{path}__in": editable})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self.limit(request, db_field.related_model, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self.limit(request, db_field.related_model, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Partner, site=site)
class PartnerAdmin(EngagementAdmin):
    list_display = ["name_en", "name_ja", "kind", "country", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ja"]


class SessionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Session
    extra = 0
    fields = ["order", "kind", "title_en", "title_ja", "hosted_by_us"]
    show_change_link = True


@admin.register(Event, site=site)
class EventAdmin(EngagementAdmin):
    list_display = ["name_en", "series", "edition", "precision", "start", "is_published"]
    list_filter = ["is_published", "series", "precision", "mode"]
    search_fields = ["name_en", "name_ja", "series", "edition"]
    filter_horizontal = ["organisers", "goals", "targets"]
    inlines = [SessionInline]


class ParticipationInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Participation
    extra = 0
    fields = ["order", "person_en", "person_ja", "title_en", "title_ja", "role"]


@admin.register(Session, site=site)
class SessionAdmin(EngagementAdmin):
    org_path = "event__organisation"
    list_display = ["__str__", "event", "kind", "hosted_by_us"]
    list_filter = ["kind", "hosted_by_us"]
    list_select_related = ["event"]
    search_fields = ["title_en", "title_ja", "event__name_en"]
    filter_horizontal = ["partners", "goals", "targets"]
    inlines = [ParticipationInline]


class MediaAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """Checks a new upload by its content; the checked (re-encoded) copy is what gets stored."""

    checked: uploads.Checked | None = None

    class Meta:
        model = Media
        formfield_callback = https_urls
        fields = [
            "event",
            "session",
            "kind",
            "document_kind",
            "title_en",
            "title_ja",
            "caption_en",
            "caption_ja",
            "credit",
            "url",
            "file",
            "order",
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload
        kind = self.cleaned_data.get("kind")
        allowed = uploads.IMAGES if kind == MediaKind.PHOTO else uploads.ALL_KINDS
        self.checked = uploads.check_upload(upload, allowed)
        return upload


@admin.register(Media, site=site)
class MediaAdmin(EngagementAdmin):
    org_path = "event__organisation"
    form = MediaAdminForm
    list_display = ["__str__", "event", "kind", "provider"]
    list_filter = ["kind", "provider"]
    list_select_related = ["event"]
    search_fields = ["title_en", "title_ja", "event__name_en"]
    readonly_fields = ["provider", "thumbnail", "width", "height"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.provider = detect_video(obj.url).provider if obj.kind == MediaKind.VIDEO else ""
        checked = getattr(form, "checked", None)
        if checked is not None:
            uploads.store(obj, checked, save=False)
        super().save_model(request, obj, form, change)
