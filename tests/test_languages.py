"""Each language's articles analysed by its own stemmer, on the engine under test (issue 13, languages):
a query is matched against each article analysed in that article's language (articles.search.languages)."""

from __future__ import annotations

import re

import pytest

from articles.search import index, languages
from articles.search.params import FacetFilter, SearchParams

# Articles written for these tests; "language" as a person would declare it in the import format.
RECORDS = [
    {
        "id": "de1",
        "title": "Nach der Wahl in Bayern",
        "body": "Nach der Wahl verhandeln die Parteien über eine neue Regierung. Jedes Kind bekommt einen Platz "
        "in der Schule, versprach die Ministerin.",
        "language": "de",
    },
    {
        "id": "fr1",
        "title": "Le maire gagne l'élection",
        "body": "Le maire sortant a gagné l'élection dimanche avec une large avance sur ses adversaires.",
        "language": "fr",
    },
    {
        "id": "es1",
        "title": "La elección del alcalde",
        "body": "El alcalde ganó la elección del domingo con una amplia ventaja sobre sus rivales.",
        "language": "es",
    },
    {
        "id": "it1",
        "title": "Il risultato dell'elezione",
        "body": "Il sindaco ha vinto l'elezione di domenica con un ampio margine sugli avversari.",
        "language": "it",
    },
    {
        "id": "pt1",
        "title": "O governo anuncia novas medidas",
        "body": "O governo anunciou ontem um pacote de medidas para apoiar as famílias com rendimentos baixos.",
        "language": "pt",
    },
    {
        "id": "nl1",
        "title": "De uitslag van de verkiezing",
        "body": "De burgemeester won de verkiezing op zondag met een ruime voorsprong op zijn tegenstanders.",
        "language": "nl",
    },
    {
        "id": "en1",
        "title": "The mayor wins the election",
        "body": "The mayor won Sunday's election by a wide margin, officials said after the count.",
        "language": "en",
    },
    {
        "id": "en2",
        "title": "A kind gesture at the school",
        "body": "The mayor made a kind gesture to the school and thanked the teachers for their work.",
        "language": "en",
    },
    {
        "id": "sv1",
        "title": "Valet i kommunen",
        "body": "Valet i kommunen avgjordes på söndagen efter en lång kväll av rösträkning.",
        "language": "sv",
    },
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(make_articles):
    make_articles(*RECORDS)


def ids(q: str, **filters) -> set[str]:
    params = SearchParams(q=q, size=100, filters={k: FacetFilter(include=v) for k, v in filters.items()})
    return {h.article.external_id for h in index.search(params, highlight=False).hits}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Wahlen", {"de1"}),  # German plural finds the singular (wahl)
        ("Wahl", {"de1"}),
        ("élections", {"fr1", "en1"}),  # French l'élection (l + élection); accents folded: English too
        ("maires", {"fr1"}),  # French plural, singular in the text
        ("elecciones", {"es1"}),  # Spanish
        ("elezioni", {"it1"}),  # Italian, dell'elezione
        ("governos", {"pt1"}),  # Portuguese
        ("verkiezingen", {"nl1"}),  # Dutch
        ("Kinder", {"de1"}),  # German stem "kind": not the English article's "a kind gesture"
        ("kind", {"de1", "en2"}),  # each language's own reading of the word
        ('"neue Regierungen"', {"de1"}),  # a phrase analysed in German, positions kept
        ('"Regierungen neue"', set()),  # ... and its words in that order
        ("Wahlen Bayern", {"de1"}),
        ("Wahlen -Bayern", set()),
        ("mayor elections", {"en1"}),
        ("wahl*", {"de1"}),  # a prefix over every language's vocabulary
        ("elez*", {"it1"}),
        ("valet", {"sv1"}),  # a language without a stemmer here: its words as written ("simple")
        ("val", set()),  # ... and not stemmed
    ],
)
def test_each_language_is_read_by_its_own_stemmer(archive, q, expected):
    assert ids(q) == expected


