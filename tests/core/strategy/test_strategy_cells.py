"""The cell parsers of initiatives tables: goals and targets in any writing staff use, goal
marks, budgets with units, fiscal years. Properties check every spelling of valid codes against
the set it names, and that anything else is an error, never an exception."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from localsdg.core.framework import load_framework
from localsdg.core.strategy.cells import (
    parse_amount,
    parse_fiscal_year,
    parse_mark,
    parse_number,
    parse_period,
    parse_sdg_codes,
    parse_unit,
)

TARGETS = [t.code for t in load_framework().targets]
FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000"})
SEPARATORS = [",", ", ", "、", "・", ";", "; ", " ", "\n", "\r\n", "，", "；", " 、 ", "/"]


def test_the_framework_has_169_targets() -> None:
    assert len(TARGETS) == 169 and "1.a" in TARGETS and "17.19" in TARGETS


@st.composite
def goal_token(draw: st.DrawFn) -> tuple[str, int]:
    number = draw(st.integers(1, 17))
    form = draw(
        st.sampled_from(
            ["{}", "Goal {}", "goal{}", "SDG {}", "SDGs{}", "目標{}", "ゴール{}", "ゴール {}"]
        )
    )
    return form.format(number), number


@st.composite
def target_token(draw: st.DrawFn) -> tuple[str, str]:
    code = draw(st.sampled_from(TARGETS))
    goal, part = code.split(".")
    form = draw(st.sampled_from(["{}.{}", "{}-{}", "ターゲット{}.{}", "Target {}.{}", "{}．{}"]))
    return form.format(goal, part.upper() if draw(st.booleans()) else part), code


@st.composite
def code_cell(draw: st.DrawFn) -> tuple[str, dict[int, str], dict[str, str]]:
    """A cell naming valid codes in mixed writings, and the goals/targets it names."""
    goals: dict[int, str] = {}
    targets: dict[str, str] = {}
    tokens = []
    for _ in range(draw(st.integers(1, 6))):
        primary = draw(st.booleans())
        if draw(st.booleans()):
            token, number = draw(goal_token())
            goals[number] = "primary" if primary else goals.get(number, "secondary")
        else:
            token, code = draw(target_token())
            targets[code] = "primary" if primary else targets.get(code, "secondary")
        if primary:
            token = draw(st.sampled_from(["{}*", "◎{}", "{}◎"])).format(token)
        if draw(st.booleans()):
            token = token.translate(FULL_WIDTH)
        tokens.append(token)
    text = tokens[0]
    for token in tokens[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + token
    return text, goals, targets


@given(code_cell())
def test_every_writing_of_valid_codes_names_the_same_set(
    case: tuple[str, dict[int, str], dict[str, str]],
) -> None:
    text, goals, targets = case
    parsed = parse_sdg_codes(text)
    assert parsed.errors == ()
    assert dict(parsed.goals) == goals
    assert dict(parsed.targets) == targets


INVALID_NUMBERS = st.one_of(st.just(0), st.integers(18, 999)).map(str)
INVALID_TARGETS = st.builds(lambda g, t: f"{g}.{t}", st.integers(1, 17), st.integers(1, 30)).filter(
    lambda code: code not in TARGETS
)
WORDS = st.text("abcdefghijklmnopqrstuvwxyz施策円", min_size=1, max_size=8).filter(
    lambda w: w not in {"na", "n"} and not w.startswith(("sdg", "goal", "target"))
)


@given(st.lists(st.one_of(INVALID_NUMBERS, INVALID_TARGETS, WORDS), min_size=1), code_cell())
def test_anything_else_is_an_error_for_each_token(
    invalid: list[str], case: tuple[str, dict[int, str], dict[str, str]]
) -> None:
    text, goals, targets = case
    cell = "、".join([text, *invalid])
    parsed = parse_sdg_codes(cell)
    assert len(parsed.errors) == len(invalid)
    for token, error in zip(invalid, parsed.errors, strict=True):
        assert repr(token) in error
    assert dict(parsed.goals) == goals and dict(parsed.targets) == targets


@given(st.text())
def test_any_text_gives_codes_or_errors_never_an_exception(text: str) -> None:
    parsed = parse_sdg_codes(text)
    assert all(1 <= number <= 17 for number, _ in parsed.goals)
    assert all(code in TARGETS for code, _ in parsed.targets)
    assert all(isinstance(error, str) and error for error in parsed.errors)


def test_goal_titles_and_notes_beside_numbers_are_allowed() -> None:
    cell = "3.すべての人に健康と福祉を\n11 住み続けられるまちづくりを\nGoal 13: Climate action"
    assert [n for n, _ in parse_sdg_codes(cell).goals] == [3, 11, 13]
    assert [n for n, _ in parse_sdg_codes("3（健康）、【目標11】").goals] == [3, 11]
    # A title that belongs to another goal is not dropped silently.
    assert parse_sdg_codes("3.貧困をなくそう").errors


def test_unknown_codes_say_what_is_expected() -> None:
    (error,) = parse_sdg_codes("18").errors
    assert "'18'" in error and "1 to 17" in error
    (error,) = parse_sdg_codes("11.9").errors
    assert "'11.9'" in error and "169" in error
    (error,) = parse_sdg_codes("11.6.2").errors
    assert "indicator" in error and "11.6" in error
    assert parse_sdg_codes("-") == parse_sdg_codes("") == parse_sdg_codes("—")
    assert not parse_sdg_codes("").goals


def test_marks() -> None:
    assert parse_mark("◎") == ("primary", "")
    for mark in ["○", "〇", "●", "✓", "✔", "✔️", "1", "x", "X", "ｘ", "true"]:
        assert parse_mark(mark) == ("secondary", ""), mark
    for mark in ["", " ", "-", "0", "×"]:
        assert parse_mark(mark) == (None, ""), mark
    role, reason = parse_mark("△")
    assert role is None and "'△'" in reason and "◎" in reason


@given(st.text())
def test_any_mark_text_gives_a_role_or_a_reason(text: str) -> None:
    role, reason = parse_mark(text)
    assert role in {None, "primary", "secondary"}
    assert not (role and reason)


UNITS = [
    ("", 1),
    ("円", 1),
    ("千円", 1000),
    ("万円", 10_000),
    ("百万円", 10**6),
    ("億円", 10**8),
    ("yen", 1),
    ("thousand yen", 1000),
    ("million yen", 10**6),
    ("単位：千円", 1000),
]


def written_amount(value: Decimal, grouped: bool, full_width: bool) -> str:
    text = f"{value:,}" if grouped else format(value, "f")
    return text.translate(FULL_WIDTH) if full_width else text


@given(
    st.integers(0, 10**13),
    st.integers(0, 3),
    st.sampled_from(UNITS),
    st.booleans(),
    st.booleans(),
)
def test_amounts_in_any_unit_and_writing(
    whole: int, places: int, unit: tuple[str, int], grouped: bool, full_width: bool
) -> None:
    value = Decimal(whole).scaleb(-places)
    text, multiplier = unit
    parsed = parse_unit(text) if text else None
    assert text == "" or parsed is not None
    amount, used, reason = parse_amount(
        written_amount(value, grouped, full_width), *([parsed] if parsed else [])
    )
    assert reason == ""
    assert amount == value * multiplier
    assert used.multiplier == multiplier


def test_budget_blanks_and_units_in_the_cell() -> None:
    thousand = parse_unit("千円")
    assert thousand is not None and thousand.text == "千円"
    for blank in ["", "-", "—", "－", "―", "なし"]:
        assert parse_amount(blank, thousand) == (None, thousand, ""), blank
    amount, unit, reason = parse_amount("1,234百万円", thousand)
    assert (amount, unit.text, reason) == (Decimal(1_234_000_000), "百万円", "")
    assert parse_amount("△1,000", thousand)[0] == Decimal(-1_000_000)
    for bad in ["1,23", "1.2.3", "abc", "12ドル", "1,2345"]:
        amount, _unit, reason = parse_amount(bad, thousand)
        assert amount is None and repr(bad) in reason, bad
    assert parse_unit("ドル") is None and parse_unit("税込") is None


@given(st.text(), st.sampled_from(UNITS))
def test_any_budget_text_gives_an_amount_or_a_reason(text: str, unit: tuple[str, int]) -> None:
    parsed = parse_unit(unit[0]) if unit[0] else None
    amount, _used, reason = parse_amount(text, *([parsed] if parsed else []))
    assert amount is None or (isinstance(amount, Decimal) and amount.is_finite())
    assert not (amount is not None and reason)


@given(st.integers(2019, 2100), st.booleans())
def test_fiscal_years_in_western_reiwa_and_fy_writings(year: int, full_width: bool) -> None:
    era = year - 2018
    for text in [
        str(year),
        f"{year}年度",
        f"FY{year}",
        f"FY {year}",
        f"R{era}",
        f"令和{era}年度",
        f"令和{'元' if era == 1 else era}年度",
    ]:
        written = text.translate(FULL_WIDTH) if full_width else text
        assert parse_fiscal_year(written) == (year, ""), written


@given(st.integers(1989, 2019))
def test_heisei_years(year: int) -> None:
    assert parse_fiscal_year(f"平成{year - 1988}年度") == (year, "")
    assert parse_fiscal_year(f"H{year - 1988}") == (year, "")


@given(st.text())
def test_any_year_text_gives_a_year_or_a_reason(text: str) -> None:
    year, reason = parse_fiscal_year(text)
    assert (year is None) or (1950 <= year <= 2100 and not reason)


def test_periods_and_numbers() -> None:
    assert parse_period("2024年度～2026年度") == (2024, 2026, "")
    assert parse_period("R6-R8") == (2024, 2026, "")
    assert parse_period("2024～") == (2024, None, "")
    assert parse_period("2026-2024")[2]
    assert parse_number("80%") == (Decimal(80), "%", "")
    assert parse_number("1,200件") == (Decimal(1200), "件", "")
    assert parse_number("増加")[2]
