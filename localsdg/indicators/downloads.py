"""The downloads page of an organisation and the files it offers, built in one place.

Files: every published indicator as one zip (one tidy CSV per indicator, ``catalogue.json``, a
bilingual ``README.txt``), one CSV and one Excel workbook per goal that has data, and the
catalogue on its own (DCAT-AP style JSON-LD, see docs/downloads.md). All of them are made by
the format registry's writers from ``dataset_for`` (no second writer), and are deterministic:
the same published data gives the same bytes (fixed zip timestamps, sorted entries), so the
static exporter can skip files that did not change. Only published indicators of published
organisations are reached.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

import polars as pl
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localsdg.core.codes import indicator_id, parse_code
from localsdg.core.formats.model import DataSet
from localsdg.core.formats.registry import get_format
from localsdg.framework.models import Goal
from localsdg.i18n import language_codes
from localsdg.indicators.datasets import dataset_for, indicator_csv
from localsdg.indicators.models import Indicator, Observation
from localsdg.orgs.models import Organisation
from localsdg.web.cache import memoized
from localsdg.web.parts import GoalTile, OrgSummary, goal_tiles, org_summary

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
JSON_LD = "application/ld+json; charset=utf-8"
IANA = "https://www.iana.org/assignments/media-types/"
CATALOGUE = "catalogue.json"
EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)  # the zip format cannot date a file before 1980
GOAL_FILE = re.compile(r"goal-([1-9][0-9]?)\.(csv|xlsx)")
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True)
class Bundle:
    """An organisation's published indicators (official code order) and their data."""

    org: Organisation
    indicators: tuple[Indicator, ...]
    data: DataSet

    @property
    def modified(self) -> datetime | None:
        dates = [modified_of(i) for i in self.indicators]
        return max(dates) if dates else None

    def goals(self) -> list[int]:
        """Goals with at least one observation, in order."""
        codes = self.data.observations.get_column("indicator").unique().to_list()
        return sorted({indicator_id(code).goal for code in codes})

    def of_goal(self, goal: int) -> Bundle:
        """One goal's part: its files depend on (and are dated by) that part only."""
        indicators = tuple(i for i in self.indicators if indicator_id(i.code).goal == goal)
        return Bundle(self.org, indicators, subset(self.data, [i.code for i in indicators]))


@dataclass(frozen=True)
class DownloadFile:
    """One file of the downloads page, as the page and the HTTP view need it."""

    name: str  # the last part of the URL, e.g. goal-11.csv
    url: str
    content_type: str
    format: str  # what a reader calls it: ZIP, CSV, Excel, JSON-LD
    size: int
    description: str  # one line in the page's language
    goal: GoalTile | None = None


@dataclass(frozen=True)
class DownloadsPage:
    org: OrgSummary
    files: tuple[DownloadFile, ...]
    indicator_count: int
    observation_count: int
    modified: datetime | None


@dataclass(frozen=True)
class FileBody:
    name: str
    content_type: str
    body: bytes
    disposition: str  # the Content-Disposition header


def modified_of(indicator: Indicator) -> datetime:
    """When the indicator last changed: its data, else its record."""
    return indicator.data_updated or indicator.updated


def published_org(slug: str) -> Organisation:
    org = Organisation.objects.published().filter(slug=slug).first()
    if org is None:
        raise Http404(_("There is no published organisation with this name."))
    return org


def read_bundle(org: Organisation) -> Bundle:
    """Published indicators and their data, read from the database."""
    indicators = sorted(
        Indicator.objects.published().for_org(org).prefetch_related("links"),
        key=lambda i: indicator_id(i.code),
    )
    codes = [i.code for i in indicators]
    data = dataset_for(org, codes=codes, published_only=True)
    return Bundle(org=org, indicators=tuple(indicators), data=data)


def load_bundle(org: Organisation) -> Bundle:
    """The organisation's bundle, read once per process until published data changes."""
    return memoized(("downloads-bundle", org.pk), lambda: read_bundle(org))


