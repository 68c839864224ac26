"""Duplicate detection helpers: a hash of the normalised text identifies exact duplicates."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE_RE = re.compile(r"\s+")
_PUNCT_RE = re.compile(r"[^\w\s]")


def normalise_for_hash(title: str, body: str) -> str:
    """Case, accents-as-composed, punctuation and white space do not make two copies different."""
    text = unicodedata.normalize("NFKC", f"{title}\n{body}").casefold()
    text = _PUNCT_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def content_hash(title: str, body: str) -> str:
    return hashlib.sha256(normalise_for_hash(title, body).encode("utf-8")).hexdigest()
