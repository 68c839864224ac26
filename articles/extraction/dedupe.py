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

_SPACE_RE = re.compile(r"\s+")
_PUNCT_RE = re.compile(r"[^\w\s]")
_WORD_RE = re.compile(r"\w+")
_PRIME = (1 << 61) - 1
_MASK32 = (1 << 32) - 1
# Fixed seeds: band keys must be comparable across processes and releases.
_rng = np.random.default_rng(20261125)
_A = _rng.integers(1, _MASK32, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, _MASK32, size=NUM_PERM, dtype=np.uint64)


def normalise_for_hash(title: str, body: str) -> str:
    """Case, accents-as-composed, punctuation and white space do not make two copies different."""
    text = unicodedata.normalize("NFKC", f"{title}\n{body}").casefold()
    text = _PUNCT_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def content_hash(title: str, body: str) -> str:
    return hashlib.sha256(normalise_for_hash(title, body).encode("utf-8")).hexdigest()


def shingles(body: str) -> set[int]:
    """32-bit hashes of the body's overlapping 5-word sequences (case-folded)."""
    words = _WORD_RE.findall(unicodedata.normalize("NFKC", body).casefold())
    if len(words) < SHINGLE_WORDS:
        return set()
    # crc32: stable across processes (band keys are stored) and computed in C; collisions among an
    # article's few hundred shingles are negligible for a Jaccard estimate.
    return {zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode()) for i in range(len(words) - SHINGLE_WORDS + 1)}


def band_keys(shingle_set: set[int]) -> tuple[int, ...]:
    """LSH band keys (signed 64-bit, to fit a database BIGINT) of a shingle set; () when too short."""
    if len(shingle_set) < MIN_SHINGLES:
        return ()
    x = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    # (a*x + b) mod a Mersenne prime, kept below 2**32: a, b, x < 2**32 so a*x fits in 64 bits.
    hashed = ((_A[:, None] * x[None, :] + _B[:, None]) % np.uint64(_PRIME)) & np.uint64(_MASK32)
    signature = hashed.min(axis=1)
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
