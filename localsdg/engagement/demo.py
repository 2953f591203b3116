"""The demo engagement record of the Tokyo hub, read from ``demo_data/engagement.yaml``.

The content (16 international events, their partners, sessions, people, topics and media, and
where its facts come from) lives in that file; this module reads it into typed specs, checking
every value with the rules the editors' screens use (kinds, roles, countries, dates), and loads
it. A mistake in the file is reported with the file, line, field and reason. Photos are
illustrative cards drawn at load time and stored through the normal upload checks.

Loading is idempotent: rows are found by their natural keys and only saved when something
differs, so running the demo twice changes nothing (and adds no history).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import yaml
from django.db import models
from PIL import Image, ImageDraw, ImageFont
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from localsdg.core.engagement import detect_video
from localsdg.engagement import countries
from localsdg.engagement.models import (
    DatePrecision,
    Event,
    Media,
    MediaKind,
    Participation,
    Partner,
    PartnerKind,
    Role,
    Session,
    SessionKind,
)
from localsdg.engagement.uploads import IMAGES, check_bytes, store
from localsdg.framework.models import Goal, Target
from localsdg.i18n import language_codes
from localsdg.orgs.models import Organisation

DEMO_FILE = Path(__file__).resolve().parent.parent / "demo_data" / "engagement.yaml"
DEMO_CREDIT = "LocalSDG demo"


class DemoDataError(ValueError):
    """A mistake in the demo data file: ``engagement.yaml, line 12, events[3].country: …``."""


# --- Reading the file --------------------------------------------------------------------------


class LineMap(dict[str, Any]):
    """A mapping of the file that remembers on which line each of its keys stands."""

    line: int = 1
    lines: dict[str, int]


class LineLoader(yaml.SafeLoader):
    """YAML's safe loader, with mappings that know their lines (for the error messages)."""


def construct_line_map(loader: LineLoader, node: yaml.MappingNode) -> LineMap:
    mapping = LineMap(cast(dict[str, Any], loader.construct_mapping(node, deep=True)))
    mapping.line = node.start_mark.line + 1
    mapping.lines = {str(key.value): key.start_mark.line + 1 for key, _value in node.value}
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_line_map)


def languages(texts: dict[str, str]) -> dict[str, str]:
    """``{en: …, ja: …}`` with a text for every configured language ("" where none is given)."""
    unknown = sorted(set(texts) - set(language_codes()))
    if unknown:
        raise PydanticCustomError("language", "unknown language {name}", {"name": unknown[0]})
    return {lang: texts.get(lang, "") for lang in language_codes()}


def country(value: str) -> str:
    """An ISO code as the editors' forms accept it ("jp" is JP); the same reason when not."""
    code = countries.normalised(value)
    reason = countries.problem(code) if code else None
    if reason:
        raise PydanticCustomError("country", reason)
    return code


Texts = Annotated[dict[str, StrictStr], AfterValidator(languages)]
Country = Annotated[StrictStr, AfterValidator(country)]
GoalNumber = Annotated[StrictInt, Field(ge=1, le=17)]


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class PersonSpec(Spec):
    person: Texts
    title: Texts = {}  # title at the time


class TakingPart(Spec):
    who: StrictStr  # a key of ``people``
    role: Role


class PartnerSpec(Spec):
    name: Texts
    kind: PartnerKind
    country: Country = ""
    website: StrictStr = ""
    description: Texts = {}


class SessionSpec(Spec):
    kind: SessionKind
    title: Texts = {}
    summary: Texts = {}
    hosted_by_us: StrictBool = False
    people: list[TakingPart] = []
    partners: list[StrictStr] = []  # English names of the directory's partners


class MediaSpec(Spec):
    kind: MediaKind
    title: Texts = {}
    caption: Texts = {}
    url: StrictStr = ""


