"""The demo engagement record of the Tokyo hub: 16 international events, their partners and media.

Names, organisers, roles, topics and the kinds of media come from public facts about the Tokyo
Metropolitan Government's participation in international SDG events; every summary here is
written for this demo. Dates are stored at the precision known and no finer. Addresses that the
facts do not give are not invented: recordings on UN Web TV and the UN DESA website link to the
sites' home pages (said so in their captions), the YouTube link of entry 11 is an illustrative
sample, and programmes, concept notes and slides are left out. Photos are illustrative cards drawn
at load time and stored through the normal upload checks.

Loading is idempotent: rows are found by their natural keys and only saved when something
differs, so running the demo twice changes nothing (and adds no history).
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from PIL import Image, ImageDraw, ImageFont

from localsdg.core.engagement import detect_video
from localsdg.engagement.models import (
    DatePrecision,
    Event,
    Media,
    MediaKind,
    Participation,
    Partner,
    PartnerKind,
    Role,
    Session,
    SessionKind,
)
from localsdg.engagement.uploads import IMAGES, check_bytes, store
from localsdg.framework.models import Goal, Target
from localsdg.orgs.models import Organisation

DEMO_CREDIT = "LocalSDG demo"

# Partner directory: (name_en, name_ja, kind, country, website, description_en, description_ja).
INSTRUCTOR_EN = (
    " It has also sent instructors to the SDG training programmes that the Tokyo Metropolitan "
    "Government runs for Tokyo's municipalities, sharing overseas practice."
)
INSTRUCTOR_JA = "東京都が区市町村向けに実施するSDGs研修に講師を派遣し、海外の事例を紹介しています。"
DEMO_NOTE_EN = " (Description written for this demo.)"
DEMO_NOTE_JA = "（デモ用に作成した説明文です。）"

PARTNERS: list[tuple[str, str, str, str, str, str, str]] = [
    ("UN-Habitat", "国連人間居住計画（UN-Habitat）", PartnerKind.UN_AGENCY, "",
     "https://unhabitat.org/",
     "The United Nations programme for housing and sustainable cities; it convenes the World "
     "Urban Forum.",
     "住まいと持続可能な都市を担う国連の機関で、世界都市フォーラムを主催しています。"),
    ("UN DESA", "国連経済社会局（UN DESA）", PartnerKind.UN_AGENCY, "",
     "https://www.un.org/en/desa",
     "The UN Department of Economic and Social Affairs; it supports the High-level Political "
     "Forum, where countries and cities report on the SDGs.",
     "国連経済社会局。各国や都市がSDGsの進捗を報告するハイレベル政治フォーラムを支えています。"),
    ("UN ESCAP", "国連アジア太平洋経済社会委員会（UN ESCAP）", PartnerKind.UN_AGENCY, "",
     "https://www.unescap.org/",
     "The UN regional commission for Asia and the Pacific; it convenes the Asia-Pacific Urban "
     "Forum." + INSTRUCTOR_EN,
     "アジア太平洋地域を担当する国連の地域委員会で、アジア太平洋都市フォーラムを主催しています。"
     + INSTRUCTOR_JA),
    ("Government of South Africa", "南アフリカ共和国政府", PartnerKind.NATIONAL_GOVERNMENT,
     "ZA", "https://www.gov.za/",
     "National government; a fellow panelist on reviews of the SDGs at national and local level.",
     "国の政府。国と地方のSDGsレビューに関するセッションで共に登壇しました。"),
    ("Government of Italy", "イタリア政府", PartnerKind.NATIONAL_GOVERNMENT, "IT",
     "https://www.governo.it/",
     "National government; a fellow panelist on reviews of the SDGs at national and local level.",
     "国の政府。国と地方のSDGsレビューに関するセッションで共に登壇しました。"),
    ("City of Bonn", "ボン市", PartnerKind.CITY_REGION, "DE", "https://www.bonn.de/",
     "German city and UN location; a fellow panelist on Voluntary Local Reviews.",
     "国連機関が集まるドイツの都市。自発的自治体レビュー（VLR）に関するセッションで共に登壇しました。"),
    ("City of Buenos Aires", "ブエノスアイレス市", PartnerKind.CITY_REGION, "AR",
     "https://buenosaires.gob.ar/",
     "Capital of Argentina; a fellow panelist on Voluntary Local Reviews.",
     "アルゼンチンの首都。VLRに関するセッションで共に登壇しました。"),
    ("Government of Tunisia", "チュニジア政府", PartnerKind.NATIONAL_GOVERNMENT, "TN", "",
     "National government; a fellow panelist on the SDGs at the local level.",
     "国の政府。ローカルレベルのSDGsに関するセッションで共に登壇しました。"),
    ("Kasserine Governorate", "カスリーン県", PartnerKind.CITY_REGION, "TN", "",
     "A governorate in west-central Tunisia; a fellow panelist on the SDGs at the local level.",
     "チュニジア中西部の県。ローカルレベルのSDGsに関するセッションで共に登壇しました。"),
    ("Association of Finnish Local Authorities", "フィンランド地方自治体協会",
     PartnerKind.NETWORK, "FI", "https://www.localfinland.fi/",
     "The association of Finland's municipalities and regions; a fellow panelist on the SDGs at "
     "the local level.",
     "フィンランドの市町村と地域の連合組織。ローカルレベルのSDGsに関するセッションで共に登壇しました。"),
    ("Government of Malaysia", "マレーシア政府", PartnerKind.NATIONAL_GOVERNMENT, "MY",
     "https://www.malaysia.gov.my/",
     "National government; it set up the Malaysia Urban Forum and hosted a pavilion at WUF12.",
     "国の政府。マレーシア都市フォーラムを設け、WUF12ではパビリオンを設けました。"),
    ("Sarawak State Government", "サラワク州政府", PartnerKind.CITY_REGION, "MY", "",
     "A Malaysian state on Borneo; it hosted the Malaysia Urban Forum and held its own first "
     "urban forum.",
     "ボルネオ島にあるマレーシアの州。マレーシア都市フォーラムの開催地となり、初の独自の都市フォーラムを開きました。"),
    ("Major Group for Children and Youth", "子ども・若者メジャーグループ（MGCY）",
     PartnerKind.NGO, "", "https://www.unmgcy.org/",
     "The network through which children and young people take part in UN processes on "
     "sustainable development; it runs capacity-building programmes for young people.",
     "子どもと若者が国連の持続可能な開発のプロセスに参加するためのネットワークで、若者向けの"
     "能力開発プログラムを行っています。"),
    ("Government of Finland", "フィンランド政府", PartnerKind.NATIONAL_GOVERNMENT, "FI",
     "https://valtioneuvosto.fi/en/",
     "National government; co-organiser of a workshop on Voluntary Local Reviews.",
     "国の政府。VLRに関するワークショップを共催しました。"),
    ("City of Helsinki", "ヘルシンキ市", PartnerKind.CITY_REGION, "FI", "https://www.hel.fi/",
     "Capital of Finland and an early author of a Voluntary Local Review; co-organiser of a VLR "
     "workshop.",
     "フィンランドの首都で、早くからVLRを公表してきた都市。VLRワークショップを共催しました。"),
    ("ICLEI South Asia", "イクレイ南アジア", PartnerKind.NETWORK, "IN",
     "https://southasia.iclei.org/",
     "The South Asian office of ICLEI, a global network of more than 2,500 local and regional "
     "governments." + INSTRUCTOR_EN,
     "2,500以上の自治体が参加する世界的ネットワーク、イクレイの南アジア事務所です。"
     + INSTRUCTOR_JA),
    ("City of Amsterdam", "アムステルダム市", PartnerKind.CITY_REGION, "NL",
     "https://www.amsterdam.nl/",
     "Capital of the Netherlands. Together with the Amsterdam University of Applied Sciences it "
     "has taught in the SDG training programmes that the Tokyo Metropolitan Government runs for "
     "Tokyo's municipalities.",
     "オランダの首都。アムステルダム応用科学大学とともに、東京都が区市町村向けに実施するSDGs研修で"
     "講師を務めました。"),
    ("Amsterdam University of Applied Sciences", "アムステルダム応用科学大学",
     PartnerKind.ACADEMIA, "NL", "https://www.amsterdamuas.com/",
     "A university in Amsterdam. With the City of Amsterdam it has taught in the Tokyo "
     "Metropolitan Government's SDG training programmes for Tokyo's municipalities.",
     "アムステルダムの大学。アムステルダム市とともに、東京都の区市町村向けSDGs研修で講師を務めました。"),
    ("City of Grenoble", "グルノーブル市", PartnerKind.CITY_REGION, "FR",
     "https://www.grenoble.fr/",
     "A city in the French Alps." + INSTRUCTOR_EN,
     "フランス・アルプス地方の都市です。" + INSTRUCTOR_JA),
]  # fmt: skip

GOVERNOR = ("Koike Yuriko", "小池百合子", "Governor of Tokyo", "東京都知事")
TMG = ("Tokyo Metropolitan Government", "東京都", "", "")
PLANNING_DIRECTOR = (
    "Director for Planning and Coordination",
    "計画調整担当部長",
    "Office of the Governor for Policy Planning",
    "政策企画局",
)

UN_WEB_TV_CAPTION = (
    "The recording is on UN Web TV. The exact address is not part of the demo facts, so this "
    "link opens UN Web TV's home page.",
    "録画は国連ウェブTVで公開されています。正確なアドレスはデモの事実に含まれていないため、"
    "このリンクは国連ウェブTVのトップページを開きます。",
)


@dataclass(frozen=True)
class SessionSpec:
    kind: str
    title: tuple[str, str]
    people: list[tuple[tuple[str, str, str, str], str]]  # (person, role)
    summary: tuple[str, str] = ("", "")
    hosted_by_us: bool = False
    partners: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MediaSpec:
    kind: str
    title: tuple[str, str]
    caption: tuple[str, str]
    url: str = ""


@dataclass(frozen=True)
class EventSpec:
    number: int  # the entry of the public record
    name: tuple[str, str]
    series: str
    edition: str
    organisers: list[str]
    precision: str
    start: date | None
    summary: tuple[str, str]
    sessions: list[SessionSpec]
    goals: list[int]
    targets: list[str]
    city: tuple[str, str] = ("", "")
    country: str = ""
    media: list[MediaSpec] = field(default_factory=list)


def web_tv(what: str, what_ja: str) -> MediaSpec:
    return MediaSpec(
        MediaKind.VIDEO, (f"Recording: {what}", f"録画：{what_ja}"), UN_WEB_TV_CAPTION,
        "https://webtv.un.org/",
    )  # fmt: skip


def placeholder_photo(subject: str, subject_ja: str) -> MediaSpec:
    return MediaSpec(
        MediaKind.PHOTO,
        (f"Photo: {subject}", f"写真：{subject_ja}"),
        (
            f"Illustrative placeholder for a photo of {subject}, drawn for this demo.",
            f"{subject_ja}の写真の代わりにデモ用に作成したイメージ画像です。",
        ),
    )


NOV_2024 = date(2024, 11, 1)
JUL_2024 = date(2024, 7, 1)
CAIRO = ("Cairo", "カイロ")
NEW_YORK = ("New York", "ニューヨーク")
WUF12 = "World Urban Forum (WUF12)"
WUF12_JA = "第12回世界都市フォーラム（WUF12）"

EVENTS: list[EventSpec] = [
    EventSpec(
        1, (f"{WUF12}: high-level special session", f"{WUF12_JA} ハイレベル特別セッション"),
        "WUF", "WUF12", ["UN-Habitat"], DatePrecision.MONTH, NOV_2024,
        (
            "At a high-level special session of the twelfth World Urban Forum, Governor Koike "
            "explained how Tokyo meets today's urban challenges while drawing on what the city "
            "learned in the Edo period, and presented the TOKYO Resilience Project and SusHi "
            "Tech Tokyo to ministers, governors, mayors, UN agencies, researchers and civil "
            "society.",
            "第12回世界都市フォーラムのハイレベル特別セッションで小池知事が登壇し、江戸時代から受け継ぐ"
            "知恵を生かして現代の都市課題に挑む東京の姿を紹介しました。TOKYO強靭化プロジェクトや"
            "SusHi Tech Tokyoについて、各国の大臣、知事、市長、国連機関、研究者、市民社会の参加者に"
            "説明しました。",
        ),
        [SessionSpec(
            SessionKind.HIGH_LEVEL,
            ("Tokyo's urban challenges and the wisdom of the Edo period",
             "江戸の知恵を受け継ぎ都市課題に挑む東京"),
            [(GOVERNOR, Role.SPEAKER)],
        )],
        [11, 13], ["11.5", "11.b", "13.1"], CAIRO, "EG",
        [web_tv("high-level special session", "ハイレベル特別セッション")],
    ),
    EventSpec(
        2, (f"{WUF12}: closing ceremony", f"{WUF12_JA} 閉会式"),
        "WUF", "WUF12", ["UN-Habitat"], DatePrecision.MONTH, NOV_2024,
        (
            "Speaking at the closing ceremony, Governor Koike addressed the housing crisis and "
            "climate disasters that strike more often and harder, and argued for more women in "
            "urban policy-making and a gender perspective in cooperation between cities across "
            "borders.",
            "閉会式で小池知事が登壇し、住宅危機や頻発・激甚化する気候災害に触れるとともに、都市政策への"
            "女性の参画と、国境を越えた都市間協力にジェンダーの視点を取り入れることの大切さを訴えました。",
        ),
        [SessionSpec(
            SessionKind.CLOSING, ("Closing ceremony", "閉会式"), [(GOVERNOR, Role.SPEAKER)]
        )],
        [11, 13, 5], ["11.1", "13.1", "5.5"], CAIRO, "EG",
        [web_tv("closing ceremony", "閉会式")],
    ),
    EventSpec(
        3,
        (f"{WUF12}: side event at the Malaysian Government Pavilion",
         f"{WUF12_JA} マレーシア政府パビリオンでのサイドイベント"),
        "WUF", "WUF12", ["UN-Habitat"], DatePrecision.MONTH, NOV_2024,
        (
            "At a side event in the pavilion of the Government of Malaysia, Tokyo's Director for "
            "Planning and Coordination presented the long-term strategy and the SDG workshops "
            "held for residents. Participants tried the SDGs card game and discussed how to make "
            "citizens more aware of the goals.",
            "マレーシア政府パビリオンで開かれたサイドイベントで、政策企画局の計画調整担当部長が長期戦略と"
            "都民向けSDGsワークショップを紹介しました。参加者はSDGsカードゲームを体験し、市民のSDGsへの"
            "関心を高める方法について意見を交わしました。",
        ),
        [SessionSpec(
            SessionKind.SIDE_EVENT,
            ("Raising citizens' awareness of the SDGs", "市民のSDGsへの関心を高めるために"),
            [(PLANNING_DIRECTOR, Role.PRESENTER)],
            partners=["Government of Malaysia"],
        )],
        [11, 4, 17], ["4.7", "17.17"], CAIRO, "EG",
        [placeholder_photo("the side event at the Malaysian pavilion",
                           "マレーシア・パビリオンでのサイドイベント")],
    ),
    EventSpec(
        4,
        ("Event with UN organisations and cities on urban resilience",
         "国連機関・各都市とのイベント（都市の強靭化）"),
        "", "", [], DatePrecision.UNKNOWN, None,
        (
            "Tokyo presented the TOKYO Resilience Project and its use of advanced technologies, "
            "including AI, to UN organisations and cities. The name and date of the event are not "
            "recorded.",
            "国連機関や各都市の参加者に、TOKYO強靭化プロジェクトとAIを含む先端技術の活用について"
            "発表しました。イベントの名称と日付は記録されていません。",
        ),
        [SessionSpec(
            SessionKind.OTHER,
            ("TOKYO Resilience Project and advanced technologies",
             "TOKYO強靭化プロジェクトと先端技術"),
            [(TMG, Role.PRESENTER)],
        )],
        [11, 9], ["11.5", "11.b", "9.5"],
    ),
    EventSpec(
        5, ("Malaysia Sarawak Urban Forum", "マレーシア・サラワク都市フォーラム"),
        "MSUF", "", ["Sarawak State Government"], DatePrecision.UNKNOWN, None,
        (
            "The state of Sarawak held its first urban forum of its own. Tokyo presented its "
            "long-term strategy, Tokyo Green Biz and the TOKYO Resilience Project. The forum took "
            "place after fiscal year 2023; its exact date is not recorded.",
            "サラワク州が初めて独自に開いた都市フォーラムで、東京都が長期戦略、東京グリーンビズ、"
            "TOKYO強靭化プロジェクトを紹介しました。開催は2023年度より後ですが、正確な日付は"
            "記録されていません。",
        ),
        [SessionSpec(
            SessionKind.OTHER,
            ("Tokyo's long-term strategy, Tokyo Green Biz and resilience",
             "長期戦略・東京グリーンビズ・強靭化"),
            [(TMG, Role.PRESENTER)],
        )],
        [11, 13, 15], ["11.7", "11.b", "13.1"], ("", ""), "MY",
    ),
    EventSpec(
        6, ("Malaysia Urban Forum", "マレーシア都市フォーラム"),
        "MUF", "", ["Government of Malaysia"], DatePrecision.FISCAL_YEAR, date(2023, 4, 1),
        (
            "The Malaysia Urban Forum, set up by the Government of Malaysia, met in Sarawak. In "
            "the main session Tokyo presented \"Future Tokyo: Tokyo's Long-Term Strategy\"; in "
            "side events it shared its VLR workshop for Tokyo's municipalities and its SDG "
            "workshops for residents with participants from UN organisations, Malaysia and other "
            "countries.",
            "マレーシア政府が設けたマレーシア都市フォーラムがサラワク州で開かれました。メインセッションで"
            "東京都は「『未来の東京』戦略」を発表し、サイドイベントでは区市町村向けのVLRワークショップと"
            "都民向けSDGsワークショップの取組を、国連機関やマレーシア、各国の参加者と共有しました。",
        ),
        [
            SessionSpec(
                SessionKind.PLENARY,
                ("Main session: Future Tokyo, Tokyo's Long-Term Strategy",
                 "メインセッション：『未来の東京』戦略"),
                [(TMG, Role.PRESENTER)],
            ),
            SessionSpec(
                SessionKind.SIDE_EVENT,
                ("Side events: VLR workshop for municipalities and SDG workshops for residents",
                 "サイドイベント：区市町村向けVLRワークショップと都民向けSDGsワークショップ"),
                [(TMG, Role.PRESENTER)],
            ),
        ],
        [11, 17, 4], ["11.3", "17.17", "4.7"], ("", ""), "MY",
        [placeholder_photo("the main session (Tokyo's presentation and the panel discussion)",
                           "メインセッション（東京都の発表とパネルディスカッション）")],
    ),
    EventSpec(
        7,
        ("HLPF 2024: side event hosted by Tokyo on citizens' SDG awareness",
         "HLPF 2024 東京都主催サイドイベント（都民のSDGsへの関心と行動）"),
        "HLPF", "2024", ["UN DESA"], DatePrecision.MONTH, JUL_2024,
        (
            "For the first time Tokyo hosted a side event at the High-level Political Forum, the "
            "only session hosted by a local government that year. With panelists from a UN "
            "organisation, an NGO and academia it discussed how to raise citizens' awareness of "
            "the SDGs and move them to act, and the audience played the SDGs card game.",
            "東京都がハイレベル政治フォーラムで初めてサイドイベントを主催しました。この年、自治体が主催した"
            "唯一のセッションです。国連機関、NGO、大学からのパネリストとともに、市民のSDGsへの関心を高め"
            "主体的な行動につなげる方法を議論し、来場者はSDGsカードゲームを体験しました。",
        ),
        [SessionSpec(
            SessionKind.SIDE_EVENT,
            ("Raising citizens' SDG awareness and proactive action",
             "都民のSDGsへの関心と主体的な行動を高めるために"),
            [(TMG, Role.HOST)],
            hosted_by_us=True,
        )],
        [4, 17, 11], ["4.7", "17.17"], NEW_YORK, "US",
        [placeholder_photo("the workshop at the side event", "サイドイベントのワークショップ")],
    ),
    EventSpec(
        8, ("HLPF 2024: session on VNRs and VLRs", "HLPF 2024 VNRとVLRに関するセッション"),
        "HLPF", "2024", ["UN DESA"], DatePrecision.MONTH, JUL_2024,
        (
            "In a session on Voluntary National and Local Reviews, Tokyo explained how its "
            "long-term strategy and VLR support dialogue between national and local governments "
            "and inclusive governance, alongside South Africa, Italy, Bonn, Buenos Aires and UN "
            "organisations.",
            "自発的国家レビュー（VNR）と自発的自治体レビュー（VLR）に関するセッションで、東京都は長期戦略と"
            "VLRが国と自治体の多層的な対話や包摂的なガバナンスにどう役立つかを、南アフリカ、イタリア、"
            "ボン市、ブエノスアイレス市、国連機関の登壇者とともに論じました。",
        ),
        [SessionSpec(
            SessionKind.PANEL,
            ("VNRs and VLRs: multilevel dialogue and inclusive governance",
             "VNRとVLR：多層的な対話と包摂的なガバナンス"),
            [(TMG, Role.PANELIST)],
            partners=["Government of South Africa", "Government of Italy", "City of Bonn",
                      "City of Buenos Aires"],
        )],
        [16, 17, 11], ["16.7", "17.17"], NEW_YORK, "US",
        [MediaSpec(
            MediaKind.VIDEO,
            ("Recording on the UN DESA website", "録画（国連経済社会局ウェブサイト）"),
            ("The recording is published on the UN DESA website. The exact address is not part "
             "of the demo facts, so this link opens the UN DESA home page.",
             "録画は国連経済社会局のウェブサイトで公開されています。正確なアドレスはデモの事実に"
             "含まれていないため、このリンクは同局のトップページを開きます。"),
            "https://www.un.org/en/desa",
        )],
    ),
    EventSpec(
        9,
        ("HLPF 2024: session on the SDGs at the local level",
         "HLPF 2024 ローカルレベルのSDGsに関するセッション"),
        "HLPF", "2024", ["UN DESA"], DatePrecision.MONTH, JUL_2024,
        (
            "In a session on the SDGs at the local level, Tokyo showed how its long-term strategy "
            "and VLR build urban resilience and put innovation to use, together with a UN "
            "organisation, the Government of Tunisia, Kasserine Governorate and the Association "
            "of Finnish Local Authorities.",
            "ローカルレベルのSDGsに関するセッションで、東京都は長期戦略とVLRを通じた都市の強靭化と"
            "イノベーションの活用について、国連機関、チュニジア政府、カスリーン県、フィンランド地方自治体"
            "協会の登壇者とともに発表しました。",
        ),
        [SessionSpec(
            SessionKind.PANEL,
            ("The SDGs at the local level: resilience and innovation",
             "ローカルレベルのSDGs：強靭化とイノベーション"),
            [(TMG, Role.PANELIST)],
            partners=["Government of Tunisia", "Kasserine Governorate",
                      "Association of Finnish Local Authorities"],
        )],
        [11, 9, 17], ["11.5", "11.b", "9.5"], NEW_YORK, "US",
        [web_tv("session on the SDGs at the local level",
                "ローカルレベルのSDGsに関するセッション")],
    ),
    EventSpec(
        10,
        ("Major Group for Children and Youth: capacity-building programme",
         "子ども・若者メジャーグループ 能力開発プログラム"),
        "MGCY", "", ["Major Group for Children and Youth"], DatePrecision.UNKNOWN, None,
        (
            "In a capacity-building programme for young people run by the Major Group for "
            "Children and Youth, Tokyo introduced its long-term strategy and its workshops for "
            "residents, and the participants played the SDGs card game.",
            "子ども・若者メジャーグループが若者向けに行う能力開発プログラムで、東京都が長期戦略と都民向け"
            "ワークショップを紹介し、参加者がSDGsカードゲームを体験しました。",
        ),
        [SessionSpec(
            SessionKind.CAPACITY_BUILDING,
            ("Tokyo's long-term strategy and resident workshops",
             "東京の長期戦略と都民向けワークショップ"),
            [(TMG, Role.PRESENTER)],
        )],
        [4, 17], ["4.7", "17.17"],
        media=[placeholder_photo("the programme with young people", "若者とのプログラム")],
    ),
    EventSpec(
        11,
        ("Event on disaster risk reduction with UN organisations and cities",
         "防災に関する国連機関・各都市とのイベント"),
        "", "", [], DatePrecision.UNKNOWN, None,
        (
            "At an event on disaster risk reduction Tokyo presented the TOKYO Resilience Project "
            "and the advanced technologies it uses to UN organisations and cities. The name and "
            "date of the event are not recorded.",
            "防災をテーマとするイベントで、TOKYO強靭化プロジェクトと先端技術の活用について国連機関や"
            "各都市の参加者に発表しました。イベントの名称と日付は記録されていません。",
        ),
        [SessionSpec(
            SessionKind.OTHER,
            ("TOKYO Resilience Project and disaster risk reduction",
             "TOKYO強靭化プロジェクトと防災"),
            [(TMG, Role.PRESENTER)],
        )],
        [11, 13], ["11.5", "11.b", "13.1"],
        media=[MediaSpec(
            MediaKind.VIDEO,
            ("Video (illustrative sample link)", "動画（説明用のサンプルリンク）"),
            ("Illustrative sample link: a recording of this presentation is on YouTube, but its "
             "real address is not part of the demo facts.",
             "説明用のサンプルリンクです。この発表の録画はYouTubeで公開されていますが、実際のアドレスは"
             "デモの事実に含まれていません。"),
            "https://www.youtube.com/watch?v=LocalSDG-11",
        )],
    ),
    EventSpec(
        12, ("Asia-Pacific Urban Forum", "アジア太平洋都市フォーラム"),
        "APUF", "", ["UN ESCAP"], DatePrecision.UNKNOWN, None,
        (
            "At the Asia-Pacific Urban Forum Tokyo spoke on a plenary panel about sustainable "
            "urban development and regional planning, and hosted a session with cities of the "
            "region on VLRs, long-term strategies and new forms of VLR in Asia and the Pacific.",
            "アジア太平洋都市フォーラムで、東京都は持続可能な都市開発と地域計画をテーマとする全体会合の"
            "パネルに登壇したほか、地域の都市とともにアジア太平洋のVLRや長期戦略、新しい形のVLRを"
            "議論するセッションを主催しました。",
        ),
        [
            SessionSpec(
                SessionKind.PLENARY,
                ("Plenary: sustainable urban development and regional planning",
                 "全体会合：持続可能な都市開発と地域計画"),
                [(TMG, Role.PANELIST)],
            ),
            SessionSpec(
                SessionKind.OTHER,
                ("VLRs and long-term strategies in Asia and the Pacific",
                 "アジア太平洋のVLRと長期戦略"),
                [(TMG, Role.HOST)],
                hosted_by_us=True,
            ),
        ],
        [11, 17], ["11.a", "17.17"],
    ),
    EventSpec(
        13,
        ("Event on climate adaptation with UN organisations and cities",
         "気候変動適応に関する国連機関・各都市とのイベント"),
        "", "", [], DatePrecision.UNKNOWN, None,
        (
            "At an event on adapting to climate change Tokyo presented the TOKYO Resilience "
            "Project and how it plans the city for a changing climate. The name and date of the "
            "event are not recorded.",
            "気候変動への適応をテーマとするイベントで、TOKYO強靭化プロジェクトと気候変動に適応する"
            "都市づくりについて発表しました。イベントの名称と日付は記録されていません。",
        ),
        [SessionSpec(
            SessionKind.OTHER,
            ("Urban planning for climate adaptation", "気候変動適応のための都市づくり"),
            [(TMG, Role.PRESENTER)],
        )],
        [13, 11], ["13.1", "11.b"],
    ),
    EventSpec(
        14, ("HLPF 2023: video message from the Governor", "HLPF 2023 知事ビデオメッセージ"),
        "HLPF", "2023", ["UN DESA"], DatePrecision.DAY, date(2023, 7, 13),
        (
            "In a video message to the High-level Political Forum, Governor Koike introduced the "
            "revised VLR, \"Tokyo Sustainability Action 2023\", published the same day.",
            "小池知事がハイレベル政治フォーラムにビデオメッセージを寄せ、同日公表した改訂版VLR"
            "「Tokyo Sustainability Action 2023」を紹介しました。",
        ),
        [SessionSpec(
            SessionKind.VIDEO_MESSAGE,
            ("Tokyo Sustainability Action 2023", "Tokyo Sustainability Action 2023"),
            [(GOVERNOR, Role.VIDEO_MESSAGE)],
        )],
        [11, 17], ["17.17", "11.3"],
    ),
    EventSpec(
        15,
        ("VLR workshop with UN DESA, the Government of Finland and the City of Helsinki",
         "国連経済社会局・フィンランド政府・ヘルシンキ市共催 VLRワークショップ"),
        "", "", ["UN DESA", "Government of Finland", "City of Helsinki"],
        DatePrecision.UNKNOWN, None,
        (
            "At a workshop on Voluntary Local Reviews organised jointly by UN DESA, the Government "
            "of Finland and the City of Helsinki, Tokyo shared its VLR and SDG initiatives with "
            "cities and international organisations.",
            "国連経済社会局、フィンランド政府、ヘルシンキ市が共催したVLRワークショップで、東京都がVLRと"
            "SDGsの取組を各都市や国際機関の参加者と共有しました。",
        ),
        [SessionSpec(
            SessionKind.WORKSHOP,
            ("Tokyo's VLR and SDG initiatives", "東京都のVLRとSDGsの取組"),
            [(TMG, Role.PRESENTER)],
            partners=["UN DESA", "Government of Finland", "City of Helsinki"],
        )],
        [17, 11], ["17.17"],
    ),
    EventSpec(
        16, ("HLPF 2021: video message from the Governor", "HLPF 2021 知事ビデオメッセージ"),
        "HLPF", "2021", ["UN DESA"], DatePrecision.MONTH, date(2021, 7, 1),
        (
            "In a video message to the High-level Political Forum, Governor Koike announced "
            "\"Tokyo Sustainability Action\", the first VLR by a Japanese prefecture, and said "
            "that Tokyo would help lead the world toward a sustainable society.",
            "小池知事がハイレベル政治フォーラムへのビデオメッセージで、日本の都道府県として初めてのVLR"
            "「Tokyo Sustainability Action」を発表し、持続可能な社会に向けて東京が世界を"
            "リードしていく決意を述べました。",
        ),
        [SessionSpec(
            SessionKind.VIDEO_MESSAGE,
            ("Tokyo Sustainability Action, Tokyo's first VLR",
             "東京都初のVLR「Tokyo Sustainability Action」"),
            [(GOVERNOR, Role.VIDEO_MESSAGE)],
        )],
        [11, 17], ["17.17", "11.3"],
    ),
]  # fmt: skip


def upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """Find by ``lookup``; create, or save only the fields that differ (no empty history)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def set_related(manager: Any, objects: list[Any]) -> None:
    """``manager.set(objects)`` only when the set differs, so an unchanged demo adds no history."""
    if set(manager.values_list("pk", flat=True)) != {obj.pk for obj in objects}:
        manager.set(objects)


