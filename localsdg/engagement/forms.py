"""Forms of the editors' engagement screen: one event with its sessions, people, media and a
new partner, edited together and saved only when every part is valid.

Sessions may be new in the same request as the participations and media that belong to them,
so those refer to a session by its number on the page ("Session 2") instead of a database id.
A new partner is checked against the directory first: names that are the same or nearly the
same (spelling, punctuation, "City of Bonn" / "Bonn City", the Japanese name) show a warning
that must be answered by linking the existing partner or explicitly creating a new one.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from datetime import date, datetime
from difflib import SequenceMatcher
from functools import cache
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from localsdg.engagement import countries, uploads
from localsdg.engagement.models import (
    DatePrecision,
    Event,
    Media,
    MediaKind,
    Participation,
    Partner,
    PartnerKind,
    Session,
)
from localsdg.framework.models import Goal, Target
from localsdg.i18n import current_language, language_codes
from localsdg.orgs.forms import https_urls
from localsdg.orgs.models import Organisation

LANGS = tuple(language_codes())


class PairedForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form whose per-language fields are shown side by side (English | 日本語)."""

    paired: tuple[tuple[str, Any], ...] = ()
    singles: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for stem, _label in self.paired:
            for lang in LANGS:
                self.fields[f"{stem}_{lang}"].widget.attrs["lang"] = lang

    def pairs(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(str(label), self[f"{stem}_en"], self[f"{stem}_ja"]) for stem, label in self.paired]

    def single_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.singles if name in self.fields]


def paired_fields(paired: tuple[tuple[str, Any], ...]) -> list[str]:
    return [f"{stem}_{lang}" for stem, _label in paired for lang in LANGS]


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """A form's field that chooses rows, typed as such (``form.fields`` holds plain fields)."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def choices_of(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class GoalChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.number}. {obj.short_title_in(current_language()).text}"


class TargetChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Target) -> str:
        title = obj.title_in(current_language()).text
        return f"{obj.code} {title[:70]}{'…' if len(title) > 70 else ''}"


class CountryCodeField(forms.CharField):
    """An ISO 3166 code typed in any case ("jp" is stored as "JP"); empty stays empty.

    A text box, as before, rather than django-countries' list of 250 names: editors copy codes
    from programmes and concept notes, and the code is what the pages filter by.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=2, required=False, **kwargs)

    def to_python(self, value: Any) -> str:
        return countries.country_code(super().to_python(value))


def country_field(model: type[Model]) -> CountryCodeField:
    """The country box of a model form, labelled and explained as the model field is."""
    field = model._meta.get_field("country")
    if not isinstance(field, CountryField):
        raise TypeError(f"{model.__name__}.country is not a CountryField")
    return CountryCodeField(label=capfirst(field.verbose_name), help_text=field.help_text)


def partners_of(org: Organisation) -> QuerySet[Partner]:
    return Partner.objects.filter(organisation=org).order_by("name_en")


EVENT_PAIRED = (
    ("name", _("Name")),
    ("city", _("City")),
    ("summary", _("Summary")),
    ("outcomes", _("Outcomes and follow-up")),
)
SESSION_PAIRED = (("title", _("Title")), ("summary", _("Summary")))
PARTICIPATION_PAIRED = (("person", _("Person or office")), ("title", _("Title at the time")))
MEDIA_PAIRED = (("title", _("Title")), ("caption", _("Caption")))
PARTNER_PAIRED = (("name", _("Name")), ("description", _("Description")))


EVENT_SINGLES = (
    "series",
    "edition",
    "country",
    "mode",
    "precision",
    "start",
    "end",
    "organisers",
    "goals",
    "targets",
    "is_published",
)


class EventForm(PairedForm):
    paired = EVENT_PAIRED
    singles = EVENT_SINGLES

    country = country_field(Event)

    class Meta:
        model = Event
        fields = [*paired_fields(EVENT_PAIRED), *EVENT_SINGLES]
        field_classes = {"goals": GoalChoice, "targets": TargetChoice}
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary_en": textarea(5),
            "summary_ja": textarea(5),
            "outcomes_en": textarea(3),
            "outcomes_ja": textarea(3),
        }
        help_texts = {
            "start": _(
                "For a month, a year or a fiscal year, any day inside it will do: the first day "
                "of the period is stored."
            ),
            "end": _("Only for events of several exact days."),
        }

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "organisers").queryset = partners_of(org)
        model_choices(self, "goals").queryset = Goal.objects.all()
        model_choices(self, "targets").queryset = Target.objects.all()
        self.fields["targets"].widget.attrs["size"] = 8

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        precision, start = data.get("precision"), data.get("start")
        if precision == DatePrecision.UNKNOWN and (start or data.get("end")):
            self.add_error("precision", _("Choose how precise the date is, or leave it empty."))
        elif start:
            data["start"] = first_day(precision or "", start)
        return data


