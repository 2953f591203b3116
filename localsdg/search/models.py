"""The search index: one row per searchable thing and language.

Rows are derived data, rebuilt by ``indexing`` from the framework tables, the published local
indicators and the shown initiatives of published plans; nothing else writes them.
``norm_title`` and ``body`` hold the text in the matching form (NFKC, lower case) and carry the
full-text index: an FTS5 trigram table on SQLite, pg_trgm GIN indexes on PostgreSQL (see the
migrations). ``title`` is kept as written, for display.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from localsdg.i18n import Localized


class Kind(models.TextChoices):
    GOAL = "goal", _("Goal")
    TARGET = "target", _("Target")
    GLOBAL = "global", _("Global indicator")
    LOCAL = "local", _("Local indicator")
    INITIATIVE = "initiative", _("Initiative")


class SearchEntry(models.Model):
    kind = models.CharField(max_length=10, choices=Kind.choices)
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    initiative = models.ForeignKey(
        "strategy.Initiative", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=10)
    code = models.CharField(
        max_length=40,
        help_text="Dotted form: 11, 11.6, 11.6.2, 11.1.1.c; an initiative's code as written.",
    )
    goal = models.PositiveSmallIntegerField(help_text="An initiative's first goal; 0 if none.")
    title = models.TextField()
    title_lang = models.CharField(max_length=10, help_text="Language the title is written in.")
    norm_title = models.TextField()
    body = models.TextField(blank=True, help_text="Other searchable text, in matching form.")
    url = models.CharField(max_length=500)
    sort_key = models.CharField(max_length=80)

    class Meta:
        # No index on language: it would lure SQLite away from driving queries by the
        # full-text matches (a few rows) into visiting every row of a language.
        indexes = [models.Index(fields=["code"], name="search_code")]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return f"{self.language} {self.kind} {self.code} {self.title[:40]}"

    @property
    def localized_title(self) -> Localized:
        return Localized(self.title, self.title_lang, self.title_lang != self.language)
