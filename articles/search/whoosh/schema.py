"""The Whoosh schema, its analysers, and an IndexDocument as the fields Whoosh stores."""

from __future__ import annotations

from collections.abc import Iterable

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from articles.search.backend import IndexDocument
from articles.search.facets import FACETS, UNDATED, name_value

WORD_PATTERN = r"\w+(?:[.']\w+)*"  # a word, with inner dots and apostrophes (U.S., don't)
# Accents folded so that "Sao Paulo" finds "São Paulo"; stemmed English.
ANALYZER = (
    RegexTokenizer(WORD_PATTERN)
    | LowercaseFilter()
    | CharsetFilter(accent_map)
    | StopFilter()
    | StemFilter(cachesize=100_000)
)
NAME_ANALYZER = RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)

FACET_FIELDS = FACETS
SPELL_CHARS = 1500


def _keyword() -> KEYWORD:
    return KEYWORD(commas=True, scorable=False, lowercase=False)


SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    aid=NUMERIC(int, bits=64, sortable=True),
    version=STORED(),
    title=TEXT(analyzer=ANALYZER, field_boost=2.0),
    text=TEXT(analyzer=ANALYZER),
    author=TEXT(analyzer=NAME_ANALYZER),
    # Searchable twins of the facet fields (person:singh, source:reuters) — the KEYWORD fields keep
    # the exact values for facets and filters.
    people=TEXT(analyzer=NAME_ANALYZER),
    orgs=TEXT(analyzer=NAME_ANALYZER),
    source_t=TEXT(analyzer=NAME_ANALYZER),
    section_t=TEXT(analyzer=NAME_ANALYZER),
    dup=NUMERIC(int, bits=64, sortable=True),  # the original's article id for a near-duplicate, else 0
    # The archive's own vocabulary, unstemmed, for "did you mean" (no positions: it is never searched).
    spell=TEXT(analyzer=NAME_ANALYZER, phrase=False),
    country=_keyword(),
    topic=_keyword(),
    source=_keyword(),
    section=_keyword(),
    lang=_keyword(),
    year=_keyword(),
    person=_keyword(),
    org=_keyword(),
    # epoch seconds; 0 when undated (a separate mask keeps undated articles last in every order)
    published=NUMERIC(int, bits=64, sortable=True, signed=True),
    day=NUMERIC(int, bits=32, sortable=True),  # YYYYMMDD, 0 when undated
)


def keyword_value(values: Iterable[str]) -> str:
    # Commas separate keywords; a value may not contain one.
    return ",".join(name_value(v) for v in values if v and v.strip())


def document_fields(doc: IndexDocument) -> dict:
    year = str(doc.day // 10000) if doc.day else UNDATED
    return {
        "id": str(doc.id),
        "aid": doc.id,
        "version": doc.version,
        "title": doc.title,
        "text": doc.text,
        "author": " ; ".join(doc.authors),
        "people": " ; ".join(doc.person),
        "orgs": " ; ".join(doc.org),
        "source_t": doc.source,
        "section_t": doc.section,
        "dup": doc.duplicate_of or 0,
        # Title and lead are enough to learn the archive's common words, at a fraction of the cost.
        "spell": f"{doc.title}\n{doc.text[:SPELL_CHARS]}",
        "country": keyword_value(doc.country),
        "topic": keyword_value(doc.topic),
        "source": keyword_value([doc.source]),
        "section": keyword_value([doc.section]),
        "lang": keyword_value([doc.lang]),
        "year": year,
        "person": keyword_value(doc.person),
        "org": keyword_value(doc.org),
        "published": doc.published or 0,
        "day": doc.day or 0,
    }