def first_day(precision: str, day: date) -> date:
    """The first day of the month, year or fiscal year (April–March) that ``day`` lies in."""
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == DatePrecision.FISCAL_YEAR:
        return date(day.year if day.month >= 4 else day.year - 1, 4, 1)
    return day


class WallClockField(forms.DateTimeField):
    """A date and time as read on the clock where the session took place, without a zone.

    The session's own time zone is applied in ``SessionForm.clean``, not the server's.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        try:
            parsed = parse_datetime(str(value).strip().replace(" ", "T"))
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError(
                _("Enter a date and time such as 2024-07-15 13:15."), code="invalid"
            )
        return parsed.replace(tzinfo=None)

    def prepare_value(self, value: Any) -> Any:
        return value


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone_names() -> list[str]:
    return sorted(time_zones())


class SessionForm(PairedForm):
    paired = SESSION_PAIRED
    singles = ("starts_at", "ends_at", "time_zone", "hosted_by_us", "partners", "goals")

    starts_at = WallClockField(label=capfirst(_("starts")), required=False)
    ends_at = WallClockField(label=capfirst(_("ends")), required=False)

    class Meta:
        model = Session
        fields = [
            "kind",
            *paired_fields(SESSION_PAIRED),
            "starts_at",
            "ends_at",
            "time_zone",
            "hosted_by_us",
            "partners",
            "goals",
        ]
        field_classes = {"goals": GoalChoice}
        widgets = {
            "summary_en": textarea(3),
            "summary_ja": textarea(3),
            "time_zone": forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
        }
        help_texts = {
            "time_zone": _("IANA name, e.g. America/New_York; needed when a time is given."),
        }

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "partners").queryset = partners_of(org)
        model_choices(self, "goals").queryset = Goal.objects.all()
        zone = self.instance.time_zone
        for name in ("starts_at", "ends_at"):
            value = getattr(self.instance, name)
            if value is not None:
                shown = value.astimezone(zoneinfo.ZoneInfo(zone)) if zone in time_zones() else value
                self.initial[name] = shown.replace(tzinfo=None)

    def clean_time_zone(self) -> str:
        zone = str(self.cleaned_data.get("time_zone", "")).strip()
        if zone and zone not in time_zones():
            raise ValidationError(_("Unknown time zone: use an IANA name such as Asia/Tokyo."))
        return zone

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        zone = data.get("time_zone")
        times = [name for name in ("starts_at", "ends_at") if data.get(name)]
        if times and not zone and "time_zone" not in self.errors:
            self.add_error("time_zone", _("Give the time zone of the times above."))
        elif times and zone:
            for name in times:
                data[name] = data[name].replace(tzinfo=zoneinfo.ZoneInfo(zone))
        return data


def session_choices(count: int) -> list[tuple[str, str]]:
    return [(str(n), str(_("Session %(number)s") % {"number": n})) for n in range(1, count + 1)]


class ParticipationForm(PairedForm):
    paired = PARTICIPATION_PAIRED

    session_number = forms.ChoiceField(label=capfirst(_("session")))

    class Meta:
        model = Participation
        fields = ["session_number", *paired_fields(PARTICIPATION_PAIRED), "role"]

    def __init__(self, *args: Any, sessions: int, numbers: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_of(self, "session_number").choices = [("", "—"), *session_choices(sessions)]
        if self.instance.session_id in numbers:
            self.initial["session_number"] = str(numbers[self.instance.session_id])


class MediaForm(PairedForm):
    paired = MEDIA_PAIRED

    session_number = forms.ChoiceField(label=capfirst(_("session")), required=False)

    class Meta:
        model = Media
        fields = [
            "kind",
            "document_kind",
            "session_number",
            *paired_fields(MEDIA_PAIRED),
            "credit",
            "url",
            "file",
        ]
        formfield_callback = https_urls
        widgets = {
            "caption_en": textarea(2),
            "caption_ja": textarea(2),
            "file": forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
        }
        help_texts = {
            "file": _("PDF, JPEG, PNG or WebP. Photos are re-encoded without their metadata."),
        }

    def __init__(self, *args: Any, sessions: int, numbers: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_of(self, "session_number").choices = [
            ("", _("Whole event")),
            *session_choices(sessions),
        ]
        if self.instance.session_id in numbers:
            self.initial["session_number"] = str(numbers[self.instance.session_id])
        self.checked: uploads.Checked | None = None

    def clean_file(self) -> Any:
        """A new upload is checked by its content (and images re-encoded) before anything is
        stored; what is stored is the checked copy, see ``manage.EventEditor.save_media``."""
        upload = self.cleaned_data.get("file")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # nothing new: the stored file (if any) stays
        kind = self.cleaned_data.get("kind")
        if kind == MediaKind.VIDEO:
            raise ValidationError(
                _("Videos are linked by their address; upload only photos and documents.")
            )
        allowed = uploads.IMAGES if kind == MediaKind.PHOTO else uploads.ALL_KINDS
        self.checked = uploads.check_upload(upload, allowed)
        return upload


# --- partners and their duplicates ---------------------------------------------------------

GENERIC_WORDS = frozenset({"the", "of", "city", "government"})
SIMILAR = 0.88


def name_key(name: str) -> str:
    """A partner name reduced to what tells partners apart.

    NFKC folds full-width letters and the like, case and punctuation go, and the generic words
    go so that "City of Bonn", "Bonn City" and "bonn" meet; spaces go last, so "UN-Habitat",
    "UN Habitat" and "UNHABITAT" meet too.
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    words = re.sub(r"[\W_]+", " ", text).split()
    kept = [word for word in words if word not in GENERIC_WORDS] or words
    return "".join(kept)


