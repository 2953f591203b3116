"""The search builder: one function shared by the search page, the API and the static site.

Matching: the query is normalised like the index (NFKC, lower case) and split into words; every
word must occur in an entry's title or text. Words of three or more characters go through the
trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL); shorter words (水, 教育) have no trigram,
so they are matched by a plain substring scan of the same table and the page says so. A query
that is an SDG code in any spelling (11.6, 11-6-2, indicator_11-6-2) also matches that code and
every code below it (framework and local indicator codes only: an initiative's code is the
plan's own numbering, so it is matched as text).

Ranking: exact code, then code prefix (target 11.6 before indicators 11.6.x), then title
matches, then matches in the other text; inside a tier an earlier and then a shorter title wins,
then the official order. Hits are grouped by goal, groups in the order of their best hit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Length, StrIndex
from django.db.models.lookups import GreaterThan, In
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from localsdg.core.codes import InvalidCode, parse_code
from localsdg.framework.models import Goal
from localsdg.i18n import Localized, language_codes
from localsdg.orgs.models import Organisation
from localsdg.search.indexing import normalise, visible_text
from localsdg.search.models import Kind, SearchEntry
from localsdg.web.parts import GoalTile, goal_tile

MAX_QUERY = 200  # characters; longer input is cut, never refused
MAX_WORDS = 8
MAX_LIMIT = 500
MIN_TRIGRAM = 3
FTS_TABLE = "search_searchentry_fts"
# The columns a hit shows: sorting narrow rows is much faster than sorting whole entries.
SHOWN: tuple[str, ...] = (
    "kind",
    "code",
    "goal",
    "title",
    "title_lang",
    "language",
    "url",
    "organisation__slug",
)
SHOWN += tuple(f"organisation__name_{code}" for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    code: str
    title: Localized
    url: str
    organisation: Localized | None = None
    organisation_slug: str | None = None


@dataclass(frozen=True)
class SearchPage:
    query: str
    lang: str
    org: str | None
    groups: tuple[tuple[GoalTile, tuple[Hit, ...]], ...]
    total: int
    note: str = ""

    @property
    def shown(self) -> int:
        return sum(len(hits) for _tile, hits in self.groups)


@dataclass(frozen=True)
class Query:
    """A query taken apart: its words in matching form, and the code it spells, if any."""

    text: str
    words: tuple[str, ...]
    code: str | None

    @property
    def text_words(self) -> tuple[str, ...]:
        """The words matched as text; a code query adds only words long enough to be indexed."""
        if self.code is None:
            return self.words
        return tuple(w for w in self.words if len(w) >= MIN_TRIGRAM)

    @property
    def has_short_words(self) -> bool:
        return any(len(w) < MIN_TRIGRAM for w in self.text_words)


def parse_query(q: str) -> Query:
    text = " ".join(visible_text(q[:MAX_QUERY]).split())
    words = tuple(dict.fromkeys(normalise(text).split()))[:MAX_WORDS]
    try:
        code: str | None = parse_code(normalise(text)).dotted if text else None
    except InvalidCode:
        code = None
    return Query(text, words, code)


def fts_phrase(word: str) -> str:
    """A word as an FTS5 string: inside double quotes every character (*, NEAR, ^, :) is text."""
    return '"' + word.replace('"', '""') + '"'


def contains(field: str, word: str) -> GreaterThan[StrIndex]:
    """``word`` occurs in ``field``: instr()/strpos(), exact on text already in matching form."""
    return GreaterThan(StrIndex(field, Value(word)), 0)


def word_filter(words: tuple[str, ...]) -> Q:
    """Every word in the title or the text: through the trigram index where it can be used.

    SQLite: words of three or more characters through the FTS5 table, shorter ones by a scan.
    PostgreSQL: LIKE, which pg_trgm's GIN indexes serve for words of three or more characters.
    """
    found = Q()
    if connection.vendor != "sqlite":
        for word in words:
            found &= Q(norm_title__contains=word) | Q(body__contains=word)
        return found
    indexed = [w for w in words if len(w) >= MIN_TRIGRAM]
    if indexed:
        expression = " AND ".join(fts_phrase(w) for w in indexed)
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        found &= Q(pk__in=RawSQL(sql, [expression]))
    for word in words:
        if len(word) < MIN_TRIGRAM:
            found &= Q(contains("norm_title", word)) | Q(contains("body", word))
    return found


def published_owners(org: Organisation | None) -> In[Coalesce]:
    """Entries of the framework, or of ``org``, or of any published organisation.

    The condition is written on coalesce(organisation_id, 0) so that no index can serve it:
    it holds for almost every row, and the full-text or code match must drive the query.
    """
    ids = (
        [org.pk]
        if org is not None
        else list(Organisation.objects.published().values_list("pk", flat=True))
    )
    return In(Coalesce(F("organisation_id"), Value(0)), [0, *ids])


def visible(lang: str, org: Organisation | None) -> QuerySet[SearchEntry]:
    """Entries of one language, local ones only of published organisations (and ``org``).

    Hits are grouped by goal, so an initiative that serves no goal yet (goal 0) has no place
    here; the Board finds it (``initiative_ids``).
    """
    entries = SearchEntry.objects.filter(published_owners(org), language=lang)
    return entries.filter(goal__gt=0)


def below(code: str) -> Q:
    """Codes under ``code`` (11.6 → 11.6.1, 11.6.2.a) as a range the code index can serve."""
    return Q(code__gt=code + ".", code__lt=code + "/")  # "/" is the character after "."


def code_match(code: str) -> Q:
    """The code and every code under it, of the framework and the local indicators."""
    return (Q(code=code) | below(code)) & ~Q(kind=Kind.INITIATIVE)


def matches(query: Query, lang: str, org: Organisation | None) -> QuerySet[SearchEntry]:
    words = query.text_words
    found = word_filter(words) if words else Q(pk__in=[])
    if query.code:
        found |= code_match(query.code)
    return visible(lang, org).filter(found)


def initiative_ids(query: Query, lang: str) -> list[int]:
    """Ids of the initiatives whose entries in ``lang`` hold every word, best first.

    The same matching and ranking as the search page, over initiative entries only (those
    that serve no goal too). Entries are written for published initiatives alone; callers
    still keep only the ids they may show, since the index follows a change after it commits.
    """
    words = query.text_words
    if not words:
        return []
    entries = SearchEntry.objects.filter(
        word_filter(words), published_owners(None), kind=Kind.INITIATIVE, language=lang
    )
    ids = ranked(entries, query).values_list("initiative_id", flat=True)
    return [pk for pk in ids if pk is not None]


def ranked(entries: QuerySet[SearchEntry], query: Query) -> QuerySet[SearchEntry]:
    words = query.text_words
    tiers: list[When] = []
    if query.code:
        tiers += [
            When(Q(code=query.code) & ~Q(kind=Kind.INITIATIVE), then=Value(0)),
            When(code_match(query.code), then=Value(1)),
        ]
    if words:
        in_title = Q()
        for word in words:
            in_title &= Q(contains("norm_title", word))
        tiers.append(When(in_title, then=Value(2)))
    first = words[0] if words else (query.code or "")
    entries = entries.annotate(
        tier=Case(*tiers, default=Value(3), output_field=IntegerField()),
        title_at=StrIndex("norm_title", Value(first)),
    ).annotate(
        # Code hits keep the official order; text hits prefer an early, then a short, title.
        where=Case(
            When(tier__lt=2, then=Value(0)),
            When(title_at__gt=0, then=F("title_at")),
            default=StrIndex("body", Value(first)) + 10_000,
            output_field=IntegerField(),
        ),
        size=Case(When(tier__lt=2, then=Value(0)), default=Length("norm_title")),
    )
    return entries.order_by("tier", "where", "size", "sort_key")


def hit(entry: SearchEntry, lang: str) -> Hit:
    org = entry.organisation
    return Hit(
        kind=entry.kind,
        kind_label=str(Kind(entry.kind).label),
        code=entry.code,
        title=entry.localized_title,
        url=entry.url,
        organisation=org.name(lang) if org else None,
        organisation_slug=org.slug if org else None,
    )


def grouped(
    entries: Sequence[SearchEntry], lang: str
) -> tuple[tuple[GoalTile, tuple[Hit, ...]], ...]:
    tiles = {goal.number: goal_tile(goal, lang) for goal in Goal.objects.all()}
    groups: dict[int, list[Hit]] = {}
    for entry in entries:  # already best first, so a group's position is its best hit's
        groups.setdefault(entry.goal, []).append(hit(entry, lang))
    return tuple((tiles[goal], tuple(hits)) for goal, hits in groups.items() if goal in tiles)


def published_org(slug: str | None) -> Organisation | None:
    if not slug:
        return None
    org = Organisation.objects.published().filter(slug=slug).first()
    if org is None:
        raise Http404(_("There is no published organisation with this name."))
    return org


def search_page(q: str, lang: str, org_slug: str | None = None, limit: int = 50) -> SearchPage:
    """Search the goals, targets, global indicators and published local indicators."""
    lang = lang if lang in language_codes() else settings.LANGUAGE_CODE
    org = published_org(org_slug)
    query = parse_query(q or "")
    if not query.words:
        return SearchPage(query.text, lang, org_slug or None, (), 0)
    with translation.override(lang):
        best = list(
            ranked(matches(query, lang, org), query)
            .annotate(total=Window(Count("pk")))
            .select_related("organisation")
            .only(*SHOWN)[: min(max(1, limit), MAX_LIMIT)]
        )
        total = best[0].total if best else 0
        note = ""
        if query.has_short_words:
            note = _(
                "Words of one or two characters are matched anywhere in the text, "
                "so the results may be broad. Longer words give more precise results."
            )
        return SearchPage(query.text, lang, org_slug or None, grouped(best, lang), total, note)
