"""Fill the search index from the framework tables, the published local indicators and the
shown initiatives of published plans.

The index holds only what the public may see: entries are written for
``Indicator.objects.published()`` and ``Initiative.objects.published()`` of
``Organisation.objects.published()`` and nothing else, and an organisation's entries are
replaced as a whole whenever it or its data changes (see ``receivers``). Each entry exists
once per configured language, with the title in that language or, when missing, the first
language that has one (flagged, like everywhere on the site).
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.urls import reverse
from django.utils import translation

from localsdg.core.codes import IndicatorId, InvalidCode, SdgCode, indicator_id, parse_code
from localsdg.framework.models import GlobalIndicator, Goal, Target
from localsdg.i18n import Localized, language_codes, pick
from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation
from localsdg.search.models import Kind, SearchEntry
from localsdg.strategy.models import Initiative, Role
from localsdg.strategy.pages.common import goal_roles, published_initiatives
from localsdg.web.cache import invalidate

log = logging.getLogger(__name__)

KIND_ORDER = {Kind.GOAL: 0, Kind.TARGET: 1, Kind.GLOBAL: 2, Kind.LOCAL: 3, Kind.INITIATIVE: 4}
BATCH = 1000


def visible_text(text: str) -> str:
    """``text`` with control and unpaired surrogate characters as spaces.

    They can only come from bad input, and some databases refuse them (PostgreSQL and NUL).
    """
    return "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)


def normalise(text: str) -> str:
    """The matching form of a text: NFKC (full-width → ASCII), lower case, no control characters.

    Index and query pass through the same function (and search.js mirrors it), so ``ＰＭ２．５``
    finds ``PM2.5``.
    """
    return visible_text(unicodedata.normalize("NFKC", text).lower())


def sort_key(code: SdgCode | IndicatorId, kind: str, tie: str = "") -> str:
    """A string that sorts in official code order, framework entries before local ones."""
    goal, target, indicator, local = code.sort_key
    target, indicator = min(target, 999), min(indicator, 99)  # a publisher's own id sorts last
    return f"{goal:02d}.{target:03d}.{indicator:02d}.{local:<12}.{KIND_ORDER[Kind(kind)]}.{tie}"


def entry(
    *,
    kind: str,
    lang: str,
    code: SdgCode | IndicatorId,
    title: Localized,
    extra: Iterable[str],
    url: str,
    org: Organisation | None = None,
    indicator: Indicator | None = None,
) -> SearchEntry:
    return SearchEntry(
        kind=kind,
        organisation=org,
        indicator=indicator,
        language=lang,
        code=code.dotted,
        goal=code.goal,
        title=title.text,
        title_lang=title.lang,
        norm_title=normalise(title.text),
        body=normalise(" \n".join(text for text in extra if text)),
        url=url,
        sort_key=sort_key(code, kind, org.slug if org else ""),
    )


def others(texts: dict[str, str], lang: str) -> list[str]:
    """Texts in the other languages, so that an English word also finds things on /ja/."""
    return [text for code, text in texts.items() if code != lang and text]


def framework_entries(lang: str) -> Iterator[SearchEntry]:
    with translation.override(lang):
        for goal in Goal.objects.all():
            yield entry(
                kind=Kind.GOAL,
                lang=lang,
                code=SdgCode(goal.number),
                title=goal.short_title_in(lang),
                extra=[pick(goal.title, lang).text, *others(goal.short_title, lang)],
                url=reverse("portal:goal", args=[goal.number]),
            )
        for target in Target.objects.all():
            yield entry(
                kind=Kind.TARGET,
                lang=lang,
                code=parse_code(target.code),
                title=target.title_in(lang),
                extra=others(target.title, lang),
                url=reverse("portal:target", args=[target.code]),
            )
        for indicator in GlobalIndicator.objects.all():
            yield entry(
                kind=Kind.GLOBAL,
                lang=lang,
                code=parse_code(indicator.code),
                title=indicator.title_in(lang),
                extra=others(indicator.title, lang),
                url=reverse("portal:target", args=[indicator.target_id]),
            )


def metadata_texts(indicator: Indicator, lang: str) -> list[str]:
    """The indicator's metadata texts in ``lang`` (else English, as the indicator page shows)."""
    metadata = indicator.metadata if isinstance(indicator.metadata, dict) else {}
    chosen = metadata.get(lang) or metadata.get("en") or {}
    if not isinstance(chosen, dict):
        return [str(chosen)]
    return [str(value) for value in chosen.values() if value not in (None, "")]


