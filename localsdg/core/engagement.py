"""Dates at the precision known, year grouping and video links for the engagement record.

An event's date is stored as a ``start`` (and for day ranges an ``end``) plus a precision: an
exact day, a month, a year, a Japanese fiscal year (April to March, named by its first year) or
nothing. :func:`format_when` writes such a date the way people of each language write it and
never shows more than is known; :func:`group_year` says under which year heading an event is
listed. :func:`detect_video` recognises video addresses; only YouTube gets an embed address,
and that address is rebuilt from the video id alone (privacy-enhanced host), so nothing from the
address a user typed ever reaches an ``<iframe>``.

Pure Python: no Django, so the public pages, feeds, API and static export share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "EMBED_PREFIX",
    "Video",
    "detect_video",
    "format_when",
    "group_year",
    "year_label",
]

MONTHS_EN: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
FISCAL_FIRST_MONTH: Final = 4  # Japanese fiscal years run from April to March
EMBED_PREFIX: Final = "https://www.youtube-nocookie.com/embed/"

_YOUTUBE_ID: Final = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_HOSTS: Final = frozenset(
    {"youtube.com", "www.youtube.com", "m.youtube.com", "www.youtube-nocookie.com"}
)
_YOUTUBE_SHORT_HOSTS: Final = frozenset({"youtu.be", "www.youtu.be"})
_YOUTUBE_PATH_KINDS: Final = frozenset({"embed", "shorts", "live", "v"})
_UN_WEB_TV_HOSTS: Final = frozenset({"webtv.un.org", "media.un.org"})
_UNSAFE_CHARS: Final = re.compile(r"[\s\\\x00-\x1f\x7f]")


def _is_japanese(lang: str) -> bool:
    return lang.lower().startswith("ja")


def _day(d: date, lang: str) -> str:
    if _is_japanese(lang):
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def _day_range(start: date, end: date, lang: str) -> str:
    """A range written without repeating what both ends share: "8–10 July 2024"."""
    if _is_japanese(lang):
        if start.year != end.year:
            tail = f"{end.year}年{end.month}月{end.day}日"
        elif start.month != end.month:
            tail = f"{end.month}月{end.day}日"
        else:
            tail = f"{end.day}日"
        return f"{_day(start, lang)}～{tail}"
    if start.year != end.year:
        return f"{_day(start, lang)} – {_day(end, lang)}"
    if start.month != end.month:
        return f"{start.day} {MONTHS_EN[start.month - 1]} – {_day(end, lang)}"
    return f"{start.day}–{_day(end, lang)}"


def format_when(precision: str, start: date | None, end: date | None, lang: str) -> str:
    """The date as far as it is known, in ``lang`` ("ja" or English); "" when unknown.

    ``end`` only counts for exact days; a missing ``start`` makes any precision unknown.
    """
    if start is None:
        return ""
    ja = _is_japanese(lang)
    if precision == "day":
        if end is not None and end > start:
            return _day_range(start, end, lang)
        return _day(start, lang)
    if precision == "month":
        return (
            f"{start.year}年{start.month}月" if ja else f"{MONTHS_EN[start.month - 1]} {start.year}"
        )
    if precision == "year":
        return f"{start.year}年" if ja else str(start.year)
    if precision == "fiscal_year":
        return year_label(_fiscal_year(start), True, lang)
    return ""


def _fiscal_year(d: date) -> int:
    """The Japanese fiscal year containing ``d``, named by its first calendar year."""
    return d.year if d.month >= FISCAL_FIRST_MONTH else d.year - 1


def group_year(precision: str, start: date | None, fiscal: bool) -> int | None:
    """The calendar or fiscal year an event is listed under; None when its date is unknown.

    A fiscal-year date grouped by calendar years goes to the fiscal year's first calendar year.
    A year-precision date grouped by fiscal years goes to the fiscal year that shares its number
    (it covers April to December, most of that year), since the month is not known.
    """
    if start is None or precision not in {"day", "month", "year", "fiscal_year"}:
        return None
    if precision == "fiscal_year":
        return _fiscal_year(start)
    if precision == "year" or not fiscal:
        return start.year
    return _fiscal_year(start)


def year_label(year: int, fiscal: bool, lang: str) -> str:
    """A year heading: "2024" / "2024年", or for fiscal years "FY2024" / "2024年度"."""
    if _is_japanese(lang):
        return f"{year}年度" if fiscal else f"{year}年"
    return f"FY{year}" if fiscal else str(year)


@dataclass(frozen=True)
class Video:
    """A recognised video address; ``embed_url`` is "" unless the provider may be embedded."""

    provider: str  # "youtube", "un_web_tv" or "other"
    video_id: str
    embed_url: str


_OTHER: Final = Video("other", "", "")


def detect_video(url: str) -> Video:
    """Recognise YouTube and UN Web TV addresses; never raises, whatever the text.

    Only http(s) addresses without spaces, backslashes or control characters are considered, so
    that what we call YouTube is what a browser would open as YouTube.
    """
    text = url.strip()
    if not text or _UNSAFE_CHARS.search(text):
        return _OTHER
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return _OTHER
    if parts.scheme.lower() not in {"http", "https"}:
        return _OTHER
    if host in _YOUTUBE_HOSTS or host in _YOUTUBE_SHORT_HOSTS:
        return _youtube(host, parts.path, parts.query)
    if host in _UN_WEB_TV_HOSTS:
        segments = [s for s in parts.path.split("/") if s]
        asset = segments[-1] if "asset" in segments[:-1] else ""
        return Video("un_web_tv", asset, "")
    return _OTHER


def _youtube(host: str, path: str, query: str) -> Video:
    segments = [s for s in path.split("/") if s]
    candidate = ""
    if host in _YOUTUBE_SHORT_HOSTS:
        candidate = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        candidate = parse_qs(query).get("v", [""])[0]
    elif len(segments) >= 2 and segments[0] in _YOUTUBE_PATH_KINDS:
        candidate = segments[1]
    if _YOUTUBE_ID.fullmatch(candidate):
        return Video("youtube", candidate, EMBED_PREFIX + candidate)
    return Video("youtube", "", "")
