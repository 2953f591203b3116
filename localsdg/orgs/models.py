"""Organisations (the tenants), their hub relation, and who may do what in each."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localsdg.i18n import Localized, localized

# The one slug rule of the project: organisations, partners, URLs and API paths all use it.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
slug_validator = RegexValidator(
    SLUG_PATTERN,
    _("Use lowercase letters, digits and single hyphens, e.g. tokyo or shinjuku-ku."),
)


# Words that fixed routes use where an organisation's slug would stand (/<lang>/plans/goals/11/).
RESERVED_SLUGS = frozenset({"initiatives", "goals", "targets"})


def not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("%(slug)s is a word the site's addresses use; choose another name."),
            code="reserved",
            params={"slug": slug},
        )


def is_slug(text: str) -> bool:
    return re.match(SLUG_PATTERN, text) is not None


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def published(self) -> OrganisationQuerySet:
        """Organisations the public may see: published, and under a published hub if any."""
        return self.filter(is_published=True).filter(
            Q(hub__isnull=True) | Q(hub__is_published=True)
        )

    def hubs(self) -> OrganisationQuerySet:
        return self.filter(hub__isnull=True)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", _("Prefecture")
        CITY = "city", _("City")
        WARD = "ward", _("Special ward")
        TOWN = "town", _("Town")
        VILLAGE = "village", _("Village")
        REGION = "region", _("Region")
        OTHER = "other", _("Other")

    slug = models.CharField(
        _("slug"), max_length=64, unique=True, validators=[slug_validator, not_reserved]
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    country = models.CharField(_("country code"), max_length=2, default="JP")
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    hub = models.ForeignKey(
        "self",
        verbose_name=_("hub organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    is_sample = models.BooleanField(
        _("illustrative sample data"),
        default=False,
        help_text=_("Shown with a notice that its figures and texts are illustrative."),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["hub_id", "name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name_en

    def clean(self) -> None:
        if self.hub_id is None:
            return
        if self.hub_id == self.pk:
            raise ValidationError({"hub": _("An organisation cannot be its own hub.")})
        if self.hub is not None and self.hub.hub_id is not None:
            raise ValidationError({"hub": _("A hub must not itself belong to a hub.")})
        if self.pk and self.members.exists():
            raise ValidationError({"hub": _("An organisation with members cannot join a hub.")})

    @property
    def is_hub(self) -> bool:
        return self.hub_id is None

    def name(self, lang: str | None = None) -> Localized:
        return localized(self, "name", lang)

    def description(self, lang: str | None = None) -> Localized:
        return localized(self, "description", lang)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_org"),
        ]
        ordering = ["organisation__name_en", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


def register_user_history() -> None:
    """Record changes to user accounts too, without keeping password hashes in history."""
    from django.contrib.auth import get_user_model
    from simple_history import register

    register(
        get_user_model(),
        app="localsdg.orgs",
        excluded_fields=["password", "last_login"],
        table_name="orgs_historicaluser",
    )


register_user_history()
