"""Imports as data releases: what is added, changed, removed, and rollback restoring it exactly."""

from pathlib import Path

import polars as pl
import pytest

from localsdg.core.formats.registry import get_format
from localsdg.indicators import releases
from localsdg.indicators.models import DataRelease, Indicator, Observation, ObservationChange

pytestmark = pytest.mark.django_db

HEADER = "indicator,unit,Sex,period,value,flags,footnote\n"


def write(tmp_path: Path, body: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def run_import(org, path: Path, on_duplicate: str = "error"):
    result = releases.preview(org, get_format("csv").read(path, on_duplicate=on_duplicate))
    if not result.ok:
        return result, None
    return result, releases.apply(org, result, source_name=path.name)


def snapshot(org) -> list[tuple]:
    return sorted(
        Observation.objects.filter(series__indicator__organisation=org).values_list(
            "series__indicator__code", "series__dimensions", "period", "value", "value_text",
            "flags", "footnote",
        )
    )  # fmt: skip


def test_import_adds_then_detects_changes_and_removals(orgs, tmp_path) -> None:
    org = orgs["hachioji"]
    first = "1-2-1,%,,2019,10,,\n1-2-1,%,,2020,11,,\n1-2-1,%,female,2020,12,,\n"
    result, release = run_import(org, write(tmp_path, first))
    assert (release.added, release.changed, release.removed) == (3, 0, 0)
    assert Indicator.objects.get(organisation=org, code="1-2-1").links.get().kind == "identical"

    second = "1-2-1,%,,2019,10,,\n1-2-1,%,,2020,11.5,P,revised\n1-2-1,%,,2021,13,,\n"
    result, release = run_import(org, write(tmp_path, second))
    assert result.indicators[0].unchanged == 1
    assert (release.added, release.changed, release.removed) == (1, 1, 1)
    change = ObservationChange.objects.get(release=release, action="changed")
    assert (change.period, change.value, change.new_value) == ("2020", 11.0, 11.5)
    assert ObservationChange.objects.get(release=release, action="removed").value == 12.0
    assert Observation.objects.get(series__indicator__organisation=org, period="2020").flags == "P"


def test_reimporting_the_same_file_makes_no_release(orgs, tmp_path) -> None:
    org = orgs["hachioji"]
    path = write(tmp_path, "1-2-1,%,,2019,10,,\n")
    run_import(org, path)
    count = DataRelease.objects.count()
    result, release = run_import(org, path)
    assert release is None and not result.has_changes
    assert DataRelease.objects.count() == count


def test_other_indicators_and_organisations_are_untouched(orgs, tmp_path) -> None:
    tokyo_before = snapshot(orgs["tokyo"])
    run_import(orgs["hachioji"], write(tmp_path, "11-6-2,µg/m³,,2019,20,,\n"))
    run_import(orgs["tokyo"], write(tmp_path, "7-2-1,%,,2022,21.0,,\n"))
    after = snapshot(orgs["tokyo"])
    assert [row for row in tokyo_before if row[0] != "7-2-1"] == [
        row for row in after if row[0] != "7-2-1"
    ]
    assert [row for row in after if row[0] == "7-2-1"] == [("7-2-1", "", "2022", 21.0, "", "", "")]


def test_rollback_restores_exactly_and_in_order(orgs, tmp_path) -> None:
    org = orgs["tokyo"]
    before = snapshot(org)
    _r, first = run_import(
        org, write(tmp_path, "11-6-2,µg/m³,,2012,99,,\n11-6-2,µg/m³,,2030,1,,\n")
    )
    after_first = snapshot(org)
    _r, second = run_import(org, write(tmp_path, "11-6-2,µg/m³,,2012,98,,\n"))
    with pytest.raises(releases.ReleaseError, match=rf"#{first.pk} cannot be rolled back before"):
        releases.rollback(first)
    undo = releases.rollback(second)
    assert undo.kind == DataRelease.Kind.ROLLBACK and undo.rolls_back == second
    assert snapshot(org) == after_first
    releases.rollback(first)
    assert snapshot(org) == before
    with pytest.raises(releases.ReleaseError, match="already been rolled back"):
        releases.rollback(first)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("1-2-1,%,,2019,10,,\n1-2-1,%,,2019,11,,\n", "conflicting duplicate"),
        ("1-2-1,%,,2019,ten,,\n", "ten"),
        ("99-1-1,%,,2019,1,,\n", "99-1-1"),
        ("1-2-1,%,,sometime,1,,\n", "sometime"),
    ],
)
def test_errors_store_nothing(orgs, tmp_path, body: str, message: str) -> None:
    org = orgs["hachioji"]
    run_import(org, write(tmp_path, "1-2-1,%,,2018,5,,\n", "base.csv"))
    before, releases_before = snapshot(org), DataRelease.objects.count()
    result, release = run_import(org, write(tmp_path, body))
    assert release is None and not result.ok
    assert any(message in p.message for p in result.errors)
    assert all(p.file == "data.csv" and p.line for p in result.errors)
    with pytest.raises(releases.ReleaseError):
        releases.apply(org, result)
    assert snapshot(org) == before and DataRelease.objects.count() == releases_before