def org_csvs(org: Organisation) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Every published indicator's full and headline CSV (the same in every language)."""

    return memoized(("downloads-csvs", org.pk), lambda: indicator_csvs(load_bundle(org)))


def org_files(org: Organisation) -> dict[str, bytes]:
    """Every file of the downloads page by name, in the active language (URLs inside differ)."""

    def build() -> dict[str, bytes]:
        bundle = load_bundle(org)
        csvs, headlines = org_csvs(org)
        catalogue_json = as_json(catalogue(bundle, sizes(csvs), sizes(headlines)))
        files = {
            zip_name(org.slug): all_data_zip(bundle, csvs, catalogue_json),
            CATALOGUE: catalogue_json,
        }
        return files | goal_files(org)

    return memoized(("downloads-files", org.pk, translation.get_language()), build)


def goal_files(org: Organisation) -> dict[str, bytes]:
    """The CSV and Excel file of each goal with data (the same in every language)."""

    def build() -> dict[str, bytes]:
        bundle = load_bundle(org)
        return {
            f"goal-{goal}.{extension}": goal_file(bundle, goal, extension)
            for goal in bundle.goals()
            for extension in ("csv", "xlsx")
        }

    return memoized(("downloads-goal-files", org.pk), build)


def sizes(csvs: dict[str, bytes]) -> dict[str, int]:
    return {code: len(body) for code, body in csvs.items()}


def subset(data: DataSet, codes: Iterable[str]) -> DataSet:
    codes = list(codes)
    observations = data.observations.filter(pl.col("indicator").is_in(codes))
    metas = {code: data.indicators[code] for code in codes if code in data.indicators}
    return DataSet(observations=observations, indicators=metas)


def indicator_csvs(bundle: Bundle) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Every published indicator's full and headline CSV, byte for byte its page's downloads.

    An indicator without disaggregations has the same headline CSV as full CSV, made once.
    """
    frames = bundle.data.observations.partition_by("indicator", as_dict=True)
    empty = bundle.data.observations.clear()
    full, headline = {}, {}
    for indicator in bundle.indicators:
        code = indicator.code
        frame = frames.get((code,), empty)
        # Passing the empty frame spares DataSet building a default one per indicator.
        data = DataSet(frame, {code: bundle.data.indicators[code]}, dropped_duplicates=empty)
        full[code] = indicator_csv(data)
        disaggregated = (frame.get_column("dimensions") != "").any()
        headline[code] = indicator_csv(data, headline_only=True) if disaggregated else full[code]
    return full, headline


def zip_date(when: datetime | None) -> tuple[int, int, int, int, int, int]:
    """A zip entry date (UTC): zip stores seconds in steps of two, so round down to one."""
    moment = max(when.astimezone(UTC), EARLIEST) if when else EARLIEST
    second = moment.second - moment.second % 2
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, second)


def pack(members: Iterable[tuple[str, bytes]], when: datetime | None) -> bytes:
    """A zip of these members in this order, with one fixed date and fixed attributes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members:
            info = zipfile.ZipInfo(name, date_time=zip_date(when))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever machine builds it
            info.external_attr = 0o644 << 16
            archive.writestr(info, body)
    return buffer.getvalue()


def languages(make: Callable[[], str]) -> list[dict[str, str]]:
    """A text made in every configured language, as JSON-LD language-tagged values."""
    values = []
    for lang in language_codes():
        with translation.override(lang):
            values.append({"@value": make(), "@language": lang})
    return values


def content(obj: object, field: str) -> list[dict[str, str]]:
    """A stored text in each language it exists in (never a fallback)."""
    return [
        {"@value": text, "@language": lang}
        for lang in language_codes()
        if (text := getattr(obj, f"{field}_{lang}", ""))
    ]


def file_url(slug: str, name: str) -> str:
    return reverse("portal:download-file", args=[slug, name])


def distribution(url: str, title: list[dict[str, str]], media: str, size: int) -> dict[str, object]:
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": IANA + media.split(";")[0]},
        "dcat:byteSize": {"@value": str(size), "@type": "xsd:nonNegativeInteger"},
    }


