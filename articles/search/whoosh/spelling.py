""" "Did you mean": the archive's own unstemmed vocabulary (the ``spell`` field) and edit distance."""

from __future__ import annotations

import re

from articles.search.whoosh.schema import NAME_ANALYZER

SPELL_MIN_FREQ = 2
SPELL_DOMINANCE = 20
OPERATORS = {"and", "or", "not"}


def closest(reader, word: str, at_least: int = 0) -> str | None:
    """The best word at the smallest Damerau-Levenshtein distance (1, then 2) that appears in at least
    ``at_least`` documents: fewest edits, then same letters (a transposition), then most frequent."""
    floor = max(at_least, SPELL_MIN_FREQ)
    # Whoosh's automaton counts a transposition as two edits, so distance 2 is asked for in both cases;
    # a known word is only replaced by one a single true edit away.
    for maxdist in (1, 2):
        # Misspellings rarely touch the first letter; the shared prefix keeps the DFA walk short.
        found = [
            (reader.doc_frequency("spell", w), w)
            for w in reader.terms_within("spell", word, maxdist, prefix=1)
            if w != word
        ]
        found = [(freq, w) for freq, w in found if freq >= floor and (not at_least or damerau(word, w) <= 1)]
        if found:
            letters = sorted(word)
            return min(found, key=lambda fw: (damerau(word, fw[1]), sorted(fw[1]) != letters, -fw[0], fw[1]))[1]
    return None


def damerau(a: str, b: str) -> int:
    """Optimal string alignment distance (a transposition counts as one edit)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def suggest(reader, text: str) -> str | None:
    """The query with each unknown word replaced by the archive's closest common word, or None."""
    if "spell" not in reader.schema:
        return None
    changed = False
    out = []
    for token in re.split(r"(\W+)", text):
        word = token.lower()
        if len(word) < 3 or not word.isalpha() or word in OPERATORS:
            out.append(token)
            continue
        folded = "".join(t.text for t in NAME_ANALYZER(word))
        freq = reader.doc_frequency("spell", folded)
        # A word the archive knows is kept, unless it is a rare spelling of a far commoner word
        # (wire copy has its own typos: "goverment" appears, "government" appears much more).
        best = closest(reader, folded, at_least=max(SPELL_MIN_FREQ, freq * SPELL_DOMINANCE) if freq else 0)
        if freq >= SPELL_MIN_FREQ and best is None:
            out.append(token)
            continue
        if best and best != folded:
            out.append(best)
            changed = True
        else:
            out.append(token)
    return "".join(out) if changed else None