def test_duplicates_kept_in_the_release_with_last(orgs, tmp_path) -> None:
    org = orgs["hachioji"]
    body = "1-2-1,%,,2019,10,,\n1-2-1,%,,2019,11,,\n"
    result, release = run_import(org, write(tmp_path, body), on_duplicate="last")
    assert Observation.objects.get(series__indicator__organisation=org).value == 11.0
    assert [d["value"] for d in release.dropped_duplicates] == [10.0]


def test_missing_markers_are_kept_with_their_text(orgs, tmp_path) -> None:
    org = orgs["hachioji"]
    result, _release = run_import(
        org, write(tmp_path, '1-2-1,%,,2019,n/a,,\n1-2-1,%,,2020,"1,234",,\n')
    )
    stored = dict(
        Observation.objects.filter(series__indicator__organisation=org).values_list(
            "period", "value"
        )
    )
    assert stored == {"2019": None, "2020": 1234.0}
    assert (
        Observation.objects.get(period="2019", series__indicator__organisation=org).value_text
        == "n/a"
    )
    assert len(result.warnings) >= 2


# The sample rows that the Open SDG data starter puts in every indicator not yet filled in.
STARTER_PLACEHOLDER = [
    ["Year", "Group", "Value"],
    *[[year, group, value] for year in ("2015", "2016") for group, value in
      (("A", "1"), ("B", "3"), ("", "2"))],
]  # fmt: skip


