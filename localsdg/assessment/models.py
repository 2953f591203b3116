"""How each organisation assesses progress, and the stored results of that assessment.

Results are derived data: they are recomputed from the indicators, their data and these
settings whenever one of them changes, and stored with the method's name and version so a page
can say exactly how a status was reached.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localsdg.i18n import Localized, pick
from localsdg.indicators.models import Indicator, Series
from localsdg.orgs.models import Organisation

METHOD_CHOICES = [
    ("opensdg", _("Open SDG / Statistics Canada")),
    ("unsd", _("UN Statistics Division Progress Chart")),
    ("escap", _("ESCAP-style progress indices")),
    ("sdsn", _("SDSN SDG Index and Dashboards")),
    ("sdsn-cities", _("SDSN SDG Index for cities")),
]


class AssessmentSettings(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="assessment_settings"
    )
    method = models.CharField(_("method"), max_length=30, choices=METHOD_CHOICES, default="opensdg")
    base_year = models.PositiveSmallIntegerField(
        _("base year"), null=True, blank=True, help_text=_("Empty: the method's own rule (2015).")
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), default=2030)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment settings")
        verbose_name_plural = _("assessment settings")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.method}"


class ManualStatus(models.Model):
    """A status set by hand for one indicator, with the reason shown beside it."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="manual_status"
    )
    status = models.CharField(_("status"), max_length=40)
    reason_en = models.TextField(_("reason (English)"))
    reason_ja = models.TextField(_("reason (Japanese)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("manual status")
        verbose_name_plural = _("manual statuses")

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.status}"


class Thresholds(models.Model):
    """Bounds and colour thresholds of an indicator, for the SDSN index and dashboard methods."""

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="thresholds")
    best = models.FloatField(_("best value (score 100)"))
    worst = models.FloatField(_("worst value (score 0)"))
    green = models.FloatField(_("green threshold"))
    red = models.FloatField(_("red threshold"))
    in_index = models.BooleanField(
        _("part of the index"), default=True, help_text=_("Off: a dashboard colour only.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thresholds")
        verbose_name_plural = _("thresholds")

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.worst}–{self.best}"


class Result(models.Model):
    class Level(models.TextChoices):
        SERIES = "series", _("Series")
        INDICATOR = "indicator", _("Indicator")
        GOAL = "goal", _("Goal")
        INDEX = "index", _("Index")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessment_results"
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    indicator = models.ForeignKey(
        Indicator, null=True, on_delete=models.CASCADE, related_name="assessment_results"
    )
    series = models.ForeignKey(Series, null=True, on_delete=models.CASCADE, related_name="+")
    goal = models.PositiveSmallIntegerField(null=True)
    method = models.CharField(max_length=30)
    method_version = models.CharField(max_length=20)
    status = models.CharField(max_length=40)
    score = models.FloatField(null=True)
    is_manual = models.BooleanField(default=False)
    explanation_en = models.TextField(blank=True)
    explanation_ja = models.TextField(blank=True)
    details = models.JSONField(default=dict)  # the inputs the method used and its other outputs
    computed = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "level", "goal"])]
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")

    def __str__(self) -> str:
        return f"{self.level} {self.indicator_id or self.goal}: {self.status}"

    def explanation(self, lang: str | None = None) -> Localized:
        return pick({"en": self.explanation_en, "ja": self.explanation_ja}, lang)
