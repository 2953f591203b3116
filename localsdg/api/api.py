"""The open JSON API, /api/v1/: published data to read, and imports with an API key.

The endpoints live in ``read.py`` and ``write.py``, their shapes in ``schemas.py``; this module
holds the API object and the one error envelope every failure answers with:
``{"error": {"code": "not_found", "message": "…"}}``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from localsdg.api import engagement, initiatives, read, search, write
from localsdg.api.read import indicator_out, published_org, texts  # noqa: F401 - public names
from localsdg.api.schemas import ErrorOut, IndicatorOut, OrganisationOut  # noqa: F401

logger = logging.getLogger(__name__)


class LocalSdgApi(NinjaAPI):
    """The API object, whose OpenAPI document also lists the 422 every validated input can give.

    Ninja answers 422 for any parameter or body that fails validation, but documents it only
    where an endpoint declares it; adding it here keeps the document honest for every endpoint.
    """

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                responses = operation["responses"]
                if validates_input(operation) and not {422, "422"} & responses.keys():
                    responses[422] = INVALID_RESPONSE
        return schema


INVALID_RESPONSE = {
    "description": "Unprocessable Entity",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
}


def validates_input(operation: dict[str, Any]) -> bool:
    """Whether ninja may refuse the operation's input: a query, a typed path value, a body."""
    if "requestBody" in operation:
        return True
    return any(
        p.get("in") != "path" or p.get("schema", {}).get("type") != "string"
        for p in operation.get("parameters", [])
    )


api = LocalSdgApi(
    title="LocalSDG API",
    version="1",
    description=(
        "Published SDG data of the organisations on this site, and data imports with an "
        "organisation's API key. Every error answers "
        '`{"error": {"code": "…", "message": "…"}}`.'
    ),
    urls_namespace="api",
    docs_url=None,
)

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid_request",
    500: "server_error",
}


def error_response(
    request: HttpRequest,
    status: int,
    message: str,
    problems: Sequence[Mapping[str, object]] | None = None,
) -> HttpResponse:
    error: dict[str, object] = {"code": ERROR_CODES.get(status, "error"), "message": message}
    if problems is not None:
        error["problems"] = problems
    response = api.create_response(request, {"error": error}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="LocalSDG API"'
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, str(exc) or _("Not found."))


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Bad parameters: 422 with one problem per parameter, naming it and the reason."""
    problems = [
        {
            "field": ".".join(str(part) for part in error.get("loc", ())),
            "reason": str(error.get("msg", "")),
        }
        for error in exc.errors
    ]
    return error_response(request, 422, _("The request's parameters are not valid."), problems)


@api.exception_handler(write.FileProblems)
def file_problems(request: HttpRequest, exc: write.FileProblems) -> HttpResponse:
    problems = [write.problem_out(p) for p in exc.problems[:1000]]
    return error_response(request, 400, str(exc), problems)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s", request.path)
    return error_response(request, 500, _("Something went wrong on the server."))


api.add_router("", read.router)
api.add_router("", write.router)
api.add_router("/search", search.router)
api.add_router("/engagement", engagement.router)
api.add_router("/initiatives", initiatives.router)
