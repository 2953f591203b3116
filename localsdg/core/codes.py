"""SDG codes: parsing, validation, normalisation and official ordering.

Codes arrive in many spellings (``11.6.2`` in UN documents, ``11-6-2`` in Open SDG file names,
``indicator_11-6-2`` in Open SDG data repositories, ``11-1-1-c`` for a city's own indicator under a
global one). Everything else in the project compares codes after passing them through
:func:`parse_code`, so one spelling can never be mistaken for another code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "IndicatorId",
    "InvalidCode",
    "Kind",
    "SdgCode",
    "SortKey",
    "dashed",
    "dotted",
    "indicator_id",
    "parse_code",
]

Kind = Literal["goal", "target", "indicator"]
SortKey = tuple[int, int, int, str]

MAX_GOAL = 17
MAX_TARGET = 20
MAX_INDICATOR = 20
LAST_TARGET_LETTER = "j"
_LETTER_BASE = 100  # letter targets sort after every numeric target: 1.10 < 1.a
_PREFIX = "indicator_"
_NUMBER = re.compile(r"[0-9]+")
_LETTER = re.compile(r"[a-zA-Z]")
_LOCAL = re.compile(r"[a-zA-Z0-9]+")
# A publisher's own indicator id (Open SDG lets a site add any): a goal number, a dash, then
# letters, digits, dashes, dots, underscores or parentheses, e.g. 10-x-1, 5-5-2a, 7-1, 1-2-1(2).
_PUBLISHER_ID = re.compile(r"(?P<goal>[0-9]{1,2})-(?P<rest>[0-9A-Za-z][0-9A-Za-z._()-]*)")
MAX_ID_LENGTH = 40  # the database column of an indicator code
_UNRANKED = 10**6  # publisher parts that are not a target shape sort after every target


class InvalidCode(ValueError):
    """Raised for text that is not an SDG code; the message names the input and the reason."""

    def __init__(self, text: object, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"{text!r} is not an SDG code: {reason}")


def _number(value: str, what: str, maximum: int) -> int:
    """Read a part that must be a plain ASCII number in 1..maximum (no sign, no leading zero)."""
    if not _NUMBER.fullmatch(value) or value.startswith("0"):
        raise ValueError(f"{what} must be a number from 1 to {maximum}")
    number = int(value)
    if number > maximum:
        raise ValueError(f"{what} must be a number from 1 to {maximum}")
    return number


def _target(value: str) -> str:
    """Normalise a target part: a number 1..20 or a letter a..j (letters folded to lower case)."""
    if _LETTER.fullmatch(value):
        letter = value.lower()
        if letter <= LAST_TARGET_LETTER:
            return letter
    elif _NUMBER.fullmatch(value):
        try:
            return str(_number(value, "target", MAX_TARGET))
        except ValueError:
            pass
    raise ValueError(f"target must be a number from 1 to {MAX_TARGET} or a letter a-j")


def _target_rank(target: str) -> int:
    """Rank of a target inside its goal, so that 1.1 < 1.2 < ... < 1.10 < 1.a < 1.b."""
    if target.isdigit():
        return int(target)
    return _LETTER_BASE + ord(target) - ord("a")


@dataclass(frozen=True, order=True)
class SdgCode:
    """A goal, target, global indicator or local indicator code, already validated.

    Instances compare and sort in the official order (``sort_key`` is the first field, so the
    dataclass ordering uses it); two spellings of the same code give equal instances.
    """

    sort_key: SortKey = field(init=False, repr=False)
    goal: int
    target: str | None = None
    indicator: int | None = None
    local: str | None = None

    def __post_init__(self) -> None:
        self._validate()
        rank = _target_rank(self.target) if self.target is not None else 0
        key = (self.goal, rank, self.indicator or 0, self.local or "")
        object.__setattr__(self, "sort_key", key)

    def _validate(self) -> None:
        """Reject impossible combinations even when built directly rather than parsed."""
        try:
            if isinstance(self.goal, bool) or not isinstance(self.goal, int):
                raise ValueError("goal must be a number from 1 to 17")
            _number(str(self.goal), "goal", MAX_GOAL)
            if self.target is not None:
                object.__setattr__(self, "target", _target(str(self.target)))
            if self.indicator is not None:
                if self.target is None:
                    raise ValueError("an indicator needs a target")
                _number(str(self.indicator), "indicator", MAX_INDICATOR)
            if self.local is not None:
                if self.indicator is None:
                    raise ValueError("a local id needs a global indicator before it")
                if not _LOCAL.fullmatch(self.local):
                    raise ValueError("a local id must be letters a-z or digits")
                object.__setattr__(self, "local", self.local.lower())
        except ValueError as error:
            raise InvalidCode(self._raw(), str(error)) from None

    def _raw(self) -> str:
        """The parts as given, for error messages about directly built instances."""
        parts = [self.goal, self.target, self.indicator, self.local]
        return ".".join(str(part) for part in parts if part is not None)

    @property
    def kind(self) -> Kind:
        """Whether this is a goal, a target or an indicator (local ids are indicators)."""
        if self.indicator is not None:
            return "indicator"
        if self.target is not None:
            return "target"
        return "goal"

    @property
    def is_local(self) -> bool:
        """True for a local indicator id such as 11-1-1-c."""
        return self.local is not None

    def _parts(self) -> list[str]:
        parts = [str(self.goal), self.target, self.indicator, self.local]
        return [str(part) for part in parts if part is not None]

    @property
    def dotted(self) -> str:
        """The UN spelling: ``11.6.2``, local ids ``11.1.1.c``."""
        return ".".join(self._parts())

    @property
    def dashed(self) -> str:
        """The Open SDG spelling: ``11-6-2``, local ids ``11-1-1-c``."""
        return "-".join(self._parts())

    @property
    def parent(self) -> SdgCode | None:
        """The enclosing code: local id -> global indicator -> target -> goal -> None."""
        if self.local is not None:
            return SdgCode(self.goal, self.target, self.indicator)
        if self.indicator is not None:
            return SdgCode(self.goal, self.target)
        if self.target is not None:
            return SdgCode(self.goal)
        return None

    def __str__(self) -> str:
        return self.dotted


def _split(text: str) -> list[str]:
    """Split on one kind of separator; mixing '.' and '-' is ambiguous and refused."""
    if "." in text and "-" in text:
        raise ValueError("use either dots or dashes as separators, not both")
    separator = "." if "." in text else "-"
    parts = text.split(separator)
    if any(part == "" for part in parts):
        raise ValueError("empty part (a leading, doubled or trailing separator)")
    if len(parts) > 4:
        raise ValueError("too many parts (at most goal, target, indicator and local id)")
    return parts


def _strip_prefix(text: str) -> tuple[str, bool]:
    """Remove the optional Open SDG ``indicator_`` prefix (any letter case)."""
    if text[: len(_PREFIX)].lower() == _PREFIX:
        return text[len(_PREFIX) :], True
    return text, False


def _parse(text: str) -> SdgCode:
    """Parse without wrapping errors; every problem is a ValueError with a short reason."""
    body, prefixed = _strip_prefix(text.strip())
    if not body:
        raise ValueError("it is empty")
    parts = _split(body)
    if prefixed and len(parts) < 3:
        raise ValueError("the 'indicator_' prefix must be followed by an indicator code")
    goal = _number(parts[0], "goal", MAX_GOAL)
    target = _target(parts[1]) if len(parts) > 1 else None
    indicator = _number(parts[2], "indicator", MAX_INDICATOR) if len(parts) > 2 else None
    local = parts[3] if len(parts) > 3 else None
    if local is not None and not _LOCAL.fullmatch(local):
        raise ValueError("a local id must be letters a-z or digits")
    return SdgCode(goal, target, indicator, local.lower() if local else None)


def parse_code(text: str) -> SdgCode:
    """Parse any accepted spelling of a goal, target, indicator or local indicator code.

    Accepted: ``11``, ``11.6``, ``11.6.2``, ``11-6-2``, ``1.a.1``, ``indicator_1-a-1``,
    ``11-1-1-c``, with surrounding whitespace. Anything else raises :class:`InvalidCode`.
    """
    if not isinstance(text, str):
        raise InvalidCode(text, "a code must be text")
    try:
        return _parse(text)
    except InvalidCode as error:
        raise InvalidCode(text, error.reason) from None
    except ValueError as error:
        raise InvalidCode(text, str(error)) from None


def dotted(text: str) -> str:
    """Normalise any accepted spelling to the dotted form, e.g. ``indicator_1-a-1`` -> ``1.a.1``."""
    return parse_code(text).dotted


def dashed(text: str) -> str:
    """Normalise any accepted spelling to the dashed form, e.g. ``11.6.2`` -> ``11-6-2``."""
    return parse_code(text).dashed


@dataclass(frozen=True, order=True)
class IndicatorId:
    """Any indicator id an organisation uses: an SDG code or a publisher's own id.

    Open SDG sites add indicators of their own (``10-x-1``, ``5-5-2a``, ``7-1``) and show them
    under the goal named by the first part, or under the target when the first two parts name one.
    ``code`` is kept exactly as the publisher wrote it; ``sdg`` is set only when the id is an SDG
    code (``11-6-2``, or ``11-1-1-c`` under a global indicator). Whether ``target_part`` names a
    real target is for the framework to say, not for the syntax.
    """

    sort_key: tuple[int, int, int, str] = field(repr=False)
    code: str
    goal: int
    target_part: str | None
    sdg: SdgCode | None

    @property
    def dotted(self) -> str:
        """The UN spelling of an SDG code; a publisher's own id as written."""
        return self.sdg.dotted if self.sdg else self.code

    @property
    def dashed(self) -> str:
        return self.sdg.dashed if self.sdg else self.code

    @property
    def target_code(self) -> str | None:
        """``"5.5"`` when the second part has the shape of a target (number 1-20 or a-j)."""
        if self.target_part is None:
            return None
        try:
            return f"{self.goal}.{_target(self.target_part)}"
        except ValueError:
            return None

    def __str__(self) -> str:
        return self.dotted


