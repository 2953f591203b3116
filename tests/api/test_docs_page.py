"""The browsable API documentation page and the list of static API documents."""

import re

import pytest
from django.test import Client

from localsdg.api.docs import api_docs_page
from localsdg.api.documents import static_paths

pytestmark = pytest.mark.django_db


def test_docs_page_lists_every_operation(client: Client, demo) -> None:
    from localsdg.api.api import api

    schema = api.get_openapi_schema()
    response = client.get("/en/api/")
    assert response.status_code == 200
    html = response.content.decode()
    for path, methods in schema["paths"].items():
        for method in methods:
            assert f"{method.upper()} {path}" in html, (method, path)
    assert 'href="/api/v1/openapi.json"' in html
    assert "curl http://testserver/api/v1/organisations/tokyo/indicators/11-6-2" in html
    assert "Authorization: Bearer $LOCALSDG_API_KEY" in html
    assert 'id="api-keys"' in html and "<caption>" in html and 'scope="col"' in html
    assert "<script" not in html and "style=" not in html


def test_docs_page_in_japanese(client: Client, demo) -> None:
    response = client.get("/ja/api/")
    assert response.status_code == 200 and '<html lang="ja">' in response.content.decode()


def test_footer_links_to_the_docs(client: Client, demo) -> None:
    assert 'href="/en/api/"' in client.get("/en/").content.decode()


def test_docs_builder_reads_parameters_and_answers(demo) -> None:
    page = api_docs_page("https://sdg.example.org/")
    by_key = {(op.method, op.path): op for op in page.operations}
    observations = by_key[("GET", "/api/v1/organisations/{slug}/indicators/{code}/observations")]
    params = {p.name: p for p in observations.params}
    assert params["slug"].location == "path" and params["slug"].required
    assert params["from_year"].location == "query" and not params["from_year"].required
    assert params["limit"].type == "integer"
    statuses = [r.status for r in observations.responses]
    assert statuses == ["200", "404", "422"]
    ok = observations.responses[0]
    assert ok.type == "ObservationPage" and {f.name for f in ok.fields} == {
        "results",
        "next_cursor",
    }
    imports = by_key[("POST", "/api/v1/organisations/{slug}/imports")]
    assert imports.needs_key and {f.name for f in imports.body} >= {"file", "format", "dry_run"}
    assert {r.status for r in imports.responses} >= {"200", "201", "400", "401", "403", "422"}
    assert imports.curl.startswith("curl -X POST") and "sdg.example.org" in imports.curl


def test_static_paths_answer_200_and_are_deterministic(client: Client, demo) -> None:
    paths = static_paths()
    assert paths == static_paths() and len(paths) == len(set(paths))
    assert "/api/v1/openapi.json" in paths and "/api/v1/goals/17" in paths
    assert "/api/v1/organisations/tokyo/indicators/11-6-2/observations" in paths
    assert not any("mitaka" in p or "13-2-2-a" in p for p in paths)
    assert any(re.fullmatch(r"/api/v1/organisations/tokyo/releases/\d+", p) for p in paths)
    for path in paths:
        assert client.get(path).status_code == 200, path
    only = static_paths(["shinjuku", "mitaka"])
    assert "/api/v1/organisations/shinjuku" in only and "/api/v1/organisations/tokyo" not in only
    assert not any("mitaka" in p for p in only)