def themes(indicator: Indicator, goals: dict[int, Goal]) -> list[dict[str, object]]:
    """The SDG goal and the linked targets, as concepts named by their portal pages."""
    code = indicator_id(indicator.code)
    goal = goals[code.goal]
    result: list[dict[str, object]] = [
        {
            "@id": reverse("portal:goal", args=[code.goal]),
            "@type": "skos:Concept",
            "skos:notation": str(code.goal),
            "skos:prefLabel": [
                {"@value": text, "@language": lang} for lang, text in goal.short_title.items()
            ],
        }
    ]
    for target in linked_targets(indicator):
        result.append(
            {
                "@id": reverse("portal:target", args=[target]),
                "@type": "skos:Concept",
                "skos:notation": target,
            }
        )
    return result


def linked_targets(indicator: Indicator) -> list[str]:
    targets = set()
    for link in indicator.links.all():
        if link.target_id:
            targets.add(link.target_id)
        elif link.global_indicator_id:
            parent = parse_code(link.global_indicator_id).parent
            if parent is not None:
                targets.add(parent.dotted)
    return sorted(targets, key=parse_code)


def keywords(indicator: Indicator) -> list[str]:
    code = indicator_id(indicator.code)
    words = [f"SDG {code.goal}", *(f"SDG {t}" for t in linked_targets(indicator))]
    for link in indicator.links.all():
        if link.global_indicator_id:
            words.append(f"SDG {parse_code(link.global_indicator_id).dotted}")
    return list(dict.fromkeys(words))


def date_value(when: datetime | None) -> dict[str, str] | None:
    if when is None:
        return None
    return {"@value": when.astimezone(UTC).isoformat(), "@type": "xsd:dateTime"}


def catalogue(
    bundle: Bundle, sizes: dict[str, int], headline_sizes: dict[str, int]
) -> dict[str, object]:
    """The DCAT-AP style catalogue: one dcat:Dataset per published indicator.

    URLs are site-relative IRIs, which JSON-LD resolves against the catalogue's own address,
    so the same file serves the live site and the static export.
    """
    org = bundle.org
    slug = org.slug
    goals = {g.number: g for g in Goal.objects.all()}
    publisher_id = reverse("portal:organisation", args=[slug]) + "#publisher"
    data_title = languages(lambda: _("All series (CSV)"))
    headline_title = languages(lambda: _("Headline data (CSV)"))
    datasets = []
    for indicator in bundle.indicators:
        code = indicator.code
        dotted = indicator_id(code).dotted
        page = reverse("portal:indicator", args=[slug, code])
        data_url = reverse("portal:indicator-csv", args=[slug, code])
        headline_url = reverse("portal:indicator-headline-csv", args=[slug, code])
        datasets.append(
            {
                "@id": page + "#dataset",
                "@type": "dcat:Dataset",
                "dct:identifier": code,
                "dct:title": content(indicator, "name") or [{"@value": dotted}],
                "dct:description": languages(partial(describe, indicator, dotted, org)),
                "dcat:keyword": keywords(indicator),
                "dcat:theme": themes(indicator, goals),
                "dct:modified": date_value(modified_of(indicator)),
                "dct:publisher": {"@id": publisher_id},
                "dcat:landingPage": {"@id": page},
                "dcat:distribution": [
                    distribution(data_url, data_title, CSV, sizes[code]),
                    distribution(headline_url, headline_title, CSV, headline_sizes[code]),
                ],
            }
        )
    return {
        "@context": CONTEXT,
        "@id": file_url(slug, CATALOGUE),
        "@type": "dcat:Catalog",
        "dct:title": languages(lambda: _("Open SDG data of %(org)s") % {"org": org.name().text}),
        "dct:description": languages(
            lambda: (
                _("The published local SDG indicators of %(org)s, with their data files.")
                % {"org": org.name().text}
            )
        ),
        "dct:publisher": {
            "@id": publisher_id,
            "@type": "foaf:Agent",
            "foaf:name": content(org, "name"),
            **({"foaf:homepage": {"@id": org.website}} if org.website else {}),
        },
        "foaf:homepage": {"@id": reverse("portal:downloads", args=[slug])},
        "dct:modified": date_value(bundle.modified),
        "dcat:dataset": datasets,
    }


