"""Engagement dates at their precision, year grouping and video address detection."""

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localsdg.core.engagement import (
    EMBED_PREFIX,
    Video,
    detect_video,
    format_when,
    group_year,
    year_label,
)

WHEN = [
    ("day", date(2023, 7, 13), None, "13 July 2023", "2023年7月13日"),
    ("day", date(2024, 7, 8), date(2024, 7, 10), "8–10 July 2024", "2024年7月8日～10日"),
    (
        "day",
        date(2024, 6, 30),
        date(2024, 7, 2),
        "30 June – 2 July 2024",
        "2024年6月30日～7月2日",
    ),
    (
        "day",
        date(2024, 12, 30),
        date(2025, 1, 2),
        "30 December 2024 – 2 January 2025",
        "2024年12月30日～2025年1月2日",
    ),
    ("day", date(2024, 7, 8), date(2024, 7, 8), "8 July 2024", "2024年7月8日"),
    ("month", date(2024, 7, 1), None, "July 2024", "2024年7月"),
    ("month", date(2024, 11, 1), None, "November 2024", "2024年11月"),
    ("year", date(2024, 1, 1), None, "2024", "2024年"),
    ("fiscal_year", date(2023, 4, 1), None, "FY2023", "2023年度"),
    ("unknown", None, None, "", ""),
    ("unknown", date(2024, 1, 1), None, "", ""),
    ("day", None, None, "", ""),
]


@pytest.mark.parametrize(("precision", "start", "end", "en", "ja"), WHEN)
def test_format_when_in_both_languages(precision, start, end, en, ja):
    assert format_when(precision, start, end, "en") == en
    assert format_when(precision, start, end, "ja") == ja


def test_format_when_never_shows_more_than_the_precision():
    # A month-precision date stored as the 1st must not read as the 1st.
    assert "1" not in format_when("month", date(2024, 7, 1), None, "en").replace("2024", "")
    assert "日" not in format_when("month", date(2024, 7, 1), None, "ja")
    assert "July" not in format_when("year", date(2024, 7, 1), None, "en")


@pytest.mark.parametrize(
    ("precision", "start", "fiscal", "year"),
    [
        ("day", date(2024, 3, 31), True, 2023),
        ("day", date(2024, 4, 1), True, 2024),
        ("day", date(2024, 3, 31), False, 2024),
        ("day", date(2024, 4, 1), False, 2024),
        ("month", date(2024, 3, 1), True, 2023),
        ("month", date(2024, 4, 1), True, 2024),
        ("month", date(2025, 1, 1), True, 2024),
        ("month", date(2025, 1, 1), False, 2025),
        ("fiscal_year", date(2023, 4, 1), True, 2023),
        ("fiscal_year", date(2023, 4, 1), False, 2023),
        ("year", date(2024, 1, 1), False, 2024),
        ("year", date(2024, 1, 1), True, 2024),
        ("unknown", None, True, None),
        ("unknown", date(2024, 1, 1), False, None),
        ("day", None, False, None),
    ],
)
def test_group_year(precision, start, fiscal, year):
    assert group_year(precision, start, fiscal) == year


@given(st.dates(min_value=date(1945, 1, 1), max_value=date(2100, 12, 31)))
def test_fiscal_grouping_at_the_march_april_boundary(d):
    fiscal = group_year("day", d, True)
    assert fiscal == (d.year if d.month >= 4 else d.year - 1)
    assert group_year("day", d, False) == d.year
    assert group_year("month", d.replace(day=1), True) == fiscal


def test_year_labels():
    assert year_label(2024, False, "en") == "2024"
    assert year_label(2024, False, "ja") == "2024年"
    assert year_label(2023, True, "en") == "FY2023"
    assert year_label(2023, True, "ja") == "2023年度"


YOUTUBE = [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
    "http://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
    "https://youtu.be/dQw4w9WgXcQ",
    "https://youtu.be/dQw4w9WgXcQ?si=abc",
    "https://www.youtube.com/embed/dQw4w9WgXcQ",
    "https://www.youtube.com/shorts/dQw4w9WgXcQ",
    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    "  https://www.YouTube.com/watch?v=dQw4w9WgXcQ  ",
]


@pytest.mark.parametrize("url", YOUTUBE)
def test_youtube_addresses_embed_in_privacy_mode(url):
    assert detect_video(url) == Video(
        "youtube", "dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22%3E%3Cscript%3E",
        "https://www.youtube.com/",
        "https://www.youtube.com/channel/UC1234567890",
    ],
)
def test_youtube_without_a_valid_id_is_not_embedded(url):
    assert detect_video(url) == Video("youtube", "", "")


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example\\@youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/123456",
        "ftp://youtube.com/watch?v=dQw4w9WgXcQ",
        "http://[::1",
    ],
)
def test_other_addresses_are_link_cards(url):
    assert detect_video(url) == Video("other", "", "")


def test_un_web_tv_is_a_link_card():
    video = detect_video("https://webtv.un.org/en/asset/k1x/k1xabcdef")
    assert video == Video("un_web_tv", "k1xabcdef", "")
    assert detect_video("https://webtv.un.org/") == Video("un_web_tv", "", "")


@given(st.text())
def test_any_text_never_raises(text):
    assert detect_video(text).provider in {"youtube", "un_web_tv", "other"}


URLISH = st.builds(
    lambda scheme, host, path, query: f"{scheme}://{host}/{path}?{query}",
    st.sampled_from(["http", "https", "HTTPS", "javascript", ""]),
    st.sampled_from(
        ["youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "webtv.un.org", "x.test"]
    ),
    st.text(),
    st.text(),
)


@given(st.one_of(st.text(), URLISH))
def test_embed_address_is_only_ever_the_privacy_host_with_a_clean_id(url):
    video = detect_video(url)
    assert video.embed_url in {"", EMBED_PREFIX + video.video_id}
    if video.embed_url:
        assert video.provider == "youtube"
        assert re.fullmatch(r"[A-Za-z0-9_-]{11}", video.video_id)
        assert video.embed_url.startswith("https://www.youtube-nocookie.com/embed/")


@given(st.from_regex(r"[A-Za-z0-9_-]{11}", fullmatch=True))
def test_every_valid_id_round_trips(video_id):
    for url in (f"https://youtu.be/{video_id}", f"https://www.youtube.com/watch?v={video_id}"):
        assert detect_video(url).embed_url == EMBED_PREFIX + video_id
