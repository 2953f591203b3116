"""The public pages for search engines, in every language (Django's i18n sitemaps)."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from localsdg.engagement.pages.export import event_ids, partner_ids
from localsdg.framework.models import Goal, Target
from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation
from localsdg.strategy.pages.export import initiative_ids, plan_keys, served_goals_and_targets


class PortalSitemap(Sitemap):  # type: ignore[type-arg]
    i18n = True
    alternates = True
    x_default = True


class StaticPages(PortalSitemap):
    def items(self) -> list[str]:
        return ["portal:home", "portal:organisations", "board:board", "portal:about"]

    def location(self, item: str) -> str:
        return reverse(item)


class Goals(PortalSitemap):
    def items(self) -> Any:
        return Goal.objects.all()

    def location(self, item: Goal) -> str:
        return reverse("portal:goal", args=[item.number])


class Targets(PortalSitemap):
    def items(self) -> Any:
        return Target.objects.all()

    def location(self, item: Target) -> str:
        return reverse("portal:target", args=[item.code])


class Organisations(PortalSitemap):
    def items(self) -> list[tuple[str, str]]:
        names = ["portal:organisation", "portal:progress", "portal:reporting"]
        return [(name, org.slug) for org in Organisation.objects.published() for name in names]

    def location(self, item: tuple[str, str]) -> str:
        return reverse(item[0], args=[item[1]])


class Indicators(PortalSitemap):
    def items(self) -> Any:
        return Indicator.objects.published().select_related("organisation").order_by("pk")

    def location(self, item: Indicator) -> str:
        return reverse("portal:indicator", args=[item.organisation.slug, item.code])

    def lastmod(self, item: Indicator) -> Any:
        return item.data_updated or item.updated


class Engagement(PortalSitemap):
    """The engagement record: its pages, and each published event and partner."""

    def items(self) -> list[tuple[str, int | None]]:
        items: list[tuple[str, int | None]] = [
            ("engagement:history", None),
            ("engagement:dashboard", None),
        ]
        items += [("engagement:event", pk) for pk in event_ids()]
        return items + [("engagement:partner", pk) for pk in partner_ids()]

    def location(self, item: tuple[str, int | None]) -> str:
        name, pk = item
        return reverse(name, args=[pk] if pk is not None else [])


class Plans(PortalSitemap):
    """Each published plan, each shown initiative, and the lists of who serves a goal or target
    (only those that list at least one initiative)."""

    def items(self) -> list[tuple[str, tuple[object, ...]]]:
        items: list[tuple[str, tuple[object, ...]]] = [
            ("strategy:plan", key) for key in plan_keys()
        ]
        items += [("strategy:initiative", (pk,)) for pk in initiative_ids()]
        goals, targets = served_goals_and_targets()
        items += [("strategy:goal", (number,)) for number in goals]
        return items + [("strategy:target", (code,)) for code in targets]

    def location(self, item: tuple[str, tuple[object, ...]]) -> str:
        return reverse(item[0], args=list(item[1]))


SITEMAPS = {
    "pages": StaticPages,
    "goals": Goals,
    "targets": Targets,
    "organisations": Organisations,
    "indicators": Indicators,
    "engagement": Engagement,
    "plans": Plans,
}
