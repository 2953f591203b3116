"""The one write path for observations: compare a data set with what is stored, then apply it.

Every import (``imports``: the command line, the web upload, the API) and the web data table go
through ``preview`` and ``apply``, so they validate alike and every change is a ``DataRelease``
that can be rolled back. For each indicator in the data set, the data set is the whole truth:
stored observations it lacks are removed (and kept in the release, so a rollback restores
them). Indicators it does not mention are not touched.

The comparison is a polars join over all observations of the affected indicators, and writes are
batched SQL statements, so a million observations are handled in seconds, not row by row.

Writers of one organisation's data take turns: ``apply`` and ``rollback`` first take a write lock
on the organisation and then compare again with what is stored, so an import that was previewed
before another one was stored is refused (``ReleaseConflict``) instead of being applied against
data that is no longer there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from typing import Any

import polars as pl
from django.db import OperationalError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from localsdg.core.codes import indicator_id
from localsdg.core.formats.model import (
    OBSERVATION_KEY,
    SERIES_KEY,
    DataSet,
    IndicatorMeta,
    Problem,
    Skipped,
)
from localsdg.framework.models import GlobalIndicator, Goal, Target
from localsdg.i18n import language_codes
from localsdg.indicators.models import (
    DataRelease,
    Indicator,
    IndicatorLink,
    Observation,
    ObservationChange,
    Series,
    TargetValue,
)
from localsdg.orgs.models import Organisation
from localsdg.web.signals import data_changed

VALUE_FIELDS = ["value", "value_text", "flags", "footnote"]
PERIOD_FIELDS = ["start_year", "end_year", "period_kind"]
STORED_TYPES = {
    "start_year": pl.Int32, "end_year": pl.Int32, "period_kind": pl.String,
    "value": pl.Float64, "value_text": pl.String, "flags": pl.String, "footnote": pl.String,
    "previous": pl.Int64,
}  # fmt: skip
BATCH = 20_000
MAX_STORED_WARNINGS = 1000
MAX_PROBLEMS_PER_SKIPPED = 10  # errors kept per skipped file or indicator; the rest are counted
STALE = (
    "the stored data changed since the preview (another import or edit was stored meanwhile): "
    "nothing was stored; check the new preview and try again"
)
BUSY = (
    "another import or edit of this organisation's data is still being stored: nothing was "
    "stored; try again when it has finished"
)


class ReleaseError(Exception):
    """A release that cannot be applied or rolled back; the message says why."""


class ReleaseConflict(ReleaseError):
    """Another change came first: the preview is out of date or the data is still locked.

    Nothing was written; previewing (or trying) again is always safe.
    """


@dataclass(frozen=True)
class IndicatorDiff:
    code: str
    is_new: bool
    added: int
    changed: int
    removed: int
    unchanged: int


@dataclass
class Preview:
    """What applying a data set would do, and every problem found. Nothing is written."""

    data: DataSet
    indicators: list[IndicatorDiff] = field(default_factory=list)
    # What ``skip_invalid`` left out of ``data`` (see DataSet.without_invalid); [] otherwise.
    skipped: list[Skipped] = field(default_factory=list)
    # What the compared stored state depended on, taken before it was read (see ``state_of``).
    state: tuple[int, tuple[int, ...]] | None = None
    added: pl.DataFrame = field(default_factory=pl.DataFrame)
    changed: pl.DataFrame = field(default_factory=pl.DataFrame)
    removed: pl.DataFrame = field(default_factory=pl.DataFrame)

    @property
    def problems(self) -> list[Problem]:
        return self.data.problems

    @property
    def errors(self) -> list[Problem]:
        return self.data.errors

    @property
    def warnings(self) -> list[Problem]:
        return self.data.warnings

    @property
    def ok(self) -> bool:
        return self.data.ok

    @property
    def totals(self) -> dict[str, int]:
        return {
            "added": sum(d.added for d in self.indicators),
            "changed": sum(d.changed for d in self.indicators),
            "removed": sum(d.removed for d in self.indicators),
            "unchanged": sum(d.unchanged for d in self.indicators),
        }

    @property
    def has_changes(self) -> bool:
        totals = self.totals
        return bool(totals["added"] or totals["changed"] or totals["removed"])

    @property
    def digest(self) -> str:
        """A short fingerprint of what this preview shows, so that a confirmation given on one
        preview can be checked against the preview made when it arrives."""
        shown = [
            *(astuple(diff) for diff in self.indicators),
            *((entry.file, entry.indicator) for entry in self.skipped),
        ]
        return hashlib.sha256(repr(shown).encode()).hexdigest()[:16]


def stored_observations(org: Organisation, codes: Iterable[str]) -> pl.DataFrame:
    """Every stored observation of these indicators, as a frame keyed like a data set."""
    codes = list(codes)
    schema = {
        "indicator": pl.String, "series": pl.String, "unit": pl.String, "dimensions": pl.String,
        "period": pl.String, "start_year": pl.Int32, "end_year": pl.Int32,
        "period_kind": pl.String, "value": pl.Float64, "value_text": pl.String,
        "flags": pl.String, "footnote": pl.String, "observation_id": pl.Int64,
        "series_id": pl.Int64, "release_id": pl.Int64,
    }  # fmt: skip
    if not codes:
        return pl.DataFrame(schema=schema)
    o, s, i = (Observation._meta.db_table, Series._meta.db_table, Indicator._meta.db_table)
    rows: list[tuple[Any, ...]] = []
    for chunk in chunked(codes, 500):
        marks = ", ".join(["%s"] * len(chunk))
        sql = (
            f"SELECT i.code, s.series, s.unit, s.dimensions, o.period, o.start_year, o.end_year, "
            f"o.period_kind, o.value, o.value_text, o.flags, o.footnote, o.id, s.id, o.release_id "
            f"FROM {o} o JOIN {s} s ON o.series_id = s.id JOIN {i} i ON s.indicator_id = i.id "
            f"WHERE i.organisation_id = %s AND i.code IN ({marks})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [org.pk, *chunk])
            rows.extend(cursor.fetchall())
    return pl.DataFrame(rows, schema=schema, orient="row")


def chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def same(left: str, right: str) -> pl.Expr:
    """Null-safe equality of two columns."""
    return pl.col(left).eq_missing(pl.col(right))


def compare(incoming: pl.DataFrame, stored: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Split into added, changed, removed and unchanged observations."""
    new = incoming.select([*OBSERVATION_KEY, *PERIOD_FIELDS, *VALUE_FIELDS])
    old = stored.rename({f: f"old_{f}" for f in [*PERIOD_FIELDS, *VALUE_FIELDS]})
    joined = new.join(old, on=OBSERVATION_KEY, how="full", coalesce=True, nulls_equal=True)
    present_new = pl.col("period_kind").is_not_null()
    present_old = pl.col("observation_id").is_not_null()
    # value_text of a number only records how it was spelt (1,351): not a change of data
    spelling = pl.col("value").is_not_null() & pl.col("old_value").is_not_null()
    equal = pl.all_horizontal(
        [same(f, f"old_{f}") | (spelling if f == "value_text" else False) for f in VALUE_FIELDS]
    )
    return {
        "added": joined.filter(present_new & ~present_old),
        "removed": joined.filter(~present_new & present_old),
        "changed": joined.filter(present_new & present_old & ~equal),
        "unchanged": joined.filter(present_new & present_old & equal),
    }


