"""Write ``localsdg.core.framework`` into the framework tables.

Called from data migrations with the historical app registry, so a later framework revision, or
new texts in a language (0003: the Japanese targets), is one new migration that calls
``sync_framework`` again. Idempotent: rows are updated in place, with every language's texts.
The core lists are in official order, so a row's position is its sort key.
"""

from __future__ import annotations

from typing import Any

from localsdg.core.framework import load_framework


def sync_framework(apps: Any, schema_editor: Any = None) -> None:
    framework = load_framework()
    Goal = apps.get_model("framework", "Goal")
    Target = apps.get_model("framework", "Target")
    GlobalIndicator = apps.get_model("framework", "GlobalIndicator")
    IndicatorAlias = apps.get_model("framework", "IndicatorAlias")
    FrameworkRevision = apps.get_model("framework", "FrameworkRevision")

    for goal in framework.goals:
        Goal.objects.update_or_create(
            number=goal.number,
            defaults={
                "colour": goal.colour,
                "text_colour": goal.text_colour,
                "title": dict(goal.title),
                "short_title": dict(goal.short_title),
            },
        )
    for position, target in enumerate(framework.targets):
        Target.objects.update_or_create(
            code=target.code,
            defaults={"goal_id": target.goal, "sort_key": position, "title": dict(target.title)},
        )
    for position, indicator in enumerate(framework.indicators):
        GlobalIndicator.objects.update_or_create(
            code=indicator.code,
            defaults={
                "target_id": indicator.target,
                "goal_id": indicator.goal,
                "sort_key": position,
                "title": dict(indicator.title),
            },
        )
    for indicator in framework.indicators:
        if indicator.same_as:
            GlobalIndicator.objects.filter(code=indicator.code).update(same_as_id=indicator.same_as)
    for alias in framework.aliases:
        IndicatorAlias.objects.update_or_create(
            old_code=alias.old_code,
            defaults={
                "indicator_id": alias.new_code,
                "revision": alias.revision,
                "note": alias.note,
            },
        )
    FrameworkRevision.objects.update_or_create(pk=1, defaults={"name": framework.revision})
