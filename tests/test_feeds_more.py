"""RSS and Atom feeds of every kind, their limits, conditional GET and page links (feedparser)."""

from __future__ import annotations

import feedparser
import pytest
from django.test import RequestFactory

from articles import search, services
from articles.feeds import MAX_FEED_SIZE, feed_limit
from articles.models import Article
from tests.factories import RECORDS
from tests.feedcheck import parse

pytestmark = pytest.mark.django_db


def atom(url: str) -> str:
    path, _, qs = url.partition("?")
    return path + "atom/" + (f"?{qs}" if qs else "")


def _topic_of(title: str) -> str:
    return Article.objects.get(title=title).live_topics()[0].topic_id


def feed_cases() -> list[tuple[str, set[str]]]:
    """(feed URL, titles it must hold) for every kind of feed, from the tags the importer gave."""
    kenya = {RECORDS[0]["title"], RECORDS[2]["title"]}
    topic = _topic_of(RECORDS[1]["title"])
    topic_titles = set(Article.objects.with_topic(topic).values_list("title", flat=True))
    return [
        ("/feeds/latest/", {r["title"] for r in RECORDS}),
        ("/feeds/search/?q=kenya", kenya),
        ("/feeds/search/?country=KE&country=-TZ", {RECORDS[2]["title"]}),
        ("/feeds/search/?source=Daily+Planet&year=undated", {RECORDS[3]["title"]}),
        ("/feeds/countries/KE/", kenya),
        (f"/feeds/topics/{topic}/", topic_titles),
    ]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_every_feed_kind_holds_its_articles(client, make_articles, kind):
    make_articles(*RECORDS)
    for url, titles in feed_cases():
        feed = parse(client, url if kind == "rss" else atom(url), kind)
        assert {e.title for e in feed.entries} == titles, url
        assert len(feed.entries) == len(titles)
        for e in feed.entries:  # published, or marked undated (and never given the import date)
            assert e.get("published_parsed") or "undated" in [t.term for t in e.tags], (url, e.title)
            if kind == "atom":
                assert e.updated_parsed


def test_atom_entries_carry_tag_ids_summaries_authors_and_categories(client, make_articles):
    make_articles(dict(RECORDS[0], authors=["Jane Doe"]))
    article = Article.objects.get()
    entry = parse(client, "/feeds/latest/atom/", "atom").entries[0]
    assert entry.id == f"tag:newsarchive,2025:article:{article.pk}"
    assert entry.link.endswith(article.get_absolute_url())
    assert entry.summary.startswith("NAIROBI")
    assert entry.author == "Jane Doe"
    assert {"Kenya", "Tanzania"} <= {t.term for t in entry.tags}
    assert entry.published_parsed[:3] == (2021, 3, 3)


def test_rss_keeps_its_guid(client, make_articles):
    make_articles(RECORDS[0])
    entry = parse(client, "/feeds/countries/KE/").entries[0]
    assert entry.id == f"newsarchive:article:{Article.objects.get().pk}"


def test_topic_feed_accepts_the_bare_number(client, make_articles):
    make_articles(*RECORDS)
    topic = _topic_of(RECORDS[1]["title"])
    assert parse(client, f"/feeds/topics/{topic.removeprefix('medtop:')}/").entries


@pytest.mark.parametrize("url", ["/feeds/countries/ZZ/", "/feeds/topics/medtop:99999999/", "/feeds/topics/nope/atom/"])
def test_unknown_country_or_topic_feed_is_404(client, make_articles, url):
    make_articles(RECORDS[0])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/feeds/latest/", "/feeds/search/", "/feeds/countries/KE/"])
def test_limit_caps_the_items(client, make_articles, url):
    make_articles(*RECORDS)
    assert len(parse(client, url + "?limit=1").entries) == 1
    assert len(parse(client, atom(url) + "?limit=1", "atom").entries) == 1


@pytest.mark.parametrize(
    ("qs", "limit"), [("", 50), ("limit=7", 7), ("limit=1000", MAX_FEED_SIZE), ("limit=0", 1), ("limit=x", 50)]
)
def test_feed_limit(qs, limit):
    assert feed_limit(RequestFactory().get("/feeds/latest/?" + qs)) == limit


