"""``{% load engagement %}{{ event.summary_en|markdown }}``: sanitised Markdown in templates."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from localsdg.engagement.text import render_markdown

register = template.Library()


@register.filter(is_safe=True)
def markdown(text: object) -> SafeString:
    """Render Markdown written by editors; anything unsafe is removed (see ``text``)."""
    return render_markdown("" if text is None else str(text))
