"""Local indicators and their data: series, observations, targets, and the releases that set them.

Observations change only through data releases (a file import or a web edit), so every value
knows the release that last set it and any release can be rolled back. Metadata edits are kept
by django-simple-history like every other editable model.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localsdg.i18n import Localized, localized
from localsdg.orgs.models import Organisation


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def published(self) -> IndicatorQuerySet:
        """Indicators the public may see: published, of a published organisation."""
        visible_orgs = Organisation.objects.published()
        return self.filter(is_published=True, organisation__in=visible_orgs)

    def for_org(self, org: Organisation) -> IndicatorQuerySet:
        return self.filter(organisation=org)


class Direction(models.IntegerChoices):
    HIGHER = 1, _("Higher is better")
    LOWER = -1, _("Lower is better")


class ReportingStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    IN_PROGRESS = "in_progress", _("In progress")
    EXPLORING = "exploring", _("Exploring data sources")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Indicator(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(
        _("code"), max_length=40, help_text=_("SDG-style id, e.g. 11-6-2 or a local id 11-1-1-c.")
    )
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=500, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=200, blank=True)
    unit_ja = models.CharField(_("unit (Japanese)"), max_length=200, blank=True)
    direction = models.SmallIntegerField(
        _("direction"), choices=Direction.choices, null=True, blank=True
    )
    limit = models.FloatField(
        _("natural limit"), null=True, blank=True, help_text=_("e.g. 100 for a percentage.")
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), null=True, blank=True)
    reporting_status = models.CharField(
        _("reporting status"),
        max_length=20,
        choices=ReportingStatus.choices,
        default=ReportingStatus.IN_PROGRESS,
    )
    source_organisation_en = models.CharField(_("source (English)"), max_length=300, blank=True)
    source_organisation_ja = models.CharField(_("source (Japanese)"), max_length=300, blank=True)
    source_url = models.URLField(_("source URL"), max_length=2000, blank=True)
    department_en = models.CharField(_("department (English)"), max_length=300, blank=True)
    department_ja = models.CharField(_("department (Japanese)"), max_length=300, blank=True)
    metadata = models.JSONField(
        _("metadata"), default=dict, blank=True, help_text=_("{language: {concept: text}}")
    )
    dimensions = models.JSONField(_("disaggregations, in order"), default=list, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    data_updated = models.DateTimeField(_("data last updated"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["data_updated"])

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="indicator_code_per_org")
        ]
        ordering = ["organisation", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}".strip()

    def name(self, lang: str | None = None) -> Localized:
        return localized(self, "name", lang)

    def unit(self, lang: str | None = None) -> Localized:
        return localized(self, "unit", lang)


class IndicatorLink(models.Model):
    class Kind(models.TextChoices):
        IDENTICAL = "identical", _("Identical")
        PROXY = "proxy", _("Proxy")
        SUPPLEMENTARY = "supplementary", _("Supplementary")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="links")
    global_indicator = models.ForeignKey(
        "framework.GlobalIndicator", null=True, blank=True, on_delete=models.PROTECT
    )
    target = models.ForeignKey("framework.Target", null=True, blank=True, on_delete=models.PROTECT)
    # A publisher's own indicator (e.g. 10-x-1) may belong to a goal and no real target.
    goal = models.ForeignKey("framework.Goal", null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROXY)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(global_indicator__isnull=False)
                | Q(target__isnull=False)
                | Q(goal__isnull=False),
                name="link_has_a_framework_item",
            )
        ]
        verbose_name = _("SDG link")
        verbose_name_plural = _("SDG links")

    def __str__(self) -> str:
        item = self.global_indicator_id or self.target_id or self.goal_id
        return f"{self.indicator.code} → {item} ({self.kind})"


class DataRelease(models.Model):
    """One change to observations: a file import, a web edit or a rollback."""

    class Kind(models.TextChoices):
        IMPORT = "import", _("File import")
        EDIT = "edit", _("Web edit")
        ROLLBACK = "rollback", _("Rollback")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="data_releases"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IMPORT)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    source_name = models.CharField(_("source file"), max_length=500, blank=True)
    source_hash = models.CharField(_("SHA-256 of the source"), max_length=64, blank=True)
    file_format = models.CharField(_("format"), max_length=20, blank=True)
    added = models.PositiveIntegerField(_("added"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    removed = models.PositiveIntegerField(_("removed"), default=0)
    note = models.TextField(_("note"), blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    dropped_duplicates = models.JSONField(_("duplicate rows not kept"), default=list, blank=True)
    # Files left out by an import with "skip invalid": [{file, indicator, problems: [...]}].
    skipped = models.JSONField(_("files skipped as invalid"), default=list, blank=True)
    rolls_back = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rolled_back_by"
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("data release")
        verbose_name_plural = _("data releases")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.source_name}".strip()


class Series(models.Model):
    """One disaggregation combination of an indicator, with its unit and series label."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="series")
    # Text, not bounded strings: real files carry long labels and many disaggregations.
    series = models.TextField(_("series label"), blank=True)
    unit = models.TextField(_("unit"), blank=True)
    dimensions = models.TextField(_("disaggregation"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "series", "unit", "dimensions"], name="series_identity"
            )
        ]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return " · ".join(p for p in [self.series, self.unit, self.dimensions] if p) or "total"

    @property
    def is_headline(self) -> bool:
        return not self.dimensions


class Observation(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="observations")
    period = models.CharField(_("period"), max_length=40)
    start_year = models.SmallIntegerField(_("start year"))
    end_year = models.SmallIntegerField(_("end year"))
    period_kind = models.CharField(_("period kind"), max_length=20)
    value = models.FloatField(_("value"), null=True, blank=True)
    value_text = models.TextField(_("value as written"), blank=True)
    flags = models.TextField(_("status flags"), blank=True)
    footnote = models.TextField(_("footnote"), blank=True)
    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="observations")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "period"], name="one_value_per_period")
        ]
        ordering = ["series", "start_year", "period"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class ObservationChange(models.Model):
    """The state before a release changed or removed an observation, so it can be restored."""

    class Action(models.TextChoices):
        CHANGED = "changed", _("Changed")
        REMOVED = "removed", _("Removed")

    release = models.ForeignKey(DataRelease, on_delete=models.CASCADE, related_name="changes")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    period = models.CharField(max_length=40)
    start_year = models.SmallIntegerField()
    end_year = models.SmallIntegerField()
    period_kind = models.CharField(max_length=20)
    value = models.FloatField(null=True)
    value_text = models.TextField(blank=True)
    flags = models.TextField(blank=True)
    footnote = models.TextField(blank=True)
    previous_release = models.ForeignKey(
        DataRelease, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    new_value = models.FloatField(null=True)
    new_value_text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("observation change")

    def __str__(self) -> str:
        return f"{self.action} {self.period}: {self.value} → {self.new_value}"


class TargetValue(models.Model):
    """A local target for a series: the value to reach by a year, from a baseline."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="targets")
    value = models.FloatField(_("target value"))
    year = models.SmallIntegerField(_("target year"))
    baseline_year = models.SmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.FloatField(_("baseline value"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["series", "year"]
        verbose_name = _("target value")
        verbose_name_plural = _("target values")

    def __str__(self) -> str:
        return f"{self.value} by {self.year}"
