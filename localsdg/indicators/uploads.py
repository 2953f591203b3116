"""Files uploaded for import, kept in the data directory between preview and confirmation.

A pending import is a folder ``<data dir>/uploads/<token>/`` holding the uploaded file (a zip
is unpacked into ``repo/``) and ``pending.json`` with the organisation, format and options, so
a token from one organisation is useless in another.
"""

from __future__ import annotations

import json
import secrets
import shutil
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000


class UploadError(Exception):
    pass


@dataclass(frozen=True)
class PendingImport:
    token: str
    org: str
    file_format: str
    on_duplicate: str
    note: str
    source_name: str
    path: str  # file or unpacked folder to read

    @property
    def folder(self) -> Path:
        return uploads_root() / self.token


def uploads_root() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def save_upload(
    upload: UploadedFile, *, org: str, file_format: str, on_duplicate: str, note: str
) -> PendingImport:
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise UploadError(_("The file is larger than 100 MB."))
    token = secrets.token_urlsafe(16)
    folder = uploads_root() / token
    folder.mkdir(parents=True)
    name = get_valid_filename(upload.name or "upload") or "upload"
    target = folder / name
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    path = target
    if zipfile.is_zipfile(target):
        path = unpack(target, folder / "repo")
    pending = PendingImport(token, org, file_format, on_duplicate, note, name, str(path))
    (folder / "pending.json").write_text(json.dumps(asdict(pending)))
    return pending


def unpack(archive: Path, into: Path) -> Path:
    """Unpack safely: no paths outside the folder, bounded size and file count."""
    with zipfile.ZipFile(archive) as zipped:
        members = [m for m in zipped.infolist() if not m.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise UploadError(_("The zip file holds too many files."))
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise UploadError(_("The zip file unpacks to more than 500 MB."))
        for member in members:
            relative = PurePosixPath(member.filename)
            if relative.is_absolute() or ".." in relative.parts:
                raise UploadError(_("The zip file holds a path outside its folder."))
            destination = into.joinpath(*relative.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with zipped.open(member) as source, destination.open("wb") as sink:
                shutil.copyfileobj(source, sink)
    return repository_root(into)


def repository_root(folder: Path) -> Path:
    """A zip of a repository often has one top folder; import from the folder holding data/."""
    entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir() and not (folder / "data").is_dir():
        return entries[0]
    return folder


def load_pending(token: str, org: str) -> PendingImport | None:
    if not token.replace("-", "").replace("_", "").isalnum():
        return None
    path = uploads_root() / token / "pending.json"
    if not path.is_file():
        return None
    pending = PendingImport(**json.loads(path.read_text()))
    return pending if pending.org == org else None


def discard(pending: PendingImport) -> None:
    shutil.rmtree(pending.folder, ignore_errors=True)
