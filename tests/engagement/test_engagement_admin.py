"""The engagement admin: scoped to the user's organisations, uploads checked like in the editor."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ExifTags, Image

from localsdg.engagement.models import Event, Media, MediaKind, Partner

pytestmark = pytest.mark.django_db


def signed_in(user, username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def tokyo_event(orgs) -> Event:
    return Event.objects.filter(organisation=orgs["tokyo"]).order_by("pk").first()


def test_tokyo_editor_sees_and_opens_tokyo_events(orgs, user):
    client = signed_in(user, "tokyo-editor")
    event = tokyo_event(orgs)
    listing = client.get("/admin/engagement/event/")
    assert listing.status_code == 200
    assert f"/admin/engagement/event/{event.pk}/change/" in listing.content.decode()
    for path in ["event", "session", "partner", "media"]:
        assert client.get(f"/admin/engagement/{path}/").status_code == 200, path
    assert client.get(f"/admin/engagement/event/{event.pk}/change/").status_code == 200


def test_other_organisations_editor_cannot_reach_tokyo_rows(orgs, user):
    client = signed_in(user, "shinjuku-editor")
    event = tokyo_event(orgs)
    listing = client.get("/admin/engagement/event/").content.decode()
    assert f"/admin/engagement/event/{event.pk}/change/" not in listing
    assert client.get(f"/admin/engagement/event/{event.pk}/change/").status_code == 302
    partner = Partner.objects.filter(organisation=orgs["tokyo"]).first()
    assert client.get(f"/admin/engagement/partner/{partner.pk}/change/").status_code == 302


def media_form(event: Event, upload, kind: str = MediaKind.PHOTO) -> dict[str, object]:
    return {
        "event": event.pk,
        "session": "",
        "kind": kind,
        "document_kind": "",
        "title_en": "Group photo",
        "title_ja": "集合写真",
        "caption_en": "",
        "caption_ja": "",
        "credit": "",
        "url": "",
        "file": upload,
        "order": 5,
        "_save": "Save",
    }


def test_admin_photo_upload_is_checked_and_stripped(orgs, user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = signed_in(user, "tokyo-editor")
    event = tokyo_event(orgs)
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N"}
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 120, 60)).save(buffer, "JPEG", exif=exif.tobytes())
    photo = SimpleUploadedFile("group.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = client.post("/admin/engagement/media/add/", media_form(event, photo))
    assert response.status_code == 302, response.content.decode()[:2000]
    media = Media.objects.get(event=event, title_en="Group photo")
    assert (media.width, media.height) == (800, 600) and media.thumbnail
    assert not Image.open(media.file.path).getexif()

    fake = SimpleUploadedFile("programme.pdf", b"<html><script>x</script>", "application/pdf")
    response = client.post("/admin/engagement/media/add/", media_form(event, fake))
    assert response.status_code == 200
    assert "programme.pdf is not a JPEG, PNG or WebP image." in response.content.decode()