def preview(org: Organisation, data: DataSet, *, skip_invalid: bool = False) -> Preview:
    """What storing ``data`` would change, per indicator; nothing is written.

    With ``skip_invalid`` the indicators and files that errors name are left out first and
    listed in ``Preview.skipped``, so the rest can be stored.
    """
    skipped: list[Skipped] = []
    if skip_invalid:
        data, skipped = data.without_invalid()
    result = Preview(data=data, skipped=skipped)
    if not data.ok:
        return result
    codes = sorted(data.codes())
    result.state = state_of(org, codes)
    existing = set(
        Indicator.objects.filter(organisation=org, code__in=codes).values_list("code", flat=True)
    )
    parts = compare(data.observations, stored_observations(org, codes))
    counts = {
        name: dict(frame.group_by("indicator").len().iter_rows()) for name, frame in parts.items()
    }
    result.indicators = [
        IndicatorDiff(
            code=code,
            is_new=code not in existing,
            **{name: counts[name].get(code, 0) for name in counts},
        )
        for code in codes
    ]
    result.added, result.changed, result.removed = (
        parts["added"],
        parts["changed"],
        parts["removed"],
    )
    return result


@contextmanager
def locked(org: Organisation) -> Iterator[None]:
    """One transaction that holds the write lock on the organisation's data from its start.

    A writer that gives up waiting for the lock raises ``ReleaseConflict``; nothing is written.
    """
    try:
        with transaction.atomic():
            lock_organisation(org)
            yield
    except OperationalError as error:
        if "locked" not in str(error):  # SQLite's busy timeout ran out
            raise
        raise ReleaseConflict(BUSY) from None


