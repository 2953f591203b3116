"""The framework is reference data: members may look it up in the admin, nobody edits it."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from localsdg.framework.models import GlobalIndicator, Goal, Target
from localsdg.orgs import permissions
from localsdg.orgs.admin import NoWritesMixin, site


class ReadOnlyAdmin(NoWritesMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.has_any_membership(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.has_any_membership(request.user)


@admin.register(Goal, site=site)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["number", "__str__", "colour"]


@admin.register(Target, site=site)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["code", "goal"]
    list_filter = ["goal"]
    search_fields = ["code"]


@admin.register(GlobalIndicator, site=site)
class GlobalIndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "target", "same_as"]
    list_filter = ["goal"]
    search_fields = ["code"]
