"""HTTP caching and cross-origin reading for the open API.

Every GET answer of the API may be cached briefly and read from any origin: it holds only
published data. ETags and 304 answers come from Django's ConditionalGetMiddleware.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

API_PREFIX = "/api/"
MAX_AGE = 300


class ApiHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX) and request.method in ("GET", "HEAD"):
            response.setdefault("Cache-Control", f"public, max-age={MAX_AGE}")
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        return response
