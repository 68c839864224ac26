"""Frozen dataclasses that extraction returns. Pure Python: no Django, no search engine."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """A surface form and its character offsets in the article body (body[start:end] == text)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class CountryTag:
    code: str  # ISO 3166-1 alpha-2, upper case
    name: str
    about: bool  # the article is about this country (vs merely mentions it)
    salience: float  # 0..1
    mentions: int
    evidence: tuple[Evidence, ...] = ()
    # how the tag was found, e.g. ("dateline", "name", "demonym", "city", "title")
    methods: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicTag:
    code: str  # "medtop:15000000"
    label: str
    score: float  # 0..1
    # the words that contributed most, for the article page
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntityTag:
    name: str
    mentions: int
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class RawArticle:
    """What a format reader yields: the article's text and metadata, before tagging."""

    body: str
    title: str = ""
    standfirst: str = ""
    section: str = ""
    authors: tuple[str, ...] = ()
    dateline: str = ""
    published: datetime | None = None  # timezone-aware (UTC) when known
    url: str = ""
    source: str = ""
    caption: str = ""
    caption_credit: str = ""  # e.g. "X" from "... Photo | X"
    language: str = ""
    external_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    original: str = ""  # the input this article was read from, kept for re-extraction
    format: str = ""  # "text", "jsonl", ...


@dataclass(frozen=True)
class ReadError:
    """A record that could not be read; it takes the failed record's place in the output."""

    error: str
    external_id: str | None = None
    position: int | None = None  # 1-based record or line number inside the file, when known
    original: str = ""  # the record's own input, when it could be cut out (kept so staff can retry it)


@dataclass(frozen=True)
class ExtractedArticle:
    raw: RawArticle
    language: str
    countries: tuple[CountryTag, ...] = ()
    topics: tuple[TopicTag, ...] = ()
    people: tuple[EntityTag, ...] = ()
    organizations: tuple[EntityTag, ...] = ()
    content_hash: str = ""
    # MinHash LSH band keys of the body's word shingles (near-duplicate candidates share one)
    bands: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
