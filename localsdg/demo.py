"""The demo data set: a hub government modelled on Tokyo and some of its municipalities.

The same data is the fixture of the test suite. Names, kinds and rounded populations are public
facts; every description is written for this demo and the organisations are flagged as sample
data, so the portal labels them as illustrative.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from localsdg.orgs.models import Membership, Organisation, Role

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
    return accounts
