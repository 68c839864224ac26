"""The Whoosh engine's highlighter (one regex pass, each distinct word analysed once) gives exactly the
HTML of Whoosh's own re-analysing ``highlight()``. Skipped on other engines."""

from __future__ import annotations

import random

import pytest

from articles import search

pytestmark = pytest.mark.skipif(search.engine_name() != "whoosh", reason="the Whoosh engine's own highlighter")

WORDS = (
    "the of and minister ministers ministry talks talked talking São Paulo Sao U.S. don't harbour <b>bold</b> "
    "&amp; café cafe running runs ran economy economic economies O'Neill 2024 x a an it's naïve Zürich"
).split()


def _text(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        out.append(rng.choice(WORDS))
        out.append(rng.choice([" ", " ", " ", ", ", ". ", "\n\n", " – ", "-"]))
    return "".join(out)


@pytest.mark.parametrize("seed", range(6))
def test_same_html_as_whoosh(seed):
    from articles.search.whoosh.compile import _tokens
    from articles.search.whoosh.highlight import highlight_html, reanalysed_html

    rng = random.Random(seed)
    for _ in range(40):
        text = _text(rng, rng.choice([3, 30, 400]))
        query = rng.sample(["minister", "talk", "sao paulo", "economy", "harbour", "cafe", "u.s.", "zurich"], 2)
        terms = frozenset(t for q in query for t in _tokens("text", q))
        for whole in (False, True):
            assert highlight_html(text, terms, whole=whole) == reanalysed_html(text, terms, whole=whole), (text, terms)
    assert (
        highlight_html("Talks with the minister", frozenset({"talk"}))
        == '<mark class="match term0">Talks</mark> with the minister'
    )
