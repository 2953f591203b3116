"""Server-side SVG line charts for indicator data: small, fast, deterministic and accessible.

A chart is described by a :class:`ChartSpec` (data plus a few encoding choices, in the spirit of a
Vega-Lite spec) and turned into a standalone SVG document by :func:`render_svg`. The same SVG
serves the HTML pages, the static site export and the PDF reports.

Accessibility and security choices:

* The root element has ``role="img"`` and is labelled by its ``<title>`` and ``<desc>``; the
  description is a one-sentence summary that is built from the data when the caller gives none.
* Colour never carries meaning alone: every series has its own marker shape and dash pattern, and
  the legend shows both. Line colours come from the Okabe-Ito palette (darkened where needed) and
  have at least 3:1 contrast against white.
* Every data point has a ``<title>`` child ("name — period: value") for hover.
* No ``style`` attribute and no ``<style>`` element: only SVG presentation attributes, so the
  output passes a Content Security Policy that forbids inline styles.
* Element ids derive from a hash of the spec: two different charts on one page never share ids,
  and the same spec always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_LABELS",
    "MAX_DRAWN_LINES",
    "PALETTE",
    "ChartSpec",
    "Line",
    "Point",
    "TargetLine",
    "format_number",
    "nice_ticks",
    "render_svg",
]


@dataclass(frozen=True)
class Point:
    """One observation: ``x`` is the year (fractional for dates), ``y`` the value or None (gap)."""

    x: float
    y: float | None
    label: str = ""  # the period as written, e.g. "2017-18"


@dataclass(frozen=True)
class Line:
    """One series; ``name`` is the legend text."""

    name: str
    points: tuple[Point, ...]
    is_headline: bool = False


@dataclass(frozen=True)
class TargetLine:
    """A target value, drawn as a dashed horizontal line (up to ``year`` when given)."""

    value: float
    year: int | None = None
    label: str = ""  # text beside the line; built from the value and year when empty


@dataclass(frozen=True)
class ChartSpec:
    """Everything :func:`render_svg` needs. ``y_label`` is the unit; ``labels`` translates words."""

    title: str
    lines: tuple[Line, ...]
    y_label: str = ""
    target: TargetLine | None = None
    lang: str = "en"
    decimals: int | None = None
    width: int = 720
    height: int = 360
    description: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    chart_id: str = ""  # overrides the hash-derived id prefix (e.g. the same chart twice on a page)


# Words and sentence templates used in the generated text. Callers translate them by passing
# ``ChartSpec.labels``; missing keys fall back to these English defaults.
DEFAULT_LABELS: Mapping[str, str] = {
    "Target": "Target",
    "Year": "Year",
    "No data": "No data",
    "more_series": "+{n} more series in the table",
    "desc_series": "Line chart of {n} series from {start} to {end}",
    "desc_latest": "latest headline value {value} in {period}",
    "desc_target": "target {value} by {year}",
    "desc_target_no_year": "target {value}",
    "desc_empty": "Line chart with no data",
    "target_label": "{target}: {value} ({year})",
    "target_label_no_year": "{target}: {value}",
    "sep": "; ",
    "end": ".",
}

# Okabe-Ito hues, darkened where the original is lighter than 3:1 against white.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#B8588F",  # reddish purple (darkened)
    "#000000",  # black
    "#A86E00",  # orange (darkened)
    "#6A3D9A",  # purple
    "#5E5E5E",  # grey
)
MARKERS: tuple[str, ...] = (
    "circle",
    "square",
    "triangle",
    "diamond",
    "triangle-down",
    "circle-open",
    "square-open",
    "diamond-open",
)
DASHES: tuple[str, ...] = ("", "8 4", "3 3", "10 3 3 3")
MAX_DRAWN_LINES = 8
_MAX_ABS = 1e300  # larger chart values are treated as gaps (they cannot be padded or ticked)
_MAX_TICK = 1e306  # nice_ticks bounds: the last tick must still be a finite float

TEXT = "#1b1b1b"
AXIS = "#595959"
GRID = "#dcdcdc"
TARGET = "#333333"
FONT = 'system-ui, "Hiragino Sans", "Noto Sans JP", sans-serif'
TICK_FONT = 12
LEGEND_FONT = 13
LEGEND_ROW = 22
SWATCH = 30  # legend sample line length

_NICE = ((1, 1), (2, 1), (5, 2), (5, 1))  # 1, 2, 2.5, 5 as fractions
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
_SEPARATORS = {"en": (",", "."), "ja": (",", "."), "zh": (",", "."), "ko": (",", ".")}
_SEPARATORS.update({"de": (".", ","), "es": (".", ","), "fr": ("\u202f", ","), "it": (".", ",")})
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


# --- numbers ---------------------------------------------------------------------------------


def format_number(value: float, decimals: int | None, lang: str) -> str:
    """Format ``value`` with thousands separators for ``lang``; never returns "-0".

    With ``decimals=None`` the value keeps the decimals it needs (at most 6), without trailing
    zeros: 12.30 → "12.3", 1234567.0 → "1,234,567".
    """
    if not math.isfinite(value):
        return "–"
    if decimals is None:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{max(0, decimals)}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]
    group, point = _SEPARATORS.get(lang.split("-")[0].lower(), (",", "."))
    if (group, point) != (",", "."):
        text = text.replace(",", "\0").replace(".", point).replace("\0", group)
    return text


def _step_value(index: int, num: int, den: int, exp: int) -> float:
    """``index * num/den * 10**exp`` as the nearest float (one exact integer division)."""
    scale: int = 10 ** abs(exp)
    if exp >= 0:
        return index * num * scale / den
    return index * num / (den * scale)


def _nice_step(lo: float, hi: float, max_ticks: int) -> tuple[int, int, int, int, int]:
    """The smallest nice step that covers [lo, hi] with at most ``max_ticks + 1`` ticks."""
    exp = math.floor(math.log10((hi - lo) / max_ticks))
    while True:
        for num, den in _NICE:
            step = _step_value(1, num, den, exp)
            q_lo, q_hi = lo / step, hi / step
            first = round(q_lo) if abs(q_lo - round(q_lo)) < 1e-9 else math.floor(q_lo)
            last = round(q_hi) if abs(q_hi - round(q_hi)) < 1e-9 else math.ceil(q_hi)
            if last - first <= max_ticks:
                return num, den, exp, first, last
        exp += 1


def nice_ticks(lo: float, hi: float, max_ticks: int = 6) -> list[float]:
    """Evenly spaced round tick values covering [lo, hi], at most ``max_ticks + 1`` of them.

    The step is 1, 2, 2.5 or 5 times a power of ten and every tick is a multiple of it.
    Equal bounds are widened by 10% (or to [0, 1] around zero).
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"nice_ticks needs finite bounds, got {lo!r} and {hi!r}")
    if max_ticks < 2:
        raise ValueError(f"nice_ticks needs max_ticks >= 2, got {max_ticks}")
    if lo > hi:
        lo, hi = hi, lo
    if max(abs(lo), abs(hi)) > _MAX_TICK:
        raise ValueError(f"nice_ticks bounds must be within ±{_MAX_TICK:g}, got {lo!r} and {hi!r}")
    magnitude = max(abs(lo), abs(hi))
    if hi - lo <= max(magnitude * 1e-9, 1e-200):
        pad = magnitude * 0.1 if magnitude > 1e-200 else 0.5
        lo, hi = lo - pad, hi + pad
    num, den, exp, first, last = _nice_step(lo, hi, max_ticks)
    return [_step_value(i, num, den, exp) for i in range(first, last + 1)]


