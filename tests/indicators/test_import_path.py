"""The one import path (``indicators.imports``): read, check with its refusal rules, store."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from localsdg.core.formats.model import DataSet, Problem
from localsdg.indicators import imports, releases, uploads
from localsdg.indicators.models import DataRelease, Observation

pytestmark = pytest.mark.django_db

HEADER = "indicator,unit,period,value\n"
GOOD = "1-2-1,%,2020,10\n1-2-1,%,2021,9.5\n"
BAD = "11-6-2,x,2020,ten\n18.1.1,x,2020,1\n"


def write(tmp_path: Path, body: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def pending_of(path: Path, org: str) -> uploads.PendingImport:
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    return uploads.save_upload(upload, org=org, file_format="csv", on_duplicate="error", note="")


def releases_of(org) -> int:
    return DataRelease.objects.filter(organisation=org).count()


def test_a_path_and_an_upload_of_one_file_read_and_hash_alike(orgs, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD, "pm.csv")
    from_path = imports.read_source(path, " CSV ")
    pending = pending_of(path, "hachioji")
    try:
        from_upload = imports.read_source(pending)
        hashed = from_upload.sha256  # an upload is hashed while it is kept, before discard
    finally:
        uploads.discard(pending)
    assert from_path.data.observations.equals(from_upload.data.observations)
    assert from_path.sha256 == hashed == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (from_path.name, from_path.shown, from_path.file_format) == ("pm.csv", str(path), "csv")
    assert (from_upload.name, from_upload.shown, from_upload.file_format) == (
        "pm.csv", "pm.csv", "csv",
    )  # fmt: skip


def test_a_folder_hash_covers_names_and_contents(tmp_path: Path) -> None:
    folder = tmp_path / "repo"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "indicator_1-2-1.csv").write_text("Year,Value\n2020,1\n")
    first = imports.file_sha256(folder)
    (folder / "data" / "indicator_1-2-1.csv").rename(folder / "data" / "indicator_1-2-2.csv")
    renamed = imports.file_sha256(folder)
    (folder / "data" / "indicator_1-2-2.csv").write_text("Year,Value\n2020,2\n")
    assert len({first, renamed, imports.file_sha256(folder)}) == 3


def test_errors_refuse_the_whole_file(orgs, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + BAD)
    checked = imports.check(orgs["hachioji"], imports.read_source(path, "csv"))
    assert checked.refusal is not None
    assert checked.refusal.message == f"2 errors in {path}: nothing was stored"
    assert checked.refusal.problems == checked.preview.errors
    one = imports.check(orgs["hachioji"], imports.read_source(write(tmp_path, BAD[:18]), "csv"))
    assert one.refusal is not None and one.refusal.message.startswith("1 error in ")


def test_skipping_leaves_the_valid_indicators(orgs, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + BAD)
    checked = imports.check(orgs["hachioji"], imports.read_source(path, "csv"), skip_invalid=True)
    assert checked.refusal is None
    assert [d.code for d in checked.preview.indicators] == ["1-2-1"]


def test_nothing_valid_left_is_refused_with_every_skipped_problem(orgs, tmp_path: Path) -> None:
    path = write(tmp_path, BAD)
    checked = imports.check(orgs["hachioji"], imports.read_source(path, "csv"), skip_invalid=True)
    assert checked.refusal is not None
    assert checked.refusal.message == (
        f"every indicator in {path} has errors (2 skipped): nothing was stored"
    )
    skipped = [p for entry in checked.preview.skipped for p in entry.problems]
    assert checked.refusal.problems == skipped and len(skipped) == 2


def test_an_error_that_names_no_file_or_indicator_cannot_be_skipped(orgs, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    read = imports.read_source(path, "csv")
    broken = Problem("error", "the repository cannot be read", "", code="io")
    data = DataSet(read.data.observations, read.data.indicators, [broken])
    source = imports.Source(data, path, path.name, "upload.csv", "csv")
    checked = imports.check(orgs["hachioji"], source, skip_invalid=True)
    assert checked.refusal is not None
    assert checked.refusal.message == (
        "1 error in upload.csv that names no file or indicator, so it cannot be skipped: "
        "nothing was stored"
    )
    assert checked.refusal.problems == [broken]


def test_store_records_the_source(orgs, user, tmp_path: Path) -> None:
    org = orgs["hachioji"]
    path = write(tmp_path, GOOD, "pm.csv")
    source = imports.read_source(path, "csv")
    checked = imports.check(org, source)
    release = imports.store(org, checked, user=user("hachioji-admin"), note="first year")
    assert release is not None
    assert (release.source_name, release.file_format, release.note) == (
        "pm.csv",
        "csv",
        "first year",
    )
    assert release.source_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert release.user is not None and release.added == 2
    again = imports.check(org, imports.read_source(path, "csv"))
    assert imports.store(org, again) is None  # nothing changed: no release
    releases.rollback(release)


def test_store_refuses_what_check_refused(orgs, tmp_path: Path) -> None:
    org = orgs["hachioji"]
    checked = imports.check(org, imports.read_source(write(tmp_path, GOOD + BAD), "csv"))
    before = releases_of(org)
    with pytest.raises(releases.ReleaseError, match="2 errors in .*nothing was stored"):
        imports.store(org, checked)
    assert releases_of(org) == before


def test_store_refuses_a_preview_other_than_the_one_confirmed(orgs, tmp_path: Path) -> None:
    org = orgs["hachioji"]
    checked = imports.check(org, imports.read_source(write(tmp_path, GOOD), "csv"))
    count = Observation.objects.filter(series__indicator__organisation=org).count()
    with pytest.raises(releases.ReleaseConflict):
        imports.store(org, checked, confirmed="0" * 16)
    assert Observation.objects.filter(series__indicator__organisation=org).count() == count
    release = imports.store(org, checked, confirmed=checked.preview.digest)
    assert release is not None
    releases.rollback(release)
