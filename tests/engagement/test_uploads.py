"""Uploads are judged by content, limited in size and pixels, and photos lose their metadata."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import ExifTags, Image

from localsdg.engagement.models import Event, Media, MediaKind
from localsdg.engagement.uploads import (
    ALL_KINDS,
    DOCUMENTS,
    IMAGES,
    check_upload,
    safe_name,
    sniff,
    store,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (35.0, 41.0, 22.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (139.0, 41.0, 30.0),
}


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "DemoCam"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = GPS
    return exif


def photo(fmt: str, size=(64, 32), orientation: int = 1, mode: str = "RGB") -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    image.paste((20, 90, 200), (0, 0, size[0] // 2, size[1]))  # left half blue
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif_with_gps(orientation).tobytes())
    return buffer.getvalue()


def upload(content: bytes, name: str, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_sniff_reads_magic_bytes():
    assert sniff(PDF) == "pdf"
    assert sniff(photo("JPEG")) == "jpeg"
    assert sniff(photo("PNG")) == "png"
    assert sniff(photo("WEBP")) == "webp"
    assert sniff(b"<!doctype html>") == ""
    assert sniff(b"") == ""


def test_pdf_is_accepted_unchanged_with_a_safe_name():
    checked = check_upload(upload(PDF, "../../Concept note (final).PDF"), ALL_KINDS)
    assert checked.kind == "pdf" and checked.content == PDF
    assert checked.content_type == "application/pdf"
    assert checked.name.startswith("concept-note-final-") and checked.name.endswith(".pdf")
    assert "/" not in checked.name and ".." not in checked.name
    assert checked.thumbnail is None and not checked.is_image


@pytest.mark.parametrize(("fmt", "kind"), [("JPEG", "jpeg"), ("PNG", "png"), ("WEBP", "webp")])
def test_gps_and_all_exif_are_stripped(fmt, kind):
    original = photo(fmt)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # really there
    checked = check_upload(upload(original, f"photo.{kind}", f"image/{kind}"), IMAGES)
    assert checked.kind == kind and checked.name.endswith("." + {"jpeg": "jpg"}.get(kind, kind))
    for content in (checked.content, checked.thumbnail):
        image = Image.open(io.BytesIO(content))
        assert image.format == fmt
        assert not image.getexif()
        assert "exif" not in image.info and "icc_profile" not in image.info
        assert b"Exif" not in content and b"DemoCam" not in content
    assert (checked.width, checked.height) == (64, 32)


def test_png_text_chunks_are_dropped_and_transparency_kept():
    image = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    buffer = io.BytesIO()
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "taken at home, 35.68N 139.69E")
    image.save(buffer, "PNG", pnginfo=info)
    checked = check_upload(upload(buffer.getvalue(), "x.png"), IMAGES)
    assert b"taken at home" not in checked.content
    assert Image.open(io.BytesIO(checked.content)).mode == "RGBA"


def test_exif_orientation_is_applied():
    # Orientation 6: the camera was turned; the picture must be shown rotated 90° clockwise.
    checked = check_upload(upload(photo("JPEG", (64, 32), orientation=6), "turned.jpg"), IMAGES)
    assert (checked.width, checked.height) == (32, 64)
    upright = Image.open(io.BytesIO(checked.content)).convert("RGB")
    assert upright.size == (32, 64)
    top = upright.getpixel((16, 4))
    assert top[2] > 150 and top[0] < 100  # the blue left half is now on top


def test_thumbnail_is_at_most_480_wide():
    checked = check_upload(upload(photo("JPEG", (1200, 800)), "big.jpg"), IMAGES)
    thumb = Image.open(io.BytesIO(checked.thumbnail))
    assert thumb.size == (480, 320)
    assert (checked.width, checked.height) == (1200, 800)


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (photo("PNG"), "holiday.jpg", "image/jpeg"),  # a PNG called .jpg: fine, stored as .png
    ],
)
def test_extension_is_ignored_in_favour_of_content(content, name, content_type):
    checked = check_upload(upload(content, name, content_type), IMAGES)
    assert checked.kind == "png" and checked.name.endswith(".png")


def test_png_renamed_jpg_is_refused_where_only_pdf_is_allowed():
    with pytest.raises(ValidationError) as error:
        check_upload(upload(photo("PNG"), "report.jpg", "image/jpeg"), DOCUMENTS)
    assert error.value.messages == ["report.jpg is not a PDF file."]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<!doctype html><script>alert(1)</script>", "programme.pdf"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "logo.png"),
        (b"GIF89a\x01\x00\x01\x00", "anim.webp"),
        (b"MZ\x90\x00", "setup.jpg"),
    ],
)
def test_other_content_is_refused_whatever_its_name(content, name):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(content, name, "application/pdf"), ALL_KINDS)
    assert error.value.messages == [f"{name} is not a PDF, JPEG, PNG or WebP file."]
    assert error.value.code == "file_kind"


def test_pdf_is_refused_where_a_photo_is_expected():
    with pytest.raises(ValidationError) as error:
        check_upload(upload(PDF, "photo.pdf"), IMAGES)
    assert error.value.messages == ["photo.pdf is not a JPEG, PNG or WebP image."]


def test_too_big_is_refused(settings):
    settings.LOCALSDG_UPLOAD_MAX_MB = 1
    content = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        check_upload(upload(content, "huge.pdf"), ALL_KINDS)
    assert error.value.messages == ["huge.pdf is larger than 1 MB."]


def test_size_is_measured_not_taken_from_the_declaration(settings):
    settings.LOCALSDG_UPLOAD_MAX_MB = 1
    lying = upload(PDF + b"0" * (1024 * 1024), "small.pdf")
    lying.size = 10
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        check_upload(lying, ALL_KINDS)


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="is empty"):
        check_upload(upload(b"", "nothing.pdf"), ALL_KINDS)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_decompression_bomb_is_refused_before_decoding():
    # A tiny file that claims 100,000 × 100,000 pixels (30 GB once decoded).
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + png_chunk(b"IEND", b"")
    )
    assert len(bomb) < 200
    with pytest.raises(ValidationError) as error:
        check_upload(upload(bomb, "bomb.png"), IMAGES)
    assert error.value.code == "image_pixels"
    assert error.value.messages == [
        "bomb.png is too large an image: at most 50 million pixels are accepted."
    ]


def test_real_image_over_the_pixel_limit_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (8000, 7000)).save(buffer, "PNG")  # 56 million pixels of nothing
    with pytest.raises(ValidationError) as error:
        check_upload(upload(buffer.getvalue(), "wide.png"), IMAGES)
    assert error.value.code == "image_pixels"


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xd8\xff\xe0" + b"\x00" * 40,  # JPEG magic, then nothing
        photo("PNG")[:60],  # truncated PNG
        b"RIFF\x10\x00\x00\x00WEBPVP8 garbage",
    ],
)
def test_broken_image_is_refused_clearly(content):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(content, "broken.img"), IMAGES)
    assert error.value.messages == ["broken.img is not a readable image."]


def test_safe_name():
    assert safe_name("東京 写真.JPG", "jpeg").startswith("file-")
    assert safe_name("a/b\\..\\evil.php.jpg", "png").endswith(".png")
    assert safe_name("x", "pdf") != safe_name("x", "pdf")


@pytest.mark.django_db
def test_store_puts_file_and_thumbnail_on_media(orgs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = Event.objects.create(organisation=orgs["tokyo"], name_en="Upload test")
    checked = check_upload(upload(photo("JPEG", (900, 600)), "forum.jpg"), IMAGES)
    media = store(Media(event=event, kind=MediaKind.PHOTO), checked)
    media.refresh_from_db()
    assert media.file.name.endswith(".jpg") and media.thumbnail.name.endswith(".jpg")
    assert (media.width, media.height) == (900, 600)
    with media.file.open("rb") as stored:
        assert stored.read() == checked.content
    assert Image.open(media.thumbnail.path).size == (480, 320)
    media.full_clean()


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF\x00\x01\x00\x00WEBP"]),
    st.binary(max_size=400),
)
def test_garbage_after_a_magic_number_is_refused_cleanly(magic, tail):
    try:
        check_upload(upload(magic + tail, "fuzz.bin"), IMAGES)
    except ValidationError as error:
        assert error.code in {"image_unreadable", "image_pixels"}
