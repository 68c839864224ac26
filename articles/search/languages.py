"""Which analysis (stemmer, stop words) reads an article's text, shared by both engines (issue 13).

Every article is analysed in its own language, and a query is matched against it analysed in that same
language: the query is analysed once per *analysis* the archive holds, and each analysis of the query
is matched only against the articles of that analysis (an OR over the archive's analyses, each
restricted to its own articles). So ``Wahlen`` finds ``Wahl`` in German articles, an English article is
found by English stems as before, and a German stem never matches an English word that happens to
share it (``Kinder`` → ``kind`` does not find "a kind gesture"). A ``lang=`` filter then keeps one
language's articles, found by that language's analysis only; the engines also skip the other analyses
when the language facet is not being counted (``in_play``).

Analyses: the Snowball stemmers both engines ship (Whoosh's ``whoosh.lang.snowball``; PostgreSQL's
``*_stem`` dictionaries), with the Snowball stop words (the same lists in both), accents folded first
(``unaccent`` in PostgreSQL, a character map in Whoosh) and, outside English, apostrophes separating
words as PostgreSQL's parser does (``l'élection`` is ``l`` + ``élection``; ``l`` is a French stop
word). English keeps the analysis it had. An article without a detected language (too short or
unclear: mostly short English items here) is read as English, as before; a language detected without
a stemmer here (``ru``, ``pl``, ``sv``, …) is read by ``simple``: words folded and lower-cased, neither
stemmed nor dropped — an English stemmer would conflate its words by English suffixes and drop English
stop words that are its content words. Adding a language means adding it to ``SNOWBALL`` (both engines
have many more), a migration creating its PostgreSQL configuration, and a rebuild of the index.
"""

from __future__ import annotations

from collections.abc import Iterable

# ISO 639-1 code -> the Snowball stemmer's name (the name of Whoosh's stemmer and of PostgreSQL's
# built-in configuration). Each is measured by bench/languages_bench.py on eval/own-multi.jsonl.
SNOWBALL = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
}
ENGLISH = "en"
SIMPLE = "simple"  # folded and lower-cased words, no stemming, no stop words
ANALYSES = (*SNOWBALL, SIMPLE)  # in this order everywhere (compiled queries, SQL branches)


def analysis_for(language: str | None) -> str:
    """The analysis of an article whose detected language is ``language`` (ISO 639-1, maybe ``pt-BR``)."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if not code:
        return ENGLISH
    return code if code in SNOWBALL else SIMPLE


def ordered(analyses: Iterable[str]) -> tuple[str, ...]:
    wanted = set(analyses)
    return tuple(a for a in ANALYSES if a in wanted)


def in_play(archive: Iterable[str], params=None, facets: Iterable[str] = ()) -> tuple[str, ...]:
    """The analyses a search needs: those the archive holds (``archive``, from the engine's aggregates),
    narrowed to the chosen ``lang=`` values when the language facet is not counted (its counts need the
    other languages' matches too: each is counted as the search that selects it would find it)."""
    held = ordered(archive) or (ENGLISH,)
    flt = params.filters.get("lang") if params is not None else None
    if flt and flt.include and "lang" not in set(facets):
        chosen = {analysis_for(code) for code in flt.include}
        held = tuple(a for a in held if a in chosen) or held[:1]
    return held