def lock_organisation(org: Organisation) -> None:
    """Make other writers of this organisation's data wait until this transaction ends.

    PostgreSQL locks the organisation's row (NO KEY: rows that merely refer to the organisation
    can still be written by others). SQLite has one lock for the whole database; the settings
    begin every transaction IMMEDIATE, and a first statement that writes takes the lock too under
    any transaction mode, so nothing is read before the lock is held.
    """
    if connection.features.has_select_for_update:
        rows = Organisation.objects.select_for_update(no_key=True).filter(pk=org.pk)
        list(rows.values_list("pk", flat=True))
        return
    table, column = Organisation._meta.db_table, Organisation._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = {column} WHERE {column} = %s", [org.pk])


def recheck(org: Organisation, result: Preview) -> Preview:
    """The comparison made again under the lock; refused when it is not what the preview showed.

    The preview was made without the lock, so another import may have been stored since: its
    observation ids and values are what this release must record to be rolled back correctly.
    When nothing the preview depended on changed, the preview itself is still exact.
    """
    if result.state is not None and result.state == state_of(org, sorted(result.data.codes())):
        return result
    current = preview(org, result.data)
    if current.indicators != result.indicators:
        raise ReleaseConflict(STALE)
    return current


def state_of(org: Organisation, codes: Iterable[str]) -> tuple[int, tuple[int, ...]]:
    """What the stored observations of these indicators depend on: the organisation's latest
    data release (observations change only through releases) and which of them exist (deleting
    an indicator deletes its observations)."""
    latest = DataRelease.objects.filter(organisation=org).aggregate(latest=Max("pk"))["latest"]
    indicators = Indicator.objects.filter(organisation=org, code__in=sorted(codes))
    return latest or 0, tuple(indicators.order_by("pk").values_list("pk", flat=True))


def apply(
    org: Organisation,
    result: Preview,
    *,
    user: Any = None,
    source_name: str = "",
    source_hash: str = "",
    file_format: str = "",
    note: str = "",
    kind: str = DataRelease.Kind.IMPORT,
) -> DataRelease | None:
    """Write a previewed data set as one release, in one transaction; refuse if it has errors.

    Under the organisation's write lock the comparison is made again; when it differs from the
    preview (another change was stored meanwhile) nothing is written (``ReleaseConflict``).
    When no observation changes, only the metadata is saved and no release is made (None).
    What the preview skipped (``skip_invalid``) is recorded as what the import left out.
    """
    if not result.ok:
        raise ReleaseError(f"{len(result.errors)} errors in the data: nothing was stored")
    with locked(org):
        current = recheck(org, result)
        current.skipped = result.skipped
        if not current.has_changes:
            indicators = save_indicators(org, current.data)
            save_targets(
                indicators, current.data, save_series(indicators, current.data.observations)
            )
            return None
        return write_release(
            org, current, user=user, source_name=source_name, source_hash=source_hash,
            file_format=file_format, note=note, kind=kind,
        )  # fmt: skip


