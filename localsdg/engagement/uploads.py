"""Checking and storing uploaded documents and photos.

An upload is judged by its content, never by its name or the content type the browser sent: the
first bytes must be those of a PDF, JPEG, PNG or WebP file, and it must fit the size limit
(``LOCALSDG_UPLOAD_MAX_MB``). Images are then decoded with Pillow (only the decoder for the kind
found, and only below a pixel limit, so a small file that expands to gigabytes is refused before
it is decoded), turned upright from their EXIF orientation, converted to sRGB and re-encoded from
the pixels alone: EXIF (with any GPS location), XMP, comments and colour profiles are left
behind. A thumbnail is made at the same time. Stored names are slugs with a random suffix and the
extension of the real kind, so nothing the uploader chose ends up in a path or a content type.
"""

from __future__ import annotations

import io
import secrets
import struct
import warnings
from dataclasses import dataclass
from pathlib import PurePath
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

from localsdg.engagement.models import Media

DOCUMENTS = frozenset({"pdf"})
IMAGES = frozenset({"jpeg", "png", "webp"})
ALL_KINDS = DOCUMENTS | IMAGES

EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "webp": "webp"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}

MAX_PIXELS = 50_000_000  # a 50-megapixel phone photo fits; beyond that, refuse before decoding
THUMBNAIL_SIZE = (480, 960)  # at most 480 px wide; very tall images stop at 960 px
JPEG_QUALITY = 85
WEBP_QUALITY = 85


# What Pillow's decoders raise on malformed input; any of them means "not a readable image".
DECODER_ERRORS = (
    OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, ZeroDivisionError,
    struct.error, MemoryError,
)  # fmt: skip


class Upload(Protocol):
    """What is needed of an uploaded file (Django's ``UploadedFile`` or any ``File``)."""

    name: str | None

    def read(self, size: int = ..., /) -> bytes: ...


@dataclass(frozen=True)
class Checked:
    """An accepted upload: the bytes to store (re-encoded for images) and what they are."""

    kind: str  # "pdf", "jpeg", "png" or "webp"
    name: str  # safe file name with the extension of ``kind``
    content: bytes
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = None

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGES


def sniff(head: bytes) -> str:
    """The kind the first bytes announce ("pdf", "jpeg", "png", "webp"), or ""."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return ""


def max_bytes() -> int:
    return int(settings.LOCALSDG_UPLOAD_MAX_MB) * 1024 * 1024


def check_upload(uploaded_file: Upload, allowed: set[str] | frozenset[str]) -> Checked:
    """Accept the file if its content is one of the ``allowed`` kinds; else ValidationError.

    ``allowed`` holds kinds from ``ALL_KINDS``: ``IMAGES`` for photos, ``DOCUMENTS | IMAGES``
    for documents.
    """
    label = display_name(uploaded_file)
    content = _read_limited(uploaded_file, label)
    kind = sniff(content[:16])
    if kind not in allowed:
        raise ValidationError(_not_allowed_message(label, allowed), code="file_kind")
    if kind in IMAGES:
        return _check_image(content, kind, label, uploaded_file.name or "")
    return Checked(kind=kind, name=safe_name(uploaded_file.name or "", kind), content=content)


def display_name(uploaded_file: Upload) -> str:
    """The file's own name (no folders), shortened, for messages."""
    name = PurePath(str(uploaded_file.name or "").replace("\\", "/")).name or _("The file")
    return name if len(name) <= 80 else name[:77] + "…"


def _read_limited(uploaded_file: Upload, label: str) -> bytes:
    limit = max_bytes()
    size = getattr(uploaded_file, "size", None)
    too_big = ValidationError(
        _("%(name)s is larger than %(limit)s MB.")
        % {"name": label, "limit": settings.LOCALSDG_UPLOAD_MAX_MB},
        code="file_size",
    )
    if isinstance(size, int) and size > limit:
        raise too_big
    seek = getattr(uploaded_file, "seek", None)
    if callable(seek):
        seek(0)
    content = uploaded_file.read(limit + 1)  # the declared size may not be true
    if len(content) > limit:
        raise too_big
    if not content:
        raise ValidationError(_("%(name)s is empty.") % {"name": label}, code="file_empty")
    return content


