"""The official SDG framework as rows, so that local data can link to it.

The rows are a copy of ``localsdg.core.framework``, written by data migrations (see
``loading.sync_framework``); they are never edited by hand. Texts are ``{lang: text}`` mappings
so that a language can be added without a schema change.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from localsdg.i18n import Localized, pick


class Goal(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    colour = models.CharField(_("colour"), max_length=7)
    text_colour = models.CharField(_("text colour"), max_length=7)
    title = models.JSONField(_("title"), default=dict)
    short_title = models.JSONField(_("short title"), default=dict)

    class Meta:
        ordering = ["number"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title.get('en', '')}"

    @property
    def code(self) -> str:
        return str(self.number)

    def title_in(self, lang: str | None = None) -> Localized:
        return pick(self.title, lang)

    def short_title_in(self, lang: str | None = None) -> Localized:
        return pick(self.short_title, lang)


class Target(models.Model):
    code = models.CharField(_("code"), max_length=8, primary_key=True)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    sort_key = models.PositiveIntegerField(db_index=True)
    title = models.JSONField(_("title"), default=dict)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.code

    @property
    def dashed(self) -> str:
        return self.code.replace(".", "-")

    def title_in(self, lang: str | None = None) -> Localized:
        return pick(self.title, lang)


class GlobalIndicator(models.Model):
    code = models.CharField(_("code"), max_length=12, primary_key=True)
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    sort_key = models.PositiveIntegerField(db_index=True)
    title = models.JSONField(_("title"), default=dict)
    same_as = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
        help_text=_("Set when the indicator is listed again under another target."),
    )

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("global indicator")
        verbose_name_plural = _("global indicators")

    def __str__(self) -> str:
        return self.code

    def title_in(self, lang: str | None = None) -> Localized:
        return pick(self.title, lang)


class IndicatorAlias(models.Model):
    """An indicator code that a later revision changed or withdrew, kept resolvable."""

    old_code = models.CharField(_("old code"), max_length=12, unique=True)
    indicator = models.ForeignKey(
        GlobalIndicator, null=True, blank=True, on_delete=models.CASCADE, related_name="aliases"
    )
    revision = models.CharField(_("revision"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["old_code"]
        verbose_name = _("indicator alias")
        verbose_name_plural = _("indicator aliases")

    def __str__(self) -> str:
        return f"{self.old_code} → {self.indicator_id or '—'}"


class FrameworkRevision(models.Model):
    """Which revision of the global framework the rows were loaded from, and when."""

    name = models.CharField(_("revision"), max_length=300)
    loaded = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("framework revision")

    def __str__(self) -> str:
        return self.name
