"""RSS feeds, parsed with feedparser."""

from __future__ import annotations

import pytest

from articles.models import Article
from tests.factories import RECORDS
from tests.feedcheck import parse

pytestmark = pytest.mark.django_db


def test_latest_feed(client, make_articles):
    make_articles(*RECORDS)
    feed = parse(client, "/feeds/latest/")
    assert len(feed.entries) == len(RECORDS)
    first = feed.entries[0]
    assert first.title == "Kenya opens a solar power plant near Lake Turkana"  # newest first
    assert first.link.endswith(Article.objects.get(external_id="w-3").get_absolute_url())
    assert first.id == f"newsarchive:article:{Article.objects.get(external_id='w-3').pk}"
    assert "Kenya" in [t.term for t in first.tags]  # categories: countries and topics by name
    assert first.published_parsed[:3] == (2023, 5, 12)
    undated = next(e for e in feed.entries if e.title == "Parliament debates the budget")
    assert "published_parsed" not in undated  # never the import date as a publication date
    assert undated.summary.startswith("Undated")


def test_search_feed_follows_the_search(client, make_articles):
    make_articles(*RECORDS)
    feed = parse(client, "/feeds/search/?q=kenya")
    assert {e.title for e in feed.entries} == {
        "Kenya and Tanzania agree on new border trade rules",
        "Kenya opens a solar power plant near Lake Turkana",
    }
    feed = parse(client, "/feeds/search/?q=kenya&country=TZ")
    assert [e.title for e in feed.entries] == ["Kenya and Tanzania agree on new border trade rules"]
    assert "kenya" in feed.feed.title.lower()


def test_search_feed_authors(client, make_articles):
    make_articles(dict(RECORDS[0], authors=["Jane Doe", "John Roe"]))
    entry = parse(client, "/feeds/search/?q=tanzania").entries[0]
    assert "Jane Doe" in entry.author


@pytest.mark.parametrize("qs", ["page=abc", "q=%22", "country=zz-", "size=100000"])
def test_search_feed_with_bad_parameters_is_still_a_feed(client, make_articles, qs):
    make_articles(*RECORDS)
    parse(client, "/feeds/search/?" + qs)


def test_search_page_links_its_feed(client, make_articles):
    make_articles(*RECORDS)
    html = client.get("/?q=kenya&country=KE").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="RSS for this search" href="/feeds/search/?q=kenya&amp;country=KE">'
        in html
    )