def _not_allowed_message(label: str, allowed: set[str] | frozenset[str]) -> str:
    if set(allowed) >= ALL_KINDS:
        text = _("%(name)s is not a PDF, JPEG, PNG or WebP file.")
    elif set(allowed) >= IMAGES:
        text = _("%(name)s is not a JPEG, PNG or WebP image.")
    elif set(allowed) == DOCUMENTS:
        text = _("%(name)s is not a PDF file.")
    else:
        kinds = ", ".join(sorted(EXTENSIONS[kind].upper() for kind in allowed))
        return _("%(name)s is not one of these kinds of file: %(kinds)s.") % {
            "name": label,
            "kinds": kinds,
        }
    return text % {"name": label}


def safe_name(original: str, kind: str) -> str:
    """A slug of the original name plus a random suffix, with the extension of ``kind``."""
    stem = PurePath(original.replace("\\", "/")).stem
    slug = slugify(stem)[:50].strip("-") or "file"
    return f"{slug}-{secrets.token_hex(4)}.{EXTENSIONS[kind]}"


def _check_image(content: bytes, kind: str, label: str, original: str) -> Checked:
    too_large = ValidationError(
        _("%(name)s is too large an image: at most %(megapixels)s million pixels are accepted.")
        % {"name": label, "megapixels": MAX_PIXELS // 1_000_000},
        code="image_pixels",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content), formats=[PILLOW_FORMATS[kind]])
            if image.width * image.height > MAX_PIXELS:  # known from the header alone
                raise too_large
            image.load()
            clean = _clean_pixels(image, kind)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_large from error
    except DECODER_ERRORS as error:
        raise ValidationError(
            _("%(name)s is not a readable image.") % {"name": label}, code="image_unreadable"
        ) from error
    return Checked(
        kind=kind,
        name=safe_name(original, kind),
        content=_encode(clean, kind),
        width=clean.width,
        height=clean.height,
        thumbnail=_encode(_thumbnail(clean), kind),
    )


def _clean_pixels(image: Image.Image, kind: str) -> Image.Image:
    """Upright sRGB pixels in a mode the output format takes, with no metadata attached."""
    upright = ImageOps.exif_transpose(image) or image
    upright = _to_srgb(upright)
    has_alpha = upright.mode in {"RGBA", "LA", "PA"} or "transparency" in upright.info
    if kind == "jpeg":
        mode = "L" if upright.mode == "L" else "RGB"
    elif kind == "png" and upright.mode in {"L", "LA", "RGB", "RGBA"}:
        mode = upright.mode
    else:
        mode = "RGBA" if has_alpha else "RGB"
    converted = upright if upright.mode == mode else upright.convert(mode)
    # A new image from the raw pixels alone: no info dict, no EXIF, no XMP, no profile.
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert from an embedded colour profile to sRGB, so dropping the profile keeps colours."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in {"RGB", "RGBA", "CMYK"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        target = ImageCms.createProfile("sRGB")
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, target, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted if converted is not None else image


def _thumbnail(image: Image.Image) -> Image.Image:
    thumb = image.copy()
    thumb.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    return thumb


def _encode(image: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "jpeg":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif kind == "png":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY)
    return buffer.getvalue()


def store(media: Media, checked: Checked, *, save: bool = True) -> Media:
    """Put the checked file (and an image's thumbnail) on ``media`` and in the media storage."""
    media.file.save(checked.name, ContentFile(checked.content), save=False)
    if checked.thumbnail is not None:
        media.thumbnail.save(checked.name, ContentFile(checked.thumbnail), save=False)
        media.width, media.height = checked.width, checked.height
    else:
        media.thumbnail = ""
        media.width = media.height = None
    if save:
        media.save()
    return media


def check_bytes(content: bytes, name: str, allowed: set[str] | frozenset[str]) -> Checked:
    """``check_upload`` for bytes made in code (the demo's generated photos, imports)."""
    return check_upload(_Named(content, name), allowed)


class _Named(io.BytesIO):
    def __init__(self, content: bytes, name: str) -> None:
        super().__init__(content)
        self.name: str | None = name
        self.size = len(content)


__all__ = [
    "ALL_KINDS",
    "DOCUMENTS",
    "IMAGES",
    "Checked",
    "check_bytes",
    "check_upload",
    "safe_name",
    "sniff",
    "store",
]
