"""Forms of the editors' plan screens: a plan with its versions and strategies, an initiative
with its goals, targets, KPIs and budget lines, and the bulk change of a plan's mapping.

Per-language texts are shown side by side (``PairedForm``). The goal and target pickers name
each option in every language, so an editor who reads one language can still check the other;
a missing text says so instead of being left out silently.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localsdg.engagement.forms import PairedForm, model_choices, paired_fields, textarea
from localsdg.framework.models import Goal, Target
from localsdg.i18n import current_language, language_codes
from localsdg.indicators.models import Indicator
from localsdg.orgs.forms import https_urls
from localsdg.orgs.models import Organisation, slug_validator
from localsdg.strategy.models import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    BudgetLine,
    GoalMapping,
    Initiative,
    Kpi,
    Plan,
    PlanVersion,
    Role,
    Strategy,
    TargetMapping,
)
from localsdg.strategy.pages.common import unit_factor

# How much of a text an option shows, per script: Japanese characters are about twice as wide.
OPTION_LENGTH = {"ja": 40}
OPTION_LENGTH_DEFAULT = 70
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


def shortened(text: str, lang: str) -> str:
    limit = OPTION_LENGTH.get(lang, OPTION_LENGTH_DEFAULT)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def in_every_language(texts: dict[str, str]) -> str:
    """``"English text / 日本語"``, each shortened; a missing text is named as not translated."""
    return " / ".join(
        shortened(texts[lang], lang) if texts.get(lang) else gettext("(not yet translated)")
        for lang in language_codes()
    )


def text_language(text: str) -> str:
    """The language a text is written in, as far as the suggestions need it."""
    return "ja" if CJK.search(text) else "en"


class QuickSelect(forms.Select):
    """A select written out in Python rather than with a template per option: a target picker
    has 170 options and an initiative screen several pickers, which the templates made slow."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "",
                 option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )  # fmt: skip
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class GoalField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A goal by its number and its short title in every language."""

    widget = QuickSelect

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Goal.objects.all())
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.number} — {in_every_language(obj.short_title)}"


class TargetField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A target by its code and its text in every language."""

    widget = QuickSelect

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Target.objects.all())
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Target) -> str:
        return f"{obj.code} — {in_every_language(obj.title)}"


def plain_number(value: Decimal | None) -> str | None:
    """A stored decimal as typed: 12.500000 → "12.5", 1000.00 → "1000"."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def year_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": EARLIEST_YEAR, "max": LATEST_YEAR})


class NamedForm(PairedForm):
    """A record named in English, Japanese or both: the model keeps the English name in a column
    that must not be blank, but either language will do."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_en"].required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("name_en") or data.get("name_ja")) and "name_en" not in self.errors:
            self.add_error("name_en", _("Give the name in at least one language."))
        return data


# --- plans ----------------------------------------------------------------------------------

PLAN_PAIRED = (("name", _("Name")), ("description", _("Description")))


