"""The advanced-search form's boxes combined into one ordinary query ``q`` (README, "Advanced search").

Rules: "all of these words" is kept as typed (so field syntax such as ``title:`` still works); "this exact
phrase" becomes one quoted phrase; "any of these words" becomes ``(a OR b OR c)``; "none of these words"
becomes ``-a -b``. The parts are joined by spaces (all of them required), after any ``q`` already given.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from articles.search.facets import FACETS, REGISTRY
from articles.search.params import DEFAULT_SIZE, SearchParams

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


# The reverse, to prefill the form from a search: q split at its top level (outside quotes and brackets).
_UNITS = re.compile(r'(?:"[^"]*"|\([^()"]*\)|[^\s"()])+|\S')


def _plain(word: str) -> bool:
    """A word that ``_words`` keeps as it is (so composing it again gives the same text)."""
    return _words(word) == [word]


def decompose_query(q: str) -> dict[str, str]:
    """``q`` as the form's four boxes, where that gives back exactly the same ``q``.

    The inverse of ``compose_query``, which writes all, phrase, any, none in that order: read from the
    end, the trailing ``-word``s are "none", a ``(a OR b)`` group of plain words before them is "any",
    a ``"phrase"`` before that is "this exact phrase", and the rest is "all", as typed. The boxes are
    kept only if composing them gives ``q`` again, so the form submits the search it was opened from
    (same results, same feed and saved-search address); otherwise all of ``q`` is "all of these words".
    """
    boxes = {"all": "", "phrase": "", "any": "", "none": ""}
    q = q.strip()
    whole = {**boxes, "all": q}
    units = _UNITS.findall(q)
    if any(u in ("OR", "AND", "NOT", '"', "(", ")") for u in units):
        return whole  # a top-level operator binds across the boxes, or the brackets/quotes do not pair
    nones = []
    while units and units[-1].startswith("-") and _plain(units[-1][1:]):
        nones.insert(0, units.pop()[1:])
    boxes["none"] = " ".join(nones)
    if units and re.fullmatch(r"\([^()]*\)", units[-1]):
        words = units[-1][1:-1].split()
        if len(words) >= 3 and words[1::2] == ["OR"] * (len(words) // 2) and all(map(_plain, words[::2])):
            boxes["any"] = " ".join(words[::2])
            units.pop()
    if units and re.fullmatch(r'"[^"]*"', units[-1]) and units[-1][1:-1].split():
        boxes["phrase"] = units.pop()[1:-1]
    boxes["all"] = " ".join(units)
    composed = compose_query(
        all_words=boxes["all"], phrase=boxes["phrase"], any_words=boxes["any"], none_words=boxes["none"]
    )
    return boxes if composed == q else whole


# The form's one-value fields: a facet's first value goes there when the field can show it.
FORM_FACETS = ("source", "section", "country", "topic", "lang")


@dataclass(frozen=True)
class Kept:
    """A part of the search the form has no field for (a second country, an exclusion, a person, a
    year): a ticked checkbox with the search's own parameter, so submitting keeps it."""

    param: str
    value: str  # as in the URL: "-KE" excludes
    label: str  # "Not country: Kenya"


def prefill(params: SearchParams, choices: dict[str, Collection[str]]) -> tuple[dict[str, str], list[Kept]]:
    """The advanced form's values for the search ``params``, and what it keeps without a field.

    ``choices`` are the values a select offers (``source``, ``country``, ``topic``, ``lang``); a value
    it does not offer is kept as a checkbox instead. ``section`` is free text.
    """
    values = {**decompose_query(params.q), "sort": params.sort if params.sort != "relevance" else ""}
    values["from"] = params.date_from.isoformat() if params.date_from else ""
    values["to"] = params.date_to.isoformat() if params.date_to else ""
    values["size"] = str(params.size) if params.size != DEFAULT_SIZE else ""
    kept: list[Kept] = []
    for name in FACETS:
        facet = REGISTRY[name]
        include, exclude = params.include(name), params.exclude(name)
        labels = facet.display([*include, *exclude])
        if name in FORM_FACETS:
            offered = choices.get(name)
            shown = next((v for v in include if offered is None or v in offered), "")
            values[name] = shown
            include = tuple(v for v in include if v != shown)
        kept += [Kept(facet.param, v, f"{facet.label}: {labels[v]}") for v in include]
        kept += [Kept(facet.param, f"-{v}", f"Not {facet.label.lower()}: {labels[v]}") for v in exclude]
    return values, kept
