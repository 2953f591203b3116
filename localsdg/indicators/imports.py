"""The one import path: read a file, check it for an organisation, store it as a data release.

``localsdg import``, the web upload and the API import all take these three steps, so they
read, refuse and record alike; each only presents the outcome its own way (console lines, a
page, JSON with status codes). ``read_source`` reads an operator's path or an upload waiting
for confirmation; ``check`` compares it with what is stored and says whether it may be
stored and, if not, why; ``store`` writes a checked import through ``releases.apply`` with
the file's name, SHA-256, format and the note.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localsdg.core.formats.model import DataSet, OnDuplicate, Problem
from localsdg.core.formats.registry import get_format
from localsdg.indicators import releases, uploads
from localsdg.indicators.models import DataRelease
from localsdg.orgs.models import Organisation


@dataclass(frozen=True)
class Source:
    """A file (or an Open SDG repository folder) read for import."""

    data: DataSet
    path: Path  # what was read: hashed for the release record
    name: str  # the file's name, stored with the release
    shown: str  # how messages name it: the operator's own path, or the uploaded file's name
    file_format: str

    @cached_property
    def sha256(self) -> str:
        """Hashed when first asked for, as a release is stored: a dry run or a refused file is
        never read twice. Ask while the file is there (an upload, before it is discarded)."""
        return file_sha256(self.path)


@dataclass(frozen=True)
class Refusal:
    """Why a checked import stores nothing, and the problems that say where."""

    message: str
    problems: list[Problem]


@dataclass(frozen=True)
class Checked:
    """A source compared with the stored data; ``refusal`` is None when it may be stored."""

    source: Source
    preview: releases.Preview
    refusal: Refusal | None


def file_sha256(path: Path) -> str:
    """Hash of a file, or of every file below a folder (in name order), for the release record."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(str(file.relative_to(path)).encode())
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def read_source(
    origin: Path | uploads.PendingImport,
    file_format: str = "",
    on_duplicate: OnDuplicate = "error",
) -> Source:
    """Read what is to be imported; problems come back in the data set, never raised.

    A path (the command line) is read with ``file_format`` and ``on_duplicate``; an upload
    carries its own, and its problems name files relative to the upload, never a folder of
    the server.
    """
    if isinstance(origin, uploads.PendingImport):
        name = origin.source_name
        data = uploads.read_pending(origin)
        return Source(data, Path(origin.path), name, name, origin.file_format)
    fmt = get_format(file_format)
    data = fmt.read(origin, on_duplicate=on_duplicate)
    return Source(data, origin, origin.name, str(origin), fmt.name)


def check(org: Organisation, source: Source, *, skip_invalid: bool = False) -> Checked:
    """What storing ``source`` for ``org`` would change, and whether it may be stored.

    With ``skip_invalid`` the files and indicators that errors name are left out first.
    """
    preview = releases.preview(org, source.data, skip_invalid=skip_invalid)
    return Checked(source, preview, refusal_of(preview, source.shown, skip_invalid))


def refusal_of(preview: releases.Preview, shown: str, skip_invalid: bool) -> Refusal | None:
    """The refusal rules, all here: any error refuses a whole import, and with ``skip_invalid``
    so do errors that name no file or indicator (there is nothing to leave out for them) and
    a file in which every indicator has errors (nothing valid is left)."""
    errors = preview.errors
    if errors and not skip_invalid:
        message = ngettext(
            "%(count)s error in %(file)s: nothing was stored",
            "%(count)s errors in %(file)s: nothing was stored",
            len(errors),
        )
        return Refusal(message % {"count": len(errors), "file": shown}, errors)
    if errors:
        message = ngettext(
            "%(count)s error in %(file)s that names no file or indicator, so it cannot be "
            "skipped: nothing was stored",
            "%(count)s errors in %(file)s that name no file or indicator, so they cannot be "
            "skipped: nothing was stored",
            len(errors),
        )
        return Refusal(message % {"count": len(errors), "file": shown}, errors)
    if preview.skipped and not preview.indicators:
        message = _(
            "every indicator in %(file)s has errors (%(count)s skipped): nothing was stored"
        ) % {"file": shown, "count": len(preview.skipped)}
        return Refusal(message, [p for entry in preview.skipped for p in entry.problems])
    return None


def store(
    org: Organisation,
    checked: Checked,
    *,
    user: Any = None,
    note: str = "",
    confirmed: str | None = None,
) -> DataRelease | None:
    """Store a checked import as one data release, with the source's name, hash and format.

    ``confirmed`` is the digest of the preview a person confirmed: when the preview made now
    differs, someone stored data meanwhile and nothing is stored (``ReleaseConflict``), as
    when the stored data changes between this check and the write. A refused import raises
    ``ReleaseError``. None when no observation changed (only metadata was saved).
    """
    if checked.refusal is not None:
        raise releases.ReleaseError(checked.refusal.message)
    if confirmed is not None and confirmed != checked.preview.digest:
        raise releases.ReleaseConflict(releases.STALE)
    source = checked.source
    return releases.apply(
        org,
        checked.preview,
        user=user,
        source_name=source.name,
        source_hash=source.sha256,
        file_format=source.file_format,
        note=note,
    )
