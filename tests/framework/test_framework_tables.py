"""The data migration copies the core framework into the tables, completely."""

import pytest

from localsdg.core.framework import load_framework
from localsdg.framework.models import (
    FrameworkRevision,
    GlobalIndicator,
    Goal,
    IndicatorAlias,
    Target,
)

pytestmark = pytest.mark.django_db


def test_tables_match_the_core_framework() -> None:
    framework = load_framework()
    assert Goal.objects.count() == 17
    assert Target.objects.count() == 169
    assert GlobalIndicator.objects.count() == len(framework.indicators)
    assert (
        GlobalIndicator.objects.filter(same_as__isnull=True).count()
        == framework.unique_indicator_count
    )
    assert IndicatorAlias.objects.count() == len(framework.aliases)
    assert FrameworkRevision.objects.get().name == framework.revision


def test_rows_are_in_official_order_and_linked() -> None:
    codes = list(Target.objects.filter(goal=1).values_list("code", flat=True))
    assert codes[:2] == ["1.1", "1.2"] and codes[-2:] == ["1.a", "1.b"]
    indicator = GlobalIndicator.objects.get(code="11.6.2")
    assert indicator.target_id == "11.6" and indicator.goal_id == 11
    assert indicator.title_in("en").text.startswith("Annual mean levels of fine particulate matter")


def test_goal_texts_in_both_languages() -> None:
    goal = Goal.objects.get(number=11)
    assert goal.short_title_in("ja").text == "住み続けられるまちづくりを"
    assert not goal.short_title_in("ja").is_fallback
    assert goal.colour == "#FD9D24"


def test_sync_is_idempotent() -> None:
    from django.apps import apps

    from localsdg.framework.loading import sync_framework

    sync_framework(apps)
    assert Goal.objects.count() == 17 and Target.objects.count() == 169


def test_every_text_of_every_language_is_copied() -> None:
    framework = load_framework()
    goals = {g.number: (g.title, g.short_title) for g in Goal.objects.all()}
    assert goals == {g.number: (dict(g.title), dict(g.short_title)) for g in framework.goals}
    targets = dict(Target.objects.values_list("code", "title"))
    assert targets == {t.code: dict(t.title) for t in framework.targets}
    assert all(set(title) == {"en", "ja"} for title in targets.values())
    indicators = dict(GlobalIndicator.objects.values_list("code", "title"))
    assert indicators == {i.code: dict(i.title) for i in framework.indicators}
    assert all(set(title) == {"en"} for title in indicators.values())