def indicator_id(text: str) -> IndicatorId:
    """Parse an indicator id: an SDG indicator code or a publisher's own dashed id.

    SDG codes are normalised as by :func:`parse_code`; other ids must start with a goal number
    and a dash and are kept as written (without an ``indicator_`` prefix). Anything else — a
    goal or a dotted target alone, a goal outside 1-17, other characters — raises
    :class:`InvalidCode`.
    """
    if not isinstance(text, str):
        raise InvalidCode(text, "a code must be text")
    body = _strip_prefix(text.strip())[0]
    try:
        code = parse_code(body)
    except InvalidCode as error:
        code, reason = None, error.reason
    if code is not None and code.kind == "indicator":
        goal, rank, number, local = code.sort_key
        return IndicatorId((goal, rank, number, local), code.dashed, goal, code.target, code)
    if code is not None and "." in body:
        raise InvalidCode(text, f"it is a {code.kind} code, not an indicator code")
    return _publisher_id(text, body, reason if code is None else "")


def _publisher_id(text: str, body: str, reason: str) -> IndicatorId:
    match = _PUBLISHER_ID.fullmatch(body)
    if match is None or re.search(r"[-.]{2}|[-.]$", body):
        raise InvalidCode(text, reason or "not an indicator code")
    if len(body) > MAX_ID_LENGTH:
        raise InvalidCode(text, f"an indicator id has at most {MAX_ID_LENGTH} characters")
    try:
        goal = _number(match["goal"], "goal", MAX_GOAL)
    except ValueError as error:
        raise InvalidCode(text, str(error)) from None
    parts = re.split(r"[-.]", match["rest"])
    try:
        rank = _target_rank(_target(parts[0]))
    except ValueError:
        rank = _UNRANKED
    digits = re.match(r"[0-9]+", parts[1]) if len(parts) > 1 else None
    number = int(digits[0]) if digits else _UNRANKED
    return IndicatorId((goal, rank, number, "~" + body), body, goal, parts[0], None)
