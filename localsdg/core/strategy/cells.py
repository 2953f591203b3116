"""Parsers for one cell of an initiatives table, as staff write them.

Every parser takes the cell text and returns the value and an error reason ("" when the text
was understood). None raises on any input: a reason is a sentence saying what was expected,
which the table reader turns into a problem naming the file, line and column. The parsers are
pure and cached, since a plan repeats the same goal lists, marks and years on many rows.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from typing import Final

from localsdg.core.formats.limits import quoted
from localsdg.core.framework import load_framework
from localsdg.core.strategy.model import Direction, Role, Status

__all__ = [
    "NONE_MARKS",
    "SdgCodes",
    "Unit",
    "YEN",
    "find_fiscal_year",
    "find_unit_note",
    "nfkc",
    "parse_amount",
    "parse_direction",
    "parse_fiscal_year",
    "parse_mark",
    "parse_number",
    "parse_period",
    "parse_sdg_codes",
    "parse_status",
    "parse_unit",
    "parse_url",
    "plain_decimal",
    "target_order",
]

FIRST_YEAR: Final = 1950
LAST_YEAR: Final = 2100
# What staff write for "nothing here" in a budget, mark or code cell.
NONE_MARKS: Final = frozenset(
    {"", "-", "--", "—", "―", "–", "‐", "ー", "...", "…", "n/a", "na", "なし", "無し", "該当なし"}
)
ERAS: Final = {"令和": 2018, "r": 2018, "平成": 1988, "h": 1988}
_CACHE = 8192
MAX_DIGITS: Final = 40  # digits of a number as written, trailing zeros included
MAX_MAGNITUDE: Final = 20  # at most 10**20 (and at least 10**-20) before a unit's multiplier
_EXACT: Final = Context(prec=80)  # enough for every number admitted, times any unit


def nfkc(text: str) -> str:
    """NFKC-normalised and trimmed: full-width digits and letters become ASCII."""
    return unicodedata.normalize("NFKC", text).strip()


def plain_decimal(value: Decimal) -> Decimal:
    """The same number without trailing zeros or an exponent (1500.0 -> 1500, 1.50 -> 1.5)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1), context=_EXACT)
    return value.normalize(_EXACT)


# ---------------------------------------------------------------------------------------------
# SDG goals and targets


@dataclass(frozen=True)
class SdgCodes:
    """What one goals/targets cell names, and a reason for each part it could not read."""

    goals: tuple[tuple[int, Role], ...] = ()
    targets: tuple[tuple[str, Role], ...] = ()
    errors: tuple[str, ...] = ()


_WORD = r"(?:sdgs?|goals?|ゴール|目標|targets?|ターゲット)"
_JOIN_WORD = re.compile(rf"({_WORD})[\s:#]*(?=[0-9◎*])")
# A bracketed note without digits, such as a goal's title: "3（健康）".
_NOTE = re.compile(r"[(\[【〔《「][^)\]】〕》」0-9]*[)\]】〕》」]")
_BRACKET = re.compile(r"[()\[\]【】〔〕《》「」]")
_DASH = re.compile(r"(?<=[0-9])[‐‑‒–—―−ー](?=[0-9a-z])")
_SPLIT = re.compile(r"[,、・;/|\s]+")
_TOKEN = re.compile(
    r"(?P<pre>[◎*]*)(?:(?P<goalword>sdgs?|goals?|ゴール|目標)|(?P<targetword>targets?|ターゲット))?"
    r"(?P<goal>[0-9]{1,3})(?:[.\-](?P<target>[0-9]{1,3}|[a-z]))?(?P<extra>(?:[.\-][0-9a-z]+)*)"
    r"\.?(?P<post>[◎*]*)"
)
EXPECTED_CODES: Final = (
    "expected goal numbers 1 to 17 (3, Goal 3, 目標3) or target codes such as 11.6, 11-6 or 1.a, "
    "separated by commas, 、, ・, semicolons, spaces or line breaks"
)


@functools.cache
def target_order() -> dict[str, int]:
    """{target code: its position in the official order}, for the 169 targets."""
    return {target.code: i for i, target in enumerate(load_framework().targets)}


