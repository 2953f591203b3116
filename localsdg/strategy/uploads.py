"""Editors' upload of an initiatives table: upload, preview, then store in one of the plans.

The file goes through the indicators' upload machinery (``localsdg.indicators.uploads``): the
same size limits, zip bomb checks (a workbook is checked, never unpacked), expiry and removal
of expired uploads on each new one, and tokens that only their own organisation can use. The
table is read by ``read_initiatives`` and compared with the plan by ``imports.preview``, exactly
as ``localsdg strategy import`` does, and stored by ``imports.apply``.

What the preview showed is fingerprinted in the page (``seen``). Storing reads the file and
previews it again inside the transaction that stores it; a different result means the plan
changed meanwhile, and nothing is stored until the editor has seen the new preview. Target
suggestions for rows without targets are shown only: a person maps them afterwards.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from localsdg.core.strategy.model import GoalLink, InitiativeRow, TargetLink
from localsdg.core.strategy.suggest import suggest_targets
from localsdg.core.strategy.tables import read_initiatives
from localsdg.framework.models import Target
from localsdg.i18n import Localized, current_language, language_codes
from localsdg.indicators import uploads as pending_uploads
from localsdg.orgs.models import Organisation
from localsdg.orgs.permissions import Action, organisation_for
from localsdg.strategy import imports
from localsdg.strategy.models import Plan

log = logging.getLogger(__name__)

KIND = "initiatives"  # the kind of pending upload, so an indicators token is unknown here
SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")  # what ``read_initiatives`` reads
SUGGESTIONS = 3  # suggested targets shown per row without targets
ACTIONS = ("new", "changed", "unchanged")


class Refused(Exception):
    """Nothing was stored; the message says why, for the editor."""


# --------------------------------------------------------------------------------------------
# The upload form


class TableUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Initiatives table"),
        help_text=gettext_lazy(
            "A .csv or .xlsx file as staff keep it: a title above the header, Japanese or "
            "English column names and goal mark columns are understood."
        ),
    )
    plan = forms.TypedChoiceField(label=gettext_lazy("Plan"), coerce=int)

    def __init__(self, *args: Any, plans: list[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = current_language()
        field = self.fields["plan"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(plan.pk, plan.name(lang).text or plan.slug) for plan in plans]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix == ".xls":
            raise forms.ValidationError(
                _("Old Excel files (.xls) are not read: save the workbook as .xlsx or as CSV.")
            )
        if suffix not in SUFFIXES:
            raise forms.ValidationError(
                _("Upload the table as a .csv or .xlsx file (this file ends in %(suffix)s).")
                % {"suffix": suffix or _("no suffix")}
            )
        return upload


# --------------------------------------------------------------------------------------------
# Reading and previewing a pending upload


def plan_of(org: Organisation, pending: pending_uploads.PendingImport) -> Plan:
    chosen = pending.options.get("plan", "")
    plan = Plan.objects.for_org(org).filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if plan is None:
        raise Http404(_("The plan of this upload no longer exists: upload the file again."))
    return plan


def check(plan: Plan, pending: pending_uploads.PendingImport) -> imports.StrategyPreview:
    """Read the pending file and preview it against the plan, as ``localsdg strategy import``
    does; problems name the uploaded file (and sheet), never a folder of the server."""
    table = read_initiatives(Path(pending.path), pending.source_name)
    table.problems = [pending_uploads.relative_problem(p, pending) for p in table.problems]
    result = imports.preview(plan, table)
    result.warnings = [pending_uploads.relative_problem(p, pending) for p in result.warnings]
    return result


def digest_of(result: imports.StrategyPreview) -> str:
    """A short fingerprint of what the preview page shows: the plan, every row as read, its
    action, the new strategies and every problem."""
    shown = [
        result.plan.pk,
        [astuple(change) for change in result.changes],
        list(result.new_strategies),
        [astuple(problem) for problem in [*result.table.problems, *result.warnings]],
        repr(result.table.rows),
    ]
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# What the preview page shows


@dataclass(frozen=True)
class SuggestedTarget:
    code: str
    title: Localized
    matched: tuple[str, ...]


@dataclass(frozen=True)
class RowView:
    line: int
    code: str
    names: tuple[Localized, ...]  # every language the row names it in, the page's first
    strategy: str
    new_strategy: bool
    goals: tuple[GoalLink, ...]
    targets: tuple[TargetLink, ...]
    action: str
    suggestions: tuple[SuggestedTarget, ...]


def row_views(result: imports.StrategyPreview, lang: str) -> list[RowView]:
    actions = {change.line: change.action for change in result.changes}
    titles = {target.code: target for target in Target.objects.all()}
    new_strategies = set(result.new_strategies)
    views = []
    for row in result.table.rows:
        suggestions = () if row.targets else suggested(row, titles, lang)
        views.append(
            RowView(
                line=row.line,
                code=row.code,
                names=names_of(row, lang),
                strategy=row.strategy,
                new_strategy=row.strategy in new_strategies,
                goals=row.goals,
                targets=row.targets,
                action=actions.get(row.line, ""),
                suggestions=suggestions,
            )
        )
    return views


def names_of(row: InitiativeRow, lang: str) -> tuple[Localized, ...]:
    order = [lang, *(code for code in language_codes() if code != lang)]
    return tuple(Localized(row.name[code], code, False) for code in order if row.name.get(code))


def suggested(
    row: InitiativeRow, titles: dict[str, Target], lang: str
) -> tuple[SuggestedTarget, ...]:
    """Up to ``SUGGESTIONS`` targets for the row's name and description, for a person to map."""
    parts = [
        (code, text)
        for texts in (row.name, row.description)
        for code in language_codes()
        if (text := texts.get(code, "").strip())
    ]
    if not parts:
        return ()
    langs = {code for code, _text in parts}
    text_lang = langs.pop() if len(langs) == 1 else None
    found = suggest_targets("\n".join(text for _code, text in parts), text_lang, SUGGESTIONS)
    return tuple(
        SuggestedTarget(
            s.code,
            titles[s.code].title_in(lang) if s.code in titles else Localized("", lang, True),
            s.matched,
        )
        for s in found
    )


