"""SVG line charts: well-formed, CSP-safe, accessible, deterministic; ticks and number formats."""

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localsdg.core.charts import (
    MAX_DRAWN_LINES,
    PALETTE,
    ChartSpec,
    Line,
    Point,
    TargetLine,
    format_number,
    nice_ticks,
    render_svg,
)

NS = "{http://www.w3.org/2000/svg}"

# Japanese words and templates, as the web layer passes them from its catalogue.
LABELS_JA: Mapping[str, str] = {
    "Target": "目標",
    "Year": "年",
    "No data": "データなし",
    "more_series": "ほか{n}系列は表を参照",
    "desc_series": "{start}から{end}までの{n}系列の折れ線グラフ",
    "desc_latest": "主な系列の最新値は{period}の{value}",
    "desc_target": "目標は{year}までに{value}",
    "desc_target_no_year": "目標は{value}",
    "desc_empty": "データのない折れ線グラフ",
    "target_label": "{target}：{value}（{year}）",
    "target_label_no_year": "{target}：{value}",
    "sep": "、",
    "end": "。",
}


def points(values, start=2010):
    return tuple(Point(float(start + i), v, str(start + i)) for i, v in enumerate(values))


def spec(**overrides):
    fields = {
        "title": "CO2 emissions",
        "lines": (
            Line("Total", points([62.1, 61.5, 60.2, 58.9, 57.0]), is_headline=True),
            Line("Industry", points([20.1, 19.5, 19.2, 18.9, 18.0])),
        ),
        "y_label": "Mt",
    }
    fields.update(overrides)
    return ChartSpec(**fields)


def parse(svg):
    return ET.fromstring(svg)


def texts(root):
    return [el.text or "" for el in root.iter(f"{NS}text")]


def series_paths(root):
    """The line paths (not markers) of each drawn series, by series name."""
    found = {}
    for group in root.iter(f"{NS}g"):
        if group.get("class") == "series":
            found[group.get("data-name")] = [
                el for el in group if el.tag == f"{NS}path" and el.get("fill") == "none"
            ]
    return found


# --- document structure ------------------------------------------------------------------------


def test_output_is_a_labelled_standalone_svg():
    root = parse(render_svg(spec()))
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 720 360"
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"{NS}title")
    desc = root.find(f"{NS}desc")
    assert title.get("id") == title_id and title.text == "CO2 emissions"
    assert desc.get("id") == desc_id and desc.text


@pytest.mark.parametrize(
    "chart",
    [
        spec(),
        spec(lines=()),
        spec(target=TargetLine(30.0, 2030, "")),
        spec(lines=tuple(Line(f"s{i}", points([i, i + 1])) for i in range(12))),
    ],
)
def test_no_inline_styles_anywhere(chart):
    svg = render_svg(chart)
    root = parse(svg)
    for el in root.iter():
        assert el.tag != f"{NS}style"
        assert "style" not in el.attrib
    assert "style" not in svg


def test_ids_are_unique_across_different_charts_and_stable_for_the_same_one():
    first, second = render_svg(spec()), render_svg(spec(title="Other chart"))
    ids_first = {el.get("id") for el in parse(first).iter() if el.get("id")}
    ids_second = {el.get("id") for el in parse(second).iter() if el.get("id")}
    assert len(ids_first) == 2 and len(ids_second) == 2
    assert not ids_first & ids_second
    assert render_svg(spec()) == first


def test_ids_differ_when_only_the_data_differs():
    a = parse(render_svg(spec()))
    changed = spec(lines=(Line("Total", points([62.1, 61.5, 60.2, 58.9, 57.1]), True),))
    b = parse(render_svg(changed))
    assert a.find(f"{NS}title").get("id") != b.find(f"{NS}title").get("id")


def test_chart_id_overrides_the_hash():
    root = parse(render_svg(spec(chart_id="ghg-2")))
    assert root.get("aria-labelledby") == "ghg-2-title ghg-2-desc"


def test_rendering_is_deterministic_byte_for_byte():
    chart = spec(target=TargetLine(30.0, 2030, ""), lang="ja", labels=LABELS_JA)
    assert render_svg(chart) == render_svg(chart)
    rebuilt = spec(target=TargetLine(30.0, 2030, ""), lang="ja", labels=dict(LABELS_JA))
    assert render_svg(rebuilt) == render_svg(chart)