def local_entries(org: Organisation, lang: str) -> Iterator[SearchEntry]:
    names = {code: org.name(code).text for code in language_codes()}
    with translation.override(lang):
        for indicator in Indicator.objects.published().filter(organisation=org):
            try:
                code = indicator_id(indicator.code)
            except InvalidCode:
                log.warning("not indexed: %s has an invalid code %r", org.slug, indicator.code)
                continue
            extra = [
                *metadata_texts(indicator, lang),
                indicator.unit(lang).text,
                getattr(indicator, f"department_{lang}", ""),
                getattr(indicator, f"source_organisation_{lang}", ""),
                names.get(lang) or org.name_en,
                *others({c: getattr(indicator, f"name_{c}", "") for c in language_codes()}, lang),
                code.dashed,
            ]
            yield entry(
                kind=Kind.LOCAL,
                lang=lang,
                code=code,
                title=indicator.name(lang),
                extra=extra,
                url=reverse("portal:indicator", args=[org.slug, indicator.code]),
                org=org,
                indicator=indicator,
            )


def first_goal(initiative: Initiative) -> int:
    """The goal an initiative's hit is grouped under: its first primary goal, else its first
    goal, else 0 (it serves none yet; the search page then leaves it to the Board)."""
    roles = goal_roles(initiative)
    primary = [goal for goal, role in roles.items() if role == Role.PRIMARY]
    return (primary or list(roles) or [0])[0]


def initiative_sort_key(goal: int, org: Organisation, initiative: Initiative) -> str:
    """After every framework and local indicator entry of the goal, in the plan's order."""
    tie = f"{org.slug[:24]}.{min(initiative.order, 99_999_999):08d}.{initiative.pk:010d}"
    return f"{goal:02d}.999.99.{'':<12}.{KIND_ORDER[Kind.INITIATIVE]}.{tie}"


def initiative_texts(initiative: Initiative, code: str) -> dict[str, str]:
    """Every searchable text of an initiative in language ``code`` ("" where it has none)."""
    strategy = initiative.strategy
    return {
        "name": getattr(initiative, f"name_{code}", ""),
        "description": getattr(initiative, f"description_{code}", ""),
        "department": getattr(initiative, f"department_{code}", ""),
        "strategy": getattr(strategy, f"name_{code}", "") if strategy else "",
    }


def initiative_entries(org: Organisation, lang: str) -> Iterator[SearchEntry]:
    """The shown initiatives of the organisation's published plans, one entry each.

    The text holds the description, department and strategy name in ``lang`` (else the first
    language that has them), the initiative's code, the organisation's name, and every text in
    the other languages, so that an English word finds initiatives on /ja/ too.
    """
    org_name = org.name(lang).text
    with translation.override(lang):
        for initiative in published_initiatives().filter(plan__organisation=org):
            goal = first_goal(initiative)
            texts = {code: initiative_texts(initiative, code) for code in language_codes()}
            own = {
                field: pick({code: texts[code][field] for code in texts}, lang).text
                for field in ("description", "department", "strategy")
            }
            extra = [
                *own.values(),
                initiative.code,
                org_name,
                *(text for code in texts if code != lang for text in texts[code].values()),
            ]
            title = initiative.name(lang)
            yield SearchEntry(
                kind=Kind.INITIATIVE,
                organisation=org,
                initiative=initiative,
                language=lang,
                code=initiative.code,
                goal=goal,
                title=title.text,
                title_lang=title.lang,
                norm_title=normalise(title.text),
                body=normalise(" \n".join(text for text in extra if text)),
                url=reverse("strategy:initiative", args=[initiative.pk]),
                sort_key=initiative_sort_key(goal, org, initiative),
            )


def org_entries(org: Organisation) -> Iterator[SearchEntry]:
    """Every entry of a published organisation: its local indicators and its initiatives."""
    for lang in language_codes():
        yield from local_entries(org, lang)
        yield from initiative_entries(org, lang)


def write(entries: Iterable[SearchEntry]) -> int:
    batch: list[SearchEntry] = []
    count = 0
    for item in entries:
        batch.append(item)
        if len(batch) >= BATCH:
            count += len(SearchEntry.objects.bulk_create(batch))
            batch = []
    if batch:
        count += len(SearchEntry.objects.bulk_create(batch))
    return count


@transaction.atomic
def reindex_org(org: Organisation) -> int:
    """Replace an organisation's entries; an unpublished organisation is left with none."""
    SearchEntry.objects.filter(organisation=org).delete()
    if not Organisation.objects.published().filter(pk=org.pk).exists():
        return 0
    return write(org_entries(org))


@transaction.atomic
def rebuild_all() -> int:
    """Rebuild the whole index: the framework, then every published organisation.

    Once it commits, the page cache's generation moves on, so cached pages and the Board's
    in-process index (which hold search results) are made again from the new index.
    """
    transaction.on_commit(invalidate)
    SearchEntry.objects.all().delete()
    count = write(item for lang in language_codes() for item in framework_entries(lang))
    for org in Organisation.objects.published():
        count += write(org_entries(org))
    return count