class PlanForm(NamedForm):
    """A plan; its short name is part of its public address, so it is set once."""

    paired = PLAN_PAIRED
    singles = ("slug", "start_year", "end_year", "url", "is_published")

    class Meta:
        model = Plan
        fields = ["slug", *paired_fields(PLAN_PAIRED), "start_year", "end_year", "url",
                  "is_published"]  # fmt: skip
        formfield_callback = https_urls
        widgets = {
            "description_en": textarea(4),
            "description_ja": textarea(4),
            "start_year": year_input(),
            "end_year": year_input(),
        }
        help_texts = {
            "slug": _(
                "Lowercase letters, digits and single hyphens, such as future-tokyo; part of the "
                "plan's public address, so it cannot be changed once the plan is created."
            ),
            "is_published": _(
                "Shown on public pages when the organisation is published too. Initiatives "
                "can be held back one by one."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["slug"].disabled = True

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data.get("slug", "")).strip()
        if self.instance.pk:
            return str(self.instance.slug)
        slug_validator(slug)
        taken = Plan.objects.filter(organisation=self.instance.organisation, slug=slug)
        if taken.exists():
            raise ValidationError(_("This organisation already has a plan with this short name."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year comes before the first."))
        return data


VERSION_PAIRED = (("name", _("Name")), ("note", _("What changed")))


class VersionForm(NamedForm):
    paired = VERSION_PAIRED
    singles = ("issued", "url")

    class Meta:
        model = PlanVersion
        fields = [*paired_fields(VERSION_PAIRED), "issued", "url"]
        formfield_callback = https_urls
        widgets = {
            "issued": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note_en": textarea(2),
            "note_ja": textarea(2),
        }
        help_texts = {"issued": _("When only the month is known, its first day.")}


STRATEGY_PAIRED = (("name", _("Name")), ("description", _("Description")))


class StrategyForm(NamedForm):
    paired = STRATEGY_PAIRED
    singles = ("number", "order")

    class Meta:
        model = Strategy
        fields = ["number", *paired_fields(STRATEGY_PAIRED), "order"]
        widgets = {"description_en": textarea(2), "description_ja": textarea(2)}


class RowsFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """Rows of one plan or initiative; two rows that may not be the same say so in words."""

    def get_unique_error_message(self, unique_check: Any) -> str:
        meta = self.model._meta
        names = [
            str(meta.get_field(name).verbose_name) for name in unique_check if name != self.fk.name
        ]
        return gettext("Two rows have the same %(fields)s: keep only one of them.") % {
            "fields": gettext(" and ").join(names)
        }


VersionFormSet = forms.inlineformset_factory(
    Plan, PlanVersion, form=VersionForm, formset=RowsFormSet, extra=0, can_delete=True
)
StrategyFormSet = forms.inlineformset_factory(
    Plan, Strategy, form=StrategyForm, formset=RowsFormSet, extra=0, can_delete=False
)


# --- initiatives ----------------------------------------------------------------------------

INITIATIVE_PAIRED = (
    ("name", _("Name")),
    ("description", _("Description")),
    ("department", _("Responsible department")),
)


class StrategyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Strategy) -> str:
        return f"{obj.number}. {obj.name(current_language()).text}"


class InitiativeForm(NamedForm):
    """An initiative's own fields; its strategy is one of its plan's."""

    paired = INITIATIVE_PAIRED
    singles = ("strategy", "code", "start_year", "end_year", "status", "url", "is_published",
               "order")  # fmt: skip

    class Meta:
        model = Initiative
        fields = ["strategy", "code", *paired_fields(INITIATIVE_PAIRED), "start_year",
                  "end_year", "status", "url", "is_published", "order"]  # fmt: skip
        field_classes = {"strategy": StrategyChoice}
        formfield_callback = https_urls
        widgets = {
            "description_en": textarea(4),
            "description_ja": textarea(4),
            "start_year": year_input(),
            "end_year": year_input(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        model_choices(self, "strategy").queryset = Strategy.objects.filter(plan=plan)
        if not self.instance.pk and not self.is_bound:
            highest = plan.initiatives.aggregate(top=Max("order"))["top"]
            self.initial["order"] = 0 if highest is None else highest + 1

    def clean_code(self) -> str:
        code = str(self.cleaned_data.get("code", "")).strip()
        taken = Initiative.objects.filter(plan=self.instance.plan, code=code)
        if code and taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("This plan already has an initiative with this code."))
        return code


class GoalMappingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = GoalMapping
        fields = ["goal", "role", "rationale_en", "rationale_ja"]
        field_classes = {"goal": GoalField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for lang in language_codes():
            self.fields[f"rationale_{lang}"].widget.attrs["lang"] = lang


class TargetMappingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = TargetMapping
        fields = ["target", "role", "rationale_en", "rationale_ja"]
        field_classes = {"target": TargetField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for lang in language_codes():
            self.fields[f"rationale_{lang}"].widget.attrs["lang"] = lang


class IndicatorChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.code} — {obj.name(current_language()).text}"


KPI_PAIRED = (("name", _("Name")),)


class KpiForm(NamedForm):
    """A KPI; its local indicator is one of the initiative's organisation's."""

    paired = KPI_PAIRED
    singles = ("unit", "baseline_value", "baseline_year", "target_value", "target_year",
               "direction", "indicator")  # fmt: skip

    class Meta:
        model = Kpi
        fields = [*paired_fields(KPI_PAIRED), "unit", "baseline_value", "baseline_year",
                  "target_value", "target_year", "direction", "indicator"]  # fmt: skip
        field_classes = {"indicator": IndicatorChoice}
        widgets = {"baseline_year": year_input(), "target_year": year_input()}
        help_texts = {
            "indicator": _(
                "Linked to a local indicator, the KPI's values come from the indicator's data."
            )
        }

    def __init__(self, *args: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.for_org(org).order_by("code")
        model_choices(self, "indicator").queryset = indicators
        for name in ("baseline_value", "target_value"):
            value = getattr(self.instance, name)
            if value is not None:
                self.initial[name] = plain_number(value)


class BudgetLineForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = BudgetLine
        fields = ["fiscal_year", "amount", "currency", "unit", "kind"]
        widgets = {"fiscal_year": year_input()}
        # No help texts: the rows are a table, and the section above it explains the columns.

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["amount"] = plain_number(self.instance.amount)

    def clean_currency(self) -> str:
        currency = str(self.cleaned_data.get("currency", "")).strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise ValidationError(_("Use a three-letter currency code such as JPY."))
        return currency

    def clean_unit(self) -> str:
        unit = str(self.cleaned_data.get("unit", "")).strip()
        if unit_factor(unit) is None:
            raise ValidationError(
                _(
                    "This unit is not understood: write it as 円, 千円, 百万円, 億円 or "
                    "thousand yen, or leave it empty."
                )
            )
        return unit


def rows(model: type[Any], form: type[forms.ModelForm[Any]], extra: int) -> Any:
    """The formset of an initiative's rows of ``model``, with ``extra`` empty rows."""
    return forms.inlineformset_factory(
        Initiative, model, form=form, formset=RowsFormSet, extra=extra, can_delete=True
    )


def mapping_formsets(extra: int) -> tuple[Any, Any]:
    return rows(GoalMapping, GoalMappingForm, extra), rows(TargetMapping, TargetMappingForm, extra)


def detail_formsets(extra: int) -> tuple[Any, Any]:
    return rows(Kpi, KpiForm, extra), rows(BudgetLine, BudgetLineForm, extra)


# --- suggestions and bulk changes -----------------------------------------------------------


class SuggestionForm(forms.Form):
    """The target and role of one "Add as primary / secondary" button."""

    target = forms.ModelChoiceField(queryset=Target.objects.all(), to_field_name="code")
    role = forms.ChoiceField(choices=Role.choices)


class RemapAction:
    ADD_GOAL = "add_goal"
    ADD_TARGET = "add_target"
    REMOVE_GOAL = "remove_goal"
    REMOVE_TARGET = "remove_target"


ACTION_CHOICES = [
    (RemapAction.ADD_GOAL, _("Add a goal")),
    (RemapAction.ADD_TARGET, _("Add a target")),
    (RemapAction.REMOVE_GOAL, _("Remove a goal")),
    (RemapAction.REMOVE_TARGET, _("Remove a target")),
]


class RemapForm(forms.Form):
    """One change of the mapping for the initiatives chosen in a plan's list."""

    initiatives = forms.ModelMultipleChoiceField(
        queryset=Initiative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one initiative.")},
    )
    action = forms.ChoiceField(label=_("Change"), choices=ACTION_CHOICES)
    goal = GoalField(label=capfirst(_("goal")), required=False)
    target = TargetField(label=capfirst(_("target")), required=False)
    role = forms.ChoiceField(
        label=capfirst(_("role")),
        choices=Role.choices,
        initial=Role.SECONDARY,
        required=False,
        help_text=_("For adding; a goal or target already mapped takes this role."),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "initiatives").queryset = Initiative.objects.filter(plan=plan)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        action = data.get("action", "")
        if action in (RemapAction.ADD_GOAL, RemapAction.REMOVE_GOAL) and not data.get("goal"):
            self.add_error("goal", _("Choose the goal to add or remove."))
        if action in (RemapAction.ADD_TARGET, RemapAction.REMOVE_TARGET) and not data.get("target"):
            self.add_error("target", _("Choose the target to add or remove."))
        if action in (RemapAction.ADD_GOAL, RemapAction.ADD_TARGET) and not data.get("role"):
            self.add_error("role", _("Choose the role of what is added."))
        return data
