"""The shapes of the API's answers, declared so the OpenAPI document describes them exactly."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError

from localsdg.i18n import Localized, language_codes


class TextOut(Schema):
    """A content text in ``lang``; ``is_fallback`` when it is shown in another language."""

    text: str
    lang: str
    is_fallback: bool


def text_out(value: Localized) -> dict[str, Any]:
    return {"text": value.text, "lang": value.lang, "is_fallback": value.is_fallback}


def checked_lang(lang: str, status: int = 422) -> str:
    """``lang`` when it is one of the site's languages; else an API error naming the choices."""
    if lang not in language_codes():
        choices = ", ".join(language_codes())
        raise HttpError(status, _("lang must be one of: %(choices)s.") % {"choices": choices})
    return lang


class ProblemOut(Schema):
    """One problem with the request or with an uploaded file: where it is and why."""

    file: str | None = None
    line: int | None = None
    column: str | None = None
    field: str | None = None
    kind: str | None = None
    reason: str


class ErrorOut(Schema):
    code: str
    message: str
    problems: list[ProblemOut] | None = None


class ErrorEnvelope(Schema):
    """Every error answer: ``{"error": {"code": …, "message": …}}``."""

    error: ErrorOut


def errors(*codes: int) -> dict[int, Any]:
    """Error responses for an operation's ``response=`` mapping."""
    return dict.fromkeys(codes, ErrorEnvelope)


class OrganisationOut(Schema):
    slug: str
    name_en: str
    name_ja: str
    kind: str
    hub: str | None


class OrganisationDetailOut(OrganisationOut):
    country: str
    population: int | None
    description: dict[str, str]
    website: str
    is_sample: bool
    members: list[str]
    indicator_count: int


class ResultOut(Schema):
    level: str
    indicator: str | None
    series_id: int | None
    goal: int | None
    method: str
    method_version: str
    status: str
    score: float | None
    is_manual: bool
    explanation_en: str
    explanation_ja: str
    details: dict[str, Any]


class GoalOut(Schema):
    number: int
    colour: str
    title: dict[str, str]
    short_title: dict[str, str]
    targets: list[str]


class GoalDetailOut(GoalOut):
    indicators: list[str]


class TargetOut(Schema):
    code: str
    goal: int
    title: dict[str, str]
    indicators: list[str]


class LocalIndicatorRef(Schema):
    organisation: str
    code: str
    kind: str


class GlobalIndicatorOut(Schema):
    code: str
    goal: int
    target: str
    title: dict[str, str]
    same_as: str | None


class GlobalIndicatorDetailOut(GlobalIndicatorOut):
    local_indicators: list[LocalIndicatorRef]


class LinkOut(Schema):
    code: str
    kind: str


class SeriesOut(Schema):
    id: int
    series: str
    unit: str
    dimensions: str


class TargetValueOut(Schema):
    series_id: int
    value: float
    year: int
    baseline_year: int | None
    baseline_value: float | None


class IndicatorOut(Schema):
    code: str
    name: dict[str, str]
    unit: dict[str, str]
    direction: int | None
    reporting_status: str
    links: list[LinkOut]
    source_url: str
    data_updated: str | None
    metadata: dict[str, Any]
    series: list[SeriesOut]


class IndicatorDetailOut(IndicatorOut):
    organisation: str
    limit: float | None
    decimals: int | None
    source_organisation: dict[str, str]
    department: dict[str, str]
    dimensions: list[Any]
    targets: list[TargetValueOut]


class ObservationOut(Schema):
    pk: int
    series_id: int
    period: str
    start_year: int
    end_year: int
    value: float | None
    value_text: str
    flags: str
    footnote: str


class ObservationPage(Schema):
    results: list[ObservationOut]
    next_cursor: int | None


class ReleaseOut(Schema):
    """A data release as the public may see it: published indicators only, nobody's name."""

    id: int
    created: str
    kind: str
    file_name: str | None
    file_format: str
    sha256: str | None
    added: int
    changed: int
    removed: int
    note: str | None
    indicators: list[str]
    rolls_back: int | None


class IndicatorDiffOut(Schema):
    code: str
    is_new: bool
    added: int
    changed: int
    removed: int
    unchanged: int


class SkippedOut(Schema):
    """A file or indicator that ``skip_invalid`` left out, with its first errors."""

    file: str | None
    indicator: str | None
    problems: list[ProblemOut]
    more: int  # further errors of this file or indicator, not listed


class ImportOut(Schema):
    """What an import did (201) or would do (200, dry run)."""

    dry_run: bool
    stored: bool
    release: ReleaseOut | None
    totals: dict[str, int]
    indicators: list[IndicatorDiffOut]
    warnings: list[ProblemOut]
    skipped: list[SkippedOut] = []