def ja_key(name: str) -> str:
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", name).casefold())


def similar_partners(org: Organisation, name_en: str, name_ja: str = "") -> list[Partner]:
    """Partners of the directory whose name is the same or nearly the same."""
    key, key_ja = name_key(name_en), ja_key(name_ja)
    found = []
    for partner in partners_of(org):
        other = name_key(partner.name_en)
        same = bool(key) and (
            other == key or (min(len(key), len(other)) >= 5 and ratio(key, other) >= SIMILAR)
        )
        if same or (key_ja and ja_key(partner.name_ja) == key_ja):
            found.append(partner)
    return found


def ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


class PartnerForm(PairedForm):
    """A partner of the directory, with its name unique within the organisation."""

    paired = PARTNER_PAIRED
    singles = ("kind", "country", "website")

    country = country_field(Partner)

    class Meta:
        model = Partner
        fields = [
            *paired_fields(PARTNER_PAIRED),
            "kind",
            "country",
            "website",
        ]
        formfield_callback = https_urls
        widgets = {"description_en": textarea(3), "description_ja": textarea(3)}

    def clean_name_en(self) -> str:
        name = str(self.cleaned_data.get("name_en", "")).strip()
        taken = Partner.objects.filter(organisation=self.instance.organisation, name_en=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("The directory already has a partner with this name."))
        return name


NEW = "new"


class NewPartnerForm(forms.Form):
    """A partner typed on the event screen: linked if it exists, created only when confirmed."""

    name_en = forms.CharField(label=capfirst(_("name (English)")), max_length=300, required=False)
    name_ja = forms.CharField(label=capfirst(_("name (Japanese)")), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=capfirst(_("kind")), choices=[("", "—"), *PartnerKind.choices], required=False
    )
    country = country_field(Partner)
    attach = forms.MultipleChoiceField(
        label=_("Add this partner to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decision = forms.CharField(required=False)

    def __init__(self, *args: Any, org: Organisation, sessions: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        for lang in LANGS:
            self.fields[f"name_{lang}"].widget.attrs["lang"] = lang
        choices_of(self, "attach").choices = [
            ("organiser", _("Organisers of the event")),
            *session_choices(sessions),
        ]
        if sessions == 0:
            del self.fields["attach"]
        self.candidates: list[Partner] = []
        self.partner: Partner | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.cleaned_data.get("name_en") or self.cleaned_data.get("name_ja"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        name_en, name_ja = data.get("name_en", "").strip(), data.get("name_ja", "").strip()
        data["name_en"], data["name_ja"] = name_en, name_ja
        if not (name_en or name_ja):
            return data
        if not name_en:
            self.add_error("name_en", _("Give the partner's English name."))
        if not data.get("kind"):
            self.add_error("kind", _("Choose what kind of organisation the partner is."))
        self.candidates = similar_partners(self.org, name_en, name_ja)
        decision = data.get("decision", "")
        chosen = [p for p in self.candidates if decision == f"existing-{p.pk}"]
        if chosen:
            self.partner = chosen[0]
        elif decision == NEW and self.candidates:
            if any(p.name_en == name_en for p in self.candidates):
                self.add_error(
                    "name_en",
                    _("The directory already has a partner with this name: link it instead."),
                )
        elif self.candidates:
            raise ValidationError(
                _(
                    "The directory has partners with the same or a similar name. Link one of "
                    "them, or confirm that this is a different organisation."
                ),
                code="duplicate",
            )
        return data

    def save(self) -> Partner | None:
        """The partner to link: the existing one chosen, or a new one. Call in a transaction."""
        if self.is_empty:
            return None
        if self.partner is None:
            data = self.cleaned_data
            self.partner = Partner.objects.create(
                organisation=self.org,
                name_en=data["name_en"],
                name_ja=data["name_ja"],
                kind=data["kind"],
                country=data["country"],
            )
        return self.partner

    def candidate_rows(self) -> list[tuple[Partner, str, bool]]:
        """The similar partners as radio choices, with the one chosen before still checked."""
        decision = self.data.get(self.add_prefix("decision"), "")
        return [(p, f"existing-{p.pk}", decision == f"existing-{p.pk}") for p in self.candidates]

    def decided_new(self) -> bool:
        return bool(self.data.get(self.add_prefix("decision"), "") == NEW)
