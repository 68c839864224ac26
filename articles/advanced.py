"""The advanced-search form's boxes combined into one ordinary query ``q`` (README, "Advanced search").

Rules: "all of these words" is kept as typed (so field syntax such as ``title:`` still works); "this exact
phrase" becomes one quoted phrase; "any of these words" becomes ``(a OR b OR c)``; "none of these words"
becomes ``-a -b``. The parts are joined by spaces (all of them required), after any ``q`` already given.
"""

from __future__ import annotations

import re

ADVANCED_KEYS = ("all", "phrase", "any", "none")
_UNSAFE = re.compile(r'["()]')  # would open a phrase or a group inside a single word
_OPERATORS = {"and", "or", "not"}


def _words(text: str) -> list[str]:
    words = [_UNSAFE.sub("", w).lstrip("-+") for w in text.split()]
    return [w for w in words if w and w.lower() not in _OPERATORS]


def compose_query(
    *, q: str = "", all_words: str = "", phrase: str = "", any_words: str = "", none_words: str = ""
) -> str:
    parts = [q.strip(), all_words.strip()]
    words = _UNSAFE.sub(" ", phrase).split()
    if words:
        parts.append('"' + " ".join(words) + '"')
    alternatives = _words(any_words)
    if len(alternatives) == 1:
        parts.append(alternatives[0])
    elif alternatives:
        parts.append("(" + " OR ".join(alternatives) + ")")
    parts += [f"-{w}" for w in _words(none_words)]
    return " ".join(p for p in parts if p)