def write_release(
    org: Organisation,
    result: Preview,
    *,
    user: Any,
    source_name: str,
    source_hash: str,
    file_format: str,
    note: str,
    kind: str,
) -> DataRelease:
    """Store the compared changes as one release (inside the caller's locked transaction)."""
    totals = result.totals
    release = DataRelease.objects.create(
        organisation=org,
        kind=kind,
        user=user if getattr(user, "is_authenticated", False) else None,
        source_name=source_name[:500],
        source_hash=source_hash,
        file_format=file_format,
        added=totals["added"],
        changed=totals["changed"],
        removed=totals["removed"],
        note=note,
        warnings=[problem_record(p) for p in result.warnings[:MAX_STORED_WARNINGS]],
        dropped_duplicates=result.data.dropped_duplicates.to_dicts(),
        skipped=skipped_records(result.skipped),
    )
    indicators = save_indicators(org, result.data)
    series_ids = save_series(indicators, result.data.observations)
    record_and_remove(release, result.removed)
    record_and_change(release, result.changed)
    insert_added(release, result.added, series_ids)
    save_targets(indicators, result.data, series_ids)
    touched = [
        indicators[d.code].pk for d in result.indicators if d.added or d.changed or d.removed
    ]
    Indicator.objects.filter(pk__in=touched).update(data_updated=timezone.now())
    data_changed.send(sender=DataRelease, organisation=org)
    return release


def problem_record(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "code": problem.code,
        "message": problem.message,
    }


def skipped_records(skipped: list[Skipped]) -> list[dict[str, Any]]:
    """What an import left out, for the release: every file and indicator with its first errors.

    At most MAX_PROBLEMS_PER_SKIPPED errors per entry and MAX_STORED_WARNINGS in all are kept
    (``more`` counts the rest), so a repository full of broken files makes no huge record.
    """
    budget = MAX_STORED_WARNINGS
    records = []
    for entry in skipped:
        problems = entry.problems[: max(0, min(MAX_PROBLEMS_PER_SKIPPED, budget))]
        budget -= len(problems)
        records.append(
            {
                "file": entry.file,
                "indicator": entry.indicator,
                "problems": [problem_record(p) for p in problems],
                "more": len(entry.problems) - len(problems),
            }
        )
    return records


def meta_fields(meta: IndicatorMeta) -> dict[str, Any]:
    """The model fields a data set provides; what it leaves empty keeps its stored value."""
    fields: dict[str, Any] = {}
    for lang in language_codes():
        if meta.names.get(lang):
            fields[f"name_{lang}"] = meta.names[lang]
        if meta.source_organisation.get(lang):
            fields[f"source_organisation_{lang}"] = meta.source_organisation[lang]
        if meta.department.get(lang):
            fields[f"department_{lang}"] = meta.department[lang]
    optional = {
        "unit_en": meta.unit,
        "direction": meta.direction,
        "limit": meta.limit,
        "decimals": meta.decimals,
        "reporting_status": meta.reporting_status,
        "source_url": meta.source_url,
    }
    fields |= {name: value for name, value in optional.items() if value not in (None, "")}
    fields = {name: clipped(name, value) for name, value in fields.items()}
    if meta.metadata:
        fields["metadata"] = meta.metadata
    if meta.dimensions:
        fields["dimensions"] = meta.dimensions
    return fields


def clipped(name: str, value: Any) -> Any:
    """Text cut to the column's length: a file's overlong label must not fail the import."""
    limit = getattr(Indicator._meta.get_field(name), "max_length", None)
    return value[:limit] if isinstance(value, str) and limit else value


