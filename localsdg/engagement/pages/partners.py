"""Partner pages: the list of public partners and one partner with everything done with it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from localsdg.engagement.models import Event, Partner
from localsdg.engagement.pages.entries import (
    EventEntry,
    PartnerLink,
    SessionRow,
    entries_for,
    fiscal_years,
    partner_link,
    published_events,
)
from localsdg.i18n import Localized, localized
from localsdg.web.parts import OrgSummary, org_summary


@dataclass(frozen=True)
class PartnerEvent:
    entry: EventEntry
    as_organiser: bool
    sessions: tuple[SessionRow, ...]  # the sessions it took part in


@dataclass(frozen=True)
class PartnerPage:
    partner: PartnerLink
    website: str
    description: Localized
    org: OrgSummary
    events: tuple[PartnerEvent, ...]


def public_partners() -> QuerySet[Partner]:
    """Partners a published event names as organiser or session partner."""
    events = Event.objects.published()
    return (
        Partner.objects.filter(Q(organised_events__in=events) | Q(sessions__event__in=events))
        .distinct()
        .select_related("organisation")
        .order_by("name_en", "pk")
    )


def partner_page(pk: int, lang: str) -> PartnerPage:
    """A partner and everything done with it; 404 unless a published event names it."""
    with translation.override(lang):
        partner = public_partners().filter(pk=pk).first() if 0 < pk < 2**53 else None
        if partner is None:
            raise Http404(_("There is no published partner with this number."))
        named = Event.objects.published().filter(
            Q(organisers=partner) | Q(sessions__partners=partner)
        )
        events = published_events().filter(pk__in=named.values("pk"))
        rows = []
        for entry in entries_for(events, lang, fiscal_years()):
            rows.append(
                PartnerEvent(
                    entry=entry,
                    as_organiser=any(p.pk == partner.pk for p in entry.organisers),
                    sessions=tuple(
                        s for s in entry.sessions if any(p.pk == partner.pk for p in s.partners)
                    ),
                )
            )
        return PartnerPage(
            partner=partner_link(partner, lang),
            website=partner.website,
            description=localized(partner, "description", lang),
            org=org_summary(partner.organisation, lang),
            events=tuple(rows),
        )


@dataclass(frozen=True)
class PartnerRow:
    partner: PartnerLink
    event_count: int


def partner_list(lang: str) -> tuple[PartnerRow, ...]:
    """Every public partner with the number of published events it appears in."""
    with translation.override(lang):
        counts: Counter[int] = Counter()
        for event in published_events():
            entry_partners = {p.pk for p in event.organisers.all()}
            entry_partners |= {p.pk for s in event.sessions.all() for p in s.partners.all()}
            counts.update(entry_partners)
        return tuple(PartnerRow(partner_link(p, lang), counts[p.pk]) for p in public_partners())
