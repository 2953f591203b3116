"""Countries of the engagement record: ISO 3166 codes, checked and named by django-countries.

One place decides what a country code is, so the editors' forms, the history filters and the
demo data loader accept and refuse the same values with the same words. Names come in the
page's language from django-countries' own translations; the English names follow the UN's
short names where ``COUNTRIES_OVERRIDE`` says so (see docs/engagement.md).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

TWO_LETTERS = re.compile(r"[A-Z]{2}")


def normalised(value: str | None) -> str:
    """A code as typed (" jp ") in the form it is stored ("JP").

    Only ASCII is upper-cased: "ﬁ" would otherwise become "FI" and pass for Finland.
    """
    text = (value or "").strip()
    return text.upper() if text.isascii() else text


def problem(code: str) -> str | None:
    """Why ``code`` (already normalised) is not a country code, in the active language."""
    if not TWO_LETTERS.fullmatch(code):
        return _("Use a two-letter country code such as JP or US.")
    if code not in countries:
        return _("“%(code)s” is not an ISO 3166 country code; use one such as JP or US.") % {
            "code": code[:8]
        }
    return None


def country_code(value: str | None) -> str:
    """The stored form of a typed code; empty stays empty, anything else must be a country."""
    code = normalised(value)
    reason = problem(code) if code else None
    if reason:
        raise ValidationError(reason, code="invalid")
    return code


def country_name(code: str, lang: str) -> str:
    """The country's name in ``lang``; an unknown code shows as itself, nothing as nothing."""
    if not code:
        return ""
    with translation.override(lang):
        return str(countries.name(code)) or code
