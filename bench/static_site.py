"""A WSGI app that serves a static export with WhiteNoise, for `make load`'s ceiling figures.

Run by the same server (gunicorn, same workers) as `localsdg serve`, so the difference between
the two is the cost of LocalSDG's own request handling.
"""

import os
from collections.abc import Callable, Iterable
from typing import Any

from whitenoise import WhiteNoise


def not_found(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found\n"]


application = WhiteNoise(not_found, root=os.environ["STATIC_SITE_ROOT"], index_file=True)
