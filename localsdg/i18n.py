"""Content in several languages: which text to show, and whether it is a fallback.

UI strings use gettext. Content (names, titles, descriptions) is stored per language, as
``<field>_<lang>`` model fields or as ``{lang: text}`` mappings. A missing translation is never
invented: the first language that has a text is shown and flagged, so templates can mark it.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language


@dataclass(frozen=True)
class Localized:
    text: str
    lang: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def current_language() -> str:
    lang = get_language() or settings.LANGUAGE_CODE
    return lang.split("-")[0]


def pick(texts: Mapping[str, str], lang: str | None = None) -> Localized:
    """The text in ``lang``, else in the first configured language that has one."""
    lang = lang or current_language()
    if texts.get(lang):
        return Localized(texts[lang], lang, False)
    for code in language_codes():
        if texts.get(code):
            return Localized(texts[code], code, True)
    return Localized("", lang, True)


def field_texts(obj: object, field: str) -> dict[str, str]:
    return {code: getattr(obj, f"{field}_{code}", "") or "" for code in language_codes()}


def localized(obj: object, field: str, lang: str | None = None) -> Localized:
    return pick(field_texts(obj, field), lang)
