"""Editors' views of the engagement record: the events of an organisation, the one screen that
edits an event with everything that belongs to it, the partner directory and the history.

Members of the organisation may read; its editors and admins may change; other organisations'
users get 404 (``permissions.organisation_for``). The event screen saves all of its parts in one
transaction, or none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, ManyToManyField, Model, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from localsdg.core.engagement import detect_video, format_when
from localsdg.engagement import uploads
from localsdg.engagement.forms import (
    NEW,
    EventForm,
    MediaForm,
    NewPartnerForm,
    ParticipationForm,
    PartnerForm,
    SessionForm,
    partners_of,
    time_zone_names,
)
from localsdg.engagement.models import Event, Media, Participation, Partner, Session
from localsdg.orgs.forms import save_or_show
from localsdg.orgs.models import Organisation
from localsdg.orgs.permissions import Action, can, editable, organisation_for

# Empty rows offered for new entries; "Save and add more rows" asks for MORE of each.
EXTRA_NEW = {"sessions": 2, "people": 3, "media": 2}
EXTRA_EDIT = {"sessions": 1, "people": 2, "media": 1}
MORE = 3


def formset_classes(extra: dict[str, int]) -> tuple[Any, Any, Any]:
    """The session, participation and media formsets, each with its number of empty rows."""
    return (
        forms.inlineformset_factory(
            Event, Session, form=SessionForm, extra=extra["sessions"], can_delete=True
        ),
        forms.modelformset_factory(
            Participation, form=ParticipationForm, extra=extra["people"], can_delete=True
        ),
        forms.inlineformset_factory(
            Event, Media, form=MediaForm, extra=extra["media"], can_delete=True
        ),
    )


def session_count(data: QueryDict | None, initial: int, extra: int) -> int:
    """How many session rows the page has: from the posted management form, else as built."""
    if data is not None:
        try:
            return max(0, min(int(data.get("sessions-TOTAL_FORMS", "0")), 1000))
        except ValueError:
            return 0
    return initial + extra


@dataclass
class EventEditor:
    """The forms of the event screen, validated together and saved together."""

    org: Organisation
    event: Event
    form: EventForm
    sessions: Any
    people: Any
    media: Any
    partner: NewPartnerForm

    @classmethod
    def build(
        cls,
        org: Organisation,
        event: Event,
        data: QueryDict | None = None,
        files: MultiValueDict[str, Any] | None = None,
        extra: dict[str, int] | None = None,
    ) -> EventEditor:
        extra = extra or {"sessions": 0, "people": 0, "media": 0}
        stored = list(Session.objects.filter(event=event)) if event.pk else []
        numbers = {session.pk: index for index, session in enumerate(stored, start=1)}
        count = session_count(data, len(stored), extra["sessions"])
        session_set, people_set, media_set = formset_classes(extra)
        sessions = session_set(data, instance=event, prefix="sessions", form_kwargs={"org": org})
        people_qs = (
            Participation.objects.filter(session__event=event).order_by(
                "session__order", "session__starts_at", "session__pk", "order", "pk"
            )
            if event.pk
            else Participation.objects.none()
        )
        kwargs = {"sessions": count, "numbers": numbers}
        people = people_set(data, queryset=people_qs, prefix="people", form_kwargs=kwargs)
        media = media_set(data, files, instance=event, prefix="media", form_kwargs=kwargs)
        return cls(
            org=org,
            event=event,
            form=EventForm(data, instance=event, org=org, prefix="event"),
            sessions=sessions,
            people=people,
            media=media,
            partner=NewPartnerForm(data, org=org, sessions=count, prefix="partner"),
        )

    def parts(self) -> list[Any]:
        return [self.form, self.sessions, self.people, self.media, self.partner]

    def is_valid(self) -> bool:
        valid = all([part.is_valid() for part in self.parts()])  # validate every part
        return self.check_session_numbers() and valid

    def kept_sessions(self) -> set[int]:
        """Numbers of the session rows that will exist after saving."""
        kept = set()
        for number, form in enumerate(self.sessions.forms, start=1):
            if not form.is_valid() or self.deleted(self.sessions, form):
                continue
            if form.instance.pk or form.has_changed():
                kept.add(number)
        return kept

    def check_session_numbers(self) -> bool:
        """Participations, media and the new partner may only point at sessions being kept."""
        kept = self.kept_sessions()
        ok = True
        for formset in (self.people, self.media):
            for form in formset.forms:
                if not hasattr(form, "cleaned_data") or self.deleted(formset, form):
                    continue
                if not (form.instance.pk or form.has_changed()):
                    continue
                number = form.cleaned_data.get("session_number")
                if number and int(number) not in kept:
                    form.add_error("session_number", missing_session(number))
                    ok = False
        attach = getattr(self.partner, "cleaned_data", {}).get("attach", [])
        for value in attach:
            if value.isdigit() and int(value) not in kept:
                self.partner.add_error("attach", missing_session(value))
                ok = False
        return ok

    @staticmethod
    def deleted(formset: Any, form: forms.Form) -> bool:
        return bool(getattr(form, "cleaned_data", {}).get("DELETE"))

    @transaction.atomic
    def save(self) -> Event:
        event = self.form.save() if self.form.has_changed() or not self.event.pk else self.event
        for formset in (self.people, self.media):
            for form in formset.forms:
                if self.deleted(formset, form) and form.instance.pk:
                    form.instance.delete()
        sessions: dict[int, Session] = {}
        position = 0
        for number, form in enumerate(self.sessions.forms, start=1):
            if self.deleted(self.sessions, form):
                if form.instance.pk:
                    form.instance.delete()
                continue
            if not (form.instance.pk or form.has_changed()):
                continue
            position += 1
            session = form.instance
            if form.has_changed() or session.order != position:
                session = form.save(commit=False)
                session.event, session.order = event, position
                session.save()
                form.save_m2m()
            sessions[number] = session
        partner = self.partner.save()
        if partner is not None:
            for value in self.partner.cleaned_data.get("attach", []):
                if value == "organiser":
                    event.organisers.add(partner)
                else:
                    sessions[int(value)].partners.add(partner)
        self.save_people(sessions)
        self.save_media(event, sessions)
        # Feeds read ``updated``: a change to a session or a photo is a change of the event too.
        Event.objects.filter(pk=event.pk).update(updated=timezone.now())
        return event

    def save_people(self, sessions: dict[int, Session]) -> None:
        position = 0
        for form in self.people.forms:
            if self.deleted(self.people, form) or not (form.instance.pk or form.has_changed()):
                continue
            position += 1
            session = sessions[int(form.cleaned_data["session_number"])]
            person = form.instance
            if form.has_changed() or person.order != position or person.session_id != session.pk:
                person = form.save(commit=False)
                person.session, person.order = session, position
                person.save()

    def save_media(self, event: Event, sessions: dict[int, Session]) -> None:
        position = 0
        for form in self.media.forms:
            if self.deleted(self.media, form) or not (form.instance.pk or form.has_changed()):
                continue
            position += 1
            item = form.instance
            number = form.cleaned_data.get("session_number")
            session = sessions[int(number)] if number else None
            if form.has_changed() or item.order != position or item.session != session:
                item = form.save(commit=False)
                item.event, item.session, item.order = event, session, position
                item.provider = detect_video(item.url).provider if item.url else ""
                if form.checked is not None:
                    uploads.store(item, form.checked)
                item.save()

    def disable(self) -> None:
        """Read-only: every field shown, none editable."""
        for form in chain([self.form, self.partner], *(fs.forms for fs in self.formsets())):
            for field in form.fields.values():
                field.disabled = True

    def formsets(self) -> list[Any]:
        return [self.sessions, self.people, self.media]


def missing_session(number: object) -> str:
    return _("Session %(number)s is empty or being removed: choose another session.") % {
        "number": number
    }


def event_of(org: Organisation, pk: int) -> Event:
    event = Event.objects.filter(organisation=org, pk=pk).first()
    if event is None:
        raise Http404(_("This organisation has no such event."))
    return event


@login_required
def event_list(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    lang = request.LANGUAGE_CODE
    events = Event.objects.for_org(org).annotate(
        session_count=Count("sessions", distinct=True), media_count=Count("media", distinct=True)
    )
    rows = [
        {"event": event, "when": format_when(event.precision, event.start, event.end, lang)}
        for event in events
    ]
    context = {"org": org, "rows": rows, "can_edit": can(request.user, Action.EDIT_CONTENT, org)}
    return render(request, "engagement/manage/list.html", context)


@login_required
def event_new(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.EDIT_CONTENT)
    return event_screen(request, org, Event(organisation=org), can_edit=True)


@login_required
def event_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    event = event_of(org, pk)
    can_edit = editable(request, org)
    return event_screen(request, org, event, can_edit=can_edit)


def event_screen(
    request: HttpRequest, org: Organisation, event: Event, *, can_edit: bool
) -> HttpResponse:
    extra = dict(EXTRA_EDIT if event.pk else EXTRA_NEW)
    if request.GET.get("more"):
        extra = {name: count + MORE for name, count in extra.items()}
    if not can_edit:
        extra = {name: 0 for name in extra}
    posted = request.method == "POST"
    editor = EventEditor.build(
        org,
        event,
        request.POST if posted else None,
        request.FILES if posted else None,
        extra,
    )
    if posted and editor.is_valid():
        is_new = event.pk is None
        event = editor.save()
        messages.success(
            request, _("The event was created.") if is_new else _("The event was saved.")
        )
        url = reverse("manage:engagement-manage:edit", args=[org.slug, event.pk])
        return redirect(f"{url}?more=1" if "more" in request.POST else url)
    if not can_edit:
        editor.disable()
    context = {
        "org": org,
        "event": event if event.pk else None,
        "editor": editor,
        "can_edit": can_edit,
        "failed": posted,
        "time_zones": time_zone_names() if can_edit else [],
        "new_decision": NEW,
    }
    return render(request, "engagement/manage/edit.html", context)


@login_required
def event_history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    event = event_of(org, pk)
    session_ids = set(Session.history.filter(event_id=event.pk).values_list("id", flat=True))
    records = chain(
        event.history.all(),
        Session.history.filter(event_id=event.pk),
        Participation.history.filter(session_id__in=session_ids),
        Media.history.filter(event_id=event.pk),
    )
    changes = []
    for record in sorted(records, key=lambda r: r.history_date, reverse=True)[:300]:
        previous = record.prev_record
        delta = record.diff_against(previous).changes if previous else []
        if record.history_type == "~" and not delta:
            continue  # a save that changed nothing
        model = record.instance_type
        changes.append(
            {
                "record": record,
                "what": model._meta.verbose_name,
                "name": str(record.instance),
                "changes": [
                    {"field": change.field, "old": shown(model, change.field, change.old),
                     "new": shown(model, change.field, change.new)}
                    for change in delta
                ],
            }
        )  # fmt: skip
    return render(
        request, "engagement/manage/history.html", {"org": org, "event": event, "changes": changes}
    )


def shown(model: type[Model], name: str, value: object) -> object:
    """A changed value as people read it: related rows of a many-to-many field by their names
    (history keeps them as through-table rows: ``[{"event": 3, "goal": 11}]``)."""
    field = model._meta.get_field(name)
    if not isinstance(field, ManyToManyField) or not isinstance(value, list):
        return value
    key = field.m2m_reverse_field_name()
    ids = [row[key] for row in value if isinstance(row, dict) and key in row]
    related = cast(type[Model], field.related_model)
    names = {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=ids)}
    return ", ".join(names.get(pk, f"#{pk}") for pk in ids)


@login_required
def partner_list(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    can_edit = can(request.user, Action.EDIT_CONTENT, org)
    form = NewPartnerForm(request.POST or None, org=org)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid() and not form.is_empty:
            existed = form.partner is not None
            with transaction.atomic():
                partner = form.save()
            assert partner is not None
            if existed:
                messages.info(request, _("This partner is already in the directory."))
            else:
                messages.success(request, _("The partner was added to the directory."))
            return redirect("manage:engagement-manage:partner", slug=org.slug, pk=partner.pk)
        if form.is_valid():
            form.add_error("name_en", _("Give the partner's English name."))
    partners = partners_of(org).annotate(
        organised=Count("organised_events", distinct=True),
        session_count=Count("sessions", distinct=True),
    )
    context = {"org": org, "partners": partners, "form": form, "can_edit": can_edit,
               "new_decision": NEW}  # fmt: skip
    return render(request, "engagement/manage/partners.html", context)


@login_required
def partner_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    partner = get_object_or_404(Partner, organisation=org, pk=pk)
    can_edit = can(request.user, Action.EDIT_CONTENT, org)
    form = PartnerForm(request.POST or None, instance=partner)
    if save_or_show(request, form, can_edit, _("The partner was saved.")):
        return redirect("manage:engagement-manage:partner", slug=org.slug, pk=partner.pk)
    events = (
        Event.objects.for_org(org)
        .filter(Q(organisers=partner) | Q(sessions__partners=partner))
        .distinct()
    )
    context = {"org": org, "partner": partner, "form": form, "can_edit": can_edit,
               "events": events}  # fmt: skip
    return render(request, "engagement/manage/partner.html", context)