class EventSpec(Spec):
    number: StrictInt  # the entry of the public record
    name: Texts
    series: StrictStr = ""
    edition: StrictStr = ""
    organisers: list[StrictStr] = []
    precision: DatePrecision = DatePrecision.UNKNOWN
    start: date | None = None  # the first day of the period that ``precision`` names
    city: Texts = {}
    country: Country = ""
    summary: Texts = {}
    sessions: list[SessionSpec] = []
    goals: list[GoalNumber] = []
    targets: list[StrictStr] = []  # quoted in the file, so that 11.10 stays 11.10
    media: list[MediaSpec] = []


class DemoRecord(Spec):
    partner_description_note: Texts = {}  # appended to every partner's description
    people: dict[str, PersonSpec]
    captions: dict[str, Texts] = {}  # YAML anchors the media captions refer to
    partners: list[PartnerSpec]
    events: list[EventSpec]


def dangling(record: DemoRecord) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """References to a partner or a person that the file does not have, with where they are."""
    partners = {p.name["en"] for p in record.partners}
    for n, event in enumerate(record.events):
        for m, name in enumerate(event.organisers):
            if name not in partners:
                yield ("events", n, "organisers", m), f"there is no partner “{name}”"
        for s, session in enumerate(event.sessions):
            for m, name in enumerate(session.partners):
                if name not in partners:
                    where: tuple[str | int, ...] = ("events", n, "sessions", s, "partners", m)
                    yield where, f"there is no partner “{name}”"
            for m, part in enumerate(session.people):
                if part.who not in record.people:
                    where = ("events", n, "sessions", s, "people", m, "who")
                    yield where, f"there is no person “{part.who}” in people"


def located(path: Path, data: object, loc: tuple[str | int, ...], reason: str) -> DemoDataError:
    """The error at ``loc`` (("events", 3, "country")) with the line it stands on."""
    line, node, field = 1, data, ""
    for part in loc:
        if isinstance(node, LineMap) and part in node:
            line, node = node.lines[str(part)], node[str(part)]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = getattr(node, "line", line)
        field += f"[{part}]" if isinstance(part, int) else f".{part}" if field else str(part)
    return DemoDataError(f"{path.name}, line {line}, {field}: {reason}")


M = TypeVar("M", bound=BaseModel)


def read_checked(
    path: Path, model: type[M], loader: Any = LineLoader, locate: Any = None
) -> tuple[Any, M]:
    """A demo YAML file read with its lines and checked against ``model``; a mistake is a
    DemoDataError naming the file, the line, the field and the reason (``locate`` turns a
    field's place into that error, by default ``located``)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise DemoDataError(f"{path.name}, line {line}: {exc.problem}") from None
    try:
        return data, model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(part for part in first["loc"] if part != "[key]")
        raise (locate or located)(path, data, loc, first["msg"]) from None


@cache
def demo_record(path: Path = DEMO_FILE) -> DemoRecord:
    """The demo record of the file, checked; DemoDataError says what is wrong and where."""
    data, record = read_checked(path, DemoRecord)
    for loc, reason in dangling(record):
        raise located(path, data, loc, reason)
    return record


# --- Loading it ----------------------------------------------------------------------------------


def texts_of(field: str, texts: dict[str, str]) -> dict[str, Any]:
    """``{"name_en": …, "name_ja": …}``: a spec's texts as the model's per-language fields."""
    return {f"{field}_{lang}": text for lang, text in texts.items()}


def upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """Find by ``lookup``; create, or save only the fields that differ (no empty history)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def set_related(manager: Any, objects: list[Any]) -> None:
    """``manager.set(objects)`` only when the set differs, so an unchanged demo adds no history."""
    if set(manager.values_list("pk", flat=True)) != {obj.pk for obj in objects}:
        manager.set(objects)