def test_generated_description_summarises_the_data():
    desc = parse(render_svg(spec(target=TargetLine(10, 2030, "")))).find(f"{NS}desc").text
    assert desc == (
        "Line chart of 2 series from 2010 to 2014; latest headline value 57 Mt in 2014; "
        "target 10 Mt by 2030."
    )


def test_description_uses_translated_labels_and_periods_as_written():
    line = Line("総量", (Point(2016, 5.0, "2016-17"), Point(2017, 4.5, "2017-18")), True)
    chart = ChartSpec("排出量", (line,), lang="ja", labels=LABELS_JA)
    desc = parse(render_svg(chart)).find(f"{NS}desc").text
    assert desc == "2016-17から2017-18までの1系列の折れ線グラフ、主な系列の最新値は2017-18の4.5。"


def test_given_description_is_used_as_is():
    desc = parse(render_svg(spec(description="Emissions fall."))).find(f"{NS}desc").text
    assert desc == "Emissions fall."


# --- content ------------------------------------------------------------------------------------


def test_target_line_is_dashed_and_labelled():
    root = parse(render_svg(spec(target=TargetLine(30.0, 2030, "2030 goal"))))
    dashed = [
        el
        for el in root.iter(f"{NS}line")
        if el.get("stroke-dasharray") and el.find(f"{NS}title") is not None
    ]
    assert len(dashed) == 1
    assert dashed[0].find(f"{NS}title").text == "2030 goal"
    assert "2030 goal" in texts(root)
    assert "Target" in texts(root)  # legend entry
    assert "2030" in texts(root)  # the x axis reaches the target year


def test_target_label_is_built_when_empty():
    root = parse(render_svg(spec(target=TargetLine(30.0, 2030, ""), decimals=1)))
    assert "Target: 30.0 Mt (2030)" in texts(root)
    root = parse(render_svg(spec(target=TargetLine(30.0, None, ""))))
    assert "Target: 30 Mt" in texts(root)


def test_gaps_break_the_line_into_segments():
    line = Line("Gappy", points([1.0, 2.0, None, 4.0, 5.0, None, None, 8.0, 9.0]))
    root = parse(render_svg(spec(lines=(line,))))
    paths = series_paths(root)["Gappy"]
    assert len(paths) == 3
    assert all(p.get("d").count("M") == 1 for p in paths)
    markers = [el for el in root.iter() if el.find(f"{NS}title") is not None]
    assert len([m for m in markers if m.find(f"{NS}title").text.startswith("Gappy")]) == 6


def test_each_point_has_a_hover_title():
    root = parse(render_svg(spec(decimals=1)))
    titles = [el.text for el in root.iter(f"{NS}title")][1:]
    assert "Total — 2010: 62.1 Mt" in titles
    assert "Industry — 2014: 18.0 Mt" in titles
    assert len(titles) == 10


def test_series_differ_by_marker_and_dash_not_only_colour():
    lines = tuple(Line(f"s{i}", points([i, i + 1, i + 2])) for i in range(MAX_DRAWN_LINES))
    root = parse(render_svg(spec(lines=lines)))
    groups = [g for g in root.iter(f"{NS}g") if g.get("class") == "series"]
    signatures = set()
    for g in groups:
        marker = next(el for el in g if el.find(f"{NS}title") is not None)
        path = next(el for el in g if el.get("fill") == "none")
        shape = re.sub(r"^M[-0-9.]+ [-0-9.]+", "", marker.get("d", "circle"))
        signatures.add((shape, marker.get("fill") == "#ffffff", path.get("stroke-dasharray")))
    assert len(signatures) == MAX_DRAWN_LINES  # distinct without looking at colour


def _luminance(hex_colour):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("colour", PALETTE)
def test_palette_has_3_to_1_contrast_against_white(colour):
    assert 1.05 / (_luminance(colour) + 0.05) >= 3.0