def save_indicators(org: Organisation, data: DataSet) -> dict[str, Indicator]:
    codes = data.codes()
    stored = {i.code: i for i in Indicator.objects.filter(organisation=org, code__in=codes)}
    for code in sorted(codes):
        meta = data.indicators.get(code) or IndicatorMeta(code=code)
        fields = meta_fields(meta)
        indicator = stored.get(code)
        if indicator is None:
            indicator = Indicator.objects.create(organisation=org, code=code, **fields)
            stored[code] = indicator
            save_links(indicator, meta)
            continue
        changed = {k: v for k, v in fields.items() if getattr(indicator, k) != v}
        if changed:
            for name, value in changed.items():
                setattr(indicator, name, value)
            indicator.save()
        if meta.links or not indicator.links.exists():
            save_links(indicator, meta)
    return stored


def save_links(indicator: Indicator, meta: IndicatorMeta) -> None:
    """Links from the data set, or else a default link to the code's place in the framework."""
    links = list(meta.links) or default_links(indicator.code)
    indicator.links.all().delete()
    for code, kind in links:
        item = framework_item(code)
        if item:
            IndicatorLink.objects.create(indicator=indicator, kind=kind, **item)


def framework_item(code: str) -> dict[str, Any]:
    """The link field naming this global indicator, target or goal; {} when none exists."""
    dotted = code.strip().replace("-", ".")
    if GlobalIndicator.objects.filter(code=dotted).exists():
        return {"global_indicator_id": dotted}
    if Target.objects.filter(code=dotted).exists():
        return {"target_id": dotted}
    if dotted.isdigit() and Goal.objects.filter(number=int(dotted)).exists():
        return {"goal_id": int(dotted)}
    return {}


def default_links(code: str) -> list[tuple[str, str]]:
    """A global code is identical to its global indicator; any other id supplements the
    nearest place that exists: its global indicator, then its target, then its goal."""
    parsed = indicator_id(code)
    is_global = parsed.sdg is not None and not parsed.sdg.is_local
    if is_global and "global_indicator_id" in framework_item(parsed.dotted):
        return [(parsed.dotted, "identical")]
    parent = parsed.sdg.parent if parsed.sdg and parsed.sdg.is_local else None
    places = [parent.dotted] if parent else []
    places += [p for p in (parsed.target_code, str(parsed.goal)) if p]
    for place in places:
        if framework_item(place):
            return [(place, "supplementary")]
    return []


def save_series(indicators: dict[str, Indicator], observations: pl.DataFrame) -> pl.DataFrame:
    """Create missing series; return a frame mapping the series key to its id."""
    wanted = observations.select(SERIES_KEY).unique()
    by_id = {i.pk: code for code, i in indicators.items()}
    stored = Series.objects.filter(indicator_id__in=by_id).values_list(
        "indicator_id", "series", "unit", "dimensions", "id"
    )
    known = {(by_id[i], s, u, d): pk for i, s, u, d, pk in stored}
    missing = [row for row in wanted.iter_rows() if row not in known]
    Series.objects.bulk_create(
        [
            Series(indicator=indicators[code], series=series, unit=unit, dimensions=dims)
            for code, series, unit, dims in missing
        ],
        batch_size=2000,
    )
    if missing:
        stored = Series.objects.filter(indicator_id__in=by_id).values_list(
            "indicator_id", "series", "unit", "dimensions", "id"
        )
        known = {(by_id[i], s, u, d): pk for i, s, u, d, pk in stored}
    return pl.DataFrame(
        [(*key, pk) for key, pk in known.items()],
        schema={**{k: pl.String for k in SERIES_KEY}, "series_id": pl.Int64},
        orient="row",
    )


def execute_batches(sql: str, rows: Iterable[Sequence[Any]]) -> None:
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def insert_sql(model: type, columns: list[str]) -> str:
    table = model._meta.db_table  # type: ignore[attr-defined]
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


