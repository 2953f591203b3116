"""How a status looks and reads: a label in the reader's language, an icon and a CSS class.

Colour is never the only carrier of meaning: every badge has an icon and its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class StatusLook:
    key: str
    label: str
    icon: str
    rank: int  # lower is better; used to order and to count "on track"


def looks() -> dict[str, StatusLook]:
    items = [
        ("target_achieved", _("Target achieved"), "✔"),
        ("substantial_progress", _("Substantial progress"), "▲"),
        ("moderate_progress", _("Moderate progress"), "◭"),
        ("limited_progress", _("Limited progress"), "▶"),
        ("deterioration", _("Deterioration"), "▼"),
        ("on_track", _("On track"), "▲"),
        ("maintain_progress", _("On track: maintain progress"), "▲"),
        ("fair_progress", _("Fair progress, acceleration needed"), "◭"),
        ("accelerate_progress", _("Acceleration needed"), "◭"),
        ("limited_or_no_progress", _("Limited or no progress"), "▶"),
        ("reverse_trend", _("Trend must be reversed"), "▼"),
        ("green", _("Goal achieved or on track"), "●"),
        ("yellow", _("Challenges remain"), "◐"),
        ("orange", _("Significant challenges"), "◔"),
        ("red", _("Major challenges"), "○"),
        ("grey", _("Insufficient data"), "?"),
        ("not_available", _("Not assessable"), "?"),
        ("not_assessable", _("Not assessable"), "?"),
        ("insufficient_data", _("Insufficient data"), "?"),
        ("no_data", _("No data"), "–"),
    ]
    return {
        key: StatusLook(key, label, icon, rank) for rank, (key, label, icon) in enumerate(items)
    }


def look(status: str) -> StatusLook:
    known = looks()
    if status in known:
        return known[status]
    return StatusLook(status, status.replace("_", " ").capitalize(), "•", len(known))