def test_many_series_draw_eight_and_point_to_the_table():
    lines = tuple(Line(f"s{i}", points([i, i + 1]), is_headline=i == 11) for i in range(12))
    root = parse(render_svg(spec(lines=lines)))
    drawn = set(series_paths(root))
    assert len(drawn) == 8
    assert "s11" in drawn  # the headline, then the first seven
    assert drawn == {"s11", *(f"s{i}" for i in range(7))}
    assert "+4 more series in the table" in texts(root)


@pytest.mark.parametrize(
    "lines",
    [
        (),
        (Line("Empty", ()),),
        (Line("All gaps", points([None, None, None])),),
    ],
)
def test_charts_without_values_say_no_data(lines):
    root = parse(render_svg(spec(lines=lines)))
    assert "No data" in texts(root)
    assert root.find(f"{NS}desc").text == "Line chart with no data."


def test_no_data_is_translated():
    root = parse(render_svg(spec(lines=(), labels=LABELS_JA, lang="ja")))
    assert "データなし" in texts(root)


@pytest.mark.parametrize(
    "values",
    [[5.0], [3.0, 3.0, 3.0], [0.0, 0.0], [-5.0, -2.0, -8.0], [-3.0, 4.0], [1e9, 1.2e9], [0.001]],
)
def test_awkward_data_renders_within_the_plot(values):
    root = parse(render_svg(spec(lines=(Line("x", points(values)),))))
    for el in root.iter():
        for attr in ("x", "y", "cx", "cy", "x1", "x2", "y1", "y2"):
            if el.get(attr) is not None:
                assert math.isfinite(float(el.get(attr)))
                assert -1 <= float(el.get(attr)) <= 721


def test_y_axis_starts_at_zero_for_positive_data_near_zero():
    root = parse(render_svg(spec(lines=(Line("x", points([2.0, 5.0, 9.0])),))))
    assert "0" in texts(root)


def test_y_axis_fits_data_far_from_zero():
    root = parse(render_svg(spec(lines=(Line("x", points([1000.0, 1010.0, 1020.0])),))))
    assert "0" not in texts(root)
    assert "1,000" in texts(root)


def test_x_ticks_are_thinned_for_long_series():
    long = Line("Long", points([float(i) for i in range(100)], start=1920))
    years = [
        t for t in texts(parse(render_svg(spec(lines=(long,))))) if t.isdigit() and int(t) > 1900
    ]
    assert 3 <= len(years) <= 15
    steps = {int(b) - int(a) for a, b in zip(years, years[1:], strict=False)}
    assert len(steps) == 1


def test_long_legend_names_are_shortened_but_hover_titles_keep_them():
    name = "A very long series name " * 10
    root = parse(render_svg(spec(width=400, lines=(Line(name, points([1.0, 2.0])),))))
    legend = [t for t in texts(root) if t.startswith("A very")]
    assert legend and all(t.endswith("…") and len(t) < len(name) for t in legend)
    assert any(name in (el.text or "") for el in root.iter(f"{NS}title"))


def test_nan_values_are_gaps_and_unsorted_points_are_sorted():
    line = Line("x", (Point(2012, 3.0), Point(2010, 1.0), Point(2011, float("nan"))))
    root = parse(render_svg(spec(lines=(line,))))
    assert series_paths(root)["x"] == []  # two single points, no line between them


def test_text_is_escaped():
    nasty = "A <b> & \"quoted\" 'single' 東京都 \x00\x0b"
    chart = spec(
        title=nasty,
        y_label="<unit>",
        lines=(Line(nasty, (Point(2020, 1.0, "<2020>"), Point(2021, 2.0, "&")), True),),
        target=TargetLine(1.5, 2030, "</text>"),
    )
    svg = render_svg(chart)
    root = parse(svg)
    assert root.find(f"{NS}title").text == "A <b> & \"quoted\" 'single' 東京都 "
    assert "</text>" in texts(root)
    assert "<unit>" in texts(root)
    assert any("<2020>" in (el.text or "") for el in root.iter(f"{NS}title"))


@given(
    name=st.text(max_size=30),
    title=st.text(max_size=30),
    values=st.lists(st.none() | st.floats(-1e12, 1e12, allow_nan=False), min_size=0, max_size=12),
)
def test_any_text_and_values_give_well_formed_svg(name, title, values):
    svg = render_svg(spec(title=title, lines=(Line(name, points(values)),)))
    root = parse(svg)
    assert root.find(f"{NS}title") is not None


