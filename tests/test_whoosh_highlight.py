"""The Whoosh engine's highlighter (the words cut in C, each distinct word analysed once, the fragmenter
run only near the matches) gives exactly the HTML of Whoosh's own re-analysing ``highlight()``. Skipped on
other engines."""

from __future__ import annotations

import random

import pytest

from articles import search

pytestmark = pytest.mark.skipif(search.engine_name() != "whoosh", reason="the Whoosh engine's own highlighter")

WORDS = (
    "the of and minister ministers ministry talks talked talking São Paulo Sao U.S. don't harbour <b>bold</b> "
    "&amp; café cafe running runs ran economy economic economies O'Neill 2024 x a an it's naïve Zürich "
    # a word longer than the fragmenter's SURROUND (50) and one longer than its MAXCHARS (160)
    + "ministerial" * 6
    + " "
    + "talks" * 34
).split()
# Separators: a gap wider than SURROUND makes the fragmenter forget the words before it.
SEPARATORS = [" ", " ", " ", ", ", ". ", "\n\n", " – ", "-", " " * 70]


def _text(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        out.append(rng.choice(WORDS))
        out.append(rng.choice(SEPARATORS))
    return "".join(out)


@pytest.mark.parametrize("seed", range(6))
def test_same_html_as_whoosh(seed):
    from articles.search.whoosh.compile import _tokens
    from articles.search.whoosh.highlight import highlight_html, reanalysed_html

    rng = random.Random(seed)
    for _ in range(40):
        # 6,000 words run past Whoosh's 32,768-character limit, where both stop
        text = _text(rng, rng.choice([3, 30, 400, 400, 6000]))
        query = rng.sample(["minister", "talk", "sao paulo", "economy", "harbour", "cafe", "u.s.", "zurich"], 2)
        terms = frozenset(t for q in query for t in _tokens("text", q))
        for whole in (False, True):
            assert highlight_html(text, terms, whole=whole) == reanalysed_html(text, terms, whole=whole), (text, terms)
    assert (
        highlight_html("Talks with the minister", frozenset({"talk"}))
        == '<mark class="match term0">Talks</mark> with the minister'
    )


@pytest.mark.parametrize("analysis", ["de", "fr", "simple"])
def test_same_html_as_whoosh_in_other_analyses(analysis):
    """Each analysis has its own word pattern (an apostrophe splits words outside English) and stemmer."""
    from articles.search.whoosh.highlight import highlight_html, reanalysed_html
    from articles.search.whoosh.schema import ANALYZERS

    rng = random.Random(analysis)
    words = [*WORDS, "l'élection", "Wahlen", "Wahl", "élections", "dell'Italia"]
    for _ in range(30):
        text = "".join(rng.choice(words) + rng.choice(SEPARATORS) for _ in range(rng.choice([5, 300, 6000])))
        query = " ".join(rng.sample(["wahl", "élection", "minister", "talks", "italia", "economy"], 2))
        terms = frozenset(t.text for t in ANALYZERS[analysis](query, mode="query"))
        for whole in (False, True):
            ours = highlight_html(text, terms, whole=whole, analysis=analysis)
            assert ours == reanalysed_html(text, terms, whole=whole, analysis=analysis), (analysis, terms)


# Words of many languages and scripts, with the letters that fold to two (ß, æ, œ) and those whose lower
# case is two characters (İ): the highlighter only analyses words that begin as a query term begins.
INITIAL_WORDS = (
    "Ölpreise über Übersee Äpfel Straße ßig Æther Ærø Œuvre œuvres İstanbul Izmir Ypres yeux Yonne élection "
    "Élysée étudiants Ça çà ñandú Ñoño órgão Ônibus ìsola Ìsola żubr Łódź Šibenik Ångström øre ǅemal ﬁnance "
    "Ελλάδα Москва 北京 2024 1980s 10.05 U.S. don't l'élection dell'Italia minister's running happiness "
    "relational sensibility agreed conditional hopeful Wahlen Häuser Universitäten verkiezingen eleições "
    "elezioni elecciones gouvernement governo gobierno regering Regierung"
).split()


@pytest.mark.parametrize("analysis", ["en", "de", "fr", "es", "it", "pt", "nl", "simple"])
def test_a_term_begins_as_its_word_begins(analysis):
    import re

    from articles.search.whoosh.highlight import _initial
    from articles.search.whoosh.schema import ANALYZERS, OTHER_WORD_PATTERN, WORD_PATTERNS

    words = re.findall(WORD_PATTERNS.get(analysis, OTHER_WORD_PATTERN), " ".join(INITIAL_WORDS))
    for word in words:
        for token in ANALYZERS[analysis](word, mode="query"):
            assert token.text[:1] == _initial(word), (analysis, word, token.text)