@functools.cache
def _titles() -> tuple[re.Pattern[str], dict[str, int]]:
    """A pattern for "3. すべての人に健康と福祉を" (a goal number and its official short title)."""
    titles: dict[str, int] = {}
    for goal in load_framework().goals:
        for title in goal.short_title.values():
            text = nfkc(title).lower()
            titles[text] = goal.number
            titles[text.replace(" ", "")] = goal.number
    names = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    return re.compile(rf"(?<![0-9])([0-9]{{1,2}})\s*[.:]?\s*({names})"), titles


def _drop_titles(text: str) -> str:
    pattern, titles = _titles()

    def replace(match: re.Match[str]) -> str:
        number = match.group(1)
        return f" {number} " if titles[match.group(2)] == int(number) else match.group(0)

    return pattern.sub(replace, text)


@functools.lru_cache(maxsize=_CACHE)
def parse_sdg_codes(text: str) -> SdgCodes:
    """Goals and targets in one cell: ``3, 11``, ``目標3・目標11``, ``11.6、3.9``, ``11*``.

    ``◎`` or ``*`` before or after a code marks it primary. Targets are checked against the
    169 official codes; a target in a goals cell (or a goal in a targets cell) is kept as what
    it is, since staff mix them and the meaning is plain.
    """
    normal = nfkc(text).lower()
    if normal in NONE_MARKS:
        return SdgCodes()
    normal = _BRACKET.sub(" ", _NOTE.sub(" ", _drop_titles(normal)))
    normal = _JOIN_WORD.sub(r"\1", _DASH.sub("-", normal))
    goals: dict[int, Role] = {}
    targets: dict[str, Role] = {}
    errors: list[str] = []
    for token in _SPLIT.split(normal):
        if token and token not in NONE_MARKS:
            error = _read_token(token, goals, targets)
            if error:
                errors.append(error)
    order = target_order()
    return SdgCodes(
        tuple(sorted(goals.items())),
        tuple(sorted(targets.items(), key=lambda item: order[item[0]])),
        tuple(errors),
    )


def _read_token(token: str, goals: dict[int, Role], targets: dict[str, Role]) -> str:
    """Add the goal or target one token names; the reason when it names none."""
    match = _TOKEN.fullmatch(token)
    if match is None:
        return f"{quoted(token)} is not a goal or target code; {EXPECTED_CODES}"
    role: Role = "primary" if match["pre"] or match["post"] else "secondary"
    if match["extra"]:
        return f"{quoted(token)} is an indicator code; write its target (e.g. 11.6) instead"
    goal = int(match["goal"])
    if not 1 <= goal <= 17:
        return f"{quoted(token)} is not an SDG goal: goals are numbered 1 to 17"
    if match["target"] is None:
        if match["targetword"]:
            return f"{quoted(token)} is not a target code; {EXPECTED_CODES}"
        goals[goal] = "primary" if role == "primary" else goals.get(goal, role)
        return ""
    part = match["target"]
    code = f"{goal}.{int(part) if part.isdigit() else part}"
    if code not in target_order():
        known = f"goal {goal} has no target {code}"
        return f"{quoted(token)} is not one of the 169 SDG targets ({known})"
    targets[code] = "primary" if role == "primary" else targets.get(code, role)
    return ""


PRIMARY_MARKS: Final = frozenset({"◎"})
SECONDARY_MARKS: Final = frozenset(
    {"○", "〇", "◯", "●", "⭕", "✓", "✔", "☑", "■", "1", "x", "yes", "y", "true", "該当"}
)
EMPTY_MARKS: Final = NONE_MARKS | {"0", "×", "no", "n", "false", "☐", "□"}


@functools.lru_cache(maxsize=_CACHE)
def parse_mark(text: str) -> tuple[Role | None, str]:
    """A goal column's mark: ◎ primary; ○ 〇 ● ✓ ✔ 1 x secondary; blank, 0, ×, - none."""
    mark = nfkc(text).lower().replace("\ufe0f", "")
    if mark in PRIMARY_MARKS:
        return "primary", ""
    if mark in SECONDARY_MARKS:
        return "secondary", ""
    if mark in EMPTY_MARKS:
        return None, ""
    return None, (
        f"{quoted(text)} is not a mark: expected ◎ (primary), ○ ● ✓ 1 x (related) or a blank"
    )


