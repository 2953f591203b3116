"""HTTP caching, cross-origin reading and the error envelope for the open API.

Every GET answer of the API may be cached briefly and read from any origin: it holds only
published data. ETags and 304 answers come from Django's ConditionalGetMiddleware.

Errors raised inside an endpoint get the envelope from the API's exception handlers; the few
that Django answers before reaching one (an unknown path, a method the path does not take)
get the same envelope here, so a client never has to parse an HTML error page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
MAX_AGE = 300


def envelope(response: HttpResponse) -> HttpResponse:
    """The same error as JSON in the API's envelope, keeping status and Allow header."""
    if response.status_code == 405:
        code, message = "method_not_allowed", _("This path does not take this HTTP method.")
    else:
        code, message = "not_found", _("There is no API endpoint at this address.")
    wrapped = JsonResponse(
        {"error": {"code": code, "message": message}}, status=response.status_code
    )
    if response.has_header("Allow"):
        wrapped["Allow"] = response["Allow"]
    return wrapped


def refuse_nul(request: HttpRequest) -> HttpResponse | None:
    """A NUL character is never valid in a path or a query, and PostgreSQL cannot even compare
    text holding one: answer 404 (path) or 422 (query) before any endpoint runs."""
    if "\x00" in request.path:
        return JsonResponse(
            {"error": {"code": "not_found", "message": _("There is nothing at this address.")}},
            status=404,
        )
    bad = sorted({key for key, value in request.GET.lists() if "\x00" in key + "".join(value)})
    if not bad:
        return None
    problems = [
        {"field": f"query.{key.replace(chr(0), '')}", "reason": _("Contains a NUL character.")}
        for key in bad
    ]
    message = _("The request's parameters are not valid.")
    return JsonResponse(
        {"error": {"code": "invalid_request", "message": message, "problems": problems}},
        status=422,
    )


def is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        response = refuse_nul(request) or self.get_response(request)
        if response.status_code in (404, 405) and not is_json(response):
            response = envelope(response)
        if request.method in ("GET", "HEAD"):
            response.setdefault("Cache-Control", f"public, max-age={MAX_AGE}")
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        return response
