"""The downloads page and its files: only published data, readable back, same bytes twice."""

import io
import json
import re
import time
import zipfile
from datetime import UTC
from pathlib import Path

import fastexcel
import polars as pl
import pytest
from django.test import Client
from django.utils import translation

from localsdg.core.codes import parse_code
from localsdg.core.formats.model import OBSERVATION_KEY
from localsdg.core.formats.registry import get_format
from localsdg.indicators import downloads
from localsdg.indicators.datasets import dataset_for
from localsdg.indicators.models import Indicator

pytestmark = pytest.mark.django_db

BASE = "/en/organisations/tokyo/downloads/"
TOKYO_PUBLISHED = {"11-6-2", "7-2-1", "8-5-2", "5-5-1-a"}  # 13-2-2-a is a draft
COMPARED = [*OBSERVATION_KEY, "start_year", "end_year", "value", "value_text", "flags", "footnote"]


def get(client: Client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content


def members(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def observations(data) -> pl.DataFrame:
    return data.observations.select(COMPARED).sort(OBSERVATION_KEY)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_page_lists_every_file_in_both_languages(client: Client, demo, lang: str) -> None:
    html = get(client, f"/{lang}/organisations/tokyo/downloads/").decode()
    assert f'<html lang="{lang}">' in html
    links = re.findall(r'<a href="(/[^"]+/downloads/[^"]+)" download>', html)
    expected = [
        f"/{lang}/organisations/tokyo/downloads/{name}"
        for name in ["tokyo-all-data.zip", "catalogue.json"]
        + [f"goal-{goal}.{ext}" for goal in (5, 7, 8, 11) for ext in ("csv", "xlsx")]
    ]
    assert links == expected
    with translation.override(lang):
        assert downloads.download_paths(demo.get(slug="tokyo")) == expected
    assert "<caption" in html and '<th scope="col"' in html and '<th scope="row"' in html
    sizes = re.findall(r'<td class="num">([^<]+)</td>', html)
    assert len(sizes) == len(expected) and all(re.search(r"\d", size) for size in sizes)
    assert "goal-13" not in html  # only a draft indicator has goal 13 data
    page = downloads.downloads_page("tokyo", lang)
    for file in page.files:  # the sizes shown are those of the files served
        assert file.size == len(get(client, file.url)), file.name


def test_page_is_linked_from_the_home_and_indicator_pages(client: Client, demo) -> None:
    for path in ["/en/organisations/tokyo/", "/ja/organisations/shinjuku/"]:
        slug = path.split("/")[3]
        lang = path.split("/")[1]
        assert f'href="/{lang}/organisations/{slug}/downloads/"' in get(client, path).decode()
    html = get(client, "/en/organisations/tokyo/indicators/11-6-2/").decode()
    assert f'href="{BASE}"' in html


def test_file_headers(client: Client, demo) -> None:
    cases = {
        "tokyo-all-data.zip": ("application/zip", 'attachment; filename="tokyo-all-data.zip"'),
        "goal-11.csv": ("text/csv; charset=utf-8", 'attachment; filename="tokyo-goal-11.csv"'),
        "goal-11.xlsx": (downloads.XLSX, 'attachment; filename="tokyo-goal-11.xlsx"'),
        "catalogue.json": (downloads.JSON_LD, 'inline; filename="tokyo-catalogue.json"'),
    }
    for name, (content_type, disposition) in cases.items():
        response = client.get(BASE + name)
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == disposition
        assert "public" in response["Cache-Control"]


def test_zip_holds_one_csv_per_published_indicator_and_nothing_else(client, demo) -> None:
    files = members(get(client, BASE + "tokyo-all-data.zip"))
    names = sorted(files)
    assert names == sorted(
        [
            "tokyo-all-data/README.txt",
            "tokyo-all-data/catalogue.json",
            *(f"tokyo-all-data/data/{code}.csv" for code in TOKYO_PUBLISHED),
        ]
    )
    assert not any("13-2-2-a" in body.decode() for body in files.values())
    for code in TOKYO_PUBLISHED:  # the same bytes as the indicator page's download
        page_csv = get(client, f"/en/organisations/tokyo/indicators/{code}/data.csv")
        assert files[f"tokyo-all-data/data/{code}.csv"] == page_csv
    readme = files["tokyo-all-data/README.txt"].decode()
    assert "Tokyo Metropolitan Government" in readme and "東京都" in readme  # one part per language
    assert "period" in readme and "flags" in readme and "licence" in readme
    assert files["tokyo-all-data/catalogue.json"] == get(client, BASE + "catalogue.json")


def test_zip_csvs_read_back_as_the_published_observations(client, demo, tmp_path) -> None:
    body = get(client, BASE + "tokyo-all-data.zip")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        archive.extractall(tmp_path)
    read = get_format("csv").read(tmp_path / "tokyo-all-data" / "data")
    assert read.ok, read.problems
    stored = dataset_for(demo.get(slug="tokyo"), published_only=True)
    assert observations(read).equals(observations(stored))
    assert set(read.indicators) == TOKYO_PUBLISHED


def test_goal_files_hold_exactly_that_goals_indicators(client, demo, tmp_path) -> None:
    stored = dataset_for(demo.get(slug="tokyo"), published_only=True)
    for goal in (5, 7, 8, 11):
        codes = {code for code in TOKYO_PUBLISHED if parse_code(code).goal == goal}
        table = pl.read_csv(io.BytesIO(get(client, f"{BASE}goal-{goal}.csv")))
        assert set(table.get_column("indicator").to_list()) == codes

        path = tmp_path / f"goal-{goal}.xlsx"
        path.write_bytes(get(client, f"{BASE}goal-{goal}.xlsx"))
        assert set(fastexcel.read_excel(str(path)).sheet_names) == codes
        read = get_format("xlsx").read(path)
        assert read.ok, read.problems
        expected = stored.observations.filter(pl.col("indicator").is_in(list(codes)))
        assert observations(read).equals(observations(type(stored)(expected)))


def test_catalogue_lists_every_published_indicator_with_working_urls(client, demo) -> None:
    catalogue = json.loads(get(client, BASE + "catalogue.json"))
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert catalogue["@id"] == BASE + "catalogue.json"
    assert catalogue["dct:publisher"]["@type"] == "foaf:Agent"
    datasets = catalogue["dcat:dataset"]
    assert {d["dct:identifier"] for d in datasets} == TOKYO_PUBLISHED
    for dataset in datasets:
        assert dataset["@type"] == "dcat:Dataset"
        titles = {t["@language"]: t["@value"] for t in dataset["dct:title"]}
        assert titles["en"] and titles["ja"]
        assert all(d["@language"] for d in dataset["dct:description"])
        goal = str(parse_code(dataset["dct:identifier"]).goal)
        assert goal in [theme["skos:notation"] for theme in dataset["dcat:theme"]]
        assert f"SDG {goal}" in dataset["dcat:keyword"]
        assert dataset["dct:modified"]["@type"] == "xsd:dateTime"
        assert dataset["dct:publisher"]["@id"] == catalogue["dct:publisher"]["@id"]
        get(client, dataset["dcat:landingPage"]["@id"])
        assert len(dataset["dcat:distribution"]) == 2
        for distribution in dataset["dcat:distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["dcat:mediaType"]["@id"].endswith("/text/csv")
            body = get(client, distribution["dcat:downloadURL"]["@id"])
            assert int(distribution["dcat:byteSize"]["@value"]) == len(body)
        for theme in dataset["dcat:theme"]:
            get(client, theme["@id"])


def test_files_are_the_same_bytes_on_every_build(client, demo) -> None:
    for name in ["tokyo-all-data.zip", "catalogue.json", "goal-8.csv", "goal-8.xlsx"]:
        first = downloads.download_file("tokyo", name).body
        assert downloads.download_file("tokyo", name).body == first
        assert get(client, BASE + name) == first
    archive = zipfile.ZipFile(io.BytesIO(downloads.download_file("tokyo", "goal-8.xlsx").body))
    modified = downloads.load_bundle(demo.get(slug="tokyo")).of_goal(8).modified
    core = archive.read("docProps/core.xml").decode()
    # the data's date, not the build's
    assert modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") in core
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    # Built again from the database a second later (not from the process's cache): the same.
    time.sleep(1.1)
    fresh = downloads.read_bundle(demo.get(slug="tokyo"))
    assert (
        downloads.goal_file(fresh, 8, "xlsx")
        == downloads.download_file("tokyo", "goal-8.xlsx").body
    )
    archive = zipfile.ZipFile(
        io.BytesIO(downloads.download_file("tokyo", "tokyo-all-data.zip").body)
    )
    assert archive.namelist() == sorted(archive.namelist())


def test_unpublished_organisations_and_unknown_files_are_not_found(client, demo) -> None:
    for path in [
        "/en/organisations/mitaka/downloads/",
        "/en/organisations/mitaka/downloads/mitaka-all-data.zip",
        "/en/organisations/mitaka/downloads/catalogue.json",
        "/en/organisations/mitaka/downloads/goal-4.csv",
        "/en/organisations/nowhere/downloads/",
        BASE + "goal-13.csv",  # only a draft indicator
        BASE + "goal-3.xlsx",  # no indicator at all
        BASE + "goal-99.csv",
        BASE + "goal-11.pdf",
        BASE + "shinjuku-all-data.zip",
    ]:
        assert client.get(path).status_code == 404, path
    assert downloads.download_paths(demo.get(slug="mitaka")) == []


def test_an_unpublished_indicator_leaves_every_file(client, demo) -> None:
    Indicator.objects.filter(organisation__slug="tokyo", code="8-5-2").update(is_published=False)
    files = members(get(client, BASE + "tokyo-all-data.zip"))
    assert "tokyo-all-data/data/8-5-2.csv" not in files
    assert client.get(BASE + "goal-8.csv").status_code == 404
    catalogue = json.loads(get(client, BASE + "catalogue.json"))
    assert "8-5-2" not in {d["dct:identifier"] for d in catalogue["dcat:dataset"]}


def import_golden(org, name: str) -> None:
    from localsdg.indicators import releases
    from tests.conftest import GOLDEN

    repo = GOLDEN / "opensdg-repos" / name
    if not repo.is_dir():
        pytest.skip(f"golden data is absent: {repo} not found")
    data = get_format("opensdg").read(repo, on_duplicate="last")
    releases.apply(org, releases.preview(org, data), source_name=name)


def test_golden_bristol_downloads(client, orgs, tmp_path: Path) -> None:
    org = orgs["okutama"]
    import_golden(org, "bristol")
    indicators = Indicator.objects.for_org(org).order_by("code")
    draft = indicators.first()
    indicators.exclude(pk=draft.pk).update(is_published=True)
    published = set(indicators.filter(is_published=True).values_list("code", flat=True))

    base = "/en/organisations/okutama/downloads/"
    body = get(client, base + "okutama-all-data.zip")
    assert downloads.download_file("okutama", "okutama-all-data.zip").body == body
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        csvs = {Path(n).stem for n in archive.namelist() if n.endswith(".csv")}
        archive.extractall(tmp_path)
    assert csvs == published and draft.code not in csvs
    read = get_format("csv").read(tmp_path / "okutama-all-data" / "data")
    assert read.ok, read.errors[:3]
    stored = dataset_for(org, published_only=True)
    assert stored.observations.height > 10_000
    assert observations(read).equals(observations(stored))

    catalogue = json.loads(get(client, base + "catalogue.json"))
    assert {d["dct:identifier"] for d in catalogue["dcat:dataset"]} == published
    for dataset in catalogue["dcat:dataset"][::20]:  # a sample: each file is a full request
        for distribution in dataset["dcat:distribution"]:
            body = get(client, distribution["dcat:downloadURL"]["@id"])
            assert int(distribution["dcat:byteSize"]["@value"]) == len(body)
    for path in downloads.download_paths(org)[2:]:
        goal = int(re.search(r"goal-(\d+)", path)[1])
        if path.endswith(".csv"):
            table = pl.read_csv(io.BytesIO(get(client, path)), infer_schema=False)
            codes = set(table.get_column("indicator").to_list())
            assert codes and {parse_code(code).goal for code in codes} == {goal}
            assert codes <= published
