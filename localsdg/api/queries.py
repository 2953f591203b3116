"""Data releases as the public may see them.

A release is public when it touched at least one published indicator of a published
organisation. Nothing about unpublished indicators leaks: the indicator list and the counts
cover published indicators only, and when a release also touched an unpublished indicator its
file name, hash and note (which describe the whole file) are withheld. Who made a release is
never shown.

Which indicators a release touched is read from the rows that point to it: observations it set
that are still in place, the previous state it recorded for changes and removals, and the
previous state later releases recorded for observations it had set. A rollback touched what
the release it undid touched.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from localsdg.indicators.models import DataRelease, Indicator, Observation, ObservationChange
from localsdg.orgs.models import Organisation


@dataclass(frozen=True)
class PublicRelease:
    id: int
    created: str
    kind: str
    file_name: str | None
    file_format: str
    sha256: str | None
    added: int
    changed: int
    removed: int
    note: str | None
    indicators: tuple[str, ...]
    rolls_back: int | None


def touched_indicators(org: Organisation) -> dict[int, set[int]]:
    """Release id → ids of the indicators it touched, for every release of ``org``."""
    touched: dict[int, set[int]] = defaultdict(set)
    current = Observation.objects.filter(series__indicator__organisation=org)
    for release_id, indicator_id in current.values_list(
        "release_id", "series__indicator_id"
    ).distinct():
        touched[release_id].add(indicator_id)
    changes = ObservationChange.objects.filter(release__organisation=org)
    for release_id, previous_id, indicator_id in changes.values_list(
        "release_id", "previous_release_id", "series__indicator_id"
    ).distinct():
        touched[release_id].add(indicator_id)
        if previous_id is not None:
            touched[previous_id].add(indicator_id)
    rollbacks = DataRelease.objects.filter(organisation=org, rolls_back__isnull=False)
    for pk, undone in rollbacks.values_list("pk", "rolls_back_id"):
        touched[pk] |= touched.get(undone, set())
    return touched


def published_indicators(org: Organisation) -> dict[int, str]:
    found = Indicator.objects.published().filter(organisation=org)
    return dict(found.values_list("pk", "code"))


def partial_counts(release: DataRelease, indicator_ids: set[int]) -> tuple[int, int, int]:
    """(added, changed, removed) of ``release`` counting only these indicators' observations."""
    if release.kind == DataRelease.Kind.ROLLBACK and release.rolls_back is not None:
        added, changed, removed = partial_counts(release.rolls_back, indicator_ids)
        return removed, changed, added
    mine = ObservationChange.objects.filter(release=release, series__indicator_id__in=indicator_ids)
    changed = mine.filter(action=ObservationChange.Action.CHANGED).count()
    removed = mine.filter(action=ObservationChange.Action.REMOVED).count()
    was_changed = set(
        mine.filter(action=ObservationChange.Action.CHANGED).values_list("series_id", "period")
    )
    set_here = set(
        Observation.objects.filter(
            release=release, series__indicator_id__in=indicator_ids
        ).values_list("series_id", "period")
    ) | set(
        ObservationChange.objects.filter(
            previous_release=release, series__indicator_id__in=indicator_ids
        ).values_list("series_id", "period")
    )
    return len(set_here - was_changed), changed, removed


def public_release(
    release: DataRelease, touched: set[int], published: dict[int, str]
) -> PublicRelease | None:
    visible = touched & published.keys()
    if not visible:
        return None
    whole = touched <= published.keys()
    if whole:
        added, changed, removed = release.added, release.changed, release.removed
    else:
        added, changed, removed = partial_counts(release, visible)
    return PublicRelease(
        id=release.pk,
        created=release.created.isoformat(),
        kind=release.kind,
        file_name=release.source_name if whole else None,
        file_format=release.file_format,
        sha256=(release.source_hash or None) if whole else None,
        added=added,
        changed=changed,
        removed=removed,
        note=release.note if whole else None,
        indicators=tuple(sorted(published[pk] for pk in visible)),
        rolls_back=release.rolls_back_id,
    )


def public_releases(org: Organisation) -> list[PublicRelease]:
    """The organisation's public releases, newest first."""
    touched = touched_indicators(org)
    published = published_indicators(org)
    found = DataRelease.objects.filter(organisation=org, pk__in=touched.keys())
    releases = (
        public_release(r, touched[r.pk], published)
        for r in found.select_related("rolls_back").order_by("-created", "-pk")
    )
    return [r for r in releases if r is not None]


def public_release_by_id(org: Organisation, pk: int) -> PublicRelease | None:
    release = DataRelease.objects.filter(organisation=org, pk=pk).first()
    if release is None:
        return None
    touched = touched_indicators(org).get(release.pk, set())
    return public_release(release, touched, published_indicators(org))