def describe(indicator: Indicator, dotted: str, org: Organisation) -> str:
    """One sentence about an indicator, in the active language."""
    lang = translation.get_language()
    unit = indicator.unit(lang).text
    text = _("Local SDG indicator %(code)s published by %(org)s.") % {
        "code": dotted,
        "org": org.name(lang).text,
    }
    if unit:
        text += " " + _("Unit: %(unit)s.") % {"unit": unit}
    return text


def as_json(data: dict[str, object]) -> bytes:
    """Compact JSON: the indented form costs the pure-Python encoder several times longer."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def readme(bundle: Bundle) -> str:
    """README.txt of the zip: what the files and columns are and the terms, in every language."""
    parts = []
    for lang in language_codes():
        with translation.override(lang):
            parts.append(readme_section(bundle, lang))
    return "\n\n".join(parts)


def readme_section(bundle: Bundle, lang: str) -> str:
    org = bundle.org
    name = org.name(lang).text
    modified = bundle.modified
    lines = [
        _("Open SDG data of %(org)s") % {"org": name},
        "=" * 40,
        "",
        _("Published indicators: %(count)s. Data last changed: %(date)s.")
        % {
            "count": len(bundle.indicators),
            "date": timezone.localdate(modified).isoformat() if modified else "—",
        },
        _("Web page: %(url)s") % {"url": reverse("portal:downloads", args=[org.slug])},
        "",
        _("Files"),
        "- data/<code>.csv: "
        + _("one tidy CSV file per indicator, UTF-8, one observation per row."),
        f"- {CATALOGUE}: "
        + _(
            "the catalogue of the indicators (DCAT-AP style JSON-LD): titles, SDG goals and "
            "targets, dates and the address of each file."
        ),
        "",
        _("Columns of the CSV files"),
        "- indicator: " + _("the indicator code, e.g. 11-6-2 (local codes add a suffix)."),
        "- series: " + _("the series label, if the indicator has several series."),
        "- unit: " + _("the unit of measure."),
        "- "
        + _(
            "other columns before 'period': disaggregations (e.g. sex, age, area); an empty "
            "cell means the total."
        ),
        "- period: " + _("the period as published: a year, a fiscal year, a range or a date."),
        "- value: " + _("the number; a marker such as n/a when the value is missing."),
        "- flags: " + _("status codes: E estimated, P provisional."),
        "- footnote: " + _("a note on the value."),
        "",
        _("Terms of use"),
        _(
            "The data is published by %(org)s. This portal records no separate licence for it: "
            "see the terms of use of the publisher's website before reuse, and cite the "
            "publisher and the indicator's web page as the source."
        )
        % {"org": name},
    ]
    if org.website:
        lines.append(_("Publisher's website: %(url)s") % {"url": org.website})
    if org.is_sample:
        lines += ["", _("The figures are illustrative sample data, not official statistics.")]
    return "\n".join(lines) + "\n"


def zip_name(slug: str) -> str:
    return f"{slug}-all-data.zip"


def all_data_zip(bundle: Bundle, csvs: dict[str, bytes], catalogue_json: bytes) -> bytes:
    """Every published indicator's CSV, the catalogue and the README, in one folder."""
    folder = zip_name(bundle.org.slug).removesuffix(".zip")
    members = {f"{folder}/data/{code}.csv": body for code, body in csvs.items()}
    members[f"{folder}/{CATALOGUE}"] = catalogue_json
    members[f"{folder}/README.txt"] = readme(bundle).encode("utf-8")
    return pack(sorted(members.items()), bundle.modified)


def goal_file(bundle: Bundle, goal: int, extension: str) -> bytes:
    """A goal's file; a workbook records the date its data last changed, so it stays the same
    bytes until the data changes."""
    part = bundle.of_goal(goal)
    return get_format(extension).to_bytes(part.data, created=part.modified)


