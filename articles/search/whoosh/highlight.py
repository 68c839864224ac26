"""Highlighting of the shown page without Whoosh's analysis pipeline.

Whoosh's ``highlight()`` runs every word of every shown text through the analyser's chain of generators
(tokenizer, lower case, accent folding, stop words, stemmer), one Token object per filter step: that was
a quarter of a search page's time. Here the same tokenizer pattern runs as one ``re.finditer``, each
distinct word is analysed once per process (``_term_of``, cached), Whoosh's context fragmenter runs on
plain (start, end, term) tuples (its loop, copied) and Whoosh's own scorer and formatter make the HTML —
so the fragments and marks are the ones Whoosh made (tests/test_whoosh_highlight.py compares them).
"""

from __future__ import annotations

import re
from collections import deque

from whoosh import highlight

from articles.search.languages import ENGLISH
from articles.search.whoosh.schema import ANALYZERS, OTHER_WORD_PATTERN, WORD_PATTERNS

_WORDS = {analysis: re.compile(WORD_PATTERNS.get(analysis, OTHER_WORD_PATTERN)) for analysis in ANALYZERS}
_TERMS: dict[tuple[str, str], str | None] = {}
_TERMS_MAX = 200_000  # distinct words remembered (a few tens of MB at most), then forgotten at once


def _term_of(word: str, analysis: str = ENGLISH) -> str | None:
    """The indexed term of one word as the tokenizer cut it (None for a stop word), in one analysis."""
    key = (analysis, word)
    term = _TERMS.get(key, "")
    if term == "":
        found = [t.text for t in ANALYZERS[analysis](word, mode="query")]
        term = found[0] if found else None
        if len(_TERMS) >= _TERMS_MAX:
            _TERMS.clear()
        _TERMS[key] = term
    return term


class _Token:
    """What Whoosh's scorer and formatter read of a matched token."""

    __slots__ = ("boost", "endchar", "startchar", "text")

    def __init__(self, startchar: int, endchar: int, text: str) -> None:
        self.startchar = startchar
        self.endchar = endchar
        self.text = text
        self.boost = 1.0


MAXCHARS, SURROUND = 160, 50


def _context_fragments(text: str, spans: list[tuple[int, int, str | None]]):
    """Whoosh's ``ContextFragmenter(maxchars=160, surround=50).fragment_tokens`` on (start, end, matched
    term) spans instead of Token objects: the same loop, the same fragments."""
    first = None
    firsts: deque[int] = deque()
    countdown = -1
    tks: list[_Token] = []
    endchar = None
    currentlen = 0
    for startchar, endchar, term in spans:
        tlength = endchar - startchar
        if countdown < 0 and term is None:
            firsts.append(startchar)
            while firsts and endchar - firsts[0] > SURROUND:
                firsts.popleft()
        elif currentlen + tlength > MAXCHARS:
            countdown = 0
        elif term is not None:
            countdown = SURROUND
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = startchar
                    countdown += SURROUND
            tks.append(_Token(startchar, endchar, term))
        if countdown >= 0:
            currentlen += tlength
            countdown -= tlength
            if countdown <= 0:
                yield highlight.mkfrag(text, tks, startchar=first, endchar=endchar)
                tks = []
                firsts = deque()
                first = None
                currentlen = 0
    if tks:
        yield highlight.mkfrag(text, tks, startchar=first, endchar=endchar)


def _spans(text: str, terms: frozenset[str], analysis: str = ENGLISH) -> list[tuple[int, int, str | None]]:
    """(start, end, the term when it is one of ``terms`` else None) of every word up to Whoosh's limit."""
    limit = highlight.DEFAULT_CHARLIMIT  # Whoosh's fragmenters stop there too
    spans = []
    for m in _WORDS[analysis].finditer(text):
        start, end = m.span()
        if end > limit:
            break
        term = _term_of(m.group(), analysis)
        spans.append((start, end, term if term in terms else None))
    return spans


def highlight_html(
    text: str, terms: frozenset[str], *, top: int = 2, whole: bool = False, analysis: str = ENGLISH
) -> str:
    """HTML with matched words in <mark>; the text is escaped. '' when nothing matched. ``analysis``: the
    text's (``articles.search.languages``): its words are analysed as its articles were indexed."""
    if not terms or not text:
        return ""
    spans = _spans(text, frozenset(terms), analysis)
    if whole:
        fragments = [highlight.Fragment(text, [_Token(s, e, t) for s, e, t in spans if t is not None])]
    else:
        fragments = _context_fragments(text, spans)
    formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
    return formatter(text, highlight.top_fragments(fragments, top, highlight.BasicFragmentScorer(), highlight.FIRST))


def reanalysed_html(
    text: str, terms: frozenset[str], *, top: int = 2, whole: bool = False, analysis: str = ENGLISH
) -> str:
    """Whoosh's own ``highlight()`` with the same settings: the reference ``highlight_html`` must equal."""
    if not terms or not text:
        return ""
    formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
    fragmenter = highlight.WholeFragmenter() if whole else highlight.ContextFragmenter(maxchars=160, surround=50)
    return highlight.highlight(text, terms, ANALYZERS[analysis], fragmenter, formatter, top=top)
