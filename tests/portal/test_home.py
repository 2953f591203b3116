"""An organisation's home shows its 17 goals with indicator counts and progress statuses."""

import re

import pytest

from localsdg.assessment.models import Result
from localsdg.indicators.models import Indicator

pytestmark = pytest.mark.django_db


def goal_tile(html: str, number: int) -> str:
    found = re.search(rf'<li class="goal-tile goal-{number}">(.*?)</li>\n', html, re.S)
    assert found, f"no tile for goal {number}"
    return found.group(1)


@pytest.mark.parametrize(
    ("lang", "count_text"), [("en", r"\b{} local indicators?"), ("ja", "ローカル指標：{}件")]
)
def test_tiles_count_published_indicators_and_show_statuses(demo, client, lang, count_text):
    html = client.get(f"/{lang}/organisations/tokyo/").content.decode()
    assert html.count('class="goal-tile goal-') == 17
    published = Indicator.objects.published().filter(organisation__slug="tokyo")
    for number in range(1, 18):
        count = sum(i.code.split("-")[0] == str(number) for i in published)
        assert re.search(count_text.format(count), goal_tile(html, number)), number
    result = Result.objects.get(
        organisation__slug="tokyo", level=Result.Level.INDICATOR, indicator__code="11-6-2"
    )
    assert f"status-{result.status}" in goal_tile(html, 11)
