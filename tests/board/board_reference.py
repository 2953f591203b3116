"""An independent statement of what the Board should list, written with the ORM and plain Python
so that the tests compare the Board's bitsets against something that does not share its code.

Rules, as docs/board.md states them:
- only ``Initiative.objects.published()``;
- text: every word of the query (normalised) occurs in the title or in the other text of the
  initiative's search entry, as ``search.indexing`` writes it;
- a goal is served when the initiative lists it or one of its targets; its role is the one the
  goal mapping gives, else primary when one of those targets is primary, else secondary;
- fiscal years: first to last year (the plan's years standing in for missing ones) and every
  year with a budget line;
- budget: the latest fiscal year's initial budget in yen, in buckets by its lower bound.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from localsdg.strategy.models import BudgetLine, GoalMapping, Initiative, TargetMapping

BUCKETS = [
    ("10b-plus", Decimal(10_000_000_000)),
    ("1b-10b", Decimal(1_000_000_000)),
    ("100m-1b", Decimal(100_000_000)),
    ("10m-100m", Decimal(10_000_000)),
]


def norm(text: str) -> str:
    return "".join(
        " " if unicodedata.category(c).startswith("C") else c
        for c in unicodedata.normalize("NFKC", text).lower()
    )


@dataclass
class Expected:
    pk: int
    org: str
    plan: str
    code: str
    texts: dict[str, str]  # language -> everything searchable in one string
    goals: dict[int, str]
    targets: dict[str, str]
    department: dict[str, str]  # language -> as shown there
    status: str
    years: set[int]
    budget: Decimal | None
    budget_year: int | None

    @property
    def bucket(self) -> str:
        if self.budget is None:
            return "none"
        for key, low in BUCKETS:
            if self.budget >= low:
                return key
        return "under-10m"


def shown(texts: dict[str, str], lang: str) -> str:
    if texts.get(lang):
        return texts[lang]
    return next((texts[code] for code in ("en", "ja") if texts.get(code)), "")


def expected_initiatives() -> dict[int, Expected]:
    found = {}
    for item in Initiative.objects.published().select_related("plan__organisation", "strategy"):
        org, plan, strategy = item.plan.organisation, item.plan, item.strategy
        goal_rows = list(GoalMapping.objects.filter(initiative=item).values_list("goal_id", "role"))
        target_rows = list(
            TargetMapping.objects.filter(initiative=item).values_list(
                "target_id", "target__goal_id", "role"
            )
        )
        goals: dict[int, str] = {}
        for _code, goal, role in target_rows:
            goals[goal] = "primary" if role == "primary" or goals.get(goal) == "primary" else role
        goals.update(dict(goal_rows))
        lines = list(BudgetLine.objects.filter(initiative=item))
        initial = [b for b in lines if b.kind == "initial" and b.currency == "JPY"]
        latest = max(initial, key=lambda b: b.fiscal_year, default=None)
        first = item.start_year or plan.start_year
        last = item.end_year or max(plan.end_year, first)
        texts = {}
        for lang in ("en", "ja"):
            other = "ja" if lang == "en" else "en"
            parts = [
                shown({"en": item.name_en, "ja": item.name_ja}, lang),
                shown({"en": item.description_en, "ja": item.description_ja}, lang),
                shown({"en": item.department_en, "ja": item.department_ja}, lang),
                shown({"en": strategy.name_en, "ja": strategy.name_ja}, lang) if strategy else "",
                item.code,
                shown({"en": org.name_en, "ja": org.name_ja}, lang),
                getattr(item, f"name_{other}"),
                getattr(item, f"description_{other}"),
                getattr(item, f"department_{other}"),
                getattr(strategy, f"name_{other}") if strategy else "",
            ]
            texts[lang] = norm("\n".join(parts))
        found[item.pk] = Expected(
            pk=item.pk,
            org=org.slug,
            plan=plan.slug,
            code=item.code,
            texts=texts,
            goals=goals,
            targets={code: role for code, _goal, role in target_rows},
            department={
                lang: shown({"en": item.department_en, "ja": item.department_ja}, lang)
                for lang in ("en", "ja")
            },
            status=item.status or "none",
            years=set(range(first, max(first, last) + 1)) | {b.fiscal_year for b in lines},
            budget=latest.amount if latest else None,
            budget_year=latest.fiscal_year if latest else None,
        )
    return found


def matches(item: Expected, q: str, lang: str) -> bool:
    words = norm(q).split()
    return bool(words) and all(word in item.texts[lang] for word in words)


def passes(item: Expected, lang: str, skip: str = "", **chosen: list[str]) -> bool:
    """Whether the item passes every chosen filter but ``skip`` (the Board's facet rule)."""
    roles = chosen.get("role") or ["primary", "secondary"]
    checks = {
        "q": lambda: matches(item, chosen["q"][0], lang),
        "org": lambda: item.org in chosen["org"],
        "goal": lambda: any(item.goals.get(int(g)) in roles for g in chosen["goal"]),
        "target": lambda: any(item.targets.get(t) in roles for t in chosen["target"]),
        "role": lambda: bool(
            chosen.get("goal") or chosen.get("target") or set(item.goals.values()) & set(roles)
        ),
        "department": lambda: item.department[lang] in chosen["department"],
        "status": lambda: item.status in chosen["status"],
        "year": lambda: bool(item.years & {int(y) for y in chosen["year"]}),
        "budget": lambda: item.bucket in chosen["budget"],
    }
    for name, check in checks.items():
        if name == skip or not chosen.get(name):
            continue
        if name == "role" and skip in ("goal", "target"):
            continue  # the role is applied with the goal or target, which is being counted
        if not check():
            return False
    return True
