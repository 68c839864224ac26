"""Highlighting of the shown page without Whoosh's analysis pipeline, and without a Python step per word.

Whoosh's ``highlight()`` runs every word of every shown text through the analyser's chain of generators
(tokenizer, lower case, accent folding, stop words, stemmer), one Token object per filter step: that was
a quarter of a search page's time. Here (``_scan``):

- the tokenizer's own pattern cuts the text in C (``findall`` for the words, ``split`` for what lies
  between them), and the words' offsets are the running sum of those lengths (numpy);
- a word is a match when its indexed term is one of the query's terms: each distinct word is analysed
  once per process, and a text's matched words are a set intersection with the words known to have those
  terms (``_Vocabulary``);
- Whoosh's context fragmenter (its loop, copied) runs only near the matches: outside a fragment its state
  depends on the words of the last SURROUND characters alone, so it jumps there (``_context_fragments``);
- Whoosh's own scorer and formatter make the HTML, so the fragments and marks are the ones Whoosh made
  (tests/test_whoosh_highlight.py compares them with Whoosh's ``highlight()`` on varied texts).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import deque

import numpy as np
from whoosh import highlight

from articles.search.languages import ENGLISH
from articles.search.whoosh.schema import ANALYZERS, FOLD, OTHER_WORD_PATTERN, WORD_PATTERNS

_WORDS = {analysis: re.compile(WORD_PATTERNS.get(analysis, OTHER_WORD_PATTERN)) for analysis in ANALYZERS}
_WORDS_MAX = 200_000  # distinct words remembered per analysis (a few tens of MB at most), then forgotten


class _Vocabulary:
    """The words of shown texts met so far in one analysis: a text's matched words are then found with set
    operations (in C). A word met for the first time is filed under its first letter, and analysed only
    when a query term begins with that letter: a stemmer cuts and changes endings, never the first letter
    (of the word lower-cased and folded, as the analyser sees it; tests/test_whoosh_highlight.py checks it
    on every analysis), so no other word can have that term."""

    def __init__(self, analysis: str) -> None:
        self.analyzer = ANALYZERS[analysis]
        self.known: set[str] = set()  # every word met (analysed or waiting)
        self.waiting: dict[str, set[str]] = {}  # first letter -> words met, not yet analysed
        self.by_term: dict[str, set[str]] = {}  # indexed term -> the analysed words that have it

    def _meet(self, words: set[str]) -> None:
        new = words - self.known
        if not new:
            return
        if len(self.known) + len(new) > _WORDS_MAX:
            self.known.clear()
            self.waiting.clear()
            self.by_term.clear()
            new = words
        for word in new:
            self.waiting.setdefault(_initial(word), set()).add(word)
        self.known |= new

    def _learn(self, words: set[str]) -> None:
        for word, term in self._analysed(list(words)):
            if term is not None:
                self.by_term.setdefault(term, set()).add(word)

    def _analysed(self, words: list[str]) -> list[tuple[str, str | None]]:
        """(word, its indexed term or None for a stop word): the words joined and analysed in one pass (a
        word the tokenizer cut comes back as one token), else one at a time."""
        tokens = [(t.text, t.stopped) for t in self.analyzer(" ".join(words), mode="query", removestops=False)]
        if len(tokens) == len(words):
            return [(word, None if stopped else text) for word, (text, stopped) in zip(words, tokens, strict=True)]
        out = []
        for word in words:
            found = [t.text for t in self.analyzer(word, mode="query")]  # [] for a stop word
            out.append((word, found[0] if found else None))
        return out

    def matches(self, words: set[str], terms: frozenset[str]) -> dict[str, str]:
        """{word: its term} for the words of ``words`` whose indexed term is one of ``terms``."""
        self._meet(words)
        for initial in {term[:1] for term in terms}:
            waiting = self.waiting.get(initial)
            if waiting and (due := waiting & words):
                self._learn(due)
                waiting -= due
        hits = {}
        for term in terms:
            forms = self.by_term.get(term)
            if forms:
                for word in forms & words:
                    hits[word] = term
        return hits


_VOCABULARIES = {analysis: _Vocabulary(analysis) for analysis in ANALYZERS}
_INITIALS: dict[str, str] = {}


def _initial(word: str) -> str:
    """The first letter of ``word`` as the analysers see it: lower-cased, accents folded."""
    first = _INITIALS.get(word[0])
    if first is None:
        first = _INITIALS[word[0]] = word[0].lower().translate(FOLD)[:1]
    return first


class _Token:
    """What Whoosh's scorer and formatter read of a matched token."""

    __slots__ = ("boost", "endchar", "startchar", "text")

    def __init__(self, startchar: int, endchar: int, text: str) -> None:
        self.startchar = startchar
        self.endchar = endchar
        self.text = text
        self.boost = 1.0