CHANGE_COLUMNS = [
    "release_id", "series_id", "action", "period", "start_year", "end_year", "period_kind",
    "value", "value_text", "flags", "footnote", "previous_release_id", "new_value",
    "new_value_text",
]  # fmt: skip


def record_changes(release: DataRelease, frame: pl.DataFrame, action: str) -> None:
    """Keep the previous state of changed or removed observations, for rollback and diffs."""
    removed = action == ObservationChange.Action.REMOVED
    new_value = pl.lit(None, pl.Float64) if removed else pl.col("value")
    new_text = pl.lit("") if removed else pl.col("value_text")
    rows = frame.select(
        pl.lit(release.pk).alias("release"), "series_id", pl.lit(action).alias("action"),
        "period", "old_start_year", "old_end_year", "old_period_kind", "old_value",
        "old_value_text", "old_flags", "old_footnote", "release_id",
        new_value.alias("new_value"), new_text.alias("new_text"),
    ).iter_rows()  # fmt: skip
    execute_batches(insert_sql(ObservationChange, CHANGE_COLUMNS), rows)


def record_and_remove(release: DataRelease, removed: pl.DataFrame) -> None:
    if removed.is_empty():
        return
    record_changes(release, removed, ObservationChange.Action.REMOVED)
    ids = removed["observation_id"].to_list()
    for chunk in chunked(ids, 900):
        Observation.objects.filter(pk__in=chunk).delete()


def record_and_change(release: DataRelease, changed: pl.DataFrame) -> None:
    if changed.is_empty():
        return
    record_changes(release, changed, ObservationChange.Action.CHANGED)
    table = Observation._meta.db_table
    update = (
        f"UPDATE {table} SET value = %s, value_text = %s, flags = %s, footnote = %s, "
        f"start_year = %s, end_year = %s, period_kind = %s, release_id = %s WHERE id = %s"
    )
    values = changed.select(
        *VALUE_FIELDS, *PERIOD_FIELDS, pl.lit(release.pk).alias("release"), "observation_id"
    ).iter_rows()
    execute_batches(update, values)


OBSERVATION_COLUMNS = [
    "series_id", "period", "start_year", "end_year", "period_kind", *VALUE_FIELDS, "release_id",
]  # fmt: skip


def insert_added(release: DataRelease, added: pl.DataFrame, series: pl.DataFrame) -> None:
    if added.is_empty():
        return
    rows = (
        added.drop("series_id")
        .join(series, on=SERIES_KEY, how="left")
        .select(
            "series_id",
            "period",
            *PERIOD_FIELDS,
            *VALUE_FIELDS,
            pl.lit(release.pk).alias("release"),
        )  # fmt: skip
        .iter_rows()
    )
    execute_batches(insert_sql(Observation, OBSERVATION_COLUMNS), rows)


def save_targets(indicators: dict[str, Indicator], data: DataSet, series: pl.DataFrame) -> None:
    ids = {tuple(row[:4]): row[4] for row in series.iter_rows()}
    for code, meta in data.indicators.items():
        for spec in meta.targets:
            series_id = ids.get((code, spec.series, spec.unit, spec.dimensions))
            if series_id is None:
                series_id = Series.objects.get_or_create(
                    indicator=indicators[code],
                    series=spec.series,
                    unit=spec.unit,
                    dimensions=spec.dimensions,
                )[0].pk
            TargetValue.objects.update_or_create(
                series_id=series_id,
                year=spec.year,
                defaults={
                    "value": spec.value,
                    "baseline_year": spec.baseline_year,
                    "baseline_value": spec.baseline_value,
                },
            )


def latest_effective_release(org: Organisation) -> DataRelease | None:
    return (
        DataRelease.objects.filter(organisation=org, rolled_back_by__isnull=True)
        .exclude(kind=DataRelease.Kind.ROLLBACK)
        .order_by("-pk")
        .first()
    )