def download_file(slug: str, name: str) -> FileBody:
    """The file at ``…/downloads/<name>``; 404 for any other name, goal without data or org."""
    org = published_org(slug)
    body = org_files(org).get(name)
    if body is not None and name == CATALOGUE:
        return FileBody(name, JSON_LD, body, f'inline; filename="{slug}-{name}"')
    if body is not None and name == zip_name(slug):
        return attachment(name, ZIP, body)
    if body is not None:
        media = XLSX if name.endswith(".xlsx") else CSV
        return attachment(f"{slug}-{name}", media, body)
    match = GOAL_FILE.fullmatch(name)
    if match:
        goal = int(match[1])
        raise Http404(_("There is no published data for goal %(number)s here.") % {"number": goal})
    raise Http404(_("There is no download called “%(name)s” here.") % {"name": name})


def attachment(name: str, content_type: str, body: bytes) -> FileBody:
    return FileBody(name, content_type, body, f'attachment; filename="{name}"')


def downloads_page(slug: str, lang: str) -> DownloadsPage:
    """The page listing every file with its size; building it builds every file once."""
    org = published_org(slug)
    bundle = load_bundle(org)
    count = len(bundle.indicators)
    built = org_files(org)
    files = [
        DownloadFile(
            zip_name(slug),
            file_url(slug, zip_name(slug)),
            ZIP,
            "ZIP",
            len(built[zip_name(slug)]),
            ngettext(
                "All published data: one CSV file per indicator (%(count)s indicator), "
                "the catalogue and a README.",
                "All published data: one CSV file per indicator (%(count)s indicators), "
                "the catalogue and a README.",
                count,
            )
            % {"count": count},
        ),
        DownloadFile(
            CATALOGUE,
            file_url(slug, CATALOGUE),
            JSON_LD,
            "JSON-LD",
            len(built[CATALOGUE]),
            _("Machine-readable catalogue of the indicators and their files (DCAT-AP style)."),
        ),
    ]
    tiles = goal_tiles(lang)
    for goal in bundle.goals():
        in_goal = sum(1 for i in bundle.indicators if indicator_id(i.code).goal == goal)
        tile = tiles[goal - 1]
        for extension, media, label in (("csv", CSV, "CSV"), ("xlsx", XLSX, "Excel")):
            name = f"goal-{goal}.{extension}"
            files.append(
                DownloadFile(
                    name,
                    file_url(slug, name),
                    media,
                    label,
                    len(built[name]),
                    goal_description(goal, extension, in_goal),
                    goal=tile,
                )
            )
    return DownloadsPage(
        org=org_summary(org, lang),
        files=tuple(files),
        indicator_count=count,
        observation_count=bundle.data.observations.height,
        modified=bundle.modified,
    )


def goal_description(goal: int, extension: str, count: int) -> str:
    values = {"number": goal, "count": count}
    if extension == "xlsx":
        return (
            ngettext(
                "Goal %(number)s: %(count)s indicator in an Excel workbook, one sheet each.",
                "Goal %(number)s: %(count)s indicators in an Excel workbook, one sheet each.",
                count,
            )
            % values
        )
    return (
        ngettext(
            "Goal %(number)s: %(count)s indicator in one tidy CSV file.",
            "Goal %(number)s: %(count)s indicators in one tidy CSV file.",
            count,
        )
        % values
    )


def download_paths(org: Organisation) -> list[str]:
    """URL paths (active language) of every file the downloads page lists, for the exporter.

    Empty for an organisation that is not published.
    """
    if not Organisation.objects.published().filter(pk=org.pk).exists():
        return []
    with_data = Observation.objects.filter(
        series__indicator__in=Indicator.objects.published().for_org(org)
    ).values_list("series__indicator__code", flat=True)
    goals = sorted({indicator_id(code).goal for code in with_data.order_by().distinct()})
    names = [zip_name(org.slug), CATALOGUE]
    names += [f"goal-{goal}.{ext}" for goal in goals for ext in ("csv", "xlsx")]
    return [file_url(org.slug, name) for name in names]