MAXCHARS, SURROUND = 160, 50


class _Scan:
    """The words of a text up to Whoosh's character limit: offsets, and the term of each matched word."""

    __slots__ = ("beyond", "ends", "matched", "starts")

    def __init__(self, starts: list[int], ends: list[int], matched: dict[int, str], beyond: int | None) -> None:
        self.starts = starts
        self.ends = ends
        self.matched = matched  # word index -> its term, for the words whose term is a query term
        # The end of the first word past the limit: Whoosh's fragmenter reads it before it stops, and a
        # fragment still open there ends with it.
        self.beyond = beyond


def _scan(text: str, terms: frozenset[str], analysis: str = ENGLISH) -> _Scan | None:
    """None when no word of ``text`` (up to Whoosh's limit) has one of ``terms`` as its term."""
    pattern = _WORDS[analysis]
    words = pattern.findall(text)
    if not words:
        return None
    hits = _VOCABULARIES[analysis].matches(set(words), terms)
    if not hits:
        return None
    between = pattern.split(text)  # len(words) + 1 pieces: before the first word, between words, after
    lengths = np.empty(2 * len(words), dtype=np.int64)
    lengths[0::2] = np.fromiter(map(len, between[:-1]), dtype=np.int64, count=len(words))
    lengths[1::2] = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    offsets = np.cumsum(lengths)
    ends = offsets[1::2]
    count = int(np.searchsorted(ends, highlight.DEFAULT_CHARLIMIT, side="right"))  # Whoosh stops there too
    if count == 0:
        return None
    starts = (offsets[0::2][:count]).tolist()
    flags = np.fromiter(map(hits.__contains__, words[:count]), dtype=bool, count=count)
    matched = {int(i): hits[words[i]] for i in np.flatnonzero(flags)}
    beyond = int(ends[count]) if count < len(words) else None
    return _Scan(starts, ends[:count].tolist(), matched, beyond) if matched else None


def _context_fragments(text: str, scan: _Scan):
    """Whoosh's ``ContextFragmenter(maxchars=160, surround=50).fragment_tokens`` over the scanned words:
    the same loop, the same fragments. Outside a fragment (``countdown < 0``) the loop only remembers the
    starts of the words that end within SURROUND characters of the current one (``firsts``), so it jumps
    to the first word that can still be remembered when the next match is reached."""
    starts, ends, matched = scan.starts, scan.ends, scan.matched
    upcoming = sorted(matched)
    n = len(starts)
    first = None
    firsts: deque[int] = deque()
    countdown = -1
    tks: list[_Token] = []
    endchar = None
    currentlen = 0
    i = m = 0
    while i < n:
        if countdown < 0:
            while m < len(upcoming) and upcoming[m] < i:
                m += 1
            if m == len(upcoming):
                break  # no match left: nothing more to yield (an open fragment has countdown >= 0)
            k = upcoming[m]
            if k > i:
                j = bisect_left(starts, ends[k - 1] - SURROUND, i, k)
                if j > i:  # every word before j is forgotten by the time the match is reached
                    firsts.clear()
                    i = j
        startchar, endchar = starts[i], ends[i]
        term = matched.get(i)
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
        i += 1
    if tks:
        if i == n and scan.beyond is not None:
            endchar = scan.beyond
        yield highlight.mkfrag(text, tks, startchar=first, endchar=endchar)


def highlight_html(
    text: str, terms: frozenset[str], *, top: int = 2, whole: bool = False, analysis: str = ENGLISH
) -> str:
    """HTML with matched words in <mark>; the text is escaped. '' when nothing matched. ``analysis``: the
    text's (``articles.search.languages``): its words are analysed as its articles were indexed."""
    if not terms or not text:
        return ""
    scan = _scan(text, frozenset(terms), analysis)
    if scan is None:
        return ""
    if whole:
        marks = [_Token(scan.starts[i], scan.ends[i], term) for i, term in scan.matched.items()]
        fragments = [highlight.Fragment(text, marks)]
    else:
        fragments = _context_fragments(text, scan)
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
