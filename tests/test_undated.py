"""Undated articles are shown as undated everywhere: never given the date they were imported."""

from __future__ import annotations

import pytest
from django.utils import timezone

from articles.models import Article
from tests.feedcheck import parse

pytestmark = pytest.mark.django_db

# Our own small story set: a dated pair on one subject and an undated one that "more like this" finds.
ORCHARD = [
    {
        "id": "o-1",
        "title": "Apple growers in Chile brace for an early frost",
        "body": "Apple growers across central Chile covered their orchards with netting as forecasters warned "
        "of an early frost. Orchard owners said the frost could damage late apples and pears, and exporters "
        "worried about orchard yields.",
        "published": "2020-04-02",
        "source": "Valley Post",
    },
    {
        "id": "o-2",
        "title": "Frost damages orchards in central Chile",
        "body": "A night of frost damaged apple orchards in central Chile, growers said. Orchard owners had "
        "covered trees with netting, but many late apples and pears were lost, exporters said.",
        "source": "Valley Post",
    },
    {
        "id": "o-3",
        "title": "Chilean pear exports fall after frost",
        "body": "Pear and apple exports from Chile fell after frost hit orchards. Growers said orchard "
        "netting saved some apples, and exporters expect smaller pear shipments this year.",
        "published": "2020-05-20",
        "source": "Valley Post",
    },
]


def test_more_like_this_says_undated_not_the_import_date(client, make_articles):
    make_articles(*ORCHARD)
    dated = Article.objects.get(external_id="o-1")
    html = client.get(dated.get_absolute_url()).content.decode()
    similar = html.split("More like this", 1)[1].split("</ul>", 1)[0]
    assert "Frost damages orchards" in similar
    assert "undated" in similar
    assert timezone.now().strftime("%b %Y") not in similar  # the import date is nowhere in the list


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_search_feed_marks_undated_items_and_gives_them_no_publication_date(client, make_articles, kind):
    make_articles(*ORCHARD)
    url = "/feeds/search/atom/?q=frost" if kind == "atom" else "/feeds/search/?q=frost"
    feed = parse(client, url, kind)
    titles = [e.title for e in feed.entries]
    # Newest publication first; the undated one after every dated one.
    assert titles == [
        "Chilean pear exports fall after frost",
        "Apple growers in Chile brace for an early frost",
        "Frost damages orchards in central Chile",
    ]
    undated = feed.entries[-1]
    assert "published_parsed" not in undated or undated.get("published_parsed") is None
    assert "undated" in [t.term for t in undated.tags]
    assert undated.summary.startswith("Undated")
    if kind == "atom":
        assert undated.updated_parsed  # Atom needs a date: when it arrived
    dated = feed.entries[0]
    assert dated.published_parsed[:3] == (2020, 5, 20)


def test_unknown_country_code_gets_a_note(client, make_articles):
    make_articles(*ORCHARD)
    html = client.get("/?country=XX").content.decode()
    assert "No article in the archive is tagged with the country code &#x27;XX&#x27;" in html
    assert "country code &#x27;CL&#x27;" not in client.get("/?country=CL").content.decode()


def test_more_like_this_lists_one_story_once(client, make_articles):
    story = (
        "Grape pickers in the Maule valley of Chile started the harvest two weeks early this year because "
        "of a dry and hot summer, vineyard owners said on Monday. The growers association said yields of "
        "red grapes would be lower, but the quality of the fruit was good, and wineries expect prices to rise "
        "as exporters compete for the smaller crop across the valley and the coast."
    )
    make_articles(
        {"id": "g-1", "title": "Early grape harvest in Chile", "body": story, "published": "2021-02-01"},
        # The same wire story again, one word changed: a near-duplicate of the first.
        {"id": "g-2", "title": "Chile: grapes picked early", "body": story.replace("Monday", "Tuesday")},
        {
            "id": "g-3",
            "title": "Chilean wineries fear a smaller grape crop",
            "body": "Wineries in Chile fear a smaller grape crop after a dry summer in the Maule valley, "
            "growers said. Vineyard owners said red grapes were picked early and exporters expect prices to rise.",
            "published": "2021-02-03",
        },
    )
    assert Article.objects.get(external_id="g-2").duplicate_of_id == Article.objects.get(external_id="g-1").pk
    html = client.get(Article.objects.get(external_id="g-3").get_absolute_url()).content.decode()
    similar = html.split("More like this", 1)[1].split("</ul>", 1)[0]
    listed = similar.count("<li>")
    assert ("Early grape harvest" in similar) != ("grapes picked early" in similar)  # one of the two, not both
    assert listed == 1
