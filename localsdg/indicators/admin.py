"""Admin for indicators: metadata is editable by the owning organisation's editors.

Observations are changed only through data releases (imports, the data table, rollbacks), so
the admin shows releases read-only.
"""

from django.contrib import admin
from django.db import models

from localsdg.indicators.models import DataRelease, Indicator, IndicatorLink
from localsdg.orgs.admin import NoWritesMixin, OrgScopedAdmin, site
from localsdg.orgs.forms import URL_FIELD_OPTIONS


class LinkInline(admin.TabularInline):  # type: ignore[type-arg]
    model = IndicatorLink
    extra = 0
    autocomplete_fields = ()
    raw_id_fields = ["global_indicator", "target"]


@admin.register(Indicator, site=site)
class IndicatorAdmin(OrgScopedAdmin):
    list_display = [
        "code",
        "name_en",
        "name_ja",
        "organisation",
        "reporting_status",
        "is_published",
    ]
    list_filter = ["reporting_status", "is_published"]
    search_fields = ["code", "name_en", "name_ja"]
    inlines = [LinkInline]
    formfield_overrides = {models.URLField: URL_FIELD_OPTIONS}


@admin.register(DataRelease, site=site)
class DataReleaseAdmin(NoWritesMixin, OrgScopedAdmin):
    list_display = [
        "pk",
        "organisation",
        "kind",
        "source_name",
        "created",
        "user",
        "added",
        "changed",
        "removed",
    ]
    list_filter = ["kind"]