# ---------------------------------------------------------------------------------------------
# Money


@dataclass(frozen=True)
class Unit:
    """A money unit as published (``千円``, ``thousand yen``): multiplier and currency."""

    text: str
    multiplier: int = 1
    currency: str = "JPY"


YEN: Final = Unit("")
_JA_MULTIPLIERS: Final = {
    "": 1, "千": 10**3, "万": 10**4, "百万": 10**6, "千万": 10**7, "億": 10**8,
}  # fmt: skip
_EN_MULTIPLIERS: Final = {
    "": 1,
    "thousand": 10**3,
    "thousands": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "100million": 10**8,
    "billion": 10**9,
    "billions": 10**9,
}
_CURRENCIES: Final = {
    "円": "JPY", "yen": "JPY", "jpy": "JPY", "¥": "JPY", "usd": "USD", "us$": "USD", "$": "USD",
    "eur": "EUR", "€": "EUR", "gbp": "GBP", "£": "GBP", "cny": "CNY", "krw": "KRW",
}  # fmt: skip
_CURRENCY = "|".join(re.escape(c) for c in sorted(_CURRENCIES, key=len, reverse=True))
_EN_WORDS = "|".join(sorted((w for w in _EN_MULTIPLIERS if w), key=len, reverse=True))
_UNIT_JA = re.compile(r"(千|万|百万|千万|億)?円")
_UNIT_EN = re.compile(rf"(?:({_EN_WORDS})(?:of)?)?({_CURRENCY})(?:({_EN_WORDS}))?")
_UNIT_NUMBER = re.compile(rf"([0-9]{{1,3}}(?:,[0-9]{{3}})*|[0-9]+)({_CURRENCY})")
_UNIT_PREFIX = re.compile(r"^(?:単位|units?|in)\s*[:：]?\s*")


@functools.lru_cache(maxsize=_CACHE)
def parse_unit(text: str) -> Unit | None:
    """A money unit: ``千円``, ``百万円``, ``億円``, ``thousand yen``, ``1,000円``; else None."""
    written = _UNIT_PREFIX.sub("", nfkc(text).strip(" ()[]【】")).strip()
    compact = re.sub(r"\s+", "", written.lower())
    if match := _UNIT_JA.fullmatch(compact):
        return Unit(written, _JA_MULTIPLIERS[match.group(1) or ""])
    if match := _UNIT_EN.fullmatch(compact):
        before, currency, after = match.groups()
        if before and after:
            return None
        return Unit(written, _EN_MULTIPLIERS[before or after or ""], _CURRENCIES[currency])
    if match := _UNIT_NUMBER.fullmatch(compact):
        return Unit(written, int(match.group(1).replace(",", "")), _CURRENCIES[match.group(2)])
    return None


_UNIT_NOTE = re.compile(r"(?:単位|unit)\s*[:：]\s*([^\s)\]】]+(?:\s+(?:yen|jpy))?)", re.I)


def find_unit_note(text: str) -> Unit | None:
    """The money unit of a note such as "（単位：千円）" above a table, if the text has one."""
    match = _UNIT_NOTE.search(nfkc(text))
    return parse_unit(match.group(1)) if match else None


_NUMBER = re.compile(
    r"(?P<sign>[+\-△▲]?)[¥$]?(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<frac>\.[0-9]+)?"
    r"(?P<exp>e[+\-]?[0-9]{1,3})?(?P<rest>.*)",
    re.S | re.I,
)


def _decimal(text: str) -> tuple[Decimal | None, str, str]:
    """(number, text after it, reason) for ``1,234.5``, ``△12`` (minus), ``80%``."""
    normal = nfkc(text).replace(" ", "")
    match = _NUMBER.fullmatch(normal)
    if match is None:
        return None, "", f"{quoted(text)} is not a number"
    if match["exp"] and ("," in match["int"] or match["rest"]):
        return None, "", f"{quoted(text)} is not a number"
    digits = match["int"].replace(",", "") + (match["frac"] or "") + (match["exp"] or "")
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None, "", f"{quoted(text)} is not a number"
    if abs(value.adjusted()) > MAX_MAGNITUDE or len(value.as_tuple().digits) > MAX_DIGITS:
        return None, "", f"{quoted(text)} is too large or has too many digits"
    rest = match["rest"]
    if rest[:1] in {",", "."} or rest[:1].isdigit():
        return None, "", f"{quoted(text)} is not a number (separators group three digits: 1,234)"
    return (-value if match["sign"] in {"-", "△", "▲"} else value), rest, ""


