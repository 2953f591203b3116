"""Countries of the engagement record: codes checked and named by django-countries, the UN's
short names in English, the migration that brought the field in, and the demo data file."""

from __future__ import annotations

import re
import string
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import translation
from django_countries import countries as iso
from hypothesis import given
from hypothesis import strategies as st

import localsdg
from localsdg.engagement import countries
from localsdg.engagement.demo import DEMO_FILE, DemoDataError, demo_record
from localsdg.engagement.models import Event, Partner
from localsdg.engagement.pages.history import parse_filters

CODES = sorted(code for code, _name in iso)


@given(st.text(alphabet=string.ascii_letters, min_size=2, max_size=2), st.sampled_from(["", " "]))
def test_two_letters_are_accepted_exactly_when_they_name_a_country(letters: str, pad: str) -> None:
    typed = f"{pad}{letters}{pad}"
    if letters.upper() in CODES:
        assert countries.country_code(typed) == letters.upper()
    else:
        with pytest.raises(ValidationError, match="is not an ISO 3166 country code"):
            countries.country_code(typed)


@given(
    st.text(max_size=6).filter(lambda t: t.strip() and not re.fullmatch("[A-Za-z]{2}", t.strip()))
)
def test_anything_but_two_letters_is_refused_with_the_format(typed: str) -> None:
    with pytest.raises(ValidationError, match="Use a two-letter country code"):
        countries.country_code(typed)


@given(st.sampled_from(CODES))
def test_every_country_has_a_name_in_both_languages(code: str) -> None:
    assert countries.country_name(code, "en") not in ("", code)
    assert countries.country_name(code, "ja") not in ("", code)


def test_empty_and_xx() -> None:
    assert countries.country_code("") == countries.country_code("  ") == ""
    with pytest.raises(ValidationError, match="“XX” is not an ISO 3166 country code"):
        countries.country_code("XX")
    assert countries.country_name("", "en") == ""
    assert countries.country_name("XX", "ja") == "XX"  # a stored code that is no country


@pytest.mark.parametrize(
    ("code", "en", "ja"),
    [("JP", "Japan", "日本"), ("DE", "Germany", "ドイツ"), ("EG", "Egypt", "エジプト")],
)
def test_names_come_from_django_countries_in_both_languages(code: str, en: str, ja: str) -> None:
    assert (countries.country_name(code, "en"), countries.country_name(code, "ja")) == (en, ja)
    field = Partner(country=code.lower()).country
    with translation.override("ja"):
        assert field.name == ja
    with translation.override("en"):
        assert field.name == en


@pytest.mark.parametrize(
    ("code", "un_name"),
    [("KR", "Republic of Korea"), ("VN", "Viet Nam"), ("RU", "Russian Federation"),
     ("TZ", "United Republic of Tanzania"), ("US", "United States of America")],
)  # fmt: skip
def test_english_names_are_the_un_short_names(code: str, un_name: str) -> None:
    assert countries.country_name(code, "en") == un_name


def test_the_history_filter_refuses_a_code_that_is_no_country() -> None:
    assert parse_filters({"country": "jp"}).country == "JP"
    refused = parse_filters({"country": "XX"})
    assert refused.country == "" and refused.problems == (
        "“XX” is not an ISO 3166 country code; use one such as JP or US.",
    )


# --- The migration ------------------------------------------------------------------------------


def migration():
    return MigrationLoader(None).get_migration("engagement", "0002_country_field")


def test_the_migration_leaves_the_columns_alone() -> None:
    """The column is the same varchar(2): only Django's idea of the field changes."""
    alter = migration().operations[0]
    assert alter.database_operations == []
    assert {op.name for op in alter.state_operations} == {"country"}


def raw_codes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        sql = f"SELECT name_en, country FROM {table} WHERE name_en LIKE %s"  # noqa: S608
        cursor.execute(sql, ["Zz raw %"])
        return dict(cursor.fetchall())


@pytest.mark.django_db
def test_the_migration_keeps_every_code_and_upper_cases_typed_ones(orgs) -> None:
    """The column as the database holds it: the filters compare it in SQL, case and all."""
    stored = {"Zz raw 1": "de", "Zz raw 2": "JP", "Zz raw 3": "Xx", "Zz raw 4": ""}
    for name in stored:
        Partner.objects.create(organisation=orgs["tokyo"], name_en=name, kind="ngo")
        Event.objects.create(organisation=orgs["tokyo"], name_en=name)
    tables = ("engagement_partner", "engagement_event")
    with connection.cursor() as cursor:  # the values as the old CharField could keep them
        for table in tables:
            for name, code in stored.items():
                cursor.execute(f"UPDATE {table} SET country = %s WHERE name_en = %s", [code, name])  # noqa: S608
    assert raw_codes("engagement_event") == stored
    upper_case_codes = next(op for op in migration().operations if hasattr(op, "code")).code
    upper_case_codes(apps, SimpleNamespace(connection=connection))
    expected = {"Zz raw 1": "DE", "Zz raw 2": "JP", "Zz raw 3": "XX", "Zz raw 4": ""}
    assert [raw_codes(table) for table in tables] == [expected, expected]
    assert Event.objects.filter(name_en__startswith="Zz raw", country="DE").count() == 1


# --- The demo data file ---------------------------------------------------------------------------


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DEMO_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "engagement.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        ("    country: EG\n", "    country: XX\n", "events[0].country",
         "“XX” is not an ISO 3166 country code"),
        ("    country: ZA\n", "    country: South Africa\n", "partners[3].country",
         "Use a two-letter country code"),
        ("    series: WUF\n", "    serie: WUF\n", "events[0].serie", "Extra inputs"),
        ("kind: high_level", "kind: keynote", "events[0].sessions[0].kind", "'high_level'"),
        ('targets: ["11.5"', "targets: [11.5", "events[0].targets[0]", "valid string"),
        ("who: governor", "who: mayor", "events[0].sessions[0].people[0].who",
         "no person “mayor”"),
        ("organisers: [UN-Habitat]", "organisers: [UN Habitat]", "events[0].organisers[0]",
         "no partner “UN Habitat”"),
        ("goals: [11, 13]", "goals: [11, 18]", "events[0].goals[1]", "less than or equal to 17"),
        ("start: 2024-11-01", "start: November 2024", "events[0].start", "valid date"),
    ],
)  # fmt: skip
def test_a_mistake_in_the_demo_file_names_file_line_field_and_reason(
    tmp_path: Path, old: str, new: str, field: str, reason: str
) -> None:
    path = broken(tmp_path, old, new)
    with pytest.raises(DemoDataError) as caught:
        demo_record(path)
    message = str(caught.value)
    line = line_of(path, new.strip())
    assert message.startswith(f"engagement.yaml, line {line}, {field}: "), message
    assert reason in message
    assert str(tmp_path) not in message  # the file's name, never a server path


def test_the_demo_file_accepts_a_lower_case_country(tmp_path: Path) -> None:
    path = broken(tmp_path, "    country: EG\n", "    country: eg\n")
    assert demo_record(path).events[0].country == "EG"


def test_the_demo_file_ships_inside_the_package() -> None:
    package = Path(localsdg.__file__).resolve().parent
    assert DEMO_FILE.is_relative_to(package) and DEMO_FILE.suffix == ".yaml"
    pyproject = (package.parent / "pyproject.toml").read_text(encoding="utf-8")
    shipped = re.search(r'\[tool\.setuptools\.package-data\]\n"\*" = \[(.*)\]', pyproject)
    assert shipped and '"*.yaml"' in shipped[1]
