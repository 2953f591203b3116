"""Template context shared by every page: site name and the language switch."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

from localsdg.i18n import current_language


def language_links(request: HttpRequest) -> list[dict[str, str | bool]]:
    """Links to the same page in each language, so switching keeps the page."""
    current = current_language()
    links: list[dict[str, str | bool]] = []
    for code, name in settings.LANGUAGES:
        url = translate_url(request.get_full_path(), code)
        if url == request.get_full_path() and code != current:
            url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": settings.LOCALSDG_SITE_NAME,
        "language_links": language_links(request),
        "lang": current_language(),
    }
