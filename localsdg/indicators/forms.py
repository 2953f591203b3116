from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from localsdg.core.formats.pipeline import check_indicator
from localsdg.i18n import language_codes
from localsdg.indicators.models import Indicator
from localsdg.orgs.forms import https_urls

# Fields kept per language, shown side by side: (field stem, label).
PAIRED_FIELDS = [
    ("name", _("Name")),
    ("unit", _("Unit")),
    ("source_organisation", _("Source organisation")),
    ("department", _("Responsible department")),
]
SINGLE_FIELDS = [
    "direction",
    "limit",
    "decimals",
    "reporting_status",
    "source_url",
    "is_published",
]


class IndicatorForm(forms.ModelForm):  # type: ignore[type-arg]
    """Indicator metadata; the code is set when the indicator is created and then fixed."""

    class Meta:
        model = Indicator
        fields = [
            "code",
            *[f"{stem}_{lang}" for stem, _label in PAIRED_FIELDS for lang in language_codes()],
            *SINGLE_FIELDS,
        ]
        formfield_callback = https_urls

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
        for stem, _label in PAIRED_FIELDS:
            for lang in language_codes():
                self.fields[f"{stem}_{lang}"].widget.attrs["lang"] = lang

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        if self.instance.pk:
            return str(self.instance.code)
        checked, reason = check_indicator(code)
        if reason:
            raise forms.ValidationError(
                _(
                    "Use an indicator code such as 11-6-2 or 11-1-1-c, or an id of your own that "
                    "starts with its goal, such as 10-x-1."
                )
            )
        return checked

    def pairs(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (str(label), self[f"{stem}_en"], self[f"{stem}_ja"]) for stem, label in PAIRED_FIELDS
        ]

    def singles(self) -> list[forms.BoundField]:
        return [self[name] for name in SINGLE_FIELDS]


ON_DUPLICATE_CHOICES = [
    ("error", _("Stop: show conflicting duplicates as errors")),
    ("first", _("Keep the first row of each conflict")),
    ("last", _("Keep the last row of each conflict")),
]


class ImportForm(forms.Form):
    file_format = forms.ChoiceField(label=_("Format"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV, Excel (.xlsx) or SDMX-CSV; an Open SDG data repository as a .zip file."),
    )
    on_duplicate = forms.ChoiceField(
        label=_("Conflicting duplicate rows"), choices=ON_DUPLICATE_CHOICES, initial="error"
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args: Any, formats: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file_format"].choices = formats  # type: ignore[attr-defined]
