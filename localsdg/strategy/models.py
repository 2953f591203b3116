"""A long-term plan mapped to the SDGs: plan → yearly versions, strategies → initiatives, each
initiative with its SDG goals and targets (primary or secondary, with a rationale), its KPIs and
its budget per fiscal year.

A plan belongs to one organisation and is public only when published (and its organisation is);
an initiative can also be held back on its own. Every model keeps its history, as elsewhere.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localsdg.framework.models import Goal, Target
from localsdg.i18n import Localized, localized
from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


def plausible_year(value: int) -> None:
    if not EARLIEST_YEAR <= value <= LATEST_YEAR:
        raise ValidationError(
            _("Give a year between %(first)s and %(last)s."),
            params={"first": EARLIEST_YEAR, "last": LATEST_YEAR},
        )


class PlanQuerySet(models.QuerySet["Plan"]):
    def published(self) -> PlanQuerySet:
        return self.filter(is_published=True, organisation__in=Organisation.objects.published())

    def for_org(self, org: Organisation) -> PlanQuerySet:
        return self.filter(organisation=org)


class Plan(models.Model):
    """A long-term strategy such as "Future Tokyo: Tokyo's Long-Term Strategy" (2021–2030)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="plans")
    slug = models.SlugField(_("short name"), max_length=64)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_ja = models.CharField(_("name (Japanese)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=[plausible_year])
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=[plausible_year])
    url = models.URLField(_("web address"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["organisation", "-start_year", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="plan_slug_per_org"),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="plan_years_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name_en or self.name_ja

    def name(self, lang: str | None = None) -> Localized:
        return localized(self, "name", lang)

    def description(self, lang: str | None = None) -> Localized:
        return localized(self, "description", lang)

    def version_on(self, day: date) -> PlanVersion | None:
        """The version in force on ``day``: the latest one issued on or before it."""
        return self.versions.filter(issued__lte=day).order_by("-issued", "-pk").first()


class PlanVersion(models.Model):
    """A yearly revision ("version up"), so each edition of a review can cite the one in force."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)
    issued = models.DateField(_("issued on"))
    url = models.URLField(_("web address"), blank=True)
    note_en = models.TextField(_("what changed (English)"), blank=True)
    note_ja = models.TextField(_("what changed (Japanese)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "issued", "pk"]

    def __str__(self) -> str:
        return f"{self.plan} — {self.name_en or self.name_ja}"

    def name(self, lang: str | None = None) -> Localized:
        return localized(self, "name", lang)


class Strategy(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strategies")
    number = models.CharField(_("number"), max_length=20, help_text=_("As the plan numbers it."))
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_ja = models.CharField(_("name (Japanese)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="strategy_number_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name_en or self.name_ja}"

    def name(self, lang: str | None = None) -> Localized:
        return localized(self, "name", lang)

    def description(self, lang: str | None = None) -> Localized:
        return localized(self, "description", lang)


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class InitiativeQuerySet(models.QuerySet["Initiative"]):
    def published(self) -> InitiativeQuerySet:
        """What the public may see: shown initiatives of published plans of published orgs."""
        return self.filter(is_published=True, plan__in=Plan.objects.published())

    def for_org(self, org: Organisation) -> InitiativeQuerySet:
        return self.filter(plan__organisation=org)


class Initiative(models.Model):
    """A promotion project of a strategy, as the plan numbers and names it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="initiatives")
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("strategy"),
    )
    code = models.CharField(
        _("code"), max_length=40, blank=True, help_text=_("As the plan numbers it.")
    )
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    department_en = models.CharField(_("department (English)"), max_length=200, blank=True)
    department_ja = models.CharField(_("department (Japanese)"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("first fiscal year"), validators=[plausible_year], null=True, blank=True
    )
    end_year = models.PositiveSmallIntegerField(
        _("last fiscal year"), validators=[plausible_year], null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, blank=True)
    url = models.URLField(_("web address"), blank=True)
    is_published = models.BooleanField(
        _("shown"), default=True, help_text=_("Shown on public pages when its plan is published.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["plan", "order", "code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], condition=~Q(code=""), name="initiative_code_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(name_en__gt="") | Q(name_ja__gt=""), name="initiative_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_ja or self.name_en}".strip()

    def name(self, lang: str | None = None) -> Localized:
        return localized(self, "name", lang)

    def description(self, lang: str | None = None) -> Localized:
        return localized(self, "description", lang)

    def department(self, lang: str | None = None) -> Localized:
        return localized(self, "department", lang)

    def clean(self) -> None:
        if self.strategy is not None and self.strategy.plan_id != self.plan_id:
            raise ValidationError({"strategy": _("Choose a strategy of the same plan.")})
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year comes before the first.")})


class Role(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")


class Mapping(models.Model):
    """Why an initiative serves a goal or a target; primary for what it is mainly for."""

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.SECONDARY)
    rationale_en = models.CharField(_("rationale (English)"), max_length=500, blank=True)
    rationale_ja = models.CharField(_("rationale (Japanese)"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def rationale(self, lang: str | None = None) -> Localized:
        return localized(self, "rationale", lang)


class GoalMapping(Mapping):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="goals")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal of an initiative")
        verbose_name_plural = _("goals of initiatives")
        ordering = ["initiative", "goal__number"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "goal"], name="goal_once_per_initiative")
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.goal_id} ({self.role})"


class TargetMapping(Mapping):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="targets")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target of an initiative")
        verbose_name_plural = _("targets of initiatives")
        ordering = ["initiative", "target__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "target"], name="target_once_per_initiative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.target_id} ({self.role})"


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")
    MAINTAIN = "maintain", _("Maintain")


class Kpi(models.Model):
    """A key performance indicator; linked to a local indicator, its values and progress come
    from the indicator data instead of being typed twice."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="kpis")
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), validators=[plausible_year], null=True, blank=True
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"), validators=[plausible_year], null=True, blank=True
    )
    direction = models.CharField(
        _("desired direction"), max_length=10, choices=Direction.choices, blank=True
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
        verbose_name=_("local indicator"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["initiative", "order", "pk"]

    def __str__(self) -> str:
        return self.name_ja or self.name_en

    def name(self, lang: str | None = None) -> Localized:
        return localized(self, "name", lang)

    def clean(self) -> None:
        org_id = self.initiative.plan.organisation_id
        if self.indicator is not None and self.indicator.organisation_id != org_id:
            raise ValidationError({"indicator": _("Choose an indicator of the same organisation.")})


class BudgetKind(models.TextChoices):
    INITIAL = "initial", _("Initial budget")
    SUPPLEMENTARY = "supplementary", _("Supplementary budget")
    SETTLED = "settled", _("Settled accounts")


class BudgetLine(models.Model):
    """A fiscal year's amount as published: stored in currency units (yen), with the unit the
    publisher wrote ("thousand yen") kept for display."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="budgets")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=[plausible_year])
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="JPY")
    unit = models.CharField(_("unit as published"), max_length=40, blank=True)
    kind = models.CharField(
        _("kind"), max_length=14, choices=BudgetKind.choices, default=BudgetKind.INITIAL
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["initiative", "fiscal_year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "fiscal_year", "kind"], name="budget_once_per_year_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} FY{self.fiscal_year} {self.kind}: {self.amount} {self.currency}"
