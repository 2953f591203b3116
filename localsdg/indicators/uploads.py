"""Files uploaded for import, kept in the data directory between preview and confirmation.

A pending import is a folder ``<data dir>/uploads/<token>/`` holding the uploaded file and
``pending.json`` with the organisation, format and options, so a token from one organisation is
useless in another. Only an Open SDG repository (a zip of the repository folder) is unpacked,
into ``repo/``; an .xlsx workbook is a zip too, and is kept as the file it is. An upload has a
kind (indicator data, or another app's table such as a plan's initiatives, with what its form
chose in ``options``), and a token of one kind is unknown to the pages of another.

What an upload may write is bounded by settings (``LOCALSDG_MAX_UPLOAD_BYTES``,
``LOCALSDG_MAX_UNPACKED_BYTES``, ``LOCALSDG_MAX_ZIP_MEMBERS``, ``LOCALSDG_MAX_ZIP_RATIO``): a
zip is refused at once by the sizes it declares, and then by the bytes it really unpacks to,
counted as they are written, since declared sizes can lie. A refused upload leaves nothing
behind. An upload never confirmed is removed by the next upload once it is older than
``LOCALSDG_UPLOAD_EXPIRY_HOURS``, so the folder needs no scheduled cleaning. Messages shown to
users name files relative to the upload, never a folder of the server.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import struct
import time
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localsdg.core.formats.limits import quoted
from localsdg.core.formats.model import DataSet, Problem
from localsdg.core.formats.registry import get_format

CHUNK = 1024 * 1024
# A file that unpacks to less than this is not checked for its compression ratio: small files
# cannot exhaust anything, and tiny ones compress unpredictably.
RATIO_FLOOR = 1024 * 1024
TEXT_FORMATS = {"csv", "sdmx"}  # read as text: a zip given for them is a mistake
END_RECORD = 22  # bytes of a zip's end-of-central-directory record, without its comment
NAME_CHARS = 120  # longest file name kept (the suffix is kept), and quoted in messages
# Tokens start with their creation time in hex, so an expired token is recognised even after
# its folder has been removed.
TOKEN = re.compile(r"(?:(?P<created>[0-9a-f]{1,16})\.)?[A-Za-z0-9_-]{16,64}")


class UploadError(Exception):
    """An upload refused; the message is for the user and names no folder of the server."""


class UploadExpired(Http404):
    """The upload waited longer than ``LOCALSDG_UPLOAD_EXPIRY_HOURS`` and was removed.

    A 404 whose message the error page shows, so the preview page says what happened without
    handling it; a view may also catch it and answer in its own way.
    """

    def __init__(self) -> None:
        hours = expiry_hours()
        message = ngettext(
            "This upload has expired (an upload waits %(hours)s hour for confirmation): "
            "upload the file again.",
            "This upload has expired (an upload waits %(hours)s hours for confirmation): "
            "upload the file again.",
            hours,
        ) % {"hours": hours}
        super().__init__(message)


@dataclass(frozen=True)
class PendingImport:
    token: str
    org: str
    file_format: str
    on_duplicate: str
    note: str
    source_name: str
    path: str  # file or unpacked folder to read
    kind: str = "indicators"  # what the upload is for; older pending.json files have none
    options: dict[str, str] = field(default_factory=dict)  # what that kind's form chose

    @property
    def folder(self) -> Path:
        return uploads_root() / self.token


def uploads_root() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def expiry_hours() -> int:
    return int(settings.LOCALSDG_UPLOAD_EXPIRY_HOURS)


def expiry_cutoff() -> float:
    """Uploads last written before this moment (epoch seconds) have expired."""
    return time.time() - expiry_hours() * 3600


def new_token() -> str:
    return f"{int(time.time()):x}.{secrets.token_urlsafe(16)}"


# --------------------------------------------------------------------------------------------
# Saving


def save_upload(
    upload: UploadedFile,
    *,
    org: str,
    file_format: str,
    on_duplicate: str,
    note: str,
    kind: str = "indicators",
    options: Mapping[str, str] | None = None,
) -> PendingImport:
    """Keep an upload until it is confirmed; whatever is refused or fails leaves nothing behind.

    Every new upload first removes the expired ones, which is all the cleaning there is. Another
    app's upload gives its own ``kind`` and keeps what its form chose in ``options``.
    """
    remove_expired()
    limit = int(settings.LOCALSDG_MAX_UPLOAD_BYTES)
    if upload.size is not None and upload.size > limit:
        raise UploadError(too_large(limit))
    token = new_token()
    folder = uploads_root() / token
    folder.mkdir(parents=True)
    try:
        name = safe_name(upload.name)
        path = store(upload, folder / name, file_format)
        pending = PendingImport(
            token, org, file_format, on_duplicate, note, name, str(path), kind, dict(options or {})
        )
        (folder / "pending.json").write_text(json.dumps(asdict(pending)))
    except BaseException as error:  # a stopped worker too: its half-written files go
        shutil.rmtree(folder, ignore_errors=True)
        refusal = refusal_for(error, folder)
        if refusal is None:
            raise
        raise refusal from None
    return pending


def too_large(limit: int) -> str:
    return str(_("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)})


def safe_name(raw: str | None) -> str:
    """The uploaded file's name as stored and shown: no folders, no odd characters, not long."""
    try:
        name = str(get_valid_filename(Path(raw or "upload").name))
    except SuspiciousFileOperation:
        name = "upload"
    if len(name) > NAME_CHARS:
        suffix = Path(name).suffix[:10]
        name = name[: NAME_CHARS - len(suffix)] + suffix
    return name


