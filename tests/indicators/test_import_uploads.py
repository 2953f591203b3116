"""Uploads for import on real files: formats, zip limits, refusals that leave nothing, expiry.

Every upload goes through the editors' web view (or ``save_upload`` itself where the view adds
nothing), into a temporary data directory whose folders are then inspected on disk.
"""

from __future__ import annotations

import io
import json
import os
import struct
import time
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from localsdg.indicators import uploads
from localsdg.indicators.models import DataRelease, Indicator, Observation

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
ROWS = [
    ["indicator", "unit", "period", "value"],
    ["1-2-1", "%", 2020, 10],
    ["1-2-1", "%", 2021, 9.5],
]
OPENSDG_CSV = "Year,Value\n2020,10\n2021,9.5\n"
HOUR = 3600


def xlsx_bytes(rows: list[list[object]] = ROWS) -> bytes:
    """A real workbook, as Excel users make them: one tidy sheet."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("data")
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    workbook.close()
    return buffer.getvalue()


def zip_bytes(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in files.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


def zeros_zip(path: Path, mib: int, name: str = "data/indicator_1-2-1.csv") -> Path:
    """One entry of ``mib`` MiB of zeros: a zip bomb of a few hundred kilobytes."""
    block = bytes(MIB)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped,
        zipped.open(name, "w", force_zip64=True) as entry,
    ):
        for _ in range(mib):
            entry.write(block)
    return path


def corrupted_zip(name: str = "data/indicator_1-2-1.csv") -> bytes:
    """A zip whose compressed data was damaged in transfer."""
    data = bytearray(zip_bytes({name: "".join(f"{n},{n * 7 % 13}\n" for n in range(5000))}))
    start = 30 + len(name)  # the data follows the first local header
    data[start + 20 : start + 60] = bytes(40)
    return bytes(data)


def understated_zip(content: bytes, name: str = "data/indicator_1-2-1.csv") -> bytes:
    """A zip whose directory declares a tiny size for a large file (a lying header)."""
    data = bytearray(zip_bytes({name: content}))
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)  # uncompressed size in the central directory
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 10)
    return bytes(data)


def signed_in(user, username: str = "hachioji-admin") -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def post(client: Client, name: str, content: bytes, file_format: str, slug: str = "hachioji"):
    file = SimpleUploadedFile(name, content)
    return client.post(
        f"/en/manage/{slug}/import/",
        {"file_format": file_format, "file": file, "on_duplicate": "error", "note": ""},
    )


def upload_folders(data_dir: Path) -> list[Path]:
    root = data_dir / "uploads"
    return sorted(root.iterdir()) if root.is_dir() else []


def age(folder: Path, hours: float) -> None:
    """Make an upload look ``hours`` old, as the file system tells its age."""
    moment = time.time() - hours * HOUR
    for path in [*folder.rglob("*"), folder]:
        os.utime(path, (moment, moment))


def backdate(folder: Path, hours: float) -> str:
    """Turn a fresh upload into one made ``hours`` ago: its token carries its creation time,
    its files their modification times. Returns the new token."""
    random = folder.name.partition(".")[2]
    token = f"{int(time.time() - hours * HOUR):x}.{random}"
    moved = folder.rename(folder.with_name(token))
    marker = moved / "pending.json"
    pending = json.loads(marker.read_text())
    pending["path"] = pending["path"].replace(folder.name, token)
    marker.write_text(json.dumps(pending | {"token": token}))
    age(moved, hours)
    return token


@pytest.fixture
def data_dir(settings, tmp_path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


# --------------------------------------------------------------------------------------------
# Formats: an xlsx is a zip, and stays a file


def test_xlsx_upload_previews_and_stores_through_the_web(orgs, user, data_dir) -> None:
    client = signed_in(user)
    response = post(client, "indicators.xlsx", xlsx_bytes(), "xlsx")
    assert response.status_code == 302, response.content.decode()[:2000]
    (folder,) = upload_folders(data_dir)
    assert not (folder / "repo").exists()  # a workbook is not unpacked
    preview = client.get(response.url).content.decode()
    assert "2 observations would be added" in preview, preview
    client.post(response.url, {"confirm": "1"})
    release = DataRelease.objects.get(organisation=orgs["hachioji"])
    assert release.source_name == "indicators.xlsx" and release.file_format == "xlsx"
    values = Observation.objects.filter(release=release).values_list("value", flat=True)
    assert sorted(values) == [9.5, 10.0]
    assert upload_folders(data_dir) == []


def test_opensdg_zip_is_unpacked_from_its_top_folder(orgs, user, data_dir) -> None:
    content = zip_bytes({"my-repo/data/indicator_1-2-1.csv": OPENSDG_CSV, "my-repo/README.md": "x"})
    client = signed_in(user)
    response = post(client, "my-repo.zip", content, "opensdg")
    assert response.status_code == 302
    (folder,) = upload_folders(data_dir)
    assert (folder / "repo" / "my-repo" / "data" / "indicator_1-2-1.csv").read_text() == OPENSDG_CSV
    assert "2 observations would be added" in client.get(response.url).content.decode()


# --------------------------------------------------------------------------------------------
# Broken uploads: a clear message, no server path, nothing left on disk

BROKEN = {
    "opensdg zip without data/": ("repo.zip", zip_bytes({"README.md": "x"}), "opensdg", "no data/"),
    "opensdg not a zip": ("repo.csv", OPENSDG_CSV.encode(), "opensdg", "uploaded as a .zip"),
    "zip given as csv": ("data.zip", zip_bytes({"a.csv": "x"}), "csv", "This is a zip file"),
    "truncated zip": ("repo.zip", zip_bytes({"data/a.csv": "x" * 5000})[:-30], "opensdg", ".zip"),
    "corrupted zip": ("repo.zip", corrupted_zip(), "opensdg", "damaged"),
    "name too long": (
        "repo.zip",
        zip_bytes({"data/" + "n" * 300 + ".csv": "x"}),
        "opensdg",
        "could not be stored",
    ),
    "path outside": ("repo.zip", zip_bytes({"../../evil.csv": "x"}), "opensdg", "outside"),
    "lying sizes": ("repo.zip", understated_zip(b"2020,1\n" * 50_000), "opensdg", "damaged"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_upload_is_refused_without_a_server_path(user, data_dir, case: str) -> None:
    name, content, file_format, expected = BROKEN[case]
    response = post(signed_in(user), name, content, file_format)
    html = response.content.decode()
    assert response.status_code == 200, case
    assert 'class="errors"' in html or 'role="alert"' in html, html
    assert expected in html, (case, html)
    assert str(data_dir) not in html and "/uploads/" not in html, html
    assert upload_folders(data_dir) == [], case


def test_a_broken_xlsx_names_the_uploaded_file_and_no_server_path(user, data_dir) -> None:
    client = signed_in(user)
    response = post(client, "budget.xlsx", b"this is not a workbook", "xlsx")
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "budget.xlsx" in preview and "not a readable .xlsx workbook" in preview
    assert str(data_dir) not in preview and "/uploads/" not in preview


def test_reader_problems_are_shown_relative_to_the_upload(orgs, data_dir) -> None:
    """Even when the files vanish under a pending upload, no path of the server comes out."""
    for name, content, file_format in [
        ("values.xlsx", xlsx_bytes(), "xlsx"),
        ("values.csv", b"indicator,period,value\n1-2-1,2020,1\n", "csv"),
        ("repo.zip", zip_bytes({"data/indicator_1-2-1.csv": OPENSDG_CSV}), "opensdg"),
    ]:
        upload = SimpleUploadedFile(name, content)
        pending = uploads.save_upload(
            upload, org="hachioji", file_format=file_format, on_duplicate="error", note=""
        )
        assert uploads.read_pending(pending).ok, name
        for path in sorted(pending.folder.rglob("*"), reverse=True):
            if path.name != "pending.json":
                path.unlink() if path.is_file() else path.rmdir()
        problems = uploads.read_pending(pending).problems
        assert problems and all(p.file == name for p in problems), problems
        assert all(str(data_dir) not in f"{p.file} {p.message}" for p in problems), problems


class StoppedMidway(SimpleUploadedFile):
    """An upload whose copy is cut short, as when the server stops the process (SystemExit)."""

    def chunks(self, chunk_size=None):
        yield b"indicator,period,value\n"
        raise SystemExit(1)


def test_an_upload_cut_short_leaves_nothing(data_dir) -> None:
    with pytest.raises(SystemExit):
        uploads.save_upload(
            StoppedMidway("cut.csv", b""),
            org="hachioji",
            file_format="csv",
            on_duplicate="error",
            note="",
        )
    assert upload_folders(data_dir) == []


# --------------------------------------------------------------------------------------------
# Zip bombs and limits


def test_the_zip_bomb_of_the_incident_is_refused_and_removed(user, data_dir, settings) -> None:
    """480 MiB of zeros in a zip of about 0.5 MB, under a 500 MB cap on declared sizes."""
    settings.LOCALSDG_MAX_UNPACKED_BYTES = 500 * MIB
    bomb = zeros_zip(data_dir.parent / f"{data_dir.name}-bomb.zip", 480)
    assert bomb.stat().st_size < MIB
    response = post(signed_in(user), "bomb.zip", bomb.read_bytes(), "opensdg")
    html = response.content.decode()
    assert "times its compressed size" in html, html
    assert upload_folders(data_dir) == []


def test_a_zip_over_the_unpacked_limit_is_refused_before_unpacking(
    user, data_dir, settings
) -> None:
    settings.LOCALSDG_MAX_UNPACKED_BYTES = 2 * MIB
    honest = zip_bytes({f"data/indicator_1-2-{n}.csv": os.urandom(MIB).hex() for n in range(2)})
    response = post(signed_in(user), "big.zip", honest, "opensdg")
    assert "unpacks to more than 2.0" in response.content.decode()
    assert upload_folders(data_dir) == []


def test_real_bytes_are_counted_across_members(data_dir, settings) -> None:
    """The declared sizes refuse first; the bytes really unpacked are counted all the same."""
    settings.LOCALSDG_MAX_UNPACKED_BYTES = 3 * MIB
    archive = data_dir / "many.zip"
    archive.write_bytes(
        zip_bytes({f"data/indicator_1-2-{n}.csv": os.urandom(MIB // 2).hex() for n in range(4)})
    )
    with pytest.raises(uploads.UploadError, match="unpacks to more than"):
        uploads.unpack(archive, data_dir / "out")  # 4 MiB declared: nothing is written
    assert not (data_dir / "out").exists()
    meter = uploads.Meter()
    with zipfile.ZipFile(archive) as zipped:
        first, second, third, fourth = zipped.infolist()
        for member in (first, second, third):
            meter.copy(zipped, member, None)
        assert meter.total == 3 * MIB
        with pytest.raises(uploads.UploadError, match="unpacks to more than"):
            meter.copy(zipped, fourth, None)
    assert 3 * MIB < meter.total <= 3 * MIB + uploads.CHUNK


def test_a_workbook_bomb_is_refused_without_being_unpacked(user, data_dir) -> None:
    bomb = zeros_zip(data_dir.parent / f"{data_dir.name}-book.zip", 150, "xl/worksheets/sheet1.xml")
    response = post(signed_in(user), "book.xlsx", bomb.read_bytes(), "xlsx")
    assert "times its compressed size" in response.content.decode()
    assert upload_folders(data_dir) == []


def test_too_many_entries_are_refused_from_the_end_record(user, data_dir, settings) -> None:
    settings.LOCALSDG_MAX_ZIP_MEMBERS = 50
    content = zip_bytes({f"data/{n}.csv": "" for n in range(120)})
    response = post(signed_in(user), "many.zip", content, "opensdg")
    assert "more than 50 files" in response.content.decode()
    assert upload_folders(data_dir) == []


def test_an_upload_over_the_size_limit_is_refused(user, data_dir, settings) -> None:
    settings.LOCALSDG_MAX_UPLOAD_BYTES = 1000
    response = post(
        signed_in(user), "big.csv", b"indicator,period,value\n" + b"1-2-1,2020,1\n" * 200, "csv"
    )
    assert "larger than 1000" in response.content.decode()
    assert upload_folders(data_dir) == []


@hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    names=st.lists(st.text("abcdef/_.-", min_size=1, max_size=30), max_size=40, unique=True),
    comment=st.binary(max_size=300),
)
def test_declared_entries_reads_the_end_record(tmp_path_factory, names, comment) -> None:
    archive = tmp_path_factory.mktemp("zips") / "any.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.comment = comment
        for name in names:
            zipped.writestr(name, name)
    try:
        zipped = zipfile.ZipFile(archive)
    except zipfile.BadZipFile:  # a comment holding an end-record signature fools zipfile too
        assume(False)
    with zipped:
        assert uploads.declared_entries(archive) == len(zipped.infolist())


def test_declared_entries_of_a_zip64_archive(tmp_path) -> None:
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for n in range(70_000):
            zipped.writestr(f"{n}", b"")
    assert uploads.declared_entries(archive) == 70_000
    (tmp_path / "plain.csv").write_text("a,b\n")
    assert uploads.declared_entries(tmp_path / "plain.csv") is None


# --------------------------------------------------------------------------------------------
# Expiry: uploads never confirmed go away without any scheduled job


def test_a_new_upload_removes_expired_ones(user, data_dir, settings) -> None:
    settings.LOCALSDG_UPLOAD_EXPIRY_HOURS = 24
    client = signed_in(user)
    csv = b"indicator,period,value\n1-2-1,2020,1\n"
    assert post(client, "old.csv", csv, "csv").status_code == 302
    (old,) = upload_folders(data_dir)
    age(old, 25)
    stopped = data_dir / "uploads" / "6000000.stopped-worker-left-this"
    stopped.mkdir()
    (stopped / "half.csv").write_bytes(b"indicator,per")
    age(stopped, 30)
    assert post(client, "recent.csv", csv, "csv").status_code == 302
    (recent,) = upload_folders(data_dir)  # the expired upload and the stopped one are gone
    age(recent, 23)
    assert post(client, "new.csv", csv, "csv").status_code == 302
    kept = upload_folders(data_dir)
    assert recent in kept and len(kept) == 2
    names = {json.loads((f / "pending.json").read_text())["source_name"] for f in kept}
    assert names == {"recent.csv", "new.csv"}


def test_an_expired_upload_says_so_on_its_preview_page(user, data_dir) -> None:
    client = signed_in(user)
    post(client, "late.csv", b"indicator,period,value\n1-2-1,2020,1\n", "csv")
    (folder,) = upload_folders(data_dir)
    url = f"/en/manage/hachioji/import/{backdate(folder, 25)}/"
    page = client.get(url)
    assert page.status_code == 404
    assert "This upload has expired" in page.content.decode()
    assert "upload the file again" in page.content.decode()
    assert upload_folders(data_dir) == []
    again = client.get(url)  # its folder is gone; the token still tells its age
    assert again.status_code == 404 and "This upload has expired" in again.content.decode()
    assert client.post(url, {"confirm": "1"}).status_code == 404
    assert not Indicator.objects.filter(organisation__slug="hachioji", code="1-2-1").exists()


def test_a_recent_token_without_its_folder_is_simply_unknown(user, data_dir) -> None:
    client = signed_in(user)
    page = client.get(f"/en/manage/hachioji/import/{uploads.new_token()}/")
    assert page.status_code == 404
    assert "expired" not in page.content.decode()
    for token in ["short", "0.pending.json", f"{'0' * 8}.{'a' * 22}.."]:
        page = client.get(f"/en/manage/hachioji/import/{token}/")
        assert page.status_code == 404 and "expired" not in page.content.decode(), token