def load_engagement_demo(org: Organisation) -> list[Event]:
    """Create or refresh the demo record of ``org``: partners, 16 events and their media."""
    partners = {
        name_en: upsert(
            Partner,
            {"organisation": org, "name_en": name_en},
            {
                "name_ja": name_ja,
                "kind": kind,
                "country": country,
                "website": website,
                "description_en": desc_en + DEMO_NOTE_EN,
                "description_ja": desc_ja + DEMO_NOTE_JA,
            },
        )
        for name_en, name_ja, kind, country, website, desc_en, desc_ja in PARTNERS
    }
    return [load_event(org, spec, partners) for spec in EVENTS]


def load_event(org: Organisation, spec: EventSpec, partners: dict[str, Partner]) -> Event:
    event: Event = upsert(
        Event,
        {"organisation": org, "name_en": spec.name[0]},
        {
            "name_ja": spec.name[1],
            "series": spec.series,
            "edition": spec.edition,
            "city_en": spec.city[0],
            "city_ja": spec.city[1],
            "country": spec.country,
            "precision": spec.precision,
            "start": spec.start,
            "end": None,
            "summary_en": spec.summary[0],
            "summary_ja": spec.summary[1],
            "is_published": True,
        },
    )
    event.full_clean()
    set_related(event.organisers, [partners[name] for name in spec.organisers])
    set_related(event.goals, list(Goal.objects.filter(number__in=spec.goals)))
    set_related(event.targets, list(Target.objects.filter(code__in=spec.targets)))
    for order, session_spec in enumerate(spec.sessions):
        load_session(event, order, session_spec, partners)
    for order, media_spec in enumerate(spec.media):
        load_media(event, order, media_spec)
    return event


