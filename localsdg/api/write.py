"""Write endpoints: data imports authorised by an organisation's API key.

An import through the API takes the same path as a web upload and the command line: the file
is saved by ``indicators.uploads``, then read, checked and stored by ``indicators.imports`` as
one all-or-nothing data release (or, with ``skip_invalid``, one release of the valid
indicators). There is no second import path; this module only answers in JSON.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status, UploadedFile
from ninja.errors import HttpError
from ninja.security import HttpBearer

from localsdg.api import keys
from localsdg.api.models import ApiKey
from localsdg.api.schemas import ImportOut, errors
from localsdg.core.formats.model import OnDuplicate, Problem, Skipped
from localsdg.indicators import imports, releases, uploads
from localsdg.indicators.models import DataRelease
from localsdg.orgs.models import Organisation

router = Router()

FileFormat = Literal["csv", "xlsx", "sdmx", "opensdg"]


class ApiKeyAuth(HttpBearer):
    """``Authorization: Bearer lsdg_…``: the key of the organisation being written to."""

    def __call__(self, request: HttpRequest) -> ApiKey | None:
        if not request.headers.get("Authorization", "").strip():
            raise HttpError(401, _("Send your API key as “Authorization: Bearer <key>”."))
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey:
        key = keys.find_key(token)
        if key is None:
            raise HttpError(401, _("This API key is unknown or has been revoked."))
        keys.touch(key)
        return key


def problem_out(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file or None,
        "line": problem.line,
        "column": problem.column or None,
        "field": None,
        "kind": problem.code or None,
        "reason": problem.message,
    }


def skipped_out(entry: Skipped) -> dict[str, Any]:
    problems = entry.problems[: releases.MAX_PROBLEMS_PER_SKIPPED]
    return {
        "file": entry.file or None,
        "indicator": entry.indicator or None,
        "problems": [problem_out(p) for p in problems],
        "more": len(entry.problems) - len(problems),
    }


def release_out(release: DataRelease, codes: list[str]) -> dict[str, Any]:
    """The whole release, for the key holder, who may see the organisation's drafts."""
    return {
        "id": release.pk,
        "created": release.created.isoformat(),
        "kind": release.kind,
        "file_name": release.source_name,
        "file_format": release.file_format,
        "sha256": release.source_hash or None,
        "added": release.added,
        "changed": release.changed,
        "removed": release.removed,
        "note": release.note,
        "indicators": codes,
        "rolls_back": None,
    }


def release_note(note: str, key: ApiKey) -> str:
    """The caller's note, followed by the key that made the release (by its public prefix)."""
    stamp = _("Imported through the API with key %(prefix)s.") % {"prefix": key.prefix}
    return f"{note.strip()}\n{stamp}" if note.strip() else stamp


@router.post(
    "/organisations/{slug}/imports",
    auth=ApiKeyAuth(),
    response={200: ImportOut, 201: ImportOut, **errors(400, 401, 403, 409, 422)},
    tags=["imports"],
)
def import_file(
    request: HttpRequest,
    slug: str,
    file: File[UploadedFile],
    file_format: FileFormat = Form(..., alias="format"),  # type: ignore[type-arg]  # noqa: B008
    dry_run: Form[bool] = True,
    on_duplicate: Form[OnDuplicate] = "error",
    note: Form[str] = "",
    skip_invalid: Form[bool] = False,
) -> Status[dict[str, Any]]:
    """Import a data file into the organisation of the API key, as one data release.

    ``format`` is csv, xlsx, sdmx or opensdg (an Open SDG repository as a .zip file).
    ``dry_run`` is true unless you send ``false``: the answer (200) shows what would change and
    nothing is stored. With ``dry_run=false`` the data is stored as one data release (201).
    A file with errors answers 400 with every problem found, and nothing is stored, unless
    ``skip_invalid`` is true: then every file and indicator that an error names is left out
    (listed in ``skipped`` and recorded in the release) and the rest is imported; 400 only when
    nothing valid is left or an error names no file or indicator. When another import or edit
    of the organisation was stored at the same moment, the answer is 409 and nothing is
    stored: send the file again.
    """
    key: ApiKey = request.auth  # type: ignore[attr-defined]
    note = note.replace("\x00", "")
    org = key.organisation
    if org.slug != slug:
        raise HttpError(403, _("This API key belongs to another organisation."))
    try:
        pending = uploads.save_upload(
            file, org=org.slug, file_format=file_format, on_duplicate=on_duplicate, note=note
        )
    except uploads.UploadError as exc:
        raise HttpError(400, str(exc)) from None
    try:
        checked = imports.check(org, imports.read_source(pending), skip_invalid=skip_invalid)
        if checked.refusal is not None:
            raise FileProblems(checked.refusal)
        result = checked.preview
        answer: dict[str, Any] = {
            "dry_run": dry_run,
            "stored": False,
            "release": None,
            "totals": result.totals,
            "indicators": [vars(diff) for diff in result.indicators],
            "warnings": [problem_out(p) for p in result.warnings[:1000]],
            "skipped": [skipped_out(entry) for entry in result.skipped],
        }
        if dry_run:
            return Status(200, answer)
        release = store(org, checked, key, note)
    finally:
        uploads.discard(pending)
    answer["stored"] = True
    if release is None:
        return Status(200, answer)
    codes = [d.code for d in result.indicators if d.added or d.changed or d.removed]
    answer["release"] = release_out(release, codes)
    return Status(201, answer)


def store(
    org: Organisation, checked: imports.Checked, key: ApiKey, note: str
) -> DataRelease | None:
    """Store the checked import; a change stored meanwhile by someone else answers 409."""
    try:
        return imports.store(org, checked, user=key.created_by, note=release_note(note, key))
    except releases.ReleaseConflict:
        message = _(
            "Another import or edit of this organisation's data was stored at the same time, "
            "so nothing was stored. Send the file again."
        )
        raise HttpError(409, message) from None


class FileProblems(Exception):
    """An uploaded file refused; answered as 400 with its problems (see api.py)."""

    def __init__(self, refusal: imports.Refusal) -> None:
        super().__init__(refusal.message)
        self.problems = refusal.problems