def store(upload: UploadedFile, target: Path, file_format: str) -> Path:
    """Write the upload and return what its format's reader reads: the file or the repository."""
    save_bounded(upload, target)
    is_zip = zipfile.is_zipfile(target)
    if file_format == "opensdg":
        if not is_zip:
            raise UploadError(
                _("An Open SDG repository is uploaded as a .zip file of the repository folder.")
            )
        root = unpack(target, target.parent / "repo")
        if not (root / "data").is_dir():
            raise UploadError(
                _(
                    "The zip file has no data/ folder: an Open SDG repository keeps its "
                    "indicator_*.csv files in data/."
                )
            )
        return root
    if is_zip and file_format in TEXT_FORMATS:
        raise UploadError(
            _(
                "This is a zip file: upload the data file itself, or choose the Open SDG "
                "format for a zipped repository."
            )
        )
    if is_zip:
        check_archive(target)  # a workbook is unpacked in memory by its reader
    return target


def save_bounded(upload: UploadedFile, target: Path) -> None:
    """Copy the upload to disk, counting real bytes: the declared size may be missing."""
    limit = int(settings.LOCALSDG_MAX_UPLOAD_BYTES)
    written = 0
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            written += len(chunk)
            if written > limit:
                raise UploadError(too_large(limit))
            handle.write(chunk)


def refusal_for(error: BaseException, folder: Path) -> UploadError | None:
    """The user's message for a failed upload, or None for a failure that is not the file's."""
    if isinstance(error, UploadError):
        return error
    if isinstance(error, zipfile.BadZipFile | zlib.error | EOFError | NotImplementedError):
        reason = without_paths(str(error) or type(error).__name__, folder)
        return UploadError(
            _("The zip file is damaged or unsupported: %(reason)s") % {"reason": reason}
        )
    if isinstance(error, OSError):
        reason = error.strerror or type(error).__name__  # strerror never holds the file name
        return UploadError(_("The file could not be stored: %(reason)s.") % {"reason": reason})
    return None


# --------------------------------------------------------------------------------------------
# Zip files


def unpack(archive: Path, into: Path) -> Path:
    """Unpack an Open SDG repository: no path outside ``into``; real bytes and files bounded."""
    with open_zip(archive) as zipped:
        meter = Meter()
        for member, relative in members_of(zipped):
            destination = into.joinpath(*relative.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with destination.open("wb") as sink:
                meter.copy(zipped, member, sink)
    return repository_root(into)


def check_archive(archive: Path) -> None:
    """Decompress a zip without writing it, with the limits of ``unpack`` (and its CRC checks)."""
    with open_zip(archive) as zipped:
        meter = Meter()
        for member, _relative in members_of(zipped):
            meter.copy(zipped, member, None)


def members_of(zipped: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """The files of a zip with their safe relative paths; refuses what breaks a declared limit."""
    most = int(settings.LOCALSDG_MAX_ZIP_MEMBERS)
    members = []
    for member in zipped.infolist():
        relative = PurePosixPath(member.filename.replace("\\", "/"))
        if member.is_dir() or relative.parts[:1] == ("__MACOSX",):
            continue  # folders are made as needed; macOS adds resource forks nobody reads
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise UploadError(
                _("The zip file holds a path outside its folder: %(name)s")
                % {"name": quoted(member.filename, NAME_CHARS)}
            )
        if member.flag_bits & 0x1:
            raise UploadError(
                _("The zip file holds an encrypted file (%(name)s): zip it without a password.")
                % {"name": quoted(member.filename, NAME_CHARS)}
            )
        members.append((member, relative))
    if len(members) > most:
        raise UploadError(too_many(most))
    limit = int(settings.LOCALSDG_MAX_UNPACKED_BYTES)
    if sum(m.file_size for m, _relative in members) > limit:
        raise UploadError(unpacks_too_large(limit))
    return members


def open_zip(archive: Path) -> zipfile.ZipFile:
    """Open a zip after checking its declared number of entries, before Python reads them all.

    Reading the central directory costs memory per entry, so a small upload of a million empty
    entries would be expensive to refuse after it was read.
    """
    entries = declared_entries(archive)
    most = int(settings.LOCALSDG_MAX_ZIP_MEMBERS)
    if entries is not None and entries > 2 * most:  # folders are entries too
        raise UploadError(too_many(most))
    return zipfile.ZipFile(archive)


class Meter:
    """Counts the bytes a zip really unpacks to and stops at the first chunk past a limit."""

    def __init__(self) -> None:
        self.total = 0
        self.limit = int(settings.LOCALSDG_MAX_UNPACKED_BYTES)
        self.ratio = int(settings.LOCALSDG_MAX_ZIP_RATIO)

    def copy(self, zipped: zipfile.ZipFile, member: zipfile.ZipInfo, sink: BinaryIO | None) -> None:
        allowed = max(RATIO_FLOOR, self.ratio * member.compress_size)
        written = 0
        with zipped.open(member) as source:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                self.total += len(chunk)
                if self.total > self.limit:
                    raise UploadError(unpacks_too_large(self.limit))
                if written > allowed:
                    raise UploadError(
                        _(
                            "%(name)s in the zip file unpacks to more than %(ratio)s times its "
                            "compressed size, which data files never do: the upload was refused."
                        )
                        % {"name": quoted(member.filename, NAME_CHARS), "ratio": self.ratio}
                    )
                if sink is not None:
                    sink.write(chunk)


def too_many(most: int) -> str:
    return str(_("The zip file holds more than %(count)s files.") % {"count": most})


def unpacks_too_large(limit: int) -> str:
    limit_text = filesizeformat(limit)
    return str(_("The zip file unpacks to more than %(limit)s.") % {"limit": limit_text})


def declared_entries(archive: Path) -> int | None:
    """The number of entries a zip's end record declares, found where ``zipfile`` finds it.

    None when there is no end record (``zipfile`` then refuses the file itself).
    """
    with archive.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - END_RECORD - 65535))  # the record ends with a comment
        tail = handle.read()
    plain = tail[-END_RECORD:-18] == b"PK\x05\x06" and tail[-2:] == b"\0\0"
    at = len(tail) - END_RECORD if plain else tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + END_RECORD:
        return None
    # zip64: a locator (20 bytes) just before the end record, its record (56 bytes) before that
    if at >= 76 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        record = tail[at - 76 : at - 20]
        return int(struct.unpack_from("<Q", record, 32)[0]) if record[:4] == b"PK\x06\x06" else None
    return int(struct.unpack_from("<H", tail, at + 10)[0])


