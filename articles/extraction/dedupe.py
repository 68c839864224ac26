"""Duplicate detection: a hash of the normalised text for exact duplicates, MinHash with LSH bands
over word shingles for near-duplicates (an edited copy, a re-send with a new headline).

Near-duplicate rule (documented in README): two articles are near-duplicates when the Jaccard
similarity of their 5-word shingle sets is at least NEAR_DUPLICATE_THRESHOLD. Candidates are found by
LSH: 64 MinHash values in 16 bands of 4; articles sharing any band key are compared exactly. With
these numbers a pair at Jaccard 0.8 becomes a candidate with probability 1 - (1 - 0.8**4)**16 > 0.9998,
and a pair at 0.3 with probability ~0.12 (then rejected by the exact comparison).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib

import numpy as np

NEAR_DUPLICATE_THRESHOLD = 0.8
SHINGLE_WORDS = 5
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
MIN_SHINGLES = 8  # texts shorter than this are left to the exact hash

_WORD_RE = re.compile(r"\w+")
_PRIME = (1 << 61) - 1
_MASK32 = (1 << 32) - 1
# Fixed seeds: band keys must be comparable across processes and releases.
_rng = np.random.default_rng(20261125)
_A = _rng.integers(1, _MASK32, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, _MASK32, size=NUM_PERM, dtype=np.uint64)


def _words(text: str) -> list[str]:
    """The case-folded, NFKC-normalised words of ``text``: what both the hash and the shingles see."""
    return _WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())


def normalise_for_hash(title: str, body: str) -> str:
    """Case, accents-as-composed, punctuation and white space do not make two copies different.

    The words joined by single spaces: what replacing every character that is neither a word
    character nor a space by a space, collapsing runs of white space and stripping gives (the
    definition this had; tests/test_dedupe.py keeps it as the reference)."""
    return " ".join(_words(f"{title}\n{body}"))


def content_hash(title: str, body: str) -> str:
    return hashlib.sha256(normalise_for_hash(title, body).encode("utf-8")).hexdigest()


def _shingle_set(words: list[str]) -> set[int]:
    if len(words) < SHINGLE_WORDS:
        return set()
    # crc32: stable across processes (band keys are stored) and computed in C; collisions among an
    # article's few hundred shingles are negligible for a Jaccard estimate.
    join, crc32 = " ".join, zlib.crc32
    fives = zip(*(words[k:] for k in range(SHINGLE_WORDS)), strict=False)  # shorter tails end it
    return {crc32(join(five).encode()) for five in fives}


def shingles(body: str) -> set[int]:
    """32-bit hashes of the body's overlapping 5-word sequences (case-folded)."""
    return _shingle_set(_words(body))


def fingerprint(title: str, body: str) -> tuple[str, tuple[int, ...]]:
    """``(content_hash(title, body), band_keys(shingles(body)))``, normalising the text once.

    NFKC maps a title, a newline and a body to the normalised title, a newline and the
    normalised body (a newline neither composes nor reorders with its neighbours), and the newline
    separates words, so the body's words are the tail of the whole text's words."""
    title_words = _words(title)
    body_words = _words(body)
    digest = hashlib.sha256(" ".join(title_words + body_words).encode("utf-8")).hexdigest()
    return digest, band_keys(_shingle_set(body_words))


_P61 = np.uint64(_PRIME)
_SHIFT61 = np.uint64(61)


def _mod_prime(v: np.ndarray) -> np.ndarray:
    """``v % (2**61 - 1)`` for uint64 values (``v`` is overwritten), without a division (the slowest
    step before): (v & P) + (v >> 61) is congruent and at most P + 7; for r >= P, r - P (at most 7)
    is below r, while for r < P it wraps around above it."""
    reduced = v & _P61
    v >>= _SHIFT61
    reduced += v
    np.minimum(reduced, reduced - _P61, out=reduced)
    return reduced


def band_keys(shingle_set: set[int]) -> tuple[int, ...]:
    """LSH band keys (signed 64-bit, to fit a database BIGINT) of a shingle set; () when too short."""
    if len(shingle_set) < MIN_SHINGLES:
        return ()
    x = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    # (a*x + b) mod a Mersenne prime, kept below 2**32: a, b, x < 2**32 so a*x + b fits in 64 bits.
    hashed = _A[:, None] * x[None, :]
    hashed += _B[:, None]
    reduced = _mod_prime(hashed)
    reduced &= np.uint64(_MASK32)
    signature = reduced.min(axis=1)
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return tuple(keys)


def jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
