"""Public portal views: each renders one builder's object with one template."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from localsdg.assessment import pages as assessment_pages
from localsdg.core.framework import load_framework
from localsdg.i18n import current_language
from localsdg.indicators import downloads as download_files
from localsdg.indicators import pages as indicator_pages
from localsdg.portal import pages
from localsdg.search.queries import search_page
from localsdg.search.static import build_index
from localsdg.web.parts import canonical_target_code, home_org, org_summary


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render_home(request, pages.home_page(current_language()))


@require_safe
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    return render_home(request, pages.organisation_home(slug, current_language()))


def render_home(request: HttpRequest, page: pages.HomePage) -> HttpResponse:
    """An organisation's home: its 17 goals with indicator counts and progress statuses."""
    progress = None
    if page.org is not None:
        progress = assessment_pages.progress_page(page.org.slug, current_language())
    return render(request, "portal/home.html", {"page": page, "progress": progress})


@require_safe
def indicator(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    lang = current_language()
    page = indicator_pages.indicator_page(slug, code, lang)
    status = assessment_pages.indicator_status(slug, code, lang)
    dataset = page.dataset(request.build_absolute_uri())
    context = {"page": page, "status": status, "dataset": dataset}
    return render(request, "portal/indicator.html", context)


@require_safe
def progress(request: HttpRequest, slug: str) -> HttpResponse:
    page = assessment_pages.progress_page(slug, current_language())
    return render(request, "portal/progress.html", {"page": page})


@require_safe
def reporting(request: HttpRequest, slug: str) -> HttpResponse:
    page = pages.reporting_page(slug, current_language())
    return render(request, "portal/reporting.html", {"page": page})


@require_safe
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    page = assessment_pages.comparison_page(slug, current_language())
    return render(request, "portal/compare.html", {"page": page})


@require_safe
def indicator_csv(request: HttpRequest, slug: str, code: str, headline_only: bool) -> HttpResponse:
    found = indicator_pages.published_indicator(slug, code)
    body = indicator_pages.csv_download(found, headline_only)
    name = f"{code}-headline.csv" if headline_only else f"{code}.csv"
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def downloads(request: HttpRequest, slug: str) -> HttpResponse:
    page = download_files.downloads_page(slug, current_language())
    return render(request, "portal/downloads.html", {"page": page})


@require_safe
@cache_control(public=True, max_age=3600)
def download_file(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """One file of the downloads page; the same bytes for the same data (see downloads.py)."""
    found = download_files.download_file(slug, name)
    response = HttpResponse(found.body, content_type=found.content_type)
    response["Content-Disposition"] = found.disposition
    return response


@require_safe
def goal(request: HttpRequest, number: int) -> HttpResponse:
    lang = current_language()
    page = pages.goal_page(number, lang)
    return render(
        request, "portal/goal.html", {"page": page, "local": local_badges(lang, goal=number)}
    )


@require_safe
def target(request: HttpRequest, code: str) -> HttpResponse:
    canonical = canonical_target_code(code)
    if canonical != code:
        return HttpResponsePermanentRedirect(reverse("portal:target", args=[canonical]))
    lang = current_language()
    page = pages.target_page(canonical, lang)
    local = local_badges(lang, target=canonical)
    return render(request, "portal/target.html", {"page": page, "local": local})


def local_badges(lang: str, **where: object) -> dict[str, object] | None:
    """The home organisation's indicators for a goal or target page, with their status."""
    org = home_org()
    if org is None:
        return None
    rows = assessment_pages.indicator_badges(org, lang, **where)  # type: ignore[arg-type]
    return {"org": org_summary(org, lang), "rows": rows} if rows else None


@require_safe
def organisations(request: HttpRequest) -> HttpResponse:
    page = pages.organisations_page(current_language())
    return render(request, "portal/organisations.html", {"page": page})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    page = pages.about_page(current_language())
    return render(request, "portal/about.html", {"page": page})


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    page = search_page(request.GET.get("q", ""), current_language(), request.GET.get("org"))
    return render(request, "portal/search.html", {"page": page})


@require_safe
@cache_control(public=True, max_age=300)
def search_index(request: HttpRequest) -> HttpResponse:
    """The search index of one language as JSON, for search.js on the static site."""
    return JsonResponse(build_index(current_language()), json_dumps_params={"ensure_ascii": False})


@require_safe
@cache_control(public=True, max_age=86400)
def goal_colours(request: HttpRequest) -> HttpResponse:
    """The SDG colours as CSS classes, from the framework data (the one source of colours)."""
    rules = [
        f".goal-{g.number}{{--goal-bg:{g.colour};--goal-fg:{g.text_colour}}}"
        for g in load_framework().goals
    ]
    return HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = (
        str(exception.args[0])
        if exception and exception.args and isinstance(exception.args[0], str)
        else ""
    )
    return render(request, "404.html", {"reason": reason}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok\n", content_type="text/plain")
