"""The query language, as a table: each query against a small archive and the titles it must find."""

from __future__ import annotations

import pytest

from articles.models import Article
from articles.search import index
from articles.search import query as qt
from articles.search.params import SearchParams
from tests.factories import RECORDS

pytestmark = pytest.mark.django_db

KENYA_TRADE = "Kenya and Tanzania agree on new border trade rules"
BRAZIL = "Brazil wins the football final in Sao Paulo"
SOLAR = "Kenya opens a solar power plant near Lake Turkana"
BUDGET = "Parliament debates the budget"


@pytest.fixture
def archive(make_articles):
    records = [dict(r) for r in RECORDS]
    records[0]["authors"] = ["Amina Odhiambo"]
    records[1]["authors"] = ["João Silva"]
    records[1]["language"] = "pt"
    make_articles(*records)


def titles(q: str) -> set[str]:
    page = index.search(SearchParams(q=q, size=100), facets=())
    return {h.article.title for h in page.hits}


# The query language as a table (tests/test_whoosh_execute.py runs it through both Whoosh executors too).
QUERY_LANGUAGE = [
    ("kenya", {KENYA_TRADE, SOLAR}),  # one word, title or text
    ("kenya solar", {SOLAR}),  # all words required
    ("kenya OR brazil", {KENYA_TRADE, SOLAR, BRAZIL}),  # OR
    ("kenya NOT solar", {KENYA_TRADE}),  # NOT
    ("kenya -solar", {KENYA_TRADE}),  # -word
    ('"border trade"', {KENYA_TRADE}),  # phrase
    ('"trade border"', set()),  # phrase order matters
    ("turk*", {SOLAR}),  # prefix
    ("solor~", {SOLAR}),  # fuzzy: one edit by default
    ("soalr~2", {SOLAR}),  # fuzzy with distance 2 (a transposition is two edits)
    ("(kenya OR brazil) final", {BRAZIL}),  # parentheses
    ("title:parliament", {BUDGET}),  # field: title
    ("author:odhiambo", {KENYA_TRADE}),  # field: author
    ("author:joao", {BRAZIL}),  # accents folded in names too
    ("section:sport", {BRAZIL}),  # field: section (case-insensitive)
    ('source:"daily planet"', {SOLAR, BUDGET}),  # field: source
    ("country:KE", {KENYA_TRADE, SOLAR}),  # country by code
    ("country:ke", {KENYA_TRADE, SOLAR}),  # code in lower case
    ("country:Brazil", {BRAZIL}),  # country by name
    ("country:Narnia", set()),  # unknown country: nothing, with a note
    ("topic:sport", {BRAZIL}),  # topic by label word
    ("topic:15", {BRAZIL}),  # topic by number
    ("lang:pt", {BRAZIL}),  # language
    ("published:2021..2022", {KENYA_TRADE, BRAZIL}),  # year range
    ("published:2023", {SOLAR}),  # one year
    ("published:2022-07..2022-07", {BRAZIL}),  # a month
    ("Sao Paulo", {BRAZIL}),  # accent folding
    ("são paulo", {BRAZIL}),  # accents in the query too
    ("debated", {BUDGET}),  # stemming
]


@pytest.mark.parametrize(("q", "expected"), QUERY_LANGUAGE)
def test_query_language(archive, q, expected):
    assert titles(q) == expected


@pytest.mark.parametrize(
    ("q", "note"),
    [
        ("country:Narnia", "No country"),  # unknown values are explained
        ("k*", "wildcard needs at least"),  # a one-letter prefix is refused
        (" ".join(f"w{i}" for i in range(100)), "cut to its first"),  # too many terms
    ],
)
def test_bounded_queries_explain_themselves(archive, q, note):
    page = index.search(SearchParams(q=q), facets=())
    assert any(note in n for n in page.results.notes), page.results.notes


def test_query_as_read_is_shown(client, archive):
    # Not the query echoed in the search box: the parser's own reading, with the operators it understood.
    html = client.get("/", {"q": "kenya -solar country:Kenya"}).content.decode()
    assert "<q>kenya AND NOT solar AND country:KE</q>" in html