def load_engagement_demo(org: Organisation) -> list[Event]:
    """Create or refresh the demo record of ``org``: partners, 16 events and their media."""
    record = demo_record()
    note = record.partner_description_note
    partners = {}
    for spec in record.partners:
        description = {lang: text + note[lang] for lang, text in spec.description.items()}
        values = texts_of("name", spec.name) | texts_of("description", description)
        values |= {"kind": spec.kind, "country": spec.country, "website": spec.website}
        name_en = values.pop("name_en")
        lookup = {"organisation": org, "name_en": name_en}
        partners[name_en] = upsert(Partner, lookup, values)
    return [load_event(org, spec, partners, record.people) for spec in record.events]


def load_event(
    org: Organisation, spec: EventSpec, partners: dict[str, Partner], people: dict[str, PersonSpec]
) -> Event:
    values = texts_of("name", spec.name) | texts_of("city", spec.city)
    values |= texts_of("summary", spec.summary)
    values |= {"series": spec.series, "edition": spec.edition, "country": spec.country}
    values |= {"precision": spec.precision, "start": spec.start, "end": None}
    lookup = {"organisation": org, "name_en": values.pop("name_en")}
    event: Event = upsert(Event, lookup, values | {"is_published": True})
    event.full_clean()
    set_related(event.organisers, [partners[name] for name in spec.organisers])
    set_related(event.goals, list(Goal.objects.filter(number__in=spec.goals)))
    set_related(event.targets, list(Target.objects.filter(code__in=spec.targets)))
    for order, session_spec in enumerate(spec.sessions):
        load_session(event, order, session_spec, partners, people)
    for order, media_spec in enumerate(spec.media):
        load_media(event, order, media_spec)
    return event


def load_session(
    event: Event,
    order: int,
    spec: SessionSpec,
    partners: dict[str, Partner],
    people: dict[str, PersonSpec],
) -> Session:
    values = texts_of("title", spec.title) | texts_of("summary", spec.summary)
    values |= {"kind": spec.kind, "hosted_by_us": spec.hosted_by_us}
    session: Session = upsert(Session, {"event": event, "order": order}, values)
    set_related(session.partners, [partners[name] for name in spec.partners])
    for position, part in enumerate(spec.people):
        who = people[part.who]
        values = texts_of("person", who.person) | texts_of("title", who.title)
        upsert(Participation, {"session": session, "order": position}, values | {"role": part.role})
    return session


def load_media(event: Event, order: int, spec: MediaSpec) -> Media:
    values = texts_of("title", spec.title) | texts_of("caption", spec.caption)
    values |= {"credit": DEMO_CREDIT if spec.kind == MediaKind.PHOTO else "", "url": spec.url}
    if spec.kind == MediaKind.VIDEO:
        values["provider"] = detect_video(spec.url).provider
    media: Media = upsert(Media, {"event": event, "kind": spec.kind, "order": order}, values)
    if spec.kind == MediaKind.PHOTO and not (
        media.file and media.file.storage.exists(media.file.name)
    ):
        checked = check_bytes(draw_card(event.name_en), f"{event.name_en}.png", IMAGES)
        store(media, checked)
    media.full_clean()
    return media


# Colours of the illustrative photo cards, in turn: dark enough for white text.
CARD_COLOURS = [(0, 94, 130), (19, 111, 99), (120, 60, 140), (160, 70, 30)]


def draw_card(title: str) -> bytes:
    """An illustrative 'photo': a coloured card with the event's name, clearly not a real photo."""
    width, height = 960, 540
    colour = CARD_COLOURS[sum(map(ord, title)) % len(CARD_COLOURS)]
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, width - 24, height - 24), outline=(255, 255, 255), width=4)
    font = ImageFont.load_default(size=40)
    small = ImageFont.load_default(size=26)
    y = 90
    for line in textwrap.wrap(title, width=36)[:5]:
        draw.text((64, y), line, fill=(255, 255, 255), font=font)
        y += 56
    draw.text(
        (64, height - 90), "Illustrative placeholder - LocalSDG demo", fill=(255, 255, 255),
        font=small,
    )  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
