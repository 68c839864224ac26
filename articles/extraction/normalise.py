"""The one text normaliser: every reader's output goes through it before storage and before any
evidence offset is computed, so that stored, indexed and highlighted text are the same string.

Pure Python (no Django, no Whoosh). The rules (issue 10):
- lone surrogates (from JSON "\\ud800" escapes or ``surrogateescape``) become U+FFFD: they cannot be
  encoded as UTF-8, so neither SQLite, PostgreSQL nor a feed could store or send them;
- NUL and every other C0/C1 control character except tab and newline are removed: PostgreSQL
  refuses NUL in text, and XML 1.0 (our feeds) refuses the C0 controls;
- U+00AD (soft hyphen), U+200B (zero-width space), U+2060 (word joiner) and U+FEFF (BOM / zero
  width no-break space) are removed: they are invisible and split words for the search engine
  ("inter\\u00adnational" would not match "international");
- ZWJ/ZWNJ (U+200D/U+200C) are kept: they are spelling in Persian, Hindi, Malayalam, emoji, ...
- NFC, last, because removing a character can bring a base letter next to a combining mark.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields, replace
from typing import Any

__all__ = ["normalise", "normalise_article", "normalise_error", "normalise_line", "replace_surrogates"]

# Carriage returns and the Unicode line ends (NEL, LINE and PARAGRAPH SEPARATOR) become newlines
# rather than vanishing, so that "a\rb" keeps its line break.
_NEWLINES = re.compile("\r\n?|[\x85\u2028\u2029]")
# C0 controls except \t and \n, DEL, C1 controls, the invisible format characters listed above.
_REMOVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Anything the three rules would change (for the fast path).
_ANY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff\u2028\u2029\ud800-\udfff]")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` made safe to store, index and serve (see the module docstring). Idempotent."""
    if not text:
        return ""
    # The common case costs one scan in C: nothing to remove, already NFC.
    if _ANY.search(text) is None and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return text
    text = replace_surrogates(text)
    text = _NEWLINES.sub("\n", text)
    text = _REMOVE.sub("", text)
    return unicodedata.normalize("NFC", text)


def replace_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (so that it can be encoded)."""
    return _SURROGATE.sub("\ufffd", text)


def normalise_line(text: str) -> str:
    """A one-line field (title, author, section, URL): normalised, with runs of white space
    (including the tabs and newlines ``normalise`` keeps) folded to one space and trimmed."""
    return _SPACE.sub(" ", normalise(text)).strip()


# Multi-line fields keep their paragraphs; every other string field is one line.
_MULTILINE = frozenset({"body", "standfirst", "caption", "original"})


def normalise_article(raw: Any) -> Any:
    """A RawArticle with every text field normalised (the ``original`` input too: it is stored,
    and a lone surrogate or NUL in it would fail the whole record on PostgreSQL)."""
    changes: dict[str, Any] = {}
    for f in fields(raw):
        value = getattr(raw, f.name)
        if isinstance(value, str):
            new = normalise(value).strip() if f.name in _MULTILINE else normalise_line(value)
            if f.name == "original":
                new = normalise(value)  # kept as read: re-extraction parses it again
            if new != value:
                changes[f.name] = new
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            new_tuple = tuple(dict.fromkeys(v for v in (normalise_line(v) for v in value) if v))
            if new_tuple != value:
                changes[f.name] = new_tuple
        elif isinstance(value, dict):
            new_dict = _normalise_json(value)
            if new_dict != value:
                changes[f.name] = new_dict
    return replace(raw, **changes) if changes else raw


def _normalise_json(value: Any) -> Any:
    # The extra metadata is stored as JSON: its strings (and keys) must be storable too.
    if isinstance(value, str):
        return normalise(value)
    if isinstance(value, dict):
        return {(normalise(k) if isinstance(k, str) else k): _normalise_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise_json(v) for v in value]
    return value


def normalise_error(error: Any) -> Any:
    """A ReadError whose message, id and original are storable (they quote the bad input)."""
    return replace(
        error,
        error=normalise(error.error),
        external_id=normalise_line(error.external_id) if error.external_id else error.external_id,
        original=normalise(error.original),
    )
