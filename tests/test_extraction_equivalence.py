"""The faster forms of extraction steps give exactly what the plain forms gave (issue 13's speed work).

Each test keeps the plain definition as the reference and compares on a table of edge cases written
for this file plus hypothesis-generated text (derandomised when CI=true). None of the texts comes from
a corpus.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import unicodedata
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.extraction import dedupe, entities, language, topics

CI = os.environ.get("CI") == "true"
fuzz = settings(
    derandomize=CI,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 60)),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
_pieces = st.one_of(
    st.characters(codec=None, exclude_categories=["Cs"]),
    st.sampled_from(list(" \n\t\u00a0\u0301\u0308\ufb01İıß'’-_.,;:()")),
    st.sampled_from(["Mr ", "Smith", "Smith-Jones", "O'Neill", "De ", "and ", "the ", "Ministry of ", " said"]),
)
texts = st.lists(_pieces, max_size=80).map("".join)

EDGE_TEXTS = [
    "",  # nothing
    "one",  # one word
    "Ünïcödé façade ﬁne İstanbul ß",  # ligature, dotted capital I, sharp s (casefold expands)
    "\u0301leading combining mark\n\u0308after a newline",  # marks that compose with nothing
    "tabs\tand\u00a0no-break\u2028line separator\u3000ideographic space",  # white space of every kind
    "snake_case words__and ___ under_scores",  # underscores are word characters
    "  leading and trailing  ",  # stripped
    "١٢٣ Arabic-Indic digits and ² superscripts",  # digits that NFKC folds
    "日本語のテキスト、句読点。",  # no spaces between words
    "a b c d e f g h i j k l m n o p",  # more than five words: shingles
]


def _reference_normalise_for_hash(title: str, body: str) -> str:
    # the definition before issue 13's speed work
    text = unicodedata.normalize("NFKC", f"{title}\n{body}").casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _reference_shingles(body: str) -> set[int]:
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", body).casefold())
    if len(words) < 5:
        return set()
    return {zlib.crc32(" ".join(words[i : i + 5]).encode()) for i in range(len(words) - 4)}


def _reference_band_signature(shingle_set: set[int]) -> np.ndarray:
    x = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    hashed = ((dedupe._A[:, None] * x[None, :] + dedupe._B[:, None]) % np.uint64(dedupe._PRIME)) & np.uint64(
        dedupe._MASK32
    )
    return hashed.min(axis=1)


def _check_dedupe(title: str, body: str) -> None:
    assert dedupe.normalise_for_hash(title, body) == _reference_normalise_for_hash(title, body)
    assert dedupe.shingles(body) == _reference_shingles(body)
    assert dedupe.fingerprint(title, body) == (
        dedupe.content_hash(title, body),
        dedupe.band_keys(dedupe.shingles(body)),
    )


@pytest.mark.parametrize("title", ["", "Ünïcödé ﬁ title", "\u0301"])
@pytest.mark.parametrize("body", EDGE_TEXTS)
def test_dedupe_matches_reference(title: str, body: str) -> None:
    _check_dedupe(title, body)


@fuzz
@given(texts, texts)
def test_dedupe_matches_reference_fuzz(title: str, body: str) -> None:
    _check_dedupe(title, body)


@pytest.mark.parametrize(
    "values",
    [
        [0, 1, 2, 3, 4, 5, 6, 7],  # small
        [(1 << 32) - 1 - k for k in range(8)],  # the largest 32-bit values: a*x + b near 2**64
        list(range(1000, 1300)),  # an article's worth
    ],
)
def test_band_signature_matches_modulo(values: list[int]) -> None:
    # band_keys reduces modulo the Mersenne prime without a division: the signature is the same
    keys = dedupe.band_keys(set(values))
    signature = _reference_band_signature(set(values))
    import hashlib

    expected = tuple(
        int.from_bytes(
            hashlib.blake2b(
                bytes([b]) + signature[b * dedupe.ROWS : (b + 1) * dedupe.ROWS].tobytes(), digest_size=8
            ).digest(),
            "little",
            signed=True,
        )
        for b in range(dedupe.BANDS)
    )
    assert keys == expected


def test_mod_prime_matches_modulo() -> None:
    p = dedupe._PRIME
    values = [0, 1, p - 8, p - 1, p, p + 1, p + 7, 2 * p - 1, 2 * p, 8 * p + 6, (1 << 64) - 1, (1 << 64) - 2]
    values += [k * p + d for k in range(1, 9) for d in range(8) if k * p + d < 1 << 64]
    v = np.array(values, dtype=np.uint64)
    assert dedupe._mod_prime(v.copy()).tolist() == [x % p for x in values]


LANGUAGE_TEXTS = [
    "The council approved the budget for the new library after a long debate on Tuesday night.",
    "Der Stadtrat hat den Haushalt für die neue Bibliothek nach langer Debatte am Dienstag beschlossen.",
    "Le conseil municipal a adopté mardi soir le budget de la nouvelle bibliothèque après un long débat.",
    "El ayuntamiento aprobó el martes por la noche el presupuesto de la nueva biblioteca.",
    "Il consiglio comunale ha approvato martedì sera il bilancio della nuova biblioteca.",
    "A câmara aprovou na terça-feira à noite o orçamento da nova biblioteca municipal.",
    "De gemeenteraad heeft dinsdagavond de begroting voor de nieuwe bibliotheek goedgekeurd.",
    "THE COUNCIL APPROVED THE BUDGET FOR THE NEW LIBRARY",  # all capitals: lower-cased first
    "Совет утвердил бюджет новой библиотеки во вторник вечером.",  # another script
    "市议会周二晚上批准了新图书馆的预算。",  # no spaces
    "abcde",  # shorter than the automaton's six bytes
    "ab",
    "",
    "x" * 40,
]


@pytest.mark.parametrize("text", LANGUAGE_TEXTS)
def test_language_scores_match_py3langid(text: str) -> None:
    scorer = language._get_scorer()
    assert np.array_equal(scorer.scores(text), language._get_identifier()._decide(text))


@fuzz
@given(texts)
def test_language_scores_match_py3langid_fuzz(text: str) -> None:
    scorer = language._get_scorer()
    assert np.array_equal(scorer.scores(text), language._get_identifier()._decide(text))


def _reference_surname_hits(body: str, surnames: list[str]) -> list[tuple[int, int, str]]:
    pattern = re.compile(r"(?<![\w'’-])(" + "|".join(map(re.escape, surnames)) + r")(?![\w-])")
    return [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(body)]


@pytest.mark.parametrize(
    ("body", "surnames"),
    [
        ("Smith said. Smith-Jones said. O'Smith said. Smiths said.", ["Smith"]),  # boundaries both sides
        ("Mr Van der Berg and Berg met Bergman.", ["Berg", "Bergman"]),  # one name inside another
        ("Lee Lee Leeds Lee's Lee_s -Lee Lee-", ["Lee"]),  # repeated, possessive, underscore, hyphens
        ("Dubois Du Dubois", ["Du", "Dubois"]),  # a shorter alternative listed first
        ("Ng.Ng Ng", ["Ng", "Ng.Ng"]),  # a surname with a full stop in it
        ("Ödön ödön Ödönné", ["Ödön"]),  # letters beyond ASCII around it
        ("", ["Smith"]),  # empty body
    ],
)
def test_surname_hits_match_the_pattern(body: str, surnames: list[str]) -> None:
    assert entities._surname_hits(body, surnames) == _reference_surname_hits(body, surnames)


@fuzz
@given(texts, st.lists(st.sampled_from(["Smith", "Smith-Jones", "O'Neill", "Ng", "Ng.Ng", "Du", "Dubois"]), min_size=1))
def test_surname_hits_match_the_pattern_fuzz(body: str, surnames: list[str]) -> None:
    surnames = list(dict.fromkeys(surnames))
    assert entities._surname_hits(body, surnames) == _reference_surname_hits(body, surnames)


def _reference_features(title: str, body: str) -> dict[str, int]:
    words = topics.tokens(f"{title}\n{body}")
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    for a, b in itertools.pairwise(words):
        counts[f"{a} {b}"] = counts.get(f"{a} {b}", 0) + 1
    return counts


@pytest.mark.parametrize(
    "body",
    [
        "rates rates rates interest rates interest",  # repeats: counts and order of first occurrence
        "",  # nothing
        "the of and",  # stopwords only
        "world cup " * 4500,  # a count beyond the table of 1 + ln(count)
    ],
)
def test_topic_features_keep_counts_and_order(body: str) -> None:
    got = topics.features("Title words", body)
    want = _reference_features("Title words", body)
    assert list(got.items()) == list(want.items())
    model = topics._model()
    ids, vals = model.vectorise("Title words", body)
    # the reference: one math.log per term, as before
    ref = [(model.index[t], 1.0 + math.log(c)) for t, c in want.items() if t in model.index]
    ref_ids = np.array([i for i, _ in ref], dtype=np.intp)
    ref_vals = np.array([v for _, v in ref], dtype=np.float64) * model.idf[ref_ids]
    norm = float(np.sqrt(ref_vals @ ref_vals))
    if norm > 0:
        ref_vals /= norm
    assert np.array_equal(ids, ref_ids) and np.array_equal(vals, ref_vals)
