"""The Board's page and its downloads at /<lang>/board/ (namespace ``board``).

The page is a GET form that works without JavaScript: every filter state is its URL. A query
string that is not in canonical form (the form sends empty fields and the default sort) is
redirected to the canonical one, unless a value had to be dropped, so the address bar always
shows the shareable form of what is listed.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from django.core.handlers.wsgi import get_str_from_wsgi
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from localsdg.board.downloads import CSV, FILE_NAME, XLSX, board_csv, board_xlsx
from localsdg.board.params import params_of
from localsdg.board.results import board_items, board_result
from localsdg.board.static import build_board_index
from localsdg.i18n import current_language


def origin(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def board(request: HttpRequest) -> HttpResponse:
    result = board_result(params_of(request.GET), current_language(), with_heatmap=True)
    given = parse_qsl(get_str_from_wsgi(request.META, "QUERY_STRING", ""), keep_blank_values=True)
    if not result.problems and given != result.query.pairs():
        return HttpResponseRedirect(result.url)
    canonical = request.build_absolute_uri(result.url)
    return render(request, "board/board.html", {"page": result, "canonical": canonical})


def download(request: HttpRequest, extension: str) -> HttpResponse:
    _query, items = board_items(params_of(request.GET), current_language())
    if extension == "csv":
        body, content_type = board_csv(items, origin(request)), CSV
    else:
        body, content_type = board_xlsx(items, origin(request)), XLSX
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}.{extension}"'
    return response


@require_safe
def board_csv_file(request: HttpRequest) -> HttpResponse:
    return download(request, "csv")


@require_safe
def board_xlsx_file(request: HttpRequest) -> HttpResponse:
    return download(request, "xlsx")


@require_safe
@cache_control(public=True, max_age=300)
def board_index_json(request: HttpRequest) -> HttpResponse:
    """The Board's rows of one language as JSON, for board.js on the static site."""
    data = build_board_index(current_language())
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})
