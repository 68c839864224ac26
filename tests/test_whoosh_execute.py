"""The Whoosh engine's numpy executor answers as Whoosh's own matchers do: every query of the
query-language table (and more, on an archive where scores differ) gives the same total, the same ids in
the same order, and the same scores within float tolerance. Skipped on other engines."""

from __future__ import annotations

import random

import numpy as np
import pytest

from articles import search
from articles.search import index
from articles.search import query as qt
from articles.search.backend import IndexDocument
from articles.search.params import SearchParams
from tests.factories import RECORDS
from tests.test_query import QUERY_LANGUAGE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(search.engine_name() != "whoosh", reason="the Whoosh engine's own executor"),
]

VOCABULARY = "kenya tanzania border trade solar power plant lake budget parliament football final brazil".split()
EXTRA = [
    "trade",
    "border trade",
    "trade OR power",
    "(kenya OR brazil) trade -solar",
    "title:trade power",
    "lake NOT (budget OR final)",
    "pow*",
    "parliment~",
    "trade country:KE",  # a keyword filter (scored by its weight)
    "trade -country:KE",  # a keyword filter excluded
    "country:KE OR topic:15",  # keyword filters alone
    '"border trade" kenya',  # a phrase beside a word
    '"kenya border trade"',  # three words
    '"trade trade"',  # a word twice in a row
    '"trade power" OR "lake budget"',  # phrases in an Or
    'kenya -"border trade"',  # a phrase excluded
    'title:"solar power"',  # a phrase in a field
    '"the border of trade"',  # stop words inside a phrase
    "trade published:2021..2022",  # a date range beside a word
    "published:2020.. -kenya",  # an open range
    "NOT kenya",  # everything but
    "kenya OR NOT trade",  # a Not inside an Or
]


@pytest.fixture
def varied(make_articles):
    rng = random.Random(11)
    records = [dict(r) for r in RECORDS]
    for i in range(40):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(3, 60))]
        title = " ".join(rng.sample(VOCABULARY, rng.randint(1, 4))).capitalize()
        records.append({"id": f"x{i}", "title": title, "body": " ".join(words) + "."})
    make_articles(*records[: len(records) // 2])
    make_articles(*records[len(records) // 2 :])  # two segments at least


@pytest.mark.parametrize("q", [q for q, _ in QUERY_LANGUAGE] + EXTRA)
def test_same_answers_as_whoosh(varied, monkeypatch, q):
    from articles.search.whoosh import backend, execute

    answers = []
    for executor in (execute.execute, lambda state, compiled: None):  # numpy, then Whoosh's matchers
        monkeypatch.setattr(backend, "execute", executor)
        for sort in ("relevance", "newest"):
            page = index.search(SearchParams(q=q, size=100, sort=sort), facets=("country",), highlight=False)
            answers.append((page.total, [h.article.pk for h in page.hits], page.results.facets))
    assert answers[:2] == answers[2:]


def test_same_scores_and_every_query_runs_on_numpy(varied):
    from articles.search.whoosh.columns import ScoreAll, reader_state
    from articles.search.whoosh.compile import compile_query
    from articles.search.whoosh.execute import execute

    state = reader_state()
    for q in [q for q, _ in QUERY_LANGUAGE] + EXTRA:
        compiled = compile_query(qt.bound(qt.parse(q), search.get_backend().expand).tree)
        found = execute(state, compiled)
        assert found is not None, q  # no query type falls back to Whoosh's matchers
        collector = ScoreAll()
        state.searcher.search_with_collector(compiled, collector)
        order = np.argsort(collector.docnums)
        assert found[0].tolist() == np.asarray(collector.docnums)[order].tolist(), q
        assert np.allclose(found[1], np.asarray(collector.scores)[order], rtol=1e-9, atol=1e-8), q


def test_the_postings_cache_stays_within_its_setting(varied, settings):
    from articles.search.whoosh.execute import POSTINGS

    POSTINGS.clear()
    settings.NEWSARCHIVE_POSTINGS_CACHE_MB = 0  # nothing may be kept: every search reads its postings
    uncached = [index.search(SearchParams(q=q), facets=()).results.ids for q in EXTRA]
    assert POSTINGS.nbytes == 0
    settings.NEWSARCHIVE_POSTINGS_CACHE_MB = 1
    search.close()  # a fresh searcher: no answers kept from the first round (see the results cache)
    assert [index.search(SearchParams(q=q), facets=()).results.ids for q in EXTRA] == uncached
    assert 0 < POSTINGS.nbytes <= 1024 * 1024


def _doc(i: int, words: list[str]) -> IndexDocument:
    return IndexDocument(id=i + 1, version="1", title=f"Item {i}", text=" ".join(words), authors=(), country=("KE",),
                         topic=(), source="Wire", section="", lang="en", published=None, day=None)  # fmt: skip


def test_phrases_over_many_posting_blocks():
    # Whoosh writes a term's postings in blocks of 128: a word in most of 700 documents (two segments)
    # needs its positions from several blocks, read only where every word of the phrase is.
    from articles.search.whoosh.columns import ScoreAll, reader_state
    from articles.search.whoosh.compile import compile_query
    from articles.search.whoosh.execute import execute

    rng = random.Random(5)
    docs = [_doc(i, [rng.choice(VOCABULARY[:5]) for _ in range(rng.randint(2, 40))]) for i in range(700)]
    backend = search.get_backend()
    backend.update(docs[:400])
    backend.update(docs[400:])
    state = reader_state()
    for q, words in [('"kenya border"', "kenya border"), ('"border trade kenya"', "border trade kenya"),
                     ('"solar solar"', "solar"), ('"trade solar" -"kenya kenya"', "trade solar")]:  # fmt: skip
        compiled = compile_query(qt.parse(q).tree)
        found = execute(state, compiled)
        collector = ScoreAll()
        state.searcher.search_with_collector(compiled, collector)
        order = np.argsort(collector.docnums)
        assert found[0].tolist() == np.asarray(collector.docnums)[order].tolist(), q
        assert np.allclose(found[1], np.asarray(collector.scores)[order], rtol=1e-9, atol=1e-8), q
        every_word = execute(state, compile_query(qt.parse(words).tree))[0]
        assert 0 < len(found[0]) < len(every_word), q  # the positions decide: fewer than all the words' documents
