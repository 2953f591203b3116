from django import forms
from django.utils.translation import gettext_lazy as _

from localsdg.assessment.models import AssessmentSettings

MANUAL_CHOICES = [
    ("", _("— computed by the method —")),
    ("target_achieved", _("Target achieved")),
    ("substantial_progress", _("Substantial progress")),
    ("moderate_progress", _("Moderate progress")),
    ("limited_progress", _("Limited progress")),
    ("deterioration", _("Deterioration")),
    ("not_available", _("Not assessable")),
]


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AssessmentSettings
        fields = ["method", "base_year", "target_year"]


THRESHOLD_FIELDS = ("best", "worst", "green", "red")


class IndicatorProgressForm(forms.Form):
    """The headline target and an optional status set by hand, for one indicator."""

    target_value = forms.FloatField(label=_("Target value"), required=False)
    target_year = forms.IntegerField(
        label=_("Target year"), required=False, min_value=2000, max_value=2100
    )
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), required=False, min_value=1945, max_value=2100
    )
    manual_status = forms.ChoiceField(
        label=_("Status set by hand"), choices=MANUAL_CHOICES, required=False
    )
    reason_en = forms.CharField(
        label=_("Reason (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "en"}),
    )
    reason_ja = forms.CharField(
        label=_("Reason (Japanese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "ja"}),
    )

    best = forms.FloatField(label=_("Best value (score 100)"), required=False)
    worst = forms.FloatField(label=_("Worst value (score 0)"), required=False)
    green = forms.FloatField(label=_("Green threshold"), required=False)
    red = forms.FloatField(label=_("Red threshold"), required=False)
    in_index = forms.BooleanField(label=_("Part of the index"), required=False, initial=True)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        bounds = [data.get(name) is None for name in THRESHOLD_FIELDS]
        if any(bounds) and not all(bounds):
            raise forms.ValidationError(
                _("For the SDSN methods give the best, worst, green and red values together.")
            )
        if (data.get("target_value") is None) != (data.get("target_year") is None):
            raise forms.ValidationError(_("Give both the target value and its year, or neither."))
        if data.get("manual_status") and not data.get("reason_en"):
            self.add_error("reason_en", _("Say why the status is set by hand."))
        return data