def test_feed_answers_conditional_get(client, make_articles, run_index_jobs):
    make_articles(*RECORDS[:2])
    first = client.get("/feeds/search/?q=kenya")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/feeds/search/?q=kenya", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/feeds/search/?q=kenya", headers={"If-Modified-Since": modified}).status_code == 304
    # The query string is part of the ETag: another search is another feed.
    other = client.get("/feeds/search/?q=brazil", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other["ETag"] != etag
    assert client.get("/feeds/search/atom/?q=kenya", headers={"If-None-Match": etag}).status_code == 200

    make_articles(RECORDS[2], index=False)
    if search.engine_name() == "whoosh":
        # A new article: no validator while its index job is pending, then a new ETag. (The postgres
        # engine has no pending state: the article is searchable when its import commits.)
        pending = client.get("/feeds/search/?q=kenya", headers={"If-None-Match": etag})
        assert pending.status_code == 200 and not pending.has_header("ETag")
        run_index_jobs()
    fresh = client.get("/feeds/search/?q=kenya", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    assert len(feedparser.parse(fresh.content).entries) == 2


def test_deleted_article_leaves_every_feed_and_changes_the_etag(client, make_articles, run_index_jobs):
    make_articles(*RECORDS)
    etag = client.get("/feeds/countries/KE/")["ETag"]
    services.article_delete(article=Article.objects.get(external_id="w-3"))
    run_index_jobs()
    response = client.get("/feeds/countries/KE/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    for url in ["/feeds/latest/", "/feeds/search/?q=kenya", "/feeds/countries/KE/", "/feeds/countries/KE/atom/"]:
        titles = {e.title for e in feedparser.parse(client.get(url).content).entries}
        assert RECORDS[2]["title"] not in titles, url
        assert RECORDS[0]["title"] in titles, url


def test_search_page_links_rss_and_atom_and_exports(client, make_articles):
    make_articles(*RECORDS)
    html = client.get("/?q=kenya&country=KE").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Atom for this search" href="/feeds/search/atom/?q=kenya&amp;country=KE">'
        in html
    )
    assert 'class="feed" href="/feeds/search/?q=kenya&amp;country=KE"' in html
    assert 'class="feed" href="/feeds/search/atom/?q=kenya&amp;country=KE"' in html
    assert 'href="/export/search.csv?q=kenya&amp;country=KE"' in html
    assert 'href="/export/search.jsonl?q=kenya&amp;country=KE"' in html


@pytest.mark.parametrize(
    ("page", "feed"), [("/countries/KE/", "/feeds/countries/KE/"), ("/topics/{topic}/", "/feeds/topics/{topic}/")]
)
def test_browse_pages_link_their_feeds(client, make_articles, page, feed):
    make_articles(*RECORDS)
    topic = _topic_of(RECORDS[0]["title"])
    page, feed = page.format(topic=topic), feed.format(topic=topic)
    html = client.get(page).content.decode()
    assert '<link rel="alternate" type="application/rss+xml" title="RSS: ' in html
    assert f'href="{feed}"' in html and f'href="{feed}atom/"' in html
    assert f'class="feed" href="{feed}"' in html and f'class="feed" href="{feed}atom/"' in html
    parse(client, feed)
    parse(client, feed + "atom/", "atom")


def test_every_page_links_the_latest_feeds_and_opensearch(client, db):
    html = client.get("/help/").content.decode()
    assert 'type="application/atom+xml" title="newsarchive: latest articles (Atom)" href="/feeds/latest/atom/"' in html
    assert (
        '<link rel="search" type="application/opensearchdescription+xml" title="newsarchive" href="/opensearch.xml">'
        in html
    )


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_self_link_keeps_the_query_but_not_the_token(client, make_articles, kind):
    make_articles(*RECORDS)
    url = "/feeds/search/?q=kenya&country=KE&token=na_secret"
    content = client.get(url if kind == "rss" else atom(url)).content.decode()
    feed = feedparser.parse(content)
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == "http://testserver" + (atom(url) if kind == "atom" else url).replace("&token=na_secret", "")
    assert "na_secret" not in content


def test_last_modified_is_the_value_the_304_check_uses(client, make_articles):
    """The index job can finish seconds after the article's update: Last-Modified must follow the
    archive state that If-Modified-Since is compared with, not the newest item's date (once a flaky 200)."""
    from datetime import timedelta

    from django.db.models import F
    from django_tasks_db.models import DBTaskResult

    make_articles(*RECORDS[:2])
    DBTaskResult.objects.update(finished_at=F("finished_at") + timedelta(seconds=5))
    first = client.get("/feeds/search/?q=kenya")
    assert (
        client.get("/feeds/search/?q=kenya", headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    )
