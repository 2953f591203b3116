"""The engagement record as files: an Atom feed, an iCalendar feed and a CSV, per language.

All three are made from ``pages.history.history_page`` (published events only, newest first).
Their bytes depend only on the data, never on the clock, so the static export can skip unchanged
files: the Atom ``updated`` and the iCalendar ``DTSTAMP`` are the event's last change.

Calendar entries: an event known to the day is an all-day event (DTEND the day after its last
day, as RFC 5545 wants); an event known only to the month spans that month's days and says so in
its description. Events known only to the year or fiscal year, or not at all, are left out of
the calendar: a year-long entry would mislead more than it helps (the history page lists them).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from localsdg.engagement.models import DatePrecision
from localsdg.engagement.pages.entries import EventEntry
from localsdg.engagement.pages.events import iso_dates
from localsdg.engagement.pages.history import history_page
from localsdg.engagement.text import render_markdown
from localsdg.i18n import current_language

CALENDAR_PRECISIONS = (DatePrecision.DAY, DatePrecision.MONTH)


def title() -> str:
    return _("International engagement") + f" — {settings.LOCALSDG_SITE_NAME}"


def entries(lang: str) -> tuple[EventEntry, ...]:
    return history_page(lang).entries


def sessions_line(entry: EventEntry) -> str:
    """ "Side event: Title; Panel" — what was done there, in one line."""
    parts = []
    for session in entry.sessions:
        text = session.kind_label
        if session.title.text:
            text += f": {session.title.text}"
        parts.append(text)
    return "; ".join(parts)


def facts(entry: EventEntry) -> list[str]:
    """The lines every feed shows for an event: date, forum, place, sessions, partners."""
    lines = [entry.when or _("Date not recorded")]
    lines += [text for text in (entry.series_edition, entry.place, sessions_line(entry)) if text]
    if entry.partners:
        names = ", ".join(p.name.text for p in entry.partners)
        lines.append(_("Partners: %(names)s") % {"names": names})
    return lines


class StableAtom1Feed(Atom1Feed):
    """An empty feed is dated at a fixed moment instead of "now", so that exporting the same
    record twice gives the same bytes (the static export then rewrites nothing)."""

    def latest_post_date(self) -> datetime:
        if not self.items:
            return EMPTY_FEED_DATE
        return super().latest_post_date()


EMPTY_FEED_DATE = datetime(1970, 1, 1, tzinfo=UTC)


class AtomFeed(Feed):  # type: ignore[type-arg]
    """One entry per published event, newest first, in the language of the URL."""

    feed_type = StableAtom1Feed

    def title(self) -> str:
        return title()

    def subtitle(self) -> str:
        return _("Conferences, sessions and partners of the organisations on this site.")

    def link(self) -> str:
        return reverse("engagement:history")

    def feed_url(self) -> str:
        return reverse("engagement:atom")

    def items(self) -> tuple[EventEntry, ...]:
        return entries(current_language())

    def item_title(self, item: EventEntry) -> str:
        return item.name.text

    def item_link(self, item: EventEntry) -> str:
        return item.url

    def item_description(self, item: EventEntry) -> str:
        lines = "".join(f"<p>{escape(line)}</p>" for line in facts(item))
        return lines + str(render_markdown(item.summary.text))

    def item_updateddate(self, item: EventEntry) -> object:
        return item.updated

    def item_author_name(self, item: EventEntry) -> str:
        return item.org.name.text

    def item_categories(self, item: EventEntry) -> list[str]:
        return [item.series] if item.series else []


def calendar_dates(entry: EventEntry) -> tuple[date, date] | None:
    """DTSTART and the exclusive DTEND of an all-day entry; None when not precise enough."""
    if entry.start is None or entry.precision not in CALENDAR_PRECISIONS:
        return None
    if entry.precision == DatePrecision.DAY:
        return entry.start, (entry.end or entry.start) + timedelta(days=1)
    following = date(entry.start.year + entry.start.month // 12, entry.start.month % 12 + 1, 1)
    return entry.start.replace(day=1), following


def ics_calendar(lang: str, request: HttpRequest) -> bytes:
    """The record as an RFC 5545 calendar (icalendar writes CRLF lines and folds long ones)."""
    host = urlsplit(request.build_absolute_uri("/")).hostname or "localhost"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//LocalSDG//Engagement record//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title())
    for entry in entries(lang):
        dates = calendar_dates(entry)
        if dates is None:
            continue
        url = request.build_absolute_uri(entry.url)
        lines = facts(entry)
        if entry.precision == DatePrecision.MONTH:
            lines.append(_("The day is not recorded: this entry spans the month."))
        event = icalendar.Event()
        event.add("uid", f"engagement-event-{entry.pk}@{host}")
        event.add("dtstamp", entry.updated)
        event.add("dtstart", dates[0])
        event.add("dtend", dates[1])
        event.add("summary", entry.name.text)
        if entry.place:
            event.add("location", entry.place)
        event.add("url", url)
        event.add("description", "\n".join([*lines, url]))
        if entry.series:
            event.add("categories", [entry.series])
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def csv_headers() -> list[str]:
    return [
        _("event number"),
        _("event"),
        _("date"),
        _("date precision"),
        _("start"),
        _("end"),
        _("forum series"),
        _("edition"),
        _("city"),
        _("country"),
        _("format"),
        _("organisers"),
        _("session kind"),
        _("session title"),
        _("hosted by us"),
        _("people and roles"),
        _("partners"),
        _("SDG goals"),
        _("organisation"),
        _("page"),
    ]


def record_csv(lang: str, request: HttpRequest) -> bytes:
    """One row per session (an event without sessions gets one row), UTF-8 with a BOM.

    The BOM lets Excel, which Japanese offices open CSV files with, read the Japanese text
    correctly; other tools skip it.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_headers())
    precisions = dict(DatePrecision.choices)
    for entry in entries(lang):
        dates = iso_dates(entry.precision, entry.start, entry.end)
        start = dates.get("startDate", "")
        event_cells = [
            entry.pk,
            entry.name.text,
            entry.when,
            str(precisions.get(entry.precision, entry.precision)),
            start,
            dates.get("endDate", ""),
            entry.series,
            entry.edition,
            entry.city.text,
            entry.country,
            entry.mode_label,
            "; ".join(p.name.text for p in entry.organisers),
        ]
        tail = [entry.org.name.text, request.build_absolute_uri(entry.url)]
        event_goals = "; ".join(str(g.number) for g in entry.goals)
        if not entry.sessions:
            writer.writerow([*event_cells, "", "", "", "", "", event_goals, *tail])
        for session in entry.sessions:
            people = "; ".join(
                f"{p.person.text} ({p.title.text}): {p.role_label}"
                if p.title.text
                else f"{p.person.text}: {p.role_label}"
                for p in session.people
            )
            goals = "; ".join(str(g.number) for g in session.goals) or event_goals
            writer.writerow(
                [
                    *event_cells,
                    session.kind_label,
                    session.title.text,
                    _("yes") if session.hosted_by_us else _("no"),
                    people,
                    "; ".join(p.name.text for p in session.partners),
                    goals,
                    *tail,
                ]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
