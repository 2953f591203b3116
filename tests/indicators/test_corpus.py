"""Every Open SDG repository in the golden folder imports, and survives export and re-import.

The folder list is read when the tests are collected, so a repository added there is tested
without a change here. The expected number of observations is counted independently of the
importer, with Python's csv module: one per distinct (file, every non-Value cell) key whose
Value is a number. It is compared with the stored observations that have a number (missing-value
markers such as ``NA`` or ``..`` are stored too, as observations without one). Files the importer
reports as invalid (and skips) or as not being data are printed and left out of the count.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from localsdg.core.formats.registry import get_format
from localsdg.indicators import releases
from localsdg.indicators.datasets import dataset_for
from localsdg.indicators.models import Observation
from localsdg.orgs.models import Organisation

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).resolve().parents[2].parent / "shared" / "golden" / "opensdg-repos"
REPOSITORIES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()) if GOLDEN.is_dir() else []
STARTER = ["Year,Group,Value", "2015,A,1", "2015,B,3", "2015,,2", "2016,A,1", "2016,B,3", "2016,,2"]
# A plain number, optionally with thousands separators: what a reader of the file would call one.
NUMBER = re.compile(r"[+-]?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?([eE][+-]?\d+)?")


def is_number(text: str) -> bool:
    text = text.strip()
    return bool(text) and any(c.isdigit() for c in text) and bool(NUMBER.fullmatch(text))


def rows_of(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]


def expected_count(path: Path) -> int:
    rows = rows_of(path)
    if not rows or [",".join(r) for r in rows] == STARTER:
        return 0
    header = [c.strip() for c in rows[0]]
    if "Value" not in header:
        return 0
    at = header.index("Value")
    keys = set()
    for row in rows[1:]:
        row = row + [""] * (len(header) - len(row))
        if is_number(row[at]):
            keys.add(tuple(c.strip() for i, c in enumerate(row) if i != at))
    return len(keys)


def test_the_golden_folder_is_there() -> None:
    assert REPOSITORIES, f"golden Open SDG repositories not found at {GOLDEN}"


@pytest.mark.parametrize("name", REPOSITORIES)
def test_repository_imports_exports_and_reimports(name: str, orgs, tmp_path) -> None:
    root = GOLDEN / name
    org = Organisation.objects.create(slug=f"corpus-{name}", name_en=name, name_ja=name)
    data = get_format("opensdg").read(root, on_duplicate="last")
    result = releases.preview(org, data, skip_invalid=True)
    assert result.ok, [str(p) for p in result.errors][:5]
    skipped = result.skipped
    ignored = {p.file for p in data.warnings if p.code == "file_ignored"}
    left_out = {s.file for s in skipped} | ignored
    release = releases.apply(org, result, source_name=name)
    stored = Observation.objects.filter(
        series__indicator__organisation=org, value__isnull=False
    ).count()
    expected = sum(
        expected_count(path)
        for path in sorted((root / "data").glob("*.csv"))
        if path.relative_to(root).as_posix() not in left_out
    )
    print(f"{name}: {stored} observations stored; left out: {sorted(left_out) or 'none'}")
    assert stored == expected
    assert release is not None and len(release.skipped) == len(skipped)

    codes = sorted(result.data.indicators)
    out = tmp_path / "export"
    get_format("opensdg").write(dataset_for(org, codes=codes), out)
    again = releases.preview(org, get_format("opensdg").read(out))
    assert again.ok, [str(p) for p in again.errors][:5]
    assert not again.has_changes, again.totals
