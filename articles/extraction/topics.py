"""IPTC Media Topics (top level) classifier: a linear model over word uni- and bigrams.

Pure: numpy and the standard library only, so extraction stays importable without Django.
The weights come from ``scripts/train_topics.py`` (provenance in ``docs/topics.md``); this module
only tokenises, looks words up and takes one dot product, which keeps scoring well under a
millisecond for a 500-word article.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise, repeat
from pathlib import Path

import numpy as np

from articles.extraction.types import TopicTag

# Labels exactly as IPTC publishes them (https://cv.iptc.org/newscodes/mediatopic/, CC BY 4.0).
IPTC_TOP_LEVEL: dict[str, str] = {
    "medtop:01000000": "arts, culture, entertainment and media",
    "medtop:02000000": "crime, law and justice",
    "medtop:03000000": "disaster, accident and emergency incident",
    "medtop:04000000": "economy, business and finance",
    "medtop:05000000": "education",
    "medtop:06000000": "environment",
    "medtop:07000000": "health",
    "medtop:08000000": "human interest",
    "medtop:09000000": "labour",
    "medtop:10000000": "lifestyle and leisure",
    "medtop:11000000": "politics and government",
    "medtop:12000000": "religion",
    "medtop:13000000": "science and technology",
    "medtop:14000000": "society",
    "medtop:15000000": "sport",
    "medtop:16000000": "conflict, war and peace",
    "medtop:17000000": "weather",
}

# Scores are softmax probabilities over the 17 topics (they sum to 1), so at most two topics can
# pass 0.3 besides the top one. On the BBC held-out split, 8 of 296 articles got a second tag at
# 0.3, each a real two-topic story (EU economic reform: economy + politics; a sprinter voted top TV
# moment: arts + sport); at 0.2 it was 17, with weaker pairings. See docs/topics.md.
TAG_THRESHOLD: float = 0.3

MODEL_PATH = Path(__file__).resolve().parent / "data" / "topics_model.npz"
EVIDENCE_WORDS = 5

# Letters only: digits, currency signs and number formats ("$1.13bn", "155,221") differ between
# agencies and would teach the model house style instead of subject matter.
_WORD_RE = re.compile(r"[a-z]+")

# Function words plus agency/house-style tokens. "reuter" ends every Reuters-21578 story (all
# economy) and "mr" is BBC politics style; other agencies write neither, so they must not count.
STOPWORDS = frozenset(
    """
    a about above after again against all almost along already also although always am among an and
    another any anyone anything are around as at be became because become been before being below
    between both but by can cannot could did do does doing done down during each either else even
    ever every few for from further get gets got had has have having he her here hers herself him
    himself his how however i if in into is it its itself just least less let like made make many
    may me might more most much must my myself neither no nor not now of off often on once one only
    or other others our ours ourselves out over own per perhaps quite rather really same see seen
    several shall she should since so some still such than that the their theirs them themselves
    then there these they this those though through thus to too toward towards under until up upon
    us very via was we were what whatever when where whether which while who whom whose why will
    with within without would yet you your yours yourself
    said says say saying told tell added according including include includes
    mr mrs ms dr st jr co inc ltd corp plc reuter reuters ap afp upi ani pti ians xinhua bbc cnn
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

# Agency abbreviations folded into the words another agency would spell out.
_ALIASES = {
    "mln": "million",
    "mn": "million",
    "bln": "billion",
    "bn": "billion",
    "dlr": "dollar",
    "dlrs": "dollar",
    "pct": "percent",
    "cts": "cent",
    "shr": "share",
    "qtr": "quarter",
    "govt": "government",
    "defense": "defence",
    "labor": "labour",
    "theater": "theatre",
}

_NORM_CACHE: dict[str, str] = {}


def _normalise(word: str) -> str:
    """Alias, then fold plurals ("strikes" -> "strike", "companies" -> "company").

    A light suffix rule rather than a stemmer: evidence words stay readable on the article page,
    and short items often use the singular where a long article used the plural.
    """
    word = _ALIASES.get(word, word)
    n = len(word)
    if n > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        word = word[:-1]
    return word


