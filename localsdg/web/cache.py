"""Public pages cached per language and URL, invalidated whenever published data may change.

Rendering an indicator page costs a chart and a dozen queries; most visitors are anonymous and
read the same pages. A cached page is keyed by host, full path (which carries the language
prefix) and a *generation* number kept in the shared cache. Any save or delete of a model that
public pages show, and every data release, moves the generation on after the transaction
commits, so every worker process stops using the old pages at once without having to find them.

Only anonymous GET/HEAD requests without a query string or pending messages are served from or
stored in the cache, and only 200 answers that set no cookie and are not private.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from localsdg.web.signals import data_changed, plans_changed
from localsdg.web.transactions import on_commit_once

GENERATION_KEY = "localsdg:page-generation"
# Apps whose models appear on public pages; a change in any of them invalidates every page.
PUBLIC_APPS = {"orgs", "framework", "indicators", "assessment", "engagement", "strategy"}
T = TypeVar("T")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Cache-Control")


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, timeout=None)
    return int(value)


def invalidate() -> None:
    """Start a new generation: every page cached so far is out of date."""
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def invalidate_on_commit() -> None:
    """Invalidate once per transaction, however many rows it saved, after it commits."""
    on_commit_once("page-cache", invalidate)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def on_model_change(sender: type[Model], **kwargs: Any) -> None:
    """A row saved or deleted, or a many-to-many link added, removed or cleared (``sender`` is
    then the link table, which belongs to the app of the model that declares the field)."""
    if sender._meta.app_label in PUBLIC_APPS:
        invalidate_on_commit()


@receiver(data_changed)
@receiver(plans_changed)
def on_data_changed(sender: Any, **kwargs: Any) -> None:
    invalidate_on_commit()


def language_prefixes() -> tuple[str, ...]:
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    path = request.path
    if not path.startswith(language_prefixes()) or "/manage/" in path or "/accounts/" in path:
        return False
    if "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def cacheable_response(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def page_key(request: HttpRequest) -> str:
    where = hashlib.sha256(f"{request.get_host()}{request.path}".encode()).hexdigest()
    return f"localsdg:page:{generation()}:{where}"


class PublicPageCacheMiddleware:
    """Serve anonymous portal pages from the shared cache (placed after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.LOCALSDG_PAGE_CACHE_SECONDS
        if seconds <= 0 or not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = self.get_response(request)
        if cacheable_response(response):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(key, (response.content, headers), timeout=seconds)
        return response


_memo: OrderedDict[object, object] = OrderedDict()
MEMO_SIZE = 8


def memoized(key: object, build: Callable[[], T]) -> T:
    """``build()``, kept in this process until published data changes (the generation moves on).

    For results that many requests of one process share and that are costly to make, such as
    an organisation's whole data set behind its download files or the Board's index. The least
    recently used result goes first when the room is full, so one that every request asks for
    stays while downloads of many organisations come and go.
    """
    full_key = (key, generation())
    if full_key in _memo:
        _memo.move_to_end(full_key)
    else:
        while len(_memo) >= MEMO_SIZE:
            _memo.popitem(last=False)
        _memo[full_key] = build()
    return _memo[full_key]  # type: ignore[return-value]