@functools.lru_cache(maxsize=_CACHE)
def parse_amount(text: str, unit: Unit = YEN) -> tuple[Decimal | None, Unit, str]:
    """A budget cell in ``unit``: ``1,234,567``, ``１２３４``, ``1,234千円``; ``-``/blank none.

    Returns the amount already multiplied by the unit, and the unit that applied (a unit
    written in the cell wins over the column's).
    """
    if nfkc(text).lower() in NONE_MARKS:
        return None, unit, ""
    value, rest, reason = _decimal(text)
    if value is None:
        return None, unit, f"{reason}: expected an amount such as 1,234,567 or - for none"
    if rest:
        own = parse_unit(rest)
        if own is None:
            return None, unit, f"{quoted(text)}: {quoted(rest)} is not a money unit such as 千円"
        unit = own
    return plain_decimal(_EXACT.multiply(value, unit.multiplier)), unit, ""


@functools.lru_cache(maxsize=_CACHE)
def parse_number(text: str) -> tuple[Decimal | None, str, str]:
    """A KPI value: a number, maybe with its unit after it (``80%``, ``1,200件``)."""
    if nfkc(text).lower() in NONE_MARKS:
        return None, "", ""
    value, rest, reason = _decimal(text)
    if value is None:
        return None, "", f"{reason}: expected a number such as 80 or 1,200 (unit in its own column)"
    if len(rest) > 20 or any(c.isdigit() for c in rest):
        return None, "", f"{quoted(text)} is not a number followed by a unit"
    return value, rest, ""


# ---------------------------------------------------------------------------------------------
# Fiscal years


_YEAR_FORMS = (
    re.compile(r"(?:fy)?(?P<y>[0-9]{4})(?:年度|年|度)?(?:/(?P<next>[0-9]{2}|[0-9]{4}))?"),
    re.compile(r"fy(?P<yy>[0-9]{2})"),
    re.compile(r"(?P<era>令和|平成|r|h)(?P<ey>[0-9]{1,2}|元)(?:年度|年|度)?"),
)
_YEAR_IN_TEXT = re.compile(
    r"(?<![0-9a-z])(?:fy\s*(?P<fy>[0-9]{4}|[0-9]{2})|(?P<y>(?:19|20|21)[0-9]{2})\s*(?:年度|年)?"
    r"|(?P<era>令和|平成|r|h)\s*(?P<ey>[0-9]{1,2}|元)\s*(?:年度|年)?)(?![0-9])"
)
EXPECTED_YEAR: Final = "expected a fiscal year such as 2024, 2024年度, FY2024, R6 or 令和6年度"


def _era_year(era: str, year: str) -> int:
    return ERAS[era] + (1 if year == "元" else int(year))


@functools.lru_cache(maxsize=_CACHE)
def parse_fiscal_year(text: str) -> tuple[int | None, str]:
    """A fiscal year: ``2024``, ``2024年度``, ``FY2024``, ``R6``, ``令和6年度``, ``平成31年度``."""
    normal = re.sub(r"\s+", "", nfkc(text).lower())
    if normal in NONE_MARKS:
        return None, ""
    year = None
    for form in _YEAR_FORMS:
        if match := form.fullmatch(normal):
            groups = match.groupdict()
            if groups.get("era"):
                year = _era_year(groups["era"], groups["ey"])
            elif groups.get("yy"):
                year = 2000 + int(groups["yy"])
            else:
                year = int(groups["y"])
                following = groups.get("next")
                if following and int(following) % 100 != (year + 1) % 100:
                    return None, f"{quoted(text)} is not one fiscal year; {EXPECTED_YEAR}"
            break
    if year is None:
        return None, f"{quoted(text)} is not a fiscal year; {EXPECTED_YEAR}"
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None, f"{quoted(text)} is not a plausible year ({FIRST_YEAR}-{LAST_YEAR})"
    return year, ""


