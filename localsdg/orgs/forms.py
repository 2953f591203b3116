from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest

from localsdg.orgs.models import Organisation

URL_FIELD_OPTIONS = {"assume_scheme": "https"}


def https_urls(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Web addresses typed without a scheme are taken as https://."""
    if isinstance(field, models.URLField):
        kwargs |= URL_FIELD_OPTIONS
    return field.formfield(**kwargs)


class OrganisationProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    """What an organisation's own admins may change; slug and hub stay with superusers."""

    class Meta:
        model = Organisation
        fields = [
            "name_en",
            "name_ja",
            "kind",
            "population",
            "website",
            "description_en",
            "description_ja",
            "is_published",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
            "description_ja": forms.Textarea(attrs={"rows": 5, "lang": "ja"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "name_ja": forms.TextInput(attrs={"lang": "ja"}),
        }
        formfield_callback = https_urls


def save_or_show(
    request: HttpRequest, form: forms.ModelForm[Any], can_edit: bool, saved: str
) -> bool:
    """The editing pattern of every editors' page: members who may edit save a valid form (in
    one transaction, with a message) and get True; a POST from anyone else is refused (403);
    readers see the same form with every field disabled."""
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, saved)
            return True
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return False
