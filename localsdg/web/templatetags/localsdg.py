import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import html
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from localsdg.i18n import Localized

register = template.Library()
# Django's own table for json_script, so no text can close the element.
JSON_SCRIPT_ESCAPES: dict[int, str] = html._json_script_escapes  # type: ignore[attr-defined]


@register.simple_tag
def text(value: Localized) -> SafeString:
    """Show a content text with its language; a fallback is marked as an untranslated text."""
    if not value.is_fallback:
        return format_html('<span lang="{}">{}</span>', value.lang, value.text)
    return format_html(
        '<span lang="{}" class="fallback">{}</span> <small class="fallback-note">{}</small>',
        value.lang,
        value.text,
        _("(not yet translated)"),
    )


@register.filter
def ld_json(data: object) -> SafeString:
    """A JSON-LD block, escaped like ``json_script`` so no text can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
