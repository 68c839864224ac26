"""Property-based fuzzing of the query language (hypothesis, derandomised: the same examples every run).

Whatever a user types, parsing and bounding never raise, the tree stays within its bounds, and "read
as" can always be rendered; on an archive, the search page answers 200."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.search import query as qt
from tests.factories import RECORDS

# Pieces the grammar cares about, mixed with arbitrary text.
PIECES = st.sampled_from(
    ["AND", "OR", "NOT", "-", "+", "(", ")", '"', "*", "~", "~2", ":", "..", "title:", "country:", "topic:",
     "published:", "lang:", "person:", "org:", "by:", "2024", "2024-03", "kenya", "Morocco", "sport", "é", "\x00",
     " ", "  ", "\t", "ab*", "moroco~", "a*b", "?", "medtop:", "9999", "0000"]
)  # fmt: skip
QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join),
    st.lists(PIECES, max_size=80).map(" ".join),
)
# derandomize: the same examples on every run and machine (CI never fails on a new draw); no example
# database is written into the worktree.
FUZZ = settings(
    derandomize=True, database=None, max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _vocabulary(field, kind, text, limit, distance=0):
    return [f"{text}{i}" for i in range(min(limit, 7))]


def _depth(node, level=0):
    if isinstance(node, qt.And | qt.Or):
        return max(_depth(c, level + 1) for c in node.children)
    if isinstance(node, qt.Not):
        return _depth(node.child, level + 1)
    return level


@FUZZ
@given(QUERIES)
def test_parser_never_raises_and_keeps_its_bounds(text):
    parsed = qt.bound(qt.parse(text), _vocabulary)
    assert isinstance(parsed.read, str)
    leaves = list(qt.leaves(parsed.tree))
    assert len(leaves) <= qt.MAX_LEAVES
    assert not any(isinstance(leaf, qt.Prefix | qt.Fuzzy) for leaf, _ in leaves)  # all spent or plain
    expanded = sum(len(leaf.terms) for leaf, _ in leaves if isinstance(leaf, qt.Expansion))
    assert expanded <= qt.EXPANSION_BUDGET
    for leaf, _ in leaves:
        if isinstance(leaf, qt.DateRange):
            assert leaf.low <= leaf.high
        if isinstance(leaf, qt.Fuzzy | qt.Expansion):
            assert leaf.distance <= 2
    assert _depth(parsed.tree) <= 2 * qt.MAX_DEPTH + 4


@pytest.fixture
def small_archive(make_articles):
    make_articles(*RECORDS)


# The archive is made once per test (not per example): the examples only read it.
ON_ARCHIVE = settings(FUZZ, max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])


@ON_ARCHIVE
@given(text=QUERIES)
def test_search_never_raises(small_archive, text):
    # The configured engine compiles whatever the parser made: no exception escapes.
    from articles.search import find
    from articles.search.params import SearchParams

    results = find(SearchParams(q=text[:1000]), facets=("country", "person"))
    assert 0 <= results.total <= len(RECORDS) and len(results.ids) <= results.total