def repository_root(folder: Path) -> Path:
    """A zip of a repository often has one top folder; import from the folder holding data/."""
    entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir() and not (folder / "data").is_dir():
        return entries[0]
    return folder


# --------------------------------------------------------------------------------------------
# Reading, expiry, removal


def read_pending(pending: PendingImport) -> DataSet:
    """Read the upload with its format; problems name files relative to the upload.

    Readers name the path they were given when it cannot be read at all; that path is in the
    data directory, which users must never see.
    """
    data = get_format(pending.file_format).read(
        Path(pending.path),
        on_duplicate=pending.on_duplicate,  # type: ignore[arg-type]
    )
    problems = [relative_problem(problem, pending) for problem in data.problems]
    return replace(data, problems=problems)


def relative_problem(problem: Problem, pending: PendingImport) -> Problem:
    path, shown = Path(pending.path), pending.source_name
    file = without_paths(problem.file, pending.folder, path, shown) or shown
    message = without_paths(problem.message, pending.folder, path, shown)
    return replace(problem, file=file, message=message)


def without_paths(text: str, folder: Path, path: Path | None = None, shown: str = "") -> str:
    """``text`` with the upload's folders replaced by names relative to the upload."""
    if path is not None:
        text = text.replace(f"{path}/", "").replace(str(path), shown)
    text = text.replace(f"{folder}/", "").replace(str(folder), "")
    root = str(uploads_root())
    return text.replace(f"{root}/", "").replace(root, "")


def load_pending(token: str, org: str, kind: str = "indicators") -> PendingImport | None:
    """The upload of ``kind`` waiting under ``token`` for ``org``; None when unknown, another
    organisation's or of another kind.

    Raises ``UploadExpired`` when it waited too long (and removes it if it is still there).
    """
    match = TOKEN.fullmatch(token)
    if match is None:
        return None
    marker = uploads_root() / token / "pending.json"
    try:
        written = marker.stat().st_mtime
        pending = PendingImport(**json.loads(marker.read_text()))
    except FileNotFoundError:
        created = match["created"]
        if created is not None and int(created, 16) < expiry_cutoff():
            raise UploadExpired() from None
        return None
    except (OSError, ValueError, TypeError):  # half written by a stopped worker
        return None
    if pending.org != org or pending.kind != kind:
        return None
    if written < expiry_cutoff():
        discard(pending)
        raise UploadExpired()
    return pending


def remove_expired() -> int:
    """Remove the uploads not touched for the expiry time; returns how many were removed.

    Cheap enough to run on every upload: one listing and one or two ``stat`` per upload. An
    upload's age is that of its ``pending.json``, or of its folder when a stopped worker left
    no ``pending.json``.
    """
    root = uploads_root()
    if not root.is_dir():
        return 0
    cutoff = expiry_cutoff()
    removed = 0
    for folder in root.iterdir():
        if folder.is_dir() and last_written(folder) < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def last_written(folder: Path) -> float:
    for path in (folder / "pending.json", folder):
        try:
            return path.stat().st_mtime
        except OSError:
            continue
    return time.time()


def discard(pending: PendingImport) -> None:
    shutil.rmtree(pending.folder, ignore_errors=True)
