"""Size limits for what a reader accepts, so that one hostile or broken file cannot exhaust memory.

Every limit is an environment setting (documented in ``docs/settings.md``) read once at import:
the readers run in the CLI, in web workers and in the API alike, and must refuse the same files.
"""

from __future__ import annotations

import os
from typing import Final

__all__ = ["MAX_DATA_FILE_BYTES", "MAX_HEADER_CHARS", "MAX_CELL_CHARS", "QUOTE_CHARS", "quoted"]


def _setting(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    try:
        value = int(text) if text else default
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {text!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be greater than 0")
    return value


MAX_DATA_FILE_BYTES: Final = _setting("LOCALSDG_MAX_DATA_FILE_BYTES", 256 * 1024 * 1024)
MAX_HEADER_CHARS: Final = _setting("LOCALSDG_MAX_HEADER_CHARS", 500)
MAX_CELL_CHARS: Final = _setting("LOCALSDG_MAX_CELL_CHARS", 10_000)
QUOTE_CHARS: Final = 80  # input quoted in a message is cut to this many characters


def quoted(text: str, limit: int = QUOTE_CHARS) -> str:
    """``repr`` of input text for a message, cut so that a huge cell cannot make a huge message."""
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit]) + f"… ({len(text):,} characters)"
