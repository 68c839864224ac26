"""The one facet registry: every facet's name, URL parameter, labels, how a value is read from a URL,
shown and linked. Params, engines, the search and browse pages, feeds and the API all read it.

A facet's values are what the index stores for it (``IndexDocument`` has one field per facet) and
what its URL parameter carries: ISO codes for ``country``, ``medtop:NN000000`` for ``topic``, language
codes, ``YYYY`` or ``undated`` for ``year``, and the name as shown for ``source``, ``section``,
``person`` and ``org``. Every facet parameter is repeatable (OR within a facet, AND across facets) and
a leading ``-`` excludes the value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_TOPIC_RE = re.compile(r"^(?:medtop:)?(\d{8})$")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_YEAR_RE = re.compile(r"^(\d{4}|undated)$")
MAX_VALUE_CHARS = 200
UNDATED = "undated"


def clean_text(value: str, limit: int) -> str:
    """Strip control characters and surrounding space; cap the length."""
    value = unicodedata.normalize("NFC", _CONTROL_RE.sub(" ", value))
    return value.strip()[:limit]


def name_value(value: str) -> str:
    """A name (source, section, person, organisation) as a facet value: commas cannot be part of one
    (engines may store several values comma-separated), runs of space are one space."""
    return " ".join(value.replace(",", " ").split())


def _country(value: str) -> str | None:
    value = value.upper()
    return value if _COUNTRY_RE.match(value) else None


def _topic(value: str) -> str | None:
    m = _TOPIC_RE.match(value.lower())
    return f"medtop:{m.group(1)}" if m else None


def _lang(value: str) -> str | None:
    value = value.lower()
    return value if _LANG_RE.match(value) else None


def _year(value: str) -> str | None:
    value = value.lower()
    return value if _YEAR_RE.match(value) else None


def _name(value: str) -> str | None:
    return name_value(value) or None


LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "pt": "Portuguese", "it": "Italian",
    "nl": "Dutch", "ar": "Arabic", "zh": "Chinese", "ru": "Russian", "ja": "Japanese", "hi": "Hindi",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "pl": "Polish", "tr": "Turkish",
}  # fmt: skip


def _country_labels(values: list[str]) -> dict[str, str]:
    from articles.models import country_names

    names = country_names()
    return {v: names[v] for v in values if v in names}


def _topic_labels(values: list[str]) -> dict[str, str]:
    from articles.models import topic_labels

    labels = topic_labels()
    return {v: labels[v] for v in values if v in labels}


def _lang_labels(values: list[str]) -> dict[str, str]:
    return {v: LANGUAGE_NAMES.get(v, v) for v in values}


@dataclass(frozen=True)
class Facet:
    name: str  # the key in SearchParams.filters, Results.facets and IndexDocument
    param: str  # the URL parameter
    label: str  # "Country": a chip's heading
    plural: str  # "Countries": a facet list's heading
    multi: bool  # an article may have several values
    normalise: Callable[[str], str | None]  # a URL value (cleaned, without "-") as the stored value, or None
    labels: Callable[[list[str]], dict[str, str]] | None = None  # values -> display labels (else as stored)
    browse: str = ""  # URL name of the value's own page (articles:country), if it has one
    description: str = ""  # for the API's OpenAPI parameters

    def read(self, raw: str) -> str | None:
        value = clean_text(raw, MAX_VALUE_CHARS)
        return self.normalise(value) if value else None

    def display(self, values: list[str]) -> dict[str, str]:
        """Each value's label (the value itself when the facet has no labels)."""
        found = self.labels(values) if self.labels and values else {}
        return {v: found.get(v, v) for v in values}


REGISTRY: dict[str, Facet] = {
    f.name: f
    for f in (
        Facet("country", "country", "Country", "Countries", True, _country, _country_labels, "articles:country",
              "ISO 3166-1 alpha-2 code."),
        Facet("topic", "topic", "Topic", "Topics", True, _topic, _topic_labels, "articles:topic",
              "IPTC Media Topic, medtop:NN000000 or the bare number."),
        Facet("source", "source", "Source", "Sources", False, _name, description="Publication name."),
        Facet("section", "section", "Section", "Sections", False, _name, description="Section name."),
        Facet("lang", "lang", "Language", "Languages", False, _lang, _lang_labels, description="Language code."),
        Facet("year", "year", "Year", "Years", False, _year, description="YYYY or 'undated'."),
        Facet("person", "person", "Person", "People", True, _name,
              description="A person's name as the archive shows it (e.g. Amara Okafor)."),
        Facet("org", "org", "Organisation", "Organisations", True, _name,
              description="An organisation's name as the archive shows it."),
    )
}  # fmt: skip
FACETS = tuple(REGISTRY)  # every facet, in the order pages show them


def get(name: str) -> Facet:
    return REGISTRY[name]
