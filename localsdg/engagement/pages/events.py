"""The event page: an event with its sessions, videos, documents and photos, and the
schema.org ``Event`` that search engines read from it (dates only as precise as known)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from localsdg.core.engagement import detect_video
from localsdg.engagement.models import DatePrecision, Event, Media, MediaKind, Mode
from localsdg.engagement.pages.entries import (
    EventEntry,
    PersonRole,
    SessionRow,
    event_entry,
    fiscal_years,
    published_events,
)
from localsdg.engagement.text import render_markdown
from localsdg.i18n import Localized, localized
from localsdg.web.parts import GoalTile

ATTENDANCE: dict[str, str] = {
    Mode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Mode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Mode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


@dataclass(frozen=True)
class VideoItem:
    title: Localized
    url: str
    provider: str
    provider_label: str
    embed_url: str  # set only for allow-listed embeds (YouTube in privacy mode)
    session: str  # the session's title it belongs to, or ""


@dataclass(frozen=True)
class DocumentItem:
    title: Localized
    kind_label: str
    url: str
    is_upload: bool


@dataclass(frozen=True)
class PhotoItem:
    title: Localized
    caption: Localized
    credit: str
    url: str  # the full image
    thumbnail_url: str
    width: int | None
    height: int | None


@dataclass(frozen=True)
class EventPage:
    entry: EventEntry
    summary: Localized
    outcomes: Localized
    videos: tuple[VideoItem, ...]
    documents: tuple[DocumentItem, ...]
    photos: tuple[PhotoItem, ...]
    lang: str

    def json_ld(self, page_url: str) -> dict[str, object]:
        """schema.org Event with its sessions as subEvent, dates only as precise as known."""
        entry = self.entry
        data: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": entry.name.text,
            "url": page_url,
            "inLanguage": self.lang,
        }
        if self.summary.text:
            data["description"] = plain_text(self.summary.text)
        data |= iso_dates(entry.precision, entry.start, entry.end)
        if entry.mode in ATTENDANCE:
            data["eventAttendanceMode"] = ATTENDANCE[entry.mode]
        if entry.city.text or entry.country:
            address = {"@type": "PostalAddress", "addressLocality": entry.city.text or None}
            address["addressCountry"] = entry.country or None
            data["location"] = {
                "@type": "Place",
                "name": entry.place,
                "address": {k: v for k, v in address.items() if v},
            }
        if entry.organisers:
            data["organizer"] = [organisation_ld(p.name.text, p.url) for p in entry.organisers]
        performers = [role_ld(p) for s in entry.sessions for p in s.people]
        if performers:
            data["performer"] = performers
        data["contributor"] = organisation_ld(entry.org.name.text, entry.org.url, government=True)
        if entry.goals:
            data["about"] = [goal_ld(g) for g in entry.goals]
        if entry.sessions:
            data["subEvent"] = [session_ld(s, entry) for s in entry.sessions]
        if self.videos:
            data["recordedIn"] = [
                {"@type": "VideoObject", "name": v.title.text or entry.name.text, "url": v.url}
                for v in self.videos
            ]
        return data


def plain_text(markdown: str) -> str:
    """Markdown as the plain text it shows, for metadata (sanitized first, then untagged)."""
    return html.unescape(strip_tags(render_markdown(markdown))).strip()


def iso_dates(precision: str, start: date | None, end: date | None) -> dict[str, str]:
    """startDate (and endDate) cut to what is known; nothing for fiscal years or unknown dates."""
    if start is None:
        return {}
    if precision == DatePrecision.DAY:
        dates = {"startDate": start.isoformat()}
        if end and end != start:
            dates["endDate"] = end.isoformat()
        return dates
    if precision == DatePrecision.MONTH:
        return {"startDate": f"{start.year:04d}-{start.month:02d}"}
    if precision == DatePrecision.YEAR:
        return {"startDate": f"{start.year:04d}"}
    return {}


def organisation_ld(name: str, url: str, government: bool = False) -> dict[str, object]:
    kind = "GovernmentOrganization" if government else "Organization"
    return {"@type": kind, "name": name, "url": url}


def role_ld(person: PersonRole) -> dict[str, object]:
    """A performer in the schema.org Role pattern: who, in what role, with their title."""
    who: dict[str, object] = {"name": person.person.text}
    who["@type"] = "Person" if person.title.text else "Organization"
    if person.title.text:
        who["jobTitle"] = person.title.text
    return {"@type": "PerformanceRole", "roleName": person.role_label, "performer": who}


def goal_ld(goal: GoalTile) -> dict[str, object]:
    return {
        "@type": "Thing",
        "name": f"SDG {goal.number}: {goal.short_title.text}",
        "url": goal.url,
    }


def session_ld(session: SessionRow, entry: EventEntry) -> dict[str, object]:
    data: dict[str, object] = {
        "@type": "Event",
        "name": session.title.text or session.kind_label,
        "additionalType": session.kind_label,
    }
    if session.starts_at:
        data["startDate"] = session.starts_at.isoformat()
    elif entry.start:
        data |= {"startDate": iso_dates(entry.precision, entry.start, None).get("startDate")}
    if session.ends_at:
        data["endDate"] = session.ends_at.isoformat()
    if session.people:
        data["performer"] = [role_ld(p) for p in session.people]
    if session.hosted_by_us:
        data["organizer"] = organisation_ld(entry.org.name.text, entry.org.url, government=True)
    if session.goals:
        data["about"] = [goal_ld(g) for g in session.goals]
    return {k: v for k, v in data.items() if v is not None}


PROVIDERS = {"youtube": "YouTube", "un_web_tv": "UN Web TV"}


def media_url(media: Media, field: str) -> str:
    value = getattr(media, field)
    return value.url if value else ""


def media_items(
    media: Iterable[Media], sessions: Mapping[int, SessionRow], lang: str
) -> tuple[tuple[VideoItem, ...], tuple[DocumentItem, ...], tuple[PhotoItem, ...]]:
    videos, documents, photos = [], [], []
    for item in media:
        title = item.title(lang)
        if item.kind == MediaKind.VIDEO and item.url:
            video = detect_video(item.url)
            session = sessions.get(item.session_id) if item.session_id else None
            videos.append(
                VideoItem(
                    title=title,
                    url=item.url,
                    provider=video.provider,
                    provider_label=PROVIDERS.get(video.provider, _("Video")),
                    embed_url=video.embed_url,
                    session=session.title.text if session else "",
                )
            )
        elif item.kind == MediaKind.DOCUMENT and (item.url or item.file):
            documents.append(
                DocumentItem(
                    title=title,
                    kind_label=str(item.get_document_kind_display() or _("Document")),
                    url=media_url(item, "file") or item.url,
                    is_upload=bool(item.file),
                )
            )
        elif item.kind == MediaKind.PHOTO and item.file:
            photos.append(
                PhotoItem(
                    title=title,
                    caption=localized(item, "caption", lang),
                    credit=item.credit,
                    url=media_url(item, "file"),
                    thumbnail_url=media_url(item, "thumbnail") or media_url(item, "file"),
                    width=item.width,
                    height=item.height,
                )
            )
    return tuple(videos), tuple(documents), tuple(photos)


def published_event(pk: int) -> Event:
    event = published_events().prefetch_related("media").filter(pk=pk).first()
    if event is None:
        raise Http404(_("There is no published event with this number."))
    return event


def event_page(pk: int, lang: str) -> EventPage:
    with translation.override(lang):
        event = published_event(pk)
        entry = event_entry(event, lang, fiscal_years())
        sessions = {s.pk: s for s in entry.sessions}
        videos, documents, photos = media_items(event.media.all(), sessions, lang)
        return EventPage(
            entry=entry,
            summary=entry.summary,
            outcomes=localized(event, "outcomes", lang),
            videos=videos,
            documents=documents,
            photos=photos,
            lang=lang,
        )