def counts_of(result: imports.StrategyPreview) -> dict[str, int]:
    return {action: result.count(action) for action in ACTIONS}


# --------------------------------------------------------------------------------------------
# Views


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    """The upload form: a table and the plan it goes into; saved, then previewed."""
    org = organisation_for(request.user, slug, Action.EDIT_CONTENT)
    plans = list(Plan.objects.for_org(org).order_by("-start_year", "slug"))
    initial = {}
    chosen = next((plan for plan in plans if plan.slug == request.GET.get("plan")), None)
    if chosen is not None or len(plans) == 1:
        initial["plan"] = (chosen or plans[0]).pk
    form = TableUploadForm(
        request.POST or None, request.FILES or None, plans=plans, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            pending = pending_uploads.save_upload(
                form.cleaned_data["file"],
                org=org.slug,
                file_format=KIND,
                on_duplicate="error",
                note="",
                kind=KIND,
                options={"plan": str(form.cleaned_data["plan"])},
            )
        except pending_uploads.UploadError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("manage:plan-import-preview", slug=org.slug, token=pending.token)
    context = {"org": org, "form": form, "plans": plans}
    return render(request, "strategy/manage/import.html", context)


@login_required
def preview(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """What storing the upload would do; storing it (POST), or cancelling it."""
    org = organisation_for(request.user, slug, Action.EDIT_CONTENT)
    pending = pending_uploads.load_pending(token, org.slug, kind=KIND)
    if pending is None:
        raise Http404(_("This import is no longer waiting: upload the file again."))
    plan = plan_of(org, pending)
    if request.method == "POST" and "cancel" in request.POST:
        pending_uploads.discard(pending)
        messages.info(request, _("The import was cancelled; nothing was stored."))
        return redirect("manage:plan-import", slug=org.slug)
    if request.method == "POST":
        return store(request, org, plan, pending)
    result = check(plan, pending)
    lang = current_language()
    rows = row_views(result, lang)
    context = {
        "org": org,
        "plan": plan,
        "plan_name": plan.name(lang),
        "pending": pending,
        "result": result,
        "counts": counts_of(result),
        "rows": rows,
        "problems": [*result.table.problems, *result.warnings],
        "digest": digest_of(result),
        # With goal or target columns, storing replaces the mapping; without, it is kept.
        "has_goals": bool({"goals", "targets"} & set(result.table.columns)),
        "suggesting": any(row.suggestions for row in rows),
        "suggestion_limit": SUGGESTIONS,
    }
    return render(request, "strategy/manage/import_preview.html", context)


def store(
    request: HttpRequest,
    org: Organisation,
    plan: Plan,
    pending: pending_uploads.PendingImport,
) -> HttpResponse:
    """Store the upload if the preview made now is the one the editor saw; else nothing."""
    try:
        with transaction.atomic():
            result = checked_again(plan, pending, request.POST.get("seen", ""))
            written = imports.apply(result)
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect(request.path)
    except ValidationError as exc:
        messages.error(request, store_failed(reasons_of(exc)))
        return redirect(request.path)
    except Exception:  # noqa: BLE001 - rolled back; the editor gets a message, not a 500
        log.exception("storing upload %s in plan %s failed", pending.token, plan.pk)
        messages.error(request, store_failed(_("an error on the server")))
        return redirect(request.path)
    pending_uploads.discard(pending)
    messages.success(request, stored_message(plan, written, counts_of(result)))
    return redirect("manage:plan-import", slug=org.slug)


def checked_again(
    plan: Plan, pending: pending_uploads.PendingImport, seen: str
) -> imports.StrategyPreview:
    """The preview made now, under a lock of the plan so that two stores take turns; refused
    when it has errors or differs from the one the editor saw."""
    locked = Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if locked is None:
        raise Refused(_("The plan of this upload no longer exists: nothing was stored."))
    result = check(locked, pending)
    if not result.ok:
        count = len(result.errors)
        raise Refused(
            ngettext(
                "The table has %(count)s error, so nothing was stored.",
                "The table has %(count)s errors, so nothing was stored.",
                count,
            )
            % {"count": count}
        )
    if not result.table.rows:
        raise Refused(_("The table holds no initiatives, so there is nothing to store."))
    if digest_of(result) != seen:
        raise Refused(
            _(
                "The plan changed while this preview was open (another import or edit was "
                "stored), so nothing was stored. Check the new preview and store again."
            )
        )
    return result


def reasons_of(error: ValidationError) -> str:
    """What the database would not take, by field: "name_ja: Ensure this value has at most…"."""
    if not hasattr(error, "error_dict"):
        return "; ".join(dict.fromkeys(error.messages))
    found = [f"{name}: {text}" for name, texts in error.message_dict.items() for text in texts]
    return "; ".join(dict.fromkeys(found))


def store_failed(reason: str) -> str:
    return str(
        _("The table could not be stored (%(reason)s). Nothing was stored.") % {"reason": reason}
    )


def stored_message(plan: Plan, written: int, counts: dict[str, int]) -> str:
    """ "42 initiatives stored: …", with a link to the plan's public page when it has one."""
    text = ngettext(
        "%(count)s initiative stored: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.",
        "%(count)s initiatives stored: %(new)s new, %(changed)s changed, %(unchanged)s unchanged.",
        written,
    ) % {"count": written, **counts}
    if Plan.objects.published().filter(pk=plan.pk).exists():
        url = reverse("strategy:plan", args=[plan.organisation.slug, plan.slug])
        # Safe HTML survives the message storage; the text and the address are escaped.
        return format_html('{} <a href="{}">{}</a>', text, url, _("See the public plan page"))
    hidden = _("The plan is not published, so the public site does not show it.")
    return f"{text} {hidden}"
