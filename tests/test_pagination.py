"""Pagination tells the truth about the pages that can be opened, and Next never loops to itself."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

TOWNS = ["Arlen", "Birk", "Corran", "Dunmore", "Elsby", "Fenwick", "Garth", "Holm", "Ivel", "Jarrow", "Kell"]


@pytest.fixture
def many(make_articles):
    make_articles(
        *(
            {
                "id": f"p-{i}",
                "title": f"Council of {TOWNS[i % len(TOWNS)]} meets on item {i}",
                "body": f"The town council of {TOWNS[i % len(TOWNS)]} met on Monday to discuss item {i} of its "
                f"agenda, including road repairs and the library budget for year {2000 + i}.",
                "published": f"{2000 + i}-01-15",
            }
            for i in range(35)
        )
    )


def test_page_count_is_the_reachable_one_and_next_stops_there(client, many, monkeypatch):
    monkeypatch.setattr("articles.search.params.MAX_PAGE", 2)  # 35 matches, 10 a page: 4 pages, 2 reachable
    html = client.get("/?q=council&size=10").content.decode()
    assert "Page 1 of 2" in html
    assert "Only the first 2 of 4 pages can be opened" in html
    last = client.get("/?q=council&size=10&page=2").content.decode()
    assert 'rel="next"' not in last  # no Next on the last page that can be opened
    assert 'rel="prev"' in last


def test_api_next_is_null_on_the_last_reachable_page(client, many, monkeypatch):
    monkeypatch.setattr("articles.search.params.MAX_PAGE", 2)
    data = client.get("/api/search/?q=council&size=10&page=2").json()
    assert data["next"] is None
    assert data["num_pages"] == 4  # the truth: how many pages the matches would fill
