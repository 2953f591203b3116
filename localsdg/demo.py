"""The demo data set: a hub government modelled on Tokyo and some of its municipalities.

The same data is the fixture of the test suite. Names, kinds and rounded populations are public
facts; every description is written for this demo and the organisations are flagged as sample
data, so the portal labels them as illustrative.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from django.contrib.auth import get_user_model
from django.db import transaction

from localsdg.orgs.models import Membership, Organisation, Role

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"

HUB = {
    "slug": "tokyo",
    "name_en": "Tokyo Metropolitan Government",
    "name_ja": "東京都",
    "kind": Organisation.Kind.PREFECTURE,
    "population": 14_000_000,
    "website": "https://www.metro.tokyo.lg.jp/",
    "description_en": (
        "The prefectural government of Tokyo. It links its long-term strategy to the SDGs, "
        "publishes a Voluntary Local Review, and supports its 62 municipalities in localizing "
        "the goals. (Sample description written for this demo.)"
    ),
    "description_ja": (
        "東京都の広域自治体です。長期戦略をSDGsと結び付け、自発的自治体レビュー（VLR）を公表し、"
        "都内62区市町村のSDGsの取組を支援しています。（デモ用に作成した説明文です。）"
    ),
}

MEMBERS = [
    {
        "slug": "shinjuku",
        "name_en": "Shinjuku City",
        "name_ja": "新宿区",
        "kind": Organisation.Kind.WARD,
        "population": 350_000,
        "description_en": "A special ward at the centre of Tokyo. (Sample description.)",
        "description_ja": "東京の中心部にある特別区です。（サンプルの説明文です。）",
    },
    {
        "slug": "hachioji",
        "name_en": "Hachioji City",
        "name_ja": "八王子市",
        "kind": Organisation.Kind.CITY,
        "population": 560_000,
        "description_en": "A city in western Tokyo with many universities. (Sample description.)",
        "description_ja": "大学が多い多摩地域西部の市です。（サンプルの説明文です。）",
    },
    {
        "slug": "okutama",
        "name_en": "Okutama Town",
        "name_ja": "奥多摩町",
        "kind": Organisation.Kind.TOWN,
        "population": 4_600,
        "description_en": "A mountain town at the source of the Tama River. (Sample description.)",
        "description_ja": "多摩川の源流にある山あいの町です。（サンプルの説明文です。）",
    },
    {
        "slug": "mitaka",
        "name_en": "Mitaka City",
        "name_ja": "三鷹市",
        "kind": Organisation.Kind.CITY,
        "population": 190_000,
        "description_en": "Not yet published: visible to its members and the hub's admins only.",
        "description_ja": "未公開：この市の職員と東京都の管理者だけが見られます。",
        "is_published": False,
    },
]

USERS = [
    ("tokyo-admin", "tokyo", Role.ADMIN),
    ("tokyo-editor", "tokyo", Role.EDITOR),
    ("tokyo-viewer", "tokyo", Role.VIEWER),
    ("shinjuku-admin", "shinjuku", Role.ADMIN),
    ("shinjuku-editor", "shinjuku", Role.EDITOR),
    ("shinjuku-viewer", "shinjuku", Role.VIEWER),
    ("hachioji-admin", "hachioji", Role.ADMIN),
    ("mitaka-editor", "mitaka", Role.EDITOR),
]
SUPERUSER = "superuser"

# Indicator metadata of the demo; the values are in demo_data/<org>.csv (illustrative samples).
INDICATORS: dict[str, list[dict[str, object]]] = {
    "tokyo": [
        {
            "code": "11-6-2",
            "name_en": "Annual mean concentration of fine particulate matter (PM2.5)",
            "name_ja": "微小粒子状物質（PM2.5）の年平均濃度",
            "unit_en": "µg/m³",
            "direction": -1,
            "target": (10.0, 2030),
        },
        {
            "code": "7-2-1",
            "name_en": "Share of renewable energy in electricity consumption",
            "name_ja": "電力消費に占める再生可能エネルギーの割合",
            "unit_en": "%",
            "unit_ja": "％",
            "direction": 1,
            "limit": 100.0,
            "target": (50.0, 2030),
        },
        {
            "code": "8-5-2",
            "name_en": "Unemployment rate, by sex",
            "name_ja": "失業率（男女別）",
            "unit_en": "%",
            "unit_ja": "％",
            "direction": -1,
        },
        {
            "code": "5-5-1-a",
            "name_en": "Proportion of seats held by women in the metropolitan assembly",
            "name_ja": "都議会の議席に占める女性の割合",
            "unit_en": "%",
            "unit_ja": "％",
            "direction": 1,
            "limit": 100.0,
        },
        {
            "code": "13-2-2-a",
            "name_en": "Greenhouse gas emissions (draft, not published)",
            "name_ja": "温室効果ガス排出量（作業中・非公開）",
            "unit_en": "Mt CO2e",
            "direction": -1,
            "is_published": False,
        },
    ],
    "shinjuku": [
        {
            "code": "11-7-1-a",
            "name_en": "Public green space per resident",
            "name_ja": "区民一人当たりの公園面積",
            "unit_en": "m²",
            "direction": 1,
        }
    ],
    "mitaka": [
        {
            "code": "4-2-2",
            "name_en": "Participation rate in organized learning one year before primary school",
            "name_ja": "小学校入学前1年間の組織的学習への参加率",
            "unit_en": "%",
            "direction": 1,
        }
    ],
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    organisation: str
    role: str


def upsert_org(fields: dict[str, object], hub: Organisation | None) -> Organisation:
    values = {key: value for key, value in fields.items() if key != "slug"}
    org, _created = Organisation.objects.update_or_create(
        slug=fields["slug"], defaults={**values, "hub": hub, "is_sample": True}
    )
    return org


def set_account(username: str, password: str, superuser: bool = False) -> None:
    user, _created = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    user.is_active = True
    user.is_superuser = superuser
    user.is_staff = superuser
    user.save()


@transaction.atomic
def load_demo(password: str | None = None) -> list[DemoAccount]:
    """Create or refresh the demo, and give every demo account a new password.

    With ``password`` every account gets that one (tests); otherwise each gets a random one.
    """
    hub = upsert_org(HUB, None)
    orgs = {hub.slug: hub} | {m["slug"]: upsert_org(m, hub) for m in MEMBERS}
    accounts = []
    for username, slug, role in USERS:
        secret = password or secrets.token_urlsafe(12)
        set_account(username, secret)
        user = get_user_model().objects.get(username=username)
        Membership.objects.update_or_create(
            user=user, organisation=orgs[slug], defaults={"role": role}
        )
        accounts.append(DemoAccount(username, secret, slug, str(role.label)))
    secret = password or secrets.token_urlsafe(12)
    set_account(SUPERUSER, secret, superuser=True)
    accounts.append(DemoAccount(SUPERUSER, secret, "*", "superuser"))
    for slug, indicators in INDICATORS.items():
        load_indicators(orgs[slug], indicators)
    from localsdg.engagement.demo import load_engagement_demo
    from localsdg.strategy.demo import load_strategy_demo

    load_engagement_demo(hub)
    load_strategy_demo({org.slug: org for org in orgs.values()})
    return accounts


def load_indicators(org: Organisation, specs: list[dict[str, object]]) -> None:
    """Create the demo indicators and import their values through the normal import path."""
    from localsdg.indicators import imports
    from localsdg.indicators.models import Indicator, Series, TargetValue

    for spec in specs:
        fields = {k: v for k, v in spec.items() if k not in ("code", "target")}
        fields.setdefault("is_published", True)
        fields["reporting_status"] = "reported"
        Indicator.objects.update_or_create(organisation=org, code=spec["code"], defaults=fields)
    source = DEMO_DATA / f"{org.slug}.csv"
    checked = imports.check(org, imports.read_source(source, "csv"))
    imports.store(org, checked, note="Demo data (illustrative sample values)")
    for spec in specs:
        if "target" not in spec:
            continue
        value, year = cast(tuple[float, int], spec["target"])
        indicator = Indicator.objects.get(organisation=org, code=spec["code"])
        headline = Series.objects.get(indicator=indicator, dimensions="", series="")
        TargetValue.objects.update_or_create(
            series=headline, year=year, defaults={"value": value, "baseline_year": 2015}
        )
