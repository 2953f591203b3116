"""The international engagement record: events, their sessions, who took part in what role,
the partner organisations met there, and the media that documents it.

Dates are kept at the precision that is known (a day, a month, a year, a Japanese fiscal year or
nothing at all), never invented. Partners form one directory per organisation, shared with the
training programmes. Every editable model keeps its history.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from localsdg.framework.models import Goal, Target
from localsdg.i18n import Localized, localized
from localsdg.orgs.models import Organisation

EARLIEST = date(1945, 1, 1)
LATEST = date(2100, 12, 31)


class PartnerKind(models.TextChoices):
    UN_AGENCY = "un_agency", _("UN agency or body")
    NATIONAL_GOVERNMENT = "national_government", _("National government")
    CITY_REGION = "city_region", _("City or region")
    NGO = "ngo", _("NGO or civil society")
    ACADEMIA = "academia", _("Academia")
    NETWORK = "network", _("Network of governments")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class Partner(models.Model):
    """An organisation we appeared or worked with: one directory for engagement and training."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partners"
    )
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_ja = models.CharField(_("name (Japanese)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=PartnerKind.choices)
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("ISO 3166 code, e.g. JP; empty for international bodies."),
    )
    website = models.URLField(_("website"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name_en"], name="partner_unique_name")
        ]

    def __str__(self) -> str:
        return self.name_en

    def name(self, lang: str | None = None) -> Localized:
        return localized(self, "name", lang)


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    FISCAL_YEAR = "fiscal_year", _("Fiscal year (April to March)")
    UNKNOWN = "unknown", _("Unknown")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")
    UNKNOWN = "unknown", _("Not recorded")


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        """Events the public may see: published, of a published organisation."""
        return self.filter(is_published=True, organisation__in=Organisation.objects.published())

    def for_org(self, org: Organisation) -> EventQuerySet:
        return self.filter(organisation=org)


class Event(models.Model):
    """A conference or forum (HLPF 2024, WUF12), with the date at the precision known.

    ``start`` holds the first day of what is known: the day itself, the first of the month, the
    1st of January of the year, or the 1st of April that opens the fiscal year; ``end`` only for
    an exact day range. ``precision`` says how much of ``start`` is true.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_ja = models.CharField(_("name (Japanese)"), max_length=300, blank=True)
    series = models.CharField(
        _("forum series"),
        max_length=60,
        blank=True,
        help_text=_("Short name of the recurring forum, e.g. HLPF, WUF, APUF."),
    )
    edition = models.CharField(
        _("edition"), max_length=60, blank=True, help_text=_("e.g. 2024 or WUF12.")
    )
    organisers = models.ManyToManyField(
        Partner, blank=True, related_name="organised_events", verbose_name=_("organisers")
    )
    city_en = models.CharField(_("city (English)"), max_length=120, blank=True)
    city_ja = models.CharField(_("city (Japanese)"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True, help_text=_("ISO 3166 code, e.g. US."))
    mode = models.CharField(_("format"), max_length=10, choices=Mode.choices, default=Mode.UNKNOWN)
    precision = models.CharField(
        _("date precision"),
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True, help_text=_("Markdown."))
    summary_ja = models.TextField(_("summary (Japanese)"), blank=True, help_text=_("Markdown."))
    outcomes_en = models.TextField(_("outcomes and follow-up (English)"), blank=True)
    outcomes_ja = models.TextField(_("outcomes and follow-up (Japanese)"), blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="+", verbose_name=_("SDG goals"))
    targets = models.ManyToManyField(
        Target, blank=True, related_name="+", verbose_name=_("SDG targets")
    )
    is_published = models.BooleanField(_("published"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[organisers, goals, targets])

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = [models.F("start").desc(nulls_last=True), "name_en"]

    def __str__(self) -> str:
        return self.name_en

    def name(self, lang: str | None = None) -> Localized:
        return localized(self, "name", lang)

    def clean(self) -> None:
        check_dates(self.precision, self.start, self.end)


def check_dates(precision: str, start: date | None, end: date | None) -> None:
    """Dates inside 1945–2100, an end not before the start, and a start when one is claimed."""
    errors: dict[str, str] = {}
    for field, value in (("start", start), ("end", end)):
        if value is not None and not EARLIEST <= value <= LATEST:
            errors[field] = str(_("Dates must lie between 1945 and 2100."))
    if precision != DatePrecision.UNKNOWN and start is None:
        errors["start"] = str(_("Give the date, or choose “Unknown” as its precision."))
    if start and end and end < start:
        errors["end"] = str(_("The end cannot be before the start."))
    if end and precision != DatePrecision.DAY:
        errors["end"] = str(_("An end date needs exact days."))
    if errors:
        raise ValidationError(errors)


class SessionKind(models.TextChoices):
    HIGH_LEVEL = "high_level", _("High-level session")
    PLENARY = "plenary", _("Plenary")
    PANEL = "panel", _("Panel")
    SIDE_EVENT = "side_event", _("Side event")
    CLOSING = "closing", _("Closing ceremony")
    WORKSHOP = "workshop", _("Workshop")
    VIDEO_MESSAGE = "video_message", _("Video message")
    BOOTH = "booth", _("Booth")
    CAPACITY_BUILDING = "capacity_building", _("Capacity-building programme")
    OTHER = "other", _("Other")


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True, help_text=_("Markdown."))
    summary_ja = models.TextField(_("summary (Japanese)"), blank=True, help_text=_("Markdown."))
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=60, blank=True, help_text=_("IANA name, e.g. America/New_York.")
    )
    hosted_by_us = models.BooleanField(_("hosted by us"), default=False)
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="sessions", verbose_name=_("partners and co-panelists")
    )
    goals = models.ManyToManyField(Goal, blank=True, related_name="+", verbose_name=_("SDG goals"))
    targets = models.ManyToManyField(
        Target, blank=True, related_name="+", verbose_name=_("SDG targets")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(m2m_fields=[partners, goals, targets])

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["order", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.title_en or self.get_kind_display()

    def title(self, lang: str | None = None) -> Localized:
        return localized(self, "title", lang)

    def clean(self) -> None:
        for field, value in (("starts_at", self.starts_at), ("ends_at", self.ends_at)):
            if value is not None and not EARLIEST <= value.date() <= LATEST:
                raise ValidationError({field: _("Dates must lie between 1945 and 2100.")})
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end cannot be before the start.")})


class Role(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    PANELIST = "panelist", _("Panelist")
    MODERATOR = "moderator", _("Moderator")
    HOST = "host", _("Host")
    PRESENTER = "presenter", _("Presenter")
    VIDEO_MESSAGE = "video_message", _("Video message")


class Participation(models.Model):
    """Who of us took part in a session, with their title at the time and their role."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participations")
    person_en = models.CharField(_("person or office (English)"), max_length=200)
    person_ja = models.CharField(_("person or office (Japanese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title at the time (English)"), max_length=200, blank=True)
    title_ja = models.CharField(_("title at the time (Japanese)"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.person_en} ({self.get_role_display()})"


class MediaKind(models.TextChoices):
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Document")
    PHOTO = "photo", _("Photo")


class DocumentKind(models.TextChoices):
    PROGRAMME = "programme", _("Programme")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    SLIDES = "slides", _("Presentation slides")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other document")


class Media(models.Model):
    """A video link, a document (uploaded or linked) or a photo of an event or one session.

    Uploads are checked by content and photos re-encoded without their metadata before they
    are stored (see ``uploads``); ``provider`` is detected from a video's address.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="media")
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="media"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind.choices)
    document_kind = models.CharField(
        _("document kind"), max_length=20, choices=DocumentKind.choices, blank=True
    )
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    caption_en = models.TextField(_("caption (English)"), blank=True)
    caption_ja = models.TextField(_("caption (Japanese)"), blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    provider = models.CharField(_("video provider"), max_length=20, blank=True)
    file = models.FileField(_("file"), upload_to="engagement/%Y/", blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to="engagement/%Y/thumbs/", blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("media item")
        verbose_name_plural = _("media")
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.title_en or self.url or self.file.name

    def title(self, lang: str | None = None) -> Localized:
        return localized(self, "title", lang)

    def clean(self) -> None:
        if not self.url and not self.file:
            raise ValidationError(_("Give an address or upload a file."))
        if self.kind == MediaKind.VIDEO and not self.url:
            raise ValidationError({"url": _("A video needs its address.")})
        if self.kind == MediaKind.PHOTO and not self.file:
            raise ValidationError({"file": _("A photo needs an uploaded image.")})