def _normal_form(raw: str) -> str:
    word = "" if (len(raw) < 2 or raw in STOPWORDS) else _normalise(raw)
    # Bounded so a stream of junk tokens cannot grow the cache without limit.
    if len(_NORM_CACHE) < 500_000:
        _NORM_CACHE[raw] = word
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased, normalised content words of ``text``, in order (stopwords and 1-letter words dropped)."""
    raws = _WORD_RE.findall(text.lower())
    words = list(map(_NORM_CACHE.get, raws))
    if None in words:  # words not seen before in this process
        words = [w if w is not None else _normal_form(raw) for w, raw in zip(words, raws, strict=True)]
    return list(filter(None, words))


def term_spans(text: str, terms: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """Where evidence terms (features as ``features`` makes them: a normalised word, or two content
    words in a row) occur in ``text``: for each term, the (start, end) offsets of the word forms that
    normalise to it ("strikes" for "strike"; "interest rates" and "interest-rate" for "interest rate";
    a bigram's span runs over the stop words between its two words, which ``tokens`` skipped too)."""
    wanted = set(terms)
    if not wanted:
        return {}
    lower = text.lower()
    if len(lower) != len(text):  # a letter that lower-cases to two ("İ"): keep offsets those of ``text``
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    words: list[tuple[int, int, str]] = []
    cache = _NORM_CACHE  # shared with ``tokens``, bounded the same way
    for m in _WORD_RE.finditer(lower):
        raw = m.group()
        word = cache.get(raw)
        if word is None:
            word = _normal_form(raw)
        if word:
            words.append((m.start(), m.end(), word))
    found: dict[str, list[tuple[int, int]]] = {}
    for start, end, word in words:
        if word in wanted:
            found.setdefault(word, []).append((start, end))
    for (start, _, a), (_, end, b) in pairwise(words):
        if f"{a} {b}" in wanted:
            found.setdefault(f"{a} {b}", []).append((start, end))
    return found


def features(title: str, body: str) -> dict[str, int]:
    """Term counts of unigrams and adjacent-word bigrams ("interest rate", "world cup"), unigrams
    first, each kind in order of first occurrence."""
    words = tokens(f"{title}\n{body}")
    counts = Counter(words)  # a bigram has a space, a unigram never: no key is counted twice
    counts.update(map(" ".join, pairwise(words)))
    return dict(counts)


# 1 + ln(count) for the counts an article has, computed by math.log once (numpy's vectorised log
# may differ from it in the last bit).
_SUBLINEAR_TF = np.array([0.0] + [1.0 + math.log(c) for c in range(1, 4096)])


class _Model:
    """The exported weights: vocabulary, idf, a (17 x V) weight matrix and a bias per topic."""

    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as data:
            vocab = str(data["vocab"]).split("\n")
            self.codes = [str(c) for c in data["codes"]]
            self.idf = data["idf"].astype(np.float64)
            # Stored as float16 to stay small; widened once so the dot product is exact enough.
            self.weights = data["weights"].astype(np.float32)
            self.bias = data["bias"].astype(np.float64)
        self.vocab = vocab
        self.index = {w: i for i, w in enumerate(vocab)}
        if self.codes != list(IPTC_TOP_LEVEL):
            raise ValueError(f"{path} has topics {self.codes}, expected the 17 IPTC codes in order")

    def vectorise(self, title: str, body: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices and their sublinear-tf x idf values, L2-normalised."""
        feats = features(title, body)
        ids = np.fromiter(map(self.index.get, feats, repeat(-1)), dtype=np.intp, count=len(feats))
        counts = np.fromiter(feats.values(), dtype=np.intp, count=len(feats))
        known = ids >= 0
        ids, counts = ids[known], counts[known]
        if counts.size and counts.max() >= len(_SUBLINEAR_TF):
            tf = np.array([1.0 + math.log(c) for c in counts.tolist()])
        else:
            tf = _SUBLINEAR_TF[counts]
        vals = tf * self.idf[ids]
        norm = float(np.sqrt(vals @ vals))
        if norm > 0:
            vals /= norm
        return ids, vals


@lru_cache(maxsize=1)
def _model() -> _Model:
    # Loaded on first use, once per process: importing the module stays cheap for code paths
    # (migrations, admin) that never classify.
    return _Model(MODEL_PATH)


def _ranked(title: str, body: str, threshold: float | None) -> list[TopicTag]:
    """Topics best first with their scores; with ``threshold``, only the best and those reaching it
    (their evidence is what costs: a sort of every word's contribution per topic)."""
    model = _model()
    ids, vals = model.vectorise(title or "", body or "")
    contrib = model.weights[:, ids] * vals  # (17, n): what each word adds to each topic
    logits = contrib.sum(axis=1, dtype=np.float64) + model.bias
    logits -= logits.max()
    probs = np.exp(logits)
    probs /= probs.sum()
    tags = []
    for rank, k in enumerate(np.argsort(-probs, kind="stable")):
        if threshold is not None and rank and probs[k] < threshold:
            continue
        row = contrib[k]
        order = np.argsort(-row, kind="stable")[:EVIDENCE_WORDS]
        evidence = tuple(model.vocab[ids[j]] for j in order if row[j] > 0)
        code = model.codes[k]
        tags.append(TopicTag(code, IPTC_TOP_LEVEL[code], float(probs[k]), evidence))
    return tags


def score_topics(title: str, body: str) -> list[TopicTag]:
    """All 17 top-level topics with a 0..1 score (softmax probability), best first."""
    return _ranked(title, body, None)


def classify_topics(title: str, body: str, language: str = "") -> tuple[TopicTag, ...]:
    """The best topic, plus any other whose score reaches TAG_THRESHOLD. The model knows English words:
    an article in a language of ``data/topics_i18n.json`` is first read through that language's
    topic vocabulary (``in_english``)."""
    if language in _i18n():
        title, body = in_english(title, language), in_english(body, language)
    return tuple(_ranked(title, body, TAG_THRESHOLD))


I18N_PATH = Path(__file__).resolve().parent / "data" / "topics_i18n.json"
_LETTERS_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_COMPOUNDING = frozenset({"de", "nl"})  # languages that write compounds as one word
_INFLECTIONS = ("", "e", "n", "s", "en", "er", "es", "ern")


@lru_cache(maxsize=1)
def _i18n() -> dict[str, dict[str, str]]:
    with I18N_PATH.open(encoding="utf-8") as f:
        data = json.load(f)
    return {lang: words for lang, words in data.items() if not lang.startswith("_")}


_TRANSLATED: dict[tuple[str, str], str] = {}


def _english_word(word: str, language: str) -> str:
    """The English topic word for one lower-case word of ``language``, or ""."""
    words = _i18n()[language]
    found = words.get(word)
    if found:
        return found
    for k in range(min(len(word) - 1, len(word)), 4, -1):  # a stem of 5+ letters and a short ending
        if len(word) - k > 4:
            break
        found = words.get(word[:k])
        if found:
            return found
    if language in _COMPOUNDING:  # the last part of a compound decides: "Bundestagswahlen" -> wahl
        for i in range(1, len(word) - 3):
            tail = word[i:]
            for ending in _INFLECTIONS:
                if len(tail) - len(ending) >= 4 and tail.endswith(ending):
                    found = words.get(tail[: len(tail) - len(ending)] if ending else tail)
                    if found:
                        return found
    return ""


def in_english(text: str, language: str) -> str:
    """The topic words of ``text`` (in ``language``) as English words, in order; other words dropped
    (a German "die" or "also" must not count as the English word)."""
    out = []
    for word in _LETTERS_RE.findall(text.lower()):
        key = (language, word)
        english = _TRANSLATED.get(key)
        if english is None:
            english = _english_word(word, language)
            if len(_TRANSLATED) < 200_000:
                _TRANSLATED[key] = english
        if english:
            out.append(english)
    return " ".join(out)