# --- nice_ticks ---------------------------------------------------------------------------------


def _is_nice(step):
    mantissa = Decimal(repr(step)).normalize()
    digits = mantissa.as_tuple().digits
    return tuple(d for d in digits) in {(1,), (2,), (2, 5), (5,)}


@given(
    lo=st.floats(-1e9, 1e9, allow_nan=False),
    hi=st.floats(-1e9, 1e9, allow_nan=False),
    max_ticks=st.integers(2, 12),
)
def test_nice_ticks_properties(lo, hi, max_ticks):
    ticks = nice_ticks(lo, hi, max_ticks)
    low, high = min(lo, hi), max(lo, hi)
    assert 2 <= len(ticks) <= max_ticks + 1
    step = ticks[1] - ticks[0]
    tolerance = step * 1e-6
    assert ticks[0] <= low + tolerance
    assert ticks[-1] >= high - tolerance
    for a, b in zip(ticks, ticks[1:], strict=False):
        assert abs((b - a) - step) <= tolerance
    nominal = float(f"{step:.6g}")
    assert _is_nice(nominal), (ticks, nominal)
    assert ticks == sorted(ticks)


@pytest.mark.parametrize(
    ("lo", "hi", "expected"),
    [
        (0, 10, [0, 2, 4, 6, 8, 10]),
        (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (0.1, 0.3, [0.1, 0.15, 0.2, 0.25, 0.3]),
        (-3, 7, [-4, -2, 0, 2, 4, 6, 8]),
        (1000, 1020, [1000, 1005, 1010, 1015, 1020]),
        (0, 25, [0, 5, 10, 15, 20, 25]),
        (0, 250, [0, 50, 100, 150, 200, 250]),
        (5, 5, [4.4, 4.6, 4.8, 5.0, 5.2, 5.4, 5.6]),
        (0, 0, [-0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6]),
    ],
)
def test_nice_ticks_examples(lo, hi, expected):
    assert nice_ticks(lo, hi) == expected


def test_nice_ticks_can_use_two_and_a_half():
    assert nice_ticks(0, 10, 4) == [0, 2.5, 5, 7.5, 10]


def test_nice_ticks_are_exact_decimals():
    assert nice_ticks(0.1, 0.7, 6) == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]


@pytest.mark.parametrize(
    ("lo", "hi", "max_ticks"), [(math.nan, 1, 6), (0, math.inf, 6), (0, 1, 1), (0, 1e307, 6)]
)
def test_nice_ticks_rejects_bad_input(lo, hi, max_ticks):
    with pytest.raises(ValueError):
        nice_ticks(lo, hi, max_ticks)


# --- format_number ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (1234567.0, 0, "en", "1,234,567"),
        (1234567.891, 2, "en", "1,234,567.89"),
        (1234567.891, 2, "ja", "1,234,567.89"),
        (12.3, None, "en", "12.3"),
        (12.0, None, "en", "12"),
        (0.1 + 0.2, None, "en", "0.3"),
        (1e6, None, "ja", "1,000,000"),
        (-0.0, 0, "en", "0"),
        (-0.004, 2, "en", "0.00"),
        (-0.4, 0, "en", "0"),
        (-1e-9, None, "en", "0"),
        (-1234.5, 1, "en", "-1,234.5"),
        (2.5, 0, "en", "2"),  # round half to even, as Python formats
        (1234567.5, 1, "de", "1.234.567,5"),
        (1234.5, 1, "ja-JP", "1,234.5"),
        (math.nan, 1, "en", "–"),
    ],
)
def test_format_number(value, decimals, lang, expected):
    assert format_number(value, decimals, lang) == expected


@given(st.floats(-1e12, 1e12, allow_nan=False), st.integers(0, 4))
def test_format_number_never_gives_minus_zero(value, decimals):
    text = format_number(value, decimals, "en")
    assert not (text.startswith("-") and float(text.replace(",", "")) == 0)
    assert float(text.replace(",", "")) == pytest.approx(value, abs=10**-decimals)