def test_a_negation_alone_keeps_the_other_languages(archive):
    # "-wahlen": every article but the German one with Wahl; an English article is not excluded by a German
    # stem it does not have, nor kept by an English reading of the word it does not contain.
    found = ids("-Wahlen")
    assert "de1" not in found
    assert {"en1", "en2", "fr1", "sv1"} <= found


def test_the_expansion_budget_holds_across_languages(archive, monkeypatch):
    from articles import search
    from articles.search import query as qt

    monkeypatch.setattr(qt, "EXPANSION_BUDGET", 3)
    parsed = qt.bound(qt.parse("el* ve* go*"), search.get_backend().expand)
    words = [t for leaf, _ in qt.leaves(parsed.tree) if isinstance(leaf, qt.Expansion) for t in leaf.terms]
    assert 0 < len(words) <= 3
    assert any("too many" in n for n in parsed.notes)
    assert index.search(SearchParams(q="el* ve* go*")).total >= 0  # and the search runs


def test_with_lang_chosen_the_query_is_read_in_that_language(archive):
    assert ids("kind", lang=("de",)) == {"de1"}
    assert ids("kind", lang=("en",)) == {"en2"}
    # The language facet still counts each language as selecting it would find (its own analysis).
    params = SearchParams(q="kind", filters={"lang": FacetFilter(include=("de",))})
    page = index.search(params, facets=("lang",), highlight=False)
    assert {c.value: c.count for c in page.results.facets["lang"]} == {"de": 1, "en": 1}
    assert languages.in_play(["en", "de", "fr"], params, facets=()) == ("de",)
    assert languages.in_play(["en", "de", "fr"], params, facets=("lang",)) == ("en", "de", "fr")


def test_an_article_without_a_language_is_read_as_english(make_articles):
    make_articles({"id": "u1", "title": "Elections", "body": "Polls shut.", "language": ""})
    from articles.models import Article

    assert Article.objects.get(external_id="u1").language == ""  # too short to tell
    assert ids("election") == {"u1"}


def _marked(html: str) -> list[str]:
    return re.findall(r"<mark[^>]*>([^<]*)</mark>", html)


@pytest.mark.parametrize(
    ("q", "lang", "marked"),
    [
        ("Wahlen", "de", {"Wahl"}),  # the inflected form in the text is marked
        ("élections", "fr", {"élection"}),
        ("elezioni", "it", {"elezione"}),
        ("elections", "en", {"election"}),
        ("Kinder", "de", {"Kind"}),
    ],
)
def test_highlighting_marks_the_forms_in_the_articles_language(archive, q, lang, marked):
    page = index.search(SearchParams(q=q, filters={"lang": FacetFilter(include=(lang,))}))
    assert page.hits
    found = {w for h in page.hits for w in _marked(h.snippet_html) + _marked(h.title_html)}
    assert found == marked


@pytest.mark.parametrize(
    ("language", "analysis"),
    [
        ("de", "de"),
        ("pt-BR", "pt"),  # a regional code: its language
        ("EN", "en"),
        ("", "en"),  # not detected: English, as before
        ("sv", "simple"),  # detected, no stemmer here
        ("ru", "simple"),
    ],
)
def test_analysis_for(language, analysis):
    assert languages.analysis_for(language) == analysis


@pytest.mark.whoosh_only
def test_an_index_built_before_the_languages_asks_for_a_rebuild(archive):
    from articles import search
    from articles.search.whoosh import store
    from articles.search.whoosh.schema import SCHEMA

    backend = search.get_backend()
    assert not backend.check({}).outdated_schema  # the index the archive fixture built
    search.close()
    target = store.new_dir()
    # The fields before issue 13: one English title and text, no per-language fields.
    before = {n: SCHEMA[n] for n in SCHEMA.names() if n != "analysis" and not n.startswith(("title_", "text_"))}
    store.index.create_in(str(target), type(SCHEMA)(**before))
    store.swap_link(target)
    assert backend.check({}).outdated_schema
