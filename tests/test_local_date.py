"""The one date rule (issues 10 and 12): the publisher's local date for day, month and year (facets,
histogram, date ranges, the date shown, feeds, exports, the API) and the instant in UTC.

Runs on whichever engine and database the suite runs on (CI runs it on SQLite + Whoosh, PostgreSQL +
Whoosh and PostgreSQL + its own engine).
"""

from __future__ import annotations

import importlib
import json
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.http import QueryDict

from articles.models import Article
from articles.search import find
from articles.search.params import SearchParams
from tests.feedcheck import parse

pytestmark = pytest.mark.django_db

# Our own records: just after midnight in Karachi (still 28 February in UTC), late on New Year's Eve
# in New York (already 1 January in UTC), and one without a date.
RECORDS = [
    {
        "id": "tz-1",
        "title": "Port authority opens the new container terminal",
        "body": "The port authority opened its new container terminal shortly after midnight.",
        "published": "2026-03-01T00:30:00+05:00",
        "source": "Harbour Courier",
    },
    {
        "id": "tz-2",
        "title": "City rings in the new year with a river parade",
        "body": "Boats decked with lights sailed down the river as the year drew to a close.",
        "published": "2025-12-31T23:30:00-05:00",
        "source": "Harbour Courier",
    },
    {
        "id": "tz-3",
        "title": "Lighthouse keeper's diary found in an attic",
        "body": "A diary kept by a lighthouse keeper was found in an attic; it bears no date.",
        "source": "Harbour Courier",
    },
]


@pytest.fixture
def articles(make_articles) -> dict[str, Article]:
    make_articles(*RECORDS)
    return {a.external_id: a for a in Article.objects.all()}


def _ids(query: str) -> set[str]:
    results = find(SearchParams.from_querydict(QueryDict(query)))
    return set(Article.objects.filter(pk__in=results.ids).values_list("external_id", flat=True))


def test_the_instant_is_utc_and_the_date_is_the_publishers(articles) -> None:
    karachi, new_york, undated = articles["tz-1"], articles["tz-2"], articles["tz-3"]
    assert karachi.published_at == datetime(2026, 2, 28, 19, 30, tzinfo=UTC)
    assert karachi.published_date == date(2026, 3, 1)
    assert new_york.published_at == datetime(2026, 1, 1, 4, 30, tzinfo=UTC)
    assert new_york.published_date == date(2025, 12, 31)
    assert undated.published_at is None and undated.published_date is None


def test_year_facet_counts_the_publishers_year(articles) -> None:
    results = find(SearchParams(), facets=("year",))
    assert {c.value: c.count for c in results.facets["year"]} == {"2026": 1, "2025": 1, "undated": 1}
    assert _ids("year=2025") == {"tz-2"}
    assert _ids("year=2026") == {"tz-1"}


def test_histogram_bins_by_the_publishers_day(articles) -> None:
    hist = find(SearchParams.from_querydict(QueryDict("year=2026")), histogram=True).histogram
    assert (hist.unit, hist.bins, hist.undated) == ("day", [(20260301, 1)], 0)
    hist = find(SearchParams(), histogram=True).histogram
    assert hist.unit == "month" and hist.bins == [(202512, 1), (202603, 1)] and hist.undated == 1


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("from=2026-03-01", {"tz-1"}),  # the publisher's 1 March, though 28 February in UTC
        ("to=2026-02-28", {"tz-2"}),
        ("from=2026-02-28&to=2026-02-28", set()),
        ("from=2025-12-31&to=2025-12-31", {"tz-2"}),  # New Year's Eve in New York
        ("from=2026-01-01&to=2026-01-31", set()),  # ... though 1 January in UTC
        ("q=published:2026-03", {"tz-1"}),  # the query language's ranges too
        ("q=published:2025", {"tz-2"}),
        ("q=published:2026-01-01..2026-02-28", set()),
    ],
)
def test_date_ranges_use_the_publishers_day(articles, query, found) -> None:
    assert _ids(query) == found  # the undated article is in no range


def test_pages_show_the_publishers_date(client, articles) -> None:
    page = client.get(articles["tz-1"].get_absolute_url()).content.decode()
    assert "1 Mar 2026" in page and "28 Feb 2026" not in page
    results = client.get("/?q=container+terminal").content.decode()
    assert "1 Mar 2026" in results and "28 Feb 2026" not in results
    results = client.get("/?q=river+parade").content.decode()
    assert "31 Dec 2025" in results and "1 Jan 2026" not in results


def test_api_keeps_the_instant_and_gives_the_local_date(client, articles) -> None:
    data = client.get(f"/api/articles/{articles['tz-1'].pk}/").json()
    assert data["published"] == "2026-02-28T19:30:00+00:00" and data["published_date"] == "2026-03-01"
    data = client.get(f"/api/articles/{articles['tz-3'].pk}/").json()
    assert data["published"] is None and data["published_date"] is None


def test_exports_carry_the_local_date(client, articles) -> None:
    lines = [json.loads(line) for line in b"".join(client.get("/export/search.jsonl").streaming_content).splitlines()]
    by_title = {row["title"]: row for row in lines}
    assert by_title[RECORDS[0]["title"]]["published_date"] == "2026-03-01"
    csv_text = b"".join(client.get("/export/search.csv").streaming_content).decode()
    assert "2025-12-31" in csv_text.split(RECORDS[1]["title"], 1)[1].splitlines()[0]


def test_feeds_date_items_in_the_publishers_offset(client, articles) -> None:
    feed = parse(client, "/feeds/latest/")
    dates = {entry.title: entry.get("published") for entry in feed.entries}
    assert dates[RECORDS[0]["title"]] == "Sun, 01 Mar 2026 00:30:00 +0500"
    assert dates[RECORDS[1]["title"]] == "Wed, 31 Dec 2025 23:30:00 -0500"
    assert dates[RECORDS[2]["title"]] is None
    atom = parse(client, "/feeds/latest/atom/", kind="atom")
    dates = {entry.title: entry.get("published") for entry in atom.entries}
    assert dates[RECORDS[0]["title"]] == "2026-03-01T00:30:00+05:00"


def test_citations_use_the_publishers_date(client, articles) -> None:
    page = client.get(articles["tz-2"].get_absolute_url()).content.decode()
    assert "(2025, December 31)" in page


def test_a_staff_edit_of_the_instant_moves_the_local_date(articles) -> None:
    from articles import services

    article = articles["tz-1"]
    article.published_at = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)  # 2 March 01:00 in the publisher's +05:00
    services.article_save(article=article)
    article.refresh_from_db()
    assert article.published_date == date(2026, 3, 2)
    assert article.extra["published_local"] == "2026-03-02T01:00:00+05:00"


def test_the_migration_fills_the_local_date_and_marks_moved_articles_stale(articles) -> None:
    migration = importlib.import_module("articles.migrations.0008_published_date")
    before = dict(Article.objects.values_list("external_id", "updated_at"))
    Article.objects.update(published_date=None)
    editor = SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))
    migration.forwards(apps, editor)
    after = {a.external_id: a for a in Article.objects.all()}
    assert after["tz-1"].published_date == date(2026, 3, 1)
    assert after["tz-2"].published_date == date(2025, 12, 31)
    assert after["tz-3"].published_date is None
    # Both moved off their UTC day: a new version, so check_index finds their index entries stale.
    assert after["tz-1"].updated_at > before["tz-1"] and after["tz-2"].updated_at > before["tz-2"]
    assert after["tz-3"].updated_at == before["tz-3"]
