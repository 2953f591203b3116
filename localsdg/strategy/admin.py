"""Admin for plans and initiatives, scoped to the organisations a user may edit.

The editors' screens are the main way to work on a plan; the admin is for corrections (and for a
plan's short name, fixed on the screens once the plan exists)."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from localsdg.orgs.admin import OrgScopedAdmin, site
from localsdg.orgs.forms import URL_FIELD_OPTIONS
from localsdg.strategy.models import (
    BudgetLine,
    GoalMapping,
    Initiative,
    Kpi,
    Plan,
    PlanVersion,
    Strategy,
    TargetMapping,
)


class VersionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PlanVersion
    extra = 0


class StrategyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Strategy
    extra = 0
    fields = ["number", "name_en", "name_ja", "order"]


@admin.register(Plan, site=site)
class PlanAdmin(OrgScopedAdmin):
    list_display = ["name_en", "name_ja", "organisation", "start_year", "end_year", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["name_en", "name_ja", "slug"]
    inlines = [VersionInline, StrategyInline]
    formfield_overrides = {models.URLField: URL_FIELD_OPTIONS}


class GoalInline(admin.TabularInline):  # type: ignore[type-arg]
    model = GoalMapping
    extra = 0


class TargetInline(admin.TabularInline):  # type: ignore[type-arg]
    model = TargetMapping
    extra = 0
    raw_id_fields = ["target"]


class KpiInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Kpi
    extra = 0
    raw_id_fields = ["indicator"]


class BudgetInline(admin.TabularInline):  # type: ignore[type-arg]
    model = BudgetLine
    extra = 0


@admin.register(Initiative, site=site)
class InitiativeAdmin(OrgScopedAdmin):
    org_path = "plan__organisation"
    list_display = ["code", "name_ja", "name_en", "plan", "strategy", "status", "is_published"]
    list_filter = ["status", "is_published"]
    search_fields = ["code", "name_en", "name_ja", "department_ja", "department_en"]
    raw_id_fields = ["strategy"]
    inlines = [GoalInline, TargetInline, KpiInline, BudgetInline]
    formfield_overrides = {models.URLField: URL_FIELD_OPTIONS}

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "plan":
            kwargs["queryset"] = Plan.objects.filter(organisation__in=self.editable_orgs(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
