"""SDG code parsing: accepted spellings, clear rejections, official order, round trips."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localsdg.core.codes import InvalidCode, SdgCode, dashed, dotted, parse_code

ACCEPTED = [
    ("11", SdgCode(11)),
    ("11.6", SdgCode(11, "6")),
    ("11.6.2", SdgCode(11, "6", 2)),
    ("11-6-2", SdgCode(11, "6", 2)),
    ("1.a.1", SdgCode(1, "a", 1)),
    ("1-a-1", SdgCode(1, "a", 1)),
    ("indicator_1-a-1", SdgCode(1, "a", 1)),
    ("Indicator_11-1-1-c", SdgCode(11, "1", 1, "c")),
    ("11-1-1-c", SdgCode(11, "1", 1, "c")),
    ("11.1.1.x", SdgCode(11, "1", 1, "x")),
    ("  17.19 \n", SdgCode(17, "19")),
    ("1.A.1", SdgCode(1, "a", 1)),
    ("3-4-1-ab12", SdgCode(3, "4", 1, "ab12")),
]

REJECTED = [
    ("", "empty"),
    ("   ", "empty"),
    ("0", "goal"),
    ("18", "goal"),
    ("01", "goal"),
    ("11.x.2", "target"),
    ("11.0", "target"),
    ("11.21", "target"),
    ("11.k", "target"),
    ("11.6.0", "indicator"),
    ("11.6.21", "indicator"),
    ("11.6-2", "either dots or dashes"),
    ("11.6.", "empty part"),
    ("11-6-2-", "empty part"),
    (".11", "empty part"),
    ("11..2", "empty part"),
    ("1.1.1.c.d", "too many parts"),
    ("1.1.1.c_d", "local id"),
    ("indicator_11", "prefix"),
    ("indicator_11-6", "prefix"),
    ("SDG 11", "goal"),
    ("١١", "goal"),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted_spellings(text: str, expected: SdgCode) -> None:
    assert parse_code(text) == expected


@pytest.mark.parametrize(("text", "reason"), REJECTED)
def test_rejections_name_the_input_and_the_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_code(text)
    message = str(caught.value)
    assert message.startswith(f"{text!r} is not an SDG code: ")
    assert reason in message


def test_example_message_is_one_clear_sentence() -> None:
    with pytest.raises(InvalidCode, match=r"^'11\.x\.2' is not an SDG code: target must be"):
        parse_code("11.x.2")


def test_non_text_input_is_rejected_cleanly() -> None:
    with pytest.raises(InvalidCode):
        parse_code(11)  # type: ignore[arg-type]


def test_direct_construction_is_validated() -> None:
    with pytest.raises(InvalidCode):
        SdgCode(18)
    with pytest.raises(InvalidCode):
        SdgCode(1, None, 1)
    with pytest.raises(InvalidCode):
        SdgCode(1, "1", None, "c")


def test_properties() -> None:
    code = parse_code("indicator_11-1-1-c")
    assert code.kind == "indicator"
    assert code.is_local
    assert code.dotted == "11.1.1.c"
    assert code.dashed == "11-1-1-c"
    assert str(code) == "11.1.1.c"
    assert code.parent == SdgCode(11, "1", 1)
    assert parse_code("11.6.2").parent == SdgCode(11, "6")
    assert parse_code("11.6").parent == SdgCode(11)
    assert parse_code("11").parent is None
    assert [parse_code(c).kind for c in ("11", "11.6", "11.6.2")] == ["goal", "target", "indicator"]


def test_convenience_normalisers() -> None:
    assert dotted("indicator_1-a-1") == "1.a.1"
    assert dashed("11.6.2") == "11-6-2"


def test_official_order() -> None:
    shuffled = ["1.b", "1.10", "1.a", "2", "1.2", "1", "1.1.1.c", "1.1", "1.1.2", "1.1.1", "10.1"]
    expected = ["1", "1.1", "1.1.1", "1.1.1.c", "1.1.2", "1.2", "1.10", "1.a", "1.b", "2", "10.1"]
    assert [c.dotted for c in sorted(parse_code(c) for c in shuffled)] == expected


def test_equal_codes_hash_equal() -> None:
    assert {parse_code("11.6.2"), parse_code("indicator_11-6-2")} == {SdgCode(11, "6", 2)}


# Property tests ------------------------------------------------------------------------------

targets = st.one_of(st.integers(1, 20).map(str), st.sampled_from("abcdefghij"))
locals_ = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=4)


@st.composite
def codes(draw: st.DrawFn) -> SdgCode:
    goal = draw(st.integers(1, 17))
    depth = draw(st.integers(0, 3))
    target = draw(targets) if depth >= 1 else None
    indicator = draw(st.integers(1, 20)) if depth >= 2 else None
    local = draw(locals_) if depth >= 3 else None
    return SdgCode(goal, target, indicator, local)


@given(codes())
def test_round_trip(code: SdgCode) -> None:
    assert parse_code(code.dotted) == parse_code(code.dashed) == code
    if code.kind == "indicator":
        assert parse_code(f"indicator_{code.dashed}") == code


@given(codes(), codes())
def test_order_matches_sort_key(first: SdgCode, second: SdgCode) -> None:
    assert (first < second) == (first.sort_key < second.sort_key)


@given(st.text())
def test_any_text_parses_or_raises_invalid_code(text: str) -> None:
    try:
        code = parse_code(text)
    except InvalidCode as error:
        assert str(error).startswith(repr(text))
    else:
        assert parse_code(code.dotted) == code


@given(st.text(alphabet="0123456789.-abcjkxIND_icator ", max_size=14))
def test_code_like_text_parses_or_raises_invalid_code(text: str) -> None:
    try:
        code = parse_code(text)
    except InvalidCode as error:
        assert error.reason
    else:
        assert code.dotted == parse_code(code.dashed).dotted