def rollback(release: DataRelease, *, user: Any = None) -> DataRelease:
    """Restore the observations to their state before ``release``; recorded as a release too.

    Only the latest release still in effect can be rolled back, so no later change is lost
    silently: to undo an older one, roll back the later ones first. The checks are made under
    the organisation's write lock, so two rollbacks at once cannot both pass them.
    """
    with locked(release.organisation):
        check_rollback(release)
        undo = DataRelease.objects.create(
            organisation=release.organisation,
            kind=DataRelease.Kind.ROLLBACK,
            user=user if getattr(user, "is_authenticated", False) else None,
            source_name=f"rollback of #{release.pk}",
            rolls_back=release,
            added=release.removed,
            changed=release.changed,
            removed=release.added,
        )
        restore(release)
        data_changed.send(sender=DataRelease, organisation=release.organisation)
    return undo


def check_rollback(release: DataRelease) -> None:
    """Refuse a rollback that would lose later changes or undo something twice."""
    if release.kind == DataRelease.Kind.ROLLBACK:
        raise ReleaseError(f"release #{release.pk} is itself a rollback and cannot be rolled back")
    if DataRelease.objects.filter(rolls_back=release).exists():
        raise ReleaseError(f"release #{release.pk} has already been rolled back")
    latest = latest_effective_release(release.organisation)
    if latest is not None and latest.pk != release.pk:
        later = DataRelease.objects.filter(
            organisation=release.organisation, pk__gt=release.pk, rolled_back_by__isnull=True
        ).exclude(kind=DataRelease.Kind.ROLLBACK)
        numbers = ", ".join(f"#{r.pk}" for r in later.order_by("pk"))
        raise ReleaseError(
            f"release #{release.pk} cannot be rolled back before the later releases {numbers}: "
            "roll those back first"
        )


def restore(release: DataRelease) -> None:
    """Delete what the release added, put back what it changed or removed."""
    changes = pl.DataFrame(
        list(
            release.changes.values_list(
                "action", "series_id", "period", *PERIOD_FIELDS, *VALUE_FIELDS,
                "previous_release_id",
            )
        ),
        schema={"action": pl.String, "series_id": pl.Int64, "period": pl.String, **STORED_TYPES},
        orient="row",
    )  # fmt: skip
    touched = pl.DataFrame(
        list(Observation.objects.filter(release=release).values_list("id", "series_id", "period")),
        schema={"id": pl.Int64, "series_id": pl.Int64, "period": pl.String},
        orient="row",
    )
    was_changed = changes.filter(pl.col("action") == "changed")
    restored = touched.join(was_changed, on=["series_id", "period"], how="inner")
    added_ids = touched.join(was_changed, on=["series_id", "period"], how="anti")["id"].to_list()
    for chunk in chunked(added_ids, 900):
        Observation.objects.filter(pk__in=chunk).delete()
    table = Observation._meta.db_table
    update = (
        f"UPDATE {table} SET start_year = %s, end_year = %s, period_kind = %s, value = %s, "
        f"value_text = %s, flags = %s, footnote = %s, release_id = %s WHERE id = %s"
    )
    execute_batches(
        update, restored.select(*PERIOD_FIELDS, *VALUE_FIELDS, "previous", "id").iter_rows()
    )
    removed = changes.filter(pl.col("action") == "removed")
    execute_batches(
        insert_sql(Observation, OBSERVATION_COLUMNS),
        removed.select(
            "series_id", "period", *PERIOD_FIELDS, *VALUE_FIELDS, "previous"
        ).iter_rows(),
    )
    series_ids = set(changes["series_id"].to_list()) | set(touched["series_id"].to_list())
    indicator_ids = Series.objects.filter(pk__in=series_ids).values_list("indicator_id", flat=True)
    Indicator.objects.filter(pk__in=set(indicator_ids)).update(data_updated=timezone.now())
