"""The Whoosh schema, its analysers, and an IndexDocument as the fields Whoosh stores."""

from __future__ import annotations

from collections.abc import Iterable

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

from articles.search import languages
from articles.search.backend import IndexDocument
from articles.search.facets import FACETS, UNDATED, name_value

WORD_PATTERN = r"\w+(?:[.']\w+)*"  # a word, with inner dots and apostrophes (U.S., don't)
# Outside English an apostrophe separates words, as PostgreSQL's parser does (l'élection, dell'Italia).
WORD_PATTERNS = {languages.ENGLISH: WORD_PATTERN, languages.SIMPLE: r"\w+"}
OTHER_WORD_PATTERN = r"\w+(?:\.\w+)*"
# Accents folded so that "Sao Paulo" finds "São Paulo"; the letters Whoosh's map leaves alone are folded
# as PostgreSQL's unaccent folds them (ß → ss, œ → oe, ...), so both engines store the same words.
_UNACCENT = {"ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ĳ": "ij", "ſ": "s"}
FOLD = {**accent_map, **{ord(c): f for c, f in _UNACCENT.items()}}


def _text_analyzer(analysis: str):
    tokens = RegexTokenizer(WORD_PATTERNS.get(analysis, OTHER_WORD_PATTERN)) | LowercaseFilter() | CharsetFilter(FOLD)
    if analysis == languages.SIMPLE:
        return tokens
    if analysis == languages.ENGLISH:  # as before the languages: Whoosh's short English stop list
        return tokens | StopFilter() | StemFilter(cachesize=100_000)
    # The Snowball stop list (the one PostgreSQL's configuration uses), one-letter words kept as it keeps them.
    return (
        tokens
        | StopFilter(stoplist=stopwords_for_language(analysis), minsize=1)
        | StemFilter(lang=analysis, cachesize=100_000)
    )


# One analyser per analysis of articles.search.languages: an article's title and text are indexed in the
# fields of its language's analysis (TITLE_FIELDS / TEXT_FIELDS), so each field has one analyser and its
# own statistics, and a stem of one language never meets another language's articles.
ANALYZERS = {analysis: _text_analyzer(analysis) for analysis in languages.ANALYSES}
ANALYZER = ANALYZERS[languages.ENGLISH]
NAME_ANALYZER = RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(FOLD)


def _suffix(analysis: str) -> str:
    return "" if analysis == languages.ENGLISH else f"_{analysis}"


TITLE_FIELDS = {analysis: f"title{_suffix(analysis)}" for analysis in languages.ANALYSES}
TEXT_FIELDS = {analysis: f"text{_suffix(analysis)}" for analysis in languages.ANALYSES}
ANALYSIS_OF_FIELD = {f: a for fields in (TITLE_FIELDS, TEXT_FIELDS) for a, f in fields.items()}

FACET_FIELDS = FACETS
SPELL_CHARS = 1500


def _keyword() -> KEYWORD:
    return KEYWORD(commas=True, scorable=False, lowercase=False)


SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    aid=NUMERIC(int, bits=64, sortable=True),
    version=STORED(),
    **{TITLE_FIELDS[a]: TEXT(analyzer=ANALYZERS[a], field_boost=2.0) for a in languages.ANALYSES},
    **{TEXT_FIELDS[a]: TEXT(analyzer=ANALYZERS[a]) for a in languages.ANALYSES},
    analysis=_keyword(),  # the analysis of the article's language (articles.search.languages)
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
    analysis = languages.analysis_for(doc.lang)
    return {
        "id": str(doc.id),
        "aid": doc.id,
        "version": doc.version,
        TITLE_FIELDS[analysis]: doc.title,
        TEXT_FIELDS[analysis]: doc.text,
        "analysis": analysis,
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