def find_fiscal_year(text: str) -> tuple[int | None, str]:
    """The fiscal year a header names (``2024年度予算``, ``FY2024``, ``R6``) and the rest of it."""
    normal = nfkc(text).lower()
    match = _YEAR_IN_TEXT.search(normal)
    if match is None:
        return None, normal
    if match["era"]:
        year = _era_year(match["era"], match["ey"])
    elif match["fy"]:
        year = int(match["fy"]) + (2000 if len(match["fy"]) == 2 else 0)
    else:
        year = int(match["y"])
    rest = normal[: match.start()] + normal[match.end() :]
    return (year if FIRST_YEAR <= year <= LAST_YEAR else None), rest


_RANGE = re.compile(r"\s*(?:~|〜|-|–|—|から|to)\s*")


@functools.lru_cache(maxsize=_CACHE)
def parse_period(text: str) -> tuple[int | None, int | None, str]:
    """An implementation period: ``2024～2026``, ``R6-R8``, ``2024年度～`` (open end)."""
    normal = nfkc(text).lower()
    if normal in NONE_MARKS:
        return None, None, ""
    parts = _RANGE.split(normal, maxsplit=1)
    if len(parts) == 1:
        year, reason = parse_fiscal_year(normal)
        return year, year, reason
    (start, first), (end, second) = parse_fiscal_year(parts[0]), parse_fiscal_year(parts[1])
    if first or second:
        return None, None, f"{quoted(text)} is not a period such as 2024～2026 or R6-R8"
    if start is not None and end is not None and end < start:
        return None, None, f"{quoted(text)} ends before it starts"
    return start, end, ""


# ---------------------------------------------------------------------------------------------
# Words


_STATUS_WORDS: Final[dict[Status, tuple[str, ...]]] = {
    "planned": ("計画", "計画中", "予定", "未着手", "planned", "plan", "not started"),
    "ongoing": ("実施中", "実施", "継続", "推進中", "進行中", "ongoing", "in progress", "active"),
    "completed": ("完了", "終了", "達成", "completed", "complete", "done", "finished"),
    "stopped": ("中止", "休止", "廃止", "stopped", "cancelled", "canceled", "discontinued"),
}
_DIRECTION_WORDS: Final[dict[Direction, tuple[str, ...]]] = {
    "increase": ("増加", "上昇", "向上", "拡大", "増", "↑", "increase", "up", "higher"),
    "decrease": ("減少", "低下", "削減", "縮小", "減", "↓", "decrease", "down", "lower"),
    "maintain": ("維持", "現状維持", "→", "maintain", "keep", "stable"),
}
_STATUSES: Final = {word: status for status, words in _STATUS_WORDS.items() for word in words}
_DIRECTIONS: Final = {word: d for d, words in _DIRECTION_WORDS.items() for word in words}


@functools.lru_cache(maxsize=_CACHE)
def parse_status(text: str) -> tuple[Status | None, str]:
    """計画/実施中/完了/中止 or planned/ongoing/completed/stopped (and a few synonyms)."""
    word = nfkc(text).lower()
    if word in NONE_MARKS:
        return None, ""
    if word in _STATUSES:
        return _STATUSES[word], ""
    return None, (
        f"{quoted(text)} is not a status: expected 計画, 実施中, 完了, 中止 or planned, ongoing, "
        "completed, stopped"
    )


@functools.lru_cache(maxsize=_CACHE)
def parse_direction(text: str) -> tuple[Direction | None, str]:
    """増加/減少/維持 or increase/decrease/maintain (↑ ↓ → too)."""
    word = nfkc(text).lower()
    if word in NONE_MARKS:
        return None, ""
    if word in _DIRECTIONS:
        return _DIRECTIONS[word], ""
    return None, (
        f"{quoted(text)} is not a direction: expected 増加, 減少, 維持 or increase, decrease, "
        "maintain"
    )


_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.I)


def parse_url(text: str) -> tuple[str, str]:
    """A web address starting with http:// or https://, kept as written."""
    url = text.strip()
    if url in NONE_MARKS:
        return "", ""
    if _URL.fullmatch(url):
        return url, ""
    return "", f"{quoted(text)} is not a web address: expected one starting with https://"
