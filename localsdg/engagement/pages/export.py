"""What the sitemap and the static export publish of the record: event and partner numbers,
and the uploaded files that published events show."""

from __future__ import annotations

from collections.abc import Iterable

from localsdg.engagement.models import Event, Media
from localsdg.engagement.pages.partners import public_partners
from localsdg.orgs.models import Organisation


def event_ids(orgs: Iterable[Organisation] | None = None) -> list[int]:
    events = Event.objects.published()
    if orgs is not None:
        events = events.filter(organisation__in=list(orgs))
    return list(events.order_by("pk").values_list("pk", flat=True))


def partner_ids(orgs: Iterable[Organisation] | None = None) -> list[int]:
    partners = public_partners()
    if orgs is not None:
        partners = partners.filter(organisation__in=list(orgs))
    return sorted({p.pk for p in partners})


def media_paths(orgs: Iterable[Organisation] | None = None) -> list[str]:
    """URL paths of the uploaded files published events show (photos, thumbnails, documents)."""
    media = Media.objects.filter(event__in=Event.objects.published())
    if orgs is not None:
        media = media.filter(event__organisation__in=list(orgs))
    paths = set()
    for item in media.order_by("pk"):
        for value in (item.file, item.thumbnail):
            if value:
                paths.add(value.url)
    return sorted(paths)
