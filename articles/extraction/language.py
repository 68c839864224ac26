"""Language identification with py3langid (offline, BSD; ~2 ms per article, see ../shared/NOTES.md)."""

from __future__ import annotations

import math
import re
import threading

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier

__all__ = ["detect_language", "pick_language"]

# Below this many letters the guess is noise (a title like "Brexit" or "Live updates").
MIN_LETTERS = 20
# Naive Bayes is linear in input length; the first 1,500 characters settle the language of an article
# (measured: half the time of 4,000 and the same answer on 6,000 BBC and Reuters articles).
MAX_CHARS = 1500
# With normalised probabilities a weak winner means mixed or unusual text: better no answer.
MIN_CONFIDENCE = 0.5

_LETTER = re.compile(r"[^\W\d_]")
_identifier: LanguageIdentifier | None = None
_scorer: _Scorer | None = None
_lock = threading.Lock()

# py3langid's byte automaton is 6-definite: after any 6 bytes it is in the same state whatever state
# it started from (checked over every pair of its 104,583 states with the pair automaton, for
# py3langid 0.4.0, which requirements.txt pins). So the state after byte i depends only on bytes
# i-5..i, and all states can be found at once with six array steps instead of a Python step per byte.
_DEFINITE = 6


class _Scorer:
    """py3langid's ``classify`` with the byte walk done in numpy: the same features in the same order,
    the same arithmetic, so the same scores (tests/test_language.py compares them bit for bit)."""

    def __init__(self, ident: LanguageIdentifier) -> None:
        self.ident = ident
        self.nextmove = np.frombuffer(ident.tk_nextmove, dtype=np.dtype(ident.tk_nextmove.typecode))
        self.rowbase = np.asarray(ident._rowbase, dtype=np.int64)
        self.output = np.asarray(ident.tk_output, dtype=np.int64)
        # The model's weights are float16, and numpy widens them in software on every product (two
        # thirds of the time of a call). Rows are widened once, when a text first uses them, into a
        # float32 table from np.zeros, whose untouched pages take no memory: float16 -> float32 is
        # exact, so the product is the same.
        self.ptc = np.zeros(ident.nb_ptc.shape, dtype=np.float32)
        self.widened = np.zeros(len(ident.nb_ptc), dtype=bool)

    def scores(self, text: str) -> np.ndarray:
        ident = self.ident
        data = ident._encode(text)
        b = np.frombuffer(data, dtype=np.uint8)
        n = len(b)
        head = min(n, _DEFINITE - 1)
        states = np.empty(n, dtype=np.int64)
        state = 0
        for i in range(head):  # the first bytes: the walk from the start state itself
            state = int(self.nextmove[self.rowbase[state] + b[i]])
            states[i] = state
        if n > head:
            walk = np.zeros(n - head, dtype=np.int64)
            for j in range(_DEFINITE):
                walk = self.nextmove[self.rowbase[walk] + b[j : n - head + j]]
            states[head:] = walk
        feats = self.output[states]
        feats = feats[feats >= 0]
        if feats.size:
            # py3langid counts with a Counter: features in order of first occurrence, which fixes
            # the order of the sum below
            uniq, first, counts = np.unique(feats, return_index=True, return_counts=True)
            order = np.argsort(first, kind="stable")
            idx = uniq[order].astype(np.intp)
            new = idx[~self.widened[idx]]
            if new.size:
                self.ptc[new] = ident.nb_ptc[new]
                self.widened[new] = True
            scores = np.log1p(counts[order].astype(np.float32)) @ self.ptc[idx] + ident.nb_pc
        else:
            scores = np.full(len(ident.nb_classes), 0.0, dtype=np.float32)
        # from here as py3langid's LanguageIdentifier._decide with norm_probs=True
        scores *= 1.0 / math.sqrt(len(data) or 1)
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        for i, j in ident._alias_pairs:
            scores[i] += scores[j]
            scores[j] = 0.0
        return scores

    def classify(self, text: str) -> tuple[str, float]:
        scores = self.scores(text)
        i = int(scores.argmax())
        return self.ident.nb_classes[i], float(scores[i])


def _get_identifier() -> LanguageIdentifier:
    # Loading the model takes ~0.3 s: do it once per process, on first use, and only once even
    # when several threads ask at the same time.
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def _get_scorer() -> _Scorer:
    global _scorer
    if _scorer is None:
        ident = _get_identifier()
        with _lock:
            if _scorer is None:
                _scorer = _Scorer(ident)
    return _scorer


def _enough_letters(sample: str) -> bool:
    count = 0
    for _m in _LETTER.finditer(sample):
        count += 1
        if count >= MIN_LETTERS:
            return True
    return False


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "" when the text is too short or unclear."""
    sample = text[:MAX_CHARS]
    if not _enough_letters(sample):
        return ""
    lang, confidence = _get_scorer().classify(sample)
    # py3langid also knows languages without a two-letter code (e.g. "pcm", Nigerian Pidgin, which it
    # guesses for some terse English wire copy): those are not ISO 639-1 answers.
    if confidence < MIN_CONFIDENCE or len(str(lang)) != 2:
        return ""
    return str(lang)


def pick_language(declared: str, text: str) -> str:
    """The language of a page or feed entry: detected from its text; the markup's declaration
    (``<html lang>``, a feed's ``<language>``, often a CMS-wide default that is wrong for the
    article) only decides when the text is too short or unclear to tell."""
    return detect_language(text) or declared
