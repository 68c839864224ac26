"""The Whoosh engine keeps a process's recent answers for the index as it is; a commit forgets them.
Skipped on other engines (the PostgreSQL engine keeps no state in web processes)."""

from __future__ import annotations

import pytest

from articles import search
from articles.search import index
from articles.search.params import FacetFilter, SearchParams
from tests.factories import RECORDS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(search.engine_name() != "whoosh", reason="the Whoosh engine's own cache"),
]


def test_a_repeated_search_is_answered_from_the_cache_until_a_commit(make_articles, monkeypatch):
    from articles.search.whoosh import backend

    make_articles(*RECORDS)
    runs = []
    real = backend.WhooshBackend._search

    def counted(self, *args, **kwargs):
        runs.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(backend.WhooshBackend, "_search", counted)
    params = SearchParams(q="kenya", filters={"country": FacetFilter(("KE",))})
    first = index.search(params)
    again = index.search(SearchParams(q="kenya", filters={"country": FacetFilter(("KE",))}))
    assert len(runs) == 1  # the same normalised parameters: no second search
    assert (again.total, [h.article.pk for h in again.hits]) == (first.total, [h.article.pk for h in first.hits])
    index.search(SearchParams(q="kenya", page=2))
    index.search(SearchParams(q="kenya"), facets=("country",))
    assert len(runs) == 3  # another page, other facets: other answers

    make_articles(
        {"id": "k9", "title": "Kenya plants trees", "body": "Kenya planted trees.", "published": "2024-01-02"}
    )
    after = index.search(SearchParams(q="kenya", filters={"country": FacetFilter(("KE",))}))
    assert len(runs) == 4  # the commit made a new searcher, which forgot the answers
    assert after.total == first.total + 1