def golden_counts(repo: Path) -> tuple[int, int]:
    """Distinct (file, all non-Value columns) keys with a numeric Value, placeholders aside;
    and the keys whose Value is only a missing-value marker such as n/a (stored as missing, with
    its text). Rows with an empty Value cell are no observation at all.
    """
    import csv

    total = missing = 0
    for path in sorted((repo / "data").glob("indicator_*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [[c.strip() for c in row] for row in csv.reader(handle) if any(row)]
        if not rows or rows == STARTER_PLACEHOLDER:
            continue
        header = rows[0]
        value_at = header.index("Value")
        keys, marked = set(), set()
        for row in rows[1:]:
            if not any(cell.strip() for cell in row):
                continue
            key = tuple(c.strip() for i, c in enumerate(row) if i != value_at)
            try:
                float(row[value_at].replace(",", ""))
            except ValueError:
                if row[value_at].strip():
                    marked.add(key)
                continue
            keys.add(key)
        total += len(keys)
        missing += len(marked - keys)
    return total, missing


@pytest.mark.parametrize("name", ["bristol", "valencia"])
def test_golden_repositories_import_and_round_trip(orgs, tmp_path, name: str) -> None:
    from tests.conftest import GOLDEN

    repo = GOLDEN / "opensdg-repos" / name
    if not repo.is_dir():
        pytest.skip(f"golden data is absent: {repo} not found")
    org = orgs["okutama"]
    data = get_format("opensdg").read(repo, on_duplicate="last")
    result = releases.preview(org, data)
    assert result.errors == []
    releases.apply(org, result, source_name=name)
    stored = Observation.objects.filter(series__indicator__organisation=org)
    numeric, marked = golden_counts(repo)
    assert stored.filter(value__isnull=False).count() == numeric
    assert stored.filter(value__isnull=True).count() == marked
    stored = stored.count()

    from localsdg.indicators.datasets import dataset_for

    out = tmp_path / "export"
    get_format("opensdg").write(dataset_for(org), out)
    again = releases.preview(org, get_format("opensdg").read(out))
    assert again.ok and not again.has_changes
    assert again.totals["unchanged"] == stored


def test_dataset_for_matches_what_was_imported(orgs) -> None:
    from localsdg.indicators.datasets import dataset_for

    data = dataset_for(orgs["tokyo"])
    assert set(data.indicators) == {"11-6-2", "7-2-1", "8-5-2", "5-5-1-a", "13-2-2-a"}
    assert data.observations.filter(pl.col("indicator") == "8-5-2").height == 12
    published = dataset_for(orgs["tokyo"], published_only=True)
    assert "13-2-2-a" not in published.indicators


def cp932_csv(folder: Path) -> Path:
    path = folder / "shift_jis.csv"
    path.write_bytes("indicator,unit,period,value\n1-2-1,人,2020年度,5\n".encode("cp932"))
    return path


def undecodable_csv(folder: Path) -> Path:
    path = folder / "broken.csv"
    path.write_bytes(b"indicator,unit,period,value\n1-2-1,\x82\xff,2020,5\n")
    return path


def bom_csv(folder: Path) -> Path:
    path = folder / "bom.csv"
    path.write_bytes("\ufeffindicator,unit,period,value\n1-2-1,%,2020,5\n".encode())
    return path


def no_value_column(folder: Path) -> Path:
    path = folder / "no-value.csv"
    path.write_text("indicator,unit,period\n1-2-1,%,2020\n")
    return path


def empty_csv(folder: Path) -> Path:
    path = folder / "empty.csv"
    path.write_bytes(b"")
    return path


def bad_front_matter(folder: Path) -> Path:
    repo = folder / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "meta").mkdir()
    (repo / "data" / "indicator_1-2-1.csv").write_text("Year,Value\n2020,5\n")
    (repo / "meta" / "1-2-1.md").write_text("---\nindicator_name: [unclosed\n---\nText\n")
    return repo


def formula_xlsx(folder: Path) -> Path:
    import xlsxwriter

    path = folder / "formula.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("data")
    for col, name in enumerate(["indicator", "unit", "period", "value"]):
        sheet.write_string(0, col, name)
    sheet.write_row(1, 0, ["1-2-1", "%", "2020"])
    sheet.write_formula(1, 3, "=2+3", None, 5)
    book.close()
    return path


@pytest.mark.parametrize(
    ("make", "fmt", "stored", "expected"),
    [
        (cp932_csv, "csv", 1, ("warning", "cp932")),
        (undecodable_csv, "csv", 0, ("error", "broken.csv")),
        (bom_csv, "csv", 1, None),
        (no_value_column, "csv", 0, ("error", "value")),
        (empty_csv, "csv", 0, ("error", "empty")),
        (bad_front_matter, "opensdg", 0, ("error", "1-2-1.md")),
        (formula_xlsx, "xlsx", 0, ("error", "D2")),
    ],
)
def test_bad_files_through_the_import(orgs, tmp_path, make, fmt, stored, expected) -> None:
    """Each bad input: a clear problem naming the place, and nothing stored on an error."""
    org = orgs["okutama"]
    before = DataRelease.objects.count()
    result = releases.preview(org, get_format(fmt).read(make(tmp_path)))
    if expected is not None:
        level, text = expected
        found = [p for p in result.problems if p.level == level]
        assert found, result.problems
        assert any(text in f"{p.location()}: {p.message}" for p in found), found
    if result.ok:
        releases.apply(org, result)
    else:
        with pytest.raises(releases.ReleaseError):
            releases.apply(org, result)
    assert Observation.objects.filter(series__indicator__organisation=org).count() == stored
    assert DataRelease.objects.count() == before + (1 if stored else 0)
