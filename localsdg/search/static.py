"""The search index as one JSON document per language, for search.js on the static site.

The static export has no server to run ``search_page``, so the search page fetches this file
(``/<lang>/search/index.json``) and matches in the browser with the same normalisation and
roughly the same ranking. It holds exactly the entries the server searches: the framework,
the published local indicators and the shown initiatives of published plans that serve a goal.
URLs are relative to the language root (``goals/11/``), so the file works wherever the exported
site is put; search.js resolves them against the file's URL.

Layout (compact on purpose, a row is a list):
``{"lang", "labels": {...}, "kinds": {kind: label}, "goals": {n: [short title, lang, url]},
"orgs": {slug: [name, lang]}, "fields": [...], "entries": [[kind, code, goal, title,
title_lang, body, url, org, sort_key], ...]}``; ``body`` is already in matching form.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from localsdg.framework.models import Goal
from localsdg.i18n import language_codes
from localsdg.orgs.models import Organisation
from localsdg.search.models import Kind
from localsdg.search.queries import visible

FIELDS = ["kind", "code", "goal", "title", "title_lang", "body", "url", "org", "sort_key"]


def relative(url: str, lang: str) -> str:
    """``/en/goals/11/`` → ``goals/11/``: relative to the language root."""
    prefix = f"/{lang}/"
    return url[len(prefix) :] if url.startswith(prefix) else url.lstrip("/")


def labels() -> dict[str, str]:
    """The words search.js shows, in the active language (the page's own are the same msgids)."""
    return {
        "goal": _("Goal %(number)s"),
        "count_one": _("%(count)s result"),
        "count_other": _("%(count)s results"),
        "shown": _("Showing the best %(shown)s of %(total)s results."),
        "none": _("Nothing matches your search. Try another word, or a code such as 11.6."),
        "fallback": _("(not yet translated)"),
        "short": _(
            "Words of one or two characters are matched anywhere in the text, "
            "so the results may be broad. Longer words give more precise results."
        ),
        "error": _("The search index could not be loaded. Please try again later."),
    }


def build_index(lang: str) -> dict[str, object]:
    """Every entry the server would search in ``lang``, as JSON-serialisable data."""
    lang = lang if lang in language_codes() else settings.LANGUAGE_CODE
    published = Organisation.objects.published()
    with translation.override(lang):
        goals = {
            str(g.number): [g.short_title_in(lang).text, g.short_title_in(lang).lang,
                            relative(reverse("portal:goal", args=[g.number]), lang)]
            for g in Goal.objects.all()
        }  # fmt: skip
        orgs = {o.slug: [o.name(lang).text, o.name(lang).lang] for o in published}
        rows = visible(lang, None).order_by("sort_key").values_list(
            "kind", "code", "goal", "title", "title_lang", "body", "url",
            "organisation__slug", "sort_key",
        )  # fmt: skip
        entries = [
            [kind, code, goal, title, title_lang, body, relative(url, lang), org or "", key]
            for kind, code, goal, title, title_lang, body, url, org, key in rows
        ]
        return {
            "lang": lang,
            "labels": labels(),
            "kinds": {str(kind): str(kind.label) for kind in Kind},
            "goals": goals,
            "orgs": orgs,
            "fields": FIELDS,
            "entries": entries,
        }