def _tick_decimals(ticks: list[float]) -> int:
    """Decimals needed to tell the ticks apart (from their step)."""
    if len(ticks) < 2:
        return 0
    step = ticks[1] - ticks[0]
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    if abs(round(step, decimals) - step) > step * 1e-6:
        decimals += 1  # steps of 2.5 × 10^k
    return decimals


# --- text ------------------------------------------------------------------------------------


def _esc(text: str) -> str:
    """Escape text for XML content and double-quoted attributes; drop characters XML forbids."""
    return _XML_INVALID.sub("", text).translate(_XML_ESCAPES)


def _text_width(text: str, size: float) -> float:
    """A rough rendered width: wide (CJK) characters are one em, others about 0.6 em."""
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return (wide + (len(text) - wide) * 0.6) * size


def _fit(text: str, room: float, size: float) -> str:
    """``text`` shortened with an ellipsis to fit ``room`` pixels (roughly)."""
    if _text_width(text, size) <= room:
        return text
    while text and _text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _f(value: float) -> str:
    """A coordinate with one decimal, without "-0.0"."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


# --- the chart -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Series:
    line: Line
    points: tuple[Point, ...]  # finite x, sorted by x; y None or finite
    color: str
    marker: str
    dash: str


def _usable(y: float) -> bool:
    return math.isfinite(y) and abs(y) <= _MAX_ABS


def _clean(points: tuple[Point, ...]) -> tuple[Point, ...]:
    """The points with a usable x, sorted by x; an unusable y (NaN, ±inf, > 1e300) is a gap."""
    previous, limit = -_MAX_ABS, _MAX_ABS
    for p in points:
        # Chained comparisons are False for NaN and infinities: one test per value.
        if not previous <= p.x <= limit or (p.y is not None and not -limit <= p.y <= limit):
            break
        previous = p.x
    else:
        return points  # the usual case: already clean
    kept = [
        p if p.y is None or _usable(p.y) else Point(p.x, None, p.label)
        for p in points
        if _usable(p.x)
    ]
    kept.sort(key=lambda p: p.x)
    return tuple(kept)


def _drawn(spec: ChartSpec) -> tuple[list[_Series], int]:
    """Series to draw (headlines first, at most MAX_DRAWN_LINES) and how many are left out."""
    ordered = [ln for ln in spec.lines if ln.is_headline] + [
        ln for ln in spec.lines if not ln.is_headline
    ]
    chosen = ordered[:MAX_DRAWN_LINES]
    series = []
    for i, ln in enumerate(chosen):
        dash = "" if ln.is_headline else DASHES[i % len(DASHES)]
        series.append(
            _Series(
                ln, _clean(ln.points), PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)], dash
            )
        )
    return series, len(ordered) - len(chosen)


def _labels(spec: ChartSpec) -> dict[str, str]:
    merged = dict(DEFAULT_LABELS)
    merged.update(spec.labels)
    return merged


def _chart_id(spec: ChartSpec, head: str, body: list[str]) -> str:
    """The id prefix: ``chart_id`` when given, else a short hash of everything the chart shows."""
    if spec.chart_id:
        return re.sub(r"[^A-Za-z0-9_-]", "-", spec.chart_id)
    digest = hashlib.blake2s(digest_size=5)
    digest.update(head.encode())
    digest.update(repr([(ln.name, len(ln.points)) for ln in spec.lines]).encode())
    digest.update("\n".join(body).encode())
    return "chart-" + digest.hexdigest()


def _fmt_template(template: str, **values: str) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def _period(point: Point) -> str:
    return point.label or format_number(math.floor(point.x), 0, "en").replace(",", "")


def _with_unit(value: str, unit: str) -> str:
    return f"{value} {unit}" if unit else value


def _valued_ends(points: tuple[Point, ...]) -> tuple[Point, Point] | None:
    """The first and the last point with a value, of points sorted by x."""
    first = next((p for p in points if p.y is not None), None)
    if first is None:
        return None
    last = next(p for p in reversed(points) if p.y is not None)
    return first, last


def _description(spec: ChartSpec, words: Mapping[str, str]) -> str:
    """The generated screen-reader summary."""
    ends = [_valued_ends(_clean(ln.points)) for ln in spec.lines]
    firsts = [e[0] for e in ends if e is not None]
    lasts = [e[1] for e in ends if e is not None]
    if not firsts:
        return words["desc_empty"] + words["end"]
    first = min(firsts, key=lambda p: p.x)
    last = max(lasts, key=lambda p: p.x)
    parts = [
        _fmt_template(
            words["desc_series"],
            n=str(len(spec.lines)),
            start=_period(first),
            end=_period(last),
        )
    ]
    headline = next((ln for ln in spec.lines if ln.is_headline), spec.lines[0])
    latest = _valued_ends(_clean(headline.points))
    if latest is not None and latest[1].y is not None:
        value = _with_unit(format_number(latest[1].y, spec.decimals, spec.lang), spec.y_label)
        parts.append(_fmt_template(words["desc_latest"], value=value, period=_period(latest[1])))
    if spec.target is not None and _usable(spec.target.value):
        value = _with_unit(format_number(spec.target.value, spec.decimals, spec.lang), spec.y_label)
        if spec.target.year is not None:
            parts.append(
                _fmt_template(words["desc_target"], value=value, year=str(spec.target.year))
            )
        else:
            parts.append(_fmt_template(words["desc_target_no_year"], value=value))
    return words["sep"].join(parts) + words["end"]


def _y_domain(values: list[float], plot_h: float) -> list[float]:
    lo, hi = min(values), max(values)
    if lo == hi:
        lo, hi = (0.0, 1.0) if lo == 0 else (min(lo, 0.0), max(hi, 0.0))
    else:
        span = hi - lo
        if lo >= 0 and lo <= span:
            lo = 0.0  # positive data close to zero: show the zero baseline
        elif hi <= 0 and -hi <= span:
            hi = 0.0
        pad = (hi - lo) * 0.05
        lo = lo if lo == 0 or (lo > 0 and lo - pad < 0) else lo - pad
        hi = hi if hi == 0 or (hi < 0 and hi + pad > 0) else hi + pad
    max_ticks = max(2, min(6, int(plot_h // 34)))
    return nice_ticks(lo, hi, max_ticks)


def _x_ticks(lo: float, hi: float, plot_w: float) -> tuple[float, float, list[int]]:
    """Domain and integer year ticks, thinned to fit the width."""
    start, end = math.floor(lo), math.ceil(hi)
    if start == end:
        start, end = start - 1, end + 1
    fit = max(2, int(plot_w // 48))
    step = next((s for s in _YEAR_STEPS if (end - start) // s + 1 <= fit), _YEAR_STEPS[-1])
    first = -(-start // step) * step
    return float(start), float(end), list(range(first, end + 1, step))


def _marker_maker(shape: str, r: float, color: str) -> tuple[str, float, float, str]:
    """(element head, dx, dy, tail) so that a marker at (x, y) is one f-string away.

    Circles become ``<circle cx=.. cy=.. r=..``; other shapes are paths that start at
    (x + dx, y + dy) and continue with relative commands in ``tail``.
    """
    fill = "#ffffff" if shape.endswith("-open") else color
    base = shape.removesuffix("-open")
    attrs = f'fill="{fill}" stroke="{color}" stroke-width="1.5"'
    if base == "circle":
        return f"circle {attrs}", 0.0, 0.0, f'r="{_f(r)}"'
    if base == "square":
        s = r * 0.9
        return f"path {attrs}", -s, -s, f"h{_f(2 * s)}v{_f(2 * s)}h{_f(-2 * s)}Z"
    if base == "triangle":
        s = r * 1.25
        return f"path {attrs}", 0.0, -s, f"l{_f(s)} {_f(1.8 * s)}h{_f(-2 * s)}Z"
    if base == "triangle-down":
        s = r * 1.25
        return f"path {attrs}", 0.0, s, f"l{_f(s)} {_f(-1.8 * s)}h{_f(-2 * s)}Z"
    s = r * 1.3  # diamond
    return f"path {attrs}", 0.0, -s, f"l{_f(s)} {_f(s)}l{_f(-s)} {_f(s)}l{_f(-s)} {_f(-s)}Z"


def _marker(shape: str, x: float, y: float, r: float, color: str, title: str) -> str:
    """One marker element, with a hover ``<title>`` when ``title`` (already escaped) is given."""
    head, dx, dy, tail = _marker_maker(shape, r, color)
    tag = head.split(" ", 1)[0]
    inner = f"<title>{title}</title>" if title else ""
    if tag == "circle":
        return f'<{head} cx="{x:.1f}" cy="{y:.1f}" {tail}>{inner}</circle>'
    return f'<{head} d="M{x + dx:.1f} {y + dy:.1f}{tail}">{inner}</path>'


@dataclass(frozen=True)
class _LegendItem:
    kind: str  # "series", "target" or "note"
    text: str
    width: float
    series: _Series | None = None


def _legend_items(
    series: list[_Series], hidden: int, spec: ChartSpec, words: Mapping[str, str]
) -> list[_LegendItem]:
    """The legend entries in order: series, the target, the note about series left out."""
    room = max(40.0, spec.width - 20.0 - SWATCH - 6)
    items = []
    for s in series:
        text = _fit(s.line.name, room, LEGEND_FONT)
        items.append(_LegendItem("series", text, SWATCH + 6 + _text_width(text, LEGEND_FONT), s))
    if spec.target is not None:
        text = words["Target"]
        items.append(_LegendItem("target", text, SWATCH + 6 + _text_width(text, LEGEND_FONT)))
    if hidden:
        text = _fmt_template(words["more_series"], n=str(hidden))
        items.append(_LegendItem("note", text, _text_width(text, LEGEND_FONT)))
    return items


def _layout_legend(items: list[_LegendItem], left: float, right: float) -> list[tuple[float, int]]:
    """Position (x, row) of each legend item, flowing into rows."""
    positions: list[tuple[float, int]] = []
    x, row = left, 0
    for item in items:
        width = item.width
        if x > left and x + width > right:
            x, row = left, row + 1
        positions.append((x, row))
        x += width + 18
    return positions


def _document(spec: ChartSpec, words: Mapping[str, str], body: list[str]) -> str:
    """The whole SVG: root element, title, description, background, ``body``."""
    title = _esc(spec.title)
    desc = _esc(spec.description or _description(spec, words))
    cid = _chart_id(spec, f"{title}\n{desc}", body)
    w, h = spec.width, spec.height
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f"font-family='{FONT}' font-size=\"{TICK_FONT}\">\n"
        f'<title id="{cid}-title">{title}</title>\n'
        f'<desc id="{cid}-desc">{desc}</desc>\n'
        f'<rect width="{w}" height="{h}" fill="#ffffff"/>\n'
    )
    return head + "\n".join(body) + "\n</svg>\n"


def _empty_chart(spec: ChartSpec, words: Mapping[str, str]) -> str:
    w, h = spec.width, spec.height
    body = [
        f'<rect x="8.5" y="8.5" width="{max(0, w - 17)}" height="{max(0, h - 17)}" '
        f'fill="none" stroke="{GRID}"/>',
        f'<text x="{_f(w / 2)}" y="{_f(h / 2 + 5)}" text-anchor="middle" font-size="16" '
        f'fill="{TEXT}">{_esc(words["No data"])}</text>',
    ]
    return _document(spec, words, body)


def render_svg(spec: ChartSpec) -> str:
    """Render ``spec`` as a standalone SVG document (a string, byte-for-byte deterministic)."""
    words = _labels(spec)
    series, hidden = _drawn(spec)
    values = [p.y for s in series for p in s.points if p.y is not None]
    if not values:
        return _empty_chart(spec, words)
    target = spec.target if spec.target is not None and _usable(spec.target.value) else None
    unit = spec.y_label
    width, height = spec.width, spec.height

    # Legend rows at the top, then the unit, then the plot.
    legend = _legend_items(series, hidden, spec, words)
    positions = _layout_legend(legend, 10.0, width - 10.0)
    rows = positions[-1][1] + 1 if positions else 0
    plot_top = 10.0 + rows * LEGEND_ROW + (30.0 if unit else 12.0)

    plot_bottom = height - 44.0
    y_ticks = _y_domain(values + ([target.value] if target else []), plot_bottom - plot_top)
    y_lo, y_hi = y_ticks[0], y_ticks[-1]
    tick_decimals = _tick_decimals(y_ticks)
    y_tick_text = [format_number(t, tick_decimals, spec.lang) for t in y_ticks]
    label_w = max(_text_width(t, TICK_FONT) for t in y_tick_text)
    plot_left = max(40.0, 10.0 + label_w + 8.0)
    plot_right = width - 16.0
    plot_bottom = max(plot_bottom, plot_top + 40.0)
    plot_right = max(plot_right, plot_left + 40.0)

    xs = [p.x for s in series for p in s.points]
    if target is not None and target.year is not None:
        xs.append(float(target.year))
    x_lo, x_hi, x_ticks = _x_ticks(min(xs), max(xs), plot_right - plot_left)
    inner = 12.0  # keep edge markers off the axis
    x_scale = (plot_right - plot_left - 2 * inner) / (x_hi - x_lo)
    y_scale = (plot_bottom - plot_top) / (y_hi - y_lo)

    def px(x: float) -> float:
        return plot_left + inner + (x - x_lo) * x_scale

    def py(y: float) -> float:
        return plot_bottom - (y - y_lo) * y_scale

    out: list[str] = []

    # Grid and y tick labels.
    out.append(f'<g stroke="{GRID}" stroke-width="1">')
    for t in y_ticks:
        y = py(t)
        out.append(f'<line x1="{_f(plot_left)}" y1="{_f(y)}" x2="{_f(plot_right)}" y2="{_f(y)}"/>')
    out.append("</g>")
    out.append(f'<g fill="{TEXT}" text-anchor="end">')
    for t, text in zip(y_ticks, y_tick_text, strict=True):
        out.append(f'<text x="{_f(plot_left - 8)}" y="{_f(py(t) + 4)}">{_esc(text)}</text>')
    out.append("</g>")
    if y_lo < 0 < y_hi:
        y0 = py(0.0)
        out.append(
            f'<line x1="{_f(plot_left)}" y1="{_f(y0)}" x2="{_f(plot_right)}" y2="{_f(y0)}" '
            f'stroke="{AXIS}" stroke-width="1"/>'
        )
    if unit:
        out.append(f'<text x="10" y="{_f(plot_top - 14)}" fill="{TEXT}">{_esc(unit)}</text>')

    # X axis.
    out.append(
        f'<line x1="{_f(plot_left)}" y1="{_f(plot_bottom)}" x2="{_f(plot_right)}" '
        f'y2="{_f(plot_bottom)}" stroke="{AXIS}" stroke-width="1"/>'
    )
    out.append(f'<g fill="{TEXT}" text-anchor="middle">')
    for year in x_ticks:
        x = px(year)
        out.append(
            f'<line x1="{_f(x)}" y1="{_f(plot_bottom)}" x2="{_f(x)}" y2="{_f(plot_bottom + 5)}" '
            f'stroke="{AXIS}"/>'
        )
        out.append(f'<text x="{_f(x)}" y="{_f(plot_bottom + 18)}">{year}</text>')
    out.append(
        f'<text x="{_f((plot_left + plot_right) / 2)}" y="{_f(plot_bottom + 36)}">'
        f"{_esc(words['Year'])}</text>"
    )
    out.append("</g>")

    # Target line and its label.
    if target is not None:
        ty = py(target.value)
        end_x = px(float(target.year)) if target.year is not None else plot_right
        value_text = _with_unit(format_number(target.value, spec.decimals, spec.lang), unit)
        if target.label:
            label = target.label
        elif target.year is not None:
            label = _fmt_template(
                words["target_label"],
                target=words["Target"],
                value=value_text,
                year=str(target.year),
            )
        else:
            label = _fmt_template(
                words["target_label_no_year"], target=words["Target"], value=value_text
            )
        out.append(
            f'<g><line x1="{_f(plot_left)}" y1="{_f(ty)}" x2="{_f(end_x)}" y2="{_f(ty)}" '
            f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4">'
            f"<title>{_esc(label)}</title></line>"
        )
        if target.year is not None:
            out.append(
                f'<circle cx="{_f(end_x)}" cy="{_f(ty)}" r="4.5" fill="#ffffff" '
                f'stroke="{TARGET}" stroke-width="2"><title>{_esc(label)}</title></circle>'
            )
        label_w = _text_width(label, TICK_FONT)
        label_x = min(end_x, plot_right) - 6
        anchor_x = max(label_x, plot_left + label_w + 4)
        above = ty - 8 > plot_top + 4
        label_y = ty - 8 if above else ty + 16
        out.append(
            f'<rect x="{_f(anchor_x - label_w - 3)}" y="{_f(label_y - 12)}" '
            f'width="{_f(label_w + 6)}" height="16" fill="#ffffff" fill-opacity="0.85"/>'
        )
        out.append(
            f'<text x="{_f(anchor_x)}" y="{_f(label_y)}" text-anchor="end" fill="{TEXT}">'
            f"{_esc(label)}</text></g>"
        )

    # Series: non-headlines first so that headlines are drawn on top.
    dense = max((len(s.points) for s in series), default=0) > 40
    radius = 2.6 if dense else 3.6
    decimals, lang = spec.decimals, spec.lang
    unit_suffix = f" {_esc(unit)}" if unit else ""
    x0 = plot_left + inner - x_lo * x_scale
    y0 = plot_bottom + y_lo * y_scale
    periods: dict[str, str] = {}  # escaped period labels, shared by the series
    for s in sorted(series, key=lambda s: s.line.is_headline):
        name = _esc(s.line.name)
        stroke_w = "3" if s.line.is_headline else "2"
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        head, dx, dy, tail = _marker_maker(s.marker, radius, s.color)
        tag = head.split(" ", 1)[0]
        segments: list[list[str]] = []
        current: list[str] = []
        markers: list[str] = []
        for p in s.points:
            if p.y is None:
                if current:
                    segments.append(current)
                    current = []
                continue
            x, y = x0 + p.x * x_scale, y0 - p.y * y_scale
            current.append(f"{x:.1f} {y:.1f}")
            period = periods.get(p.label) if p.label else None
            if period is None:
                period = _esc(_period(p))
                if p.label:
                    periods[p.label] = period
            title = (
                f"<title>{name} — {period}: "
                f"{format_number(p.y, decimals, lang)}{unit_suffix}</title>"
            )
            if tag == "circle":
                markers.append(f'<{head} cx="{x:.1f}" cy="{y:.1f}" {tail}>{title}</circle>')
            else:
                markers.append(f'<{head} d="M{x + dx:.1f} {y + dy:.1f}{tail}">{title}</path>')
        if current:
            segments.append(current)
        out.append(f'<g class="series" data-name="{name}">')
        for seg in segments:
            if len(seg) > 1:
                out.append(
                    f'<path d="M{"L".join(seg)}" fill="none" stroke="{s.color}" '
                    f'stroke-width="{stroke_w}" stroke-linejoin="round"{dash}/>'
                )
        out.extend(markers)
        out.append("</g>")

    # Legend.
    out.append(f'<g font-size="{LEGEND_FONT}" fill="{TEXT}">')
    for item, (x, row) in zip(legend, positions, strict=True):
        y = 10.0 + row * LEGEND_ROW + 11
        text_x = x
        if item.series is not None:
            s = item.series
            dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
            sw = "3" if s.line.is_headline else "2"
            out.append(
                f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x + SWATCH)}" y2="{_f(y)}" '
                f'stroke="{s.color}" stroke-width="{sw}"{dash}/>'
            )
            out.append(_marker(s.marker, x + SWATCH / 2, y, 3.6, s.color, ""))
            text_x = x + SWATCH + 6
        elif item.kind == "target":
            out.append(
                f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x + SWATCH)}" y2="{_f(y)}" '
                f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            )
            text_x = x + SWATCH + 6
        out.append(f'<text x="{_f(text_x)}" y="{_f(y + 4.5)}">{_esc(item.text)}</text>')
    out.append("</g>")
    return _document(spec, words, out)