@pytest.mark.parametrize("q", ["*" * 1000, "a*b*c*d*" * 100, '"' * 500, "(" * 500, "~" * 300, "published:9999..0000"])
def test_hostile_query_language(client, archive, q):
    assert client.get("/", {"q": q}).status_code == 200


def test_fallback_is_announced(client, archive):
    # Only an operator: nothing to search for, and the page says the query could not be read.
    page = index.search(SearchParams(q="AND"))
    assert page.results.fallback and page.total == 0
    assert Article.objects.count() == 4
    html = client.get("/", {"q": "(kenya"}).content.decode()
    assert "could not be read as written" in html
    assert index.search(SearchParams(q="(kenya")).total == 2  # its words were searched


def test_unknown_field_is_read_as_words_with_a_note(archive):
    page = index.search(SearchParams(q="nosuchfield:kenya"))
    assert not page.results.fallback and page.total == 2
    assert any("no field 'nosuchfield'" in n for n in page.results.notes)


@pytest.fixture
def vocabulary(make_articles):
    words = ["government", "parliament", "economy", "company", "shares"]
    make_articles(
        *[
            {
                "id": f"v{i}",
                "title": f"Report {i}",
                "body": f"The {' and the '.join(words)} were discussed in report {i}.",
            }
            for i in range(4)
        ]
    )


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("goverment", "government"),  # a dropped letter
        ("parliment", "parliament"),  # a dropped vowel
        ("econmoy", "economy"),  # a transposition
        ("comapny shares", "company shares"),  # only the unknown word changes
        ("government", None),  # a known word: no suggestion
        ("xq", None),  # too short to correct
    ],
)
def test_did_you_mean(vocabulary, typo, expected):
    assert index.get_backend().suggest(typo) == expected


def test_did_you_mean_on_the_page(client, vocabulary):
    html = client.get("/", {"q": "goverment"}).content.decode()
    assert "Did you mean" in html and "q=government" in html
    assert "Did you mean" not in client.get("/", {"q": "government"}).content.decode()


# ----------------------------------------------------------------------------- input -> tree -> found
# One table for the whole chain, on whichever engine NEWSARCHIVE_SEARCH_BACKEND names: the tree is what
# every engine is given, the titles what it must find in this small newsroom (tests/test_facets_people.py).


@pytest.fixture
def newsroom(make_articles):
    from tests.test_facets_people import PEOPLE_RECORDS

    make_articles(*PEOPLE_RECORDS)


@pytest.mark.parametrize(
    ("q", "tree", "found"),
    [
        ('person:"lindiwe dube"', qt.Phrase("person", ("lindiwe", "dube")), {"p-1", "p-2"}),  # a person's name
        ("person:varga", qt.Term("person", "varga"), {"p-3"}),  # one word of a name
        ("org:union", qt.Term("org", "union"), {"p-1", "p-2"}),  # a word of an organisation
        ('org:"central bank"', qt.Phrase("org", ("central", "bank")), {"p-3"}),  # an organisation's words
        (
            "title:(strike OR library)",
            qt.Or((qt.Term("title", "strike"), qt.Term("title", "library"))),
            {"p-1", "p-2"},
        ),  # a field over a group
        ("dube -library", qt.And((qt.Term("", "dube"), qt.Not(qt.Term("", "library")))), {"p-1"}),  # NOT
        ("published:2024-06..", qt.DateRange(20240601, 99991231), {"p-2", "p-3"}),  # an open-ended period
        ("subject:inflation", qt.Term("", "inflation"), {"p-3"}),  # an unknown field: its value (noted)
        ("varg~", qt.Fuzzy("", "varg", 1), {"p-3"}),  # fuzzy, one edit
        ("libr*", qt.Prefix("", "libr"), {"p-2"}),  # prefix
        ("dube OR varga", qt.Or((qt.Term("", "dube"), qt.Term("", "varga"))), {"p-1", "p-2", "p-3"}),  # OR
    ],
)
def test_input_tree_found(newsroom, q, tree, found):
    from tests.test_facets_people import TITLES

    assert qt.parse(q).tree == tree
    assert titles(q) == {TITLES[i] for i in found}
