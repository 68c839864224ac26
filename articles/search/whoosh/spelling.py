""" "Did you mean": the archive's own unstemmed vocabulary (the ``spell`` field) and edit distance.

The vocabulary is read once per index segment into a deletion-neighbourhood index (SymSpell, Wolf Garbe
2012): every word is stored under each string that one or two deleted letters make of it, so the words
within two edits of a query word are those sharing one of its own deletion strings — a few numpy
look-ups instead of Whoosh's automaton walk over the whole term dictionary (100–240 ms per word at 15k
articles; that walk alone was the search page's p95). Segments never change once written, so the index
is cached beside the segment's columns (``columns.segment_data``) and a commit only adds the new
segments'. Candidates are then checked with the exact distances, so the answers are those of the walk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from articles.search.spelling import edit_distance
from articles.search.whoosh.schema import NAME_ANALYZER

SPELL_MIN_FREQ = 2
SPELL_DOMINANCE = 20
OPERATORS = {"and", "or", "not"}
MAX_EDITS = 2


def _deletions(tail: str, depth: int) -> set[str]:
    """``tail`` and every string made of it by deleting up to ``depth`` letters."""
    found = {tail}
    frontier = {tail}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _keys(word: str, depth: int) -> list[int]:
    # The first letter is never deleted: misspellings rarely touch it, and Whoosh's walk (prefix=1) kept
    # it too. hash() is salted per process, and so is this per-process cache: collisions only add
    # candidates, which the exact distance check removes.
    head, tail = word[:1], word[1:]
    return [hash(head + d) for d in _deletions(tail, depth)]


@dataclass
class SegmentVocabulary:
    words: list[str]
    index: dict[str, int]
    freq: np.ndarray  # documents per word (deleted ones included, as Whoosh's doc_frequency counts)
    keys: np.ndarray  # sorted deletion-string hashes …
    ids: np.ndarray  # … and the word each belongs to

    @classmethod
    def build(cls, segreader) -> SegmentVocabulary:
        """The ``spell`` field of one segment (its term dictionary only: no postings are read)."""
        words: list[str] = []
        freqs: list[int] = []
        if "spell" in segreader.schema:
            for word, info in segreader.iter_field("spell"):
                words.append(word.decode() if isinstance(word, bytes) else word)
                freqs.append(info.doc_frequency())
        return cls.of(words, freqs)

    @classmethod
    def of(cls, words: list[str], freqs: list[int]) -> SegmentVocabulary:
        keys: list[int] = []
        ids: list[int] = []
        for i, word in enumerate(words):
            ks = _keys(word, MAX_EDITS)
            keys += ks
            ids += [i] * len(ks)
        key_arr = np.array(keys, dtype=np.int64)
        order = np.argsort(key_arr, kind="stable")
        return cls(
            words=list(words),
            index={w: i for i, w in enumerate(words)},
            freq=np.array(freqs, dtype=np.int64),
            keys=key_arr[order],
            ids=np.array(ids, dtype=np.int32)[order],
        )

    def near(self, word: str, depth: int) -> set[int]:
        """Numbers of the words that share a deletion string (up to ``depth`` deletions) with ``word``."""
        if not len(self.keys):
            return set()
        wanted = np.array(_keys(word, depth), dtype=np.int64)
        lo = np.searchsorted(self.keys, wanted, side="left")
        hi = np.searchsorted(self.keys, wanted, side="right")
        hits = [self.ids[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
        return set(np.concatenate(hits).tolist()) if hits else set()


class Vocabulary:
    """The ``spell`` vocabulary of a whole reader: its segments' vocabularies, frequencies summed."""

    def __init__(self, parts: list[SegmentVocabulary]) -> None:
        self.parts = parts

    def frequency(self, word: str) -> int:
        total = 0
        for part in self.parts:
            i = part.index.get(word)
            if i is not None:
                total += int(part.freq[i])
        return total

    def within(self, word: str, maxdist: int, floor: int = 0) -> dict[str, int]:
        """Words in at least ``floor`` documents within ``maxdist`` (Levenshtein) edits of ``word``, first
        letter kept, with their frequencies."""
        found: dict[str, int] = {}
        for part in self.parts:
            for i in part.near(word, maxdist):
                candidate = part.words[i]
                found[candidate] = found.get(candidate, 0) + int(part.freq[i])
        # The frequency test first: it is cheap, and for a known word it leaves almost nothing to measure.
        return {w: f for w, f in found.items() if f >= floor and levenshtein(word, w, maxdist) <= maxdist}


def closest(vocab: Vocabulary, word: str, at_least: int = 0) -> str | None:
    """The best word at the smallest Damerau-Levenshtein distance (1, then 2) that appears in at least
    ``at_least`` documents: fewest edits, then same letters (a transposition), then most frequent."""
    floor = max(at_least, SPELL_MIN_FREQ)
    # A transposition is two Levenshtein edits, so distance 2 is asked for in both cases; a known word
    # is only replaced by one a single true edit away.
    for maxdist in (1, 2):
        found = [(freq, w) for w, freq in vocab.within(word, maxdist, floor).items() if w != word]
        found = [(freq, w) for freq, w in found if not at_least or edit_distance(word, w) <= 1]
        if found:
            letters = sorted(word)
            return min(found, key=lambda fw: (edit_distance(word, fw[1]), sorted(fw[1]) != letters, -fw[0], fw[1]))[1]
    return None


def levenshtein(a: str, b: str, bound: int) -> int:
    """Levenshtein distance, or ``bound + 1`` as soon as it must exceed ``bound``."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
        if min(cur) > bound:
            return bound + 1
        prev = cur
    return prev[-1]


def suggest(vocab: Vocabulary, text: str) -> str | None:
    """The query with each unknown word replaced by the archive's closest common word, or None."""
    if not vocab.parts:
        return None
    changed = False
    out = []
    for token in re.split(r"(\W+)", text):
        word = token.lower()
        if len(word) < 3 or not word.isalpha() or word in OPERATORS:
            out.append(token)
            continue
        folded = "".join(t.text for t in NAME_ANALYZER(word))
        freq = vocab.frequency(folded)
        # A word the archive knows is kept, unless it is a rare spelling of a far commoner word
        # (wire copy has its own typos: "goverment" appears, "government" appears much more).
        best = closest(vocab, folded, at_least=max(SPELL_MIN_FREQ, freq * SPELL_DOMINANCE) if freq else 0)
        if freq >= SPELL_MIN_FREQ and best is None:
            out.append(token)
            continue
        if best and best != folded:
            out.append(best)
            changed = True
        else:
            out.append(token)
    return "".join(out) if changed else None
