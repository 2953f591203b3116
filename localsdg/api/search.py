"""GET /api/v1/search: the search page's data as JSON (the same builder, the same ranking)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from localsdg.api.schemas import TextOut, checked_lang, text_out
from localsdg.search.queries import Hit, search_page

router = Router(tags=["search"])


class HitOut(Schema):
    kind: str
    kind_label: str
    code: str
    title: TextOut
    url: str
    organisation: TextOut | None
    organisation_slug: str | None


class GoalGroupOut(Schema):
    goal: int
    short_title: TextOut
    url: str
    hits: list[HitOut]


class SearchOut(Schema):
    query: str
    lang: str
    org: str | None
    total: int
    shown: int
    note: str
    groups: list[GoalGroupOut]


class SearchErrorOut(Schema):
    code: str
    message: str


def hit_out(hit: Hit) -> dict[str, object]:
    return {
        "kind": hit.kind,
        "kind_label": hit.kind_label,
        "code": hit.code,
        "title": text_out(hit.title),
        "url": hit.url,
        "organisation": text_out(hit.organisation) if hit.organisation else None,
        "organisation_slug": hit.organisation_slug,
    }


@router.get(
    "",
    response={200: SearchOut, 400: dict[str, SearchErrorOut], 404: dict[str, SearchErrorOut]},
    summary="Search goals, targets and indicators",
)
def search(
    request: HttpRequest, q: str = "", lang: str = "en", org: str | None = None, limit: int = 50
) -> dict[str, object]:
    """Goals, targets, global indicators and published local indicators matching ``q``.

    ``q`` may be words (any language) or a code in any spelling (11.6, 11-6-2). ``org`` limits
    the local indicators to one organisation. Hits are grouped by goal, best group first.
    """
    checked_lang(lang, status=400)
    try:
        page = search_page(q, lang, org, limit=limit)
    except Http404 as exc:
        raise HttpError(404, str(exc)) from None
    return {
        "query": page.query,
        "lang": page.lang,
        "org": page.org,
        "total": page.total,
        "shown": page.shown,
        "note": page.note,
        "groups": [
            {
                "goal": tile.number,
                "short_title": text_out(tile.short_title),
                "url": tile.url,
                "hits": [hit_out(h) for h in hits],
            }
            for tile, hits in page.groups
        ],
    }