def load_session(
    event: Event, order: int, spec: SessionSpec, partners: dict[str, Partner]
) -> Session:
    session: Session = upsert(
        Session,
        {"event": event, "order": order},
        {
            "kind": spec.kind,
            "title_en": spec.title[0],
            "title_ja": spec.title[1],
            "summary_en": spec.summary[0],
            "summary_ja": spec.summary[1],
            "hosted_by_us": spec.hosted_by_us,
        },
    )
    set_related(session.partners, [partners[name] for name in spec.partners])
    for position, ((person_en, person_ja, title_en, title_ja), role) in enumerate(spec.people):
        upsert(
            Participation,
            {"session": session, "order": position},
            {"person_en": person_en, "person_ja": person_ja, "title_en": title_en,
             "title_ja": title_ja, "role": role},
        )  # fmt: skip
    return session


def load_media(event: Event, order: int, spec: MediaSpec) -> Media:
    values = {
        "title_en": spec.title[0],
        "title_ja": spec.title[1],
        "caption_en": spec.caption[0],
        "caption_ja": spec.caption[1],
        "credit": DEMO_CREDIT if spec.kind == MediaKind.PHOTO else "",
        "url": spec.url,
    }
    if spec.kind == MediaKind.VIDEO:
        values["provider"] = detect_video(spec.url).provider
    media: Media = upsert(Media, {"event": event, "kind": spec.kind, "order": order}, values)
    if spec.kind == MediaKind.PHOTO and not (
        media.file and media.file.storage.exists(media.file.name)
    ):
        checked = check_bytes(draw_card(event.name_en), f"{event.name_en}.png", IMAGES)
        store(media, checked)
    media.full_clean()
    return media


# Colours of the illustrative photo cards, in turn: dark enough for white text.
CARD_COLOURS = [(0, 94, 130), (19, 111, 99), (120, 60, 140), (160, 70, 30)]


def draw_card(title: str) -> bytes:
    """An illustrative 'photo': a coloured card with the event's name, clearly not a real photo."""
    width, height = 960, 540
    colour = CARD_COLOURS[sum(map(ord, title)) % len(CARD_COLOURS)]
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, width - 24, height - 24), outline=(255, 255, 255), width=4)
    font = ImageFont.load_default(size=40)
    small = ImageFont.load_default(size=26)
    y = 90
    for line in textwrap.wrap(title, width=36)[:5]:
        draw.text((64, y), line, fill=(255, 255, 255), font=font)
        y += 56
    draw.text(
        (64, height - 90), "Illustrative placeholder - LocalSDG demo", fill=(255, 255, 255),
        font=small,
    )  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
