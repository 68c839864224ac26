"""Saved pages and feeds (issue 12): text after headings and in tables kept, the precision/recall
fallback, the language from the text, an Atom entry's only link used as its URL."""

from __future__ import annotations

import json

import pytest

from articles.extraction.formats import read_records
from articles.extraction.pipeline import extract
from articles.extraction.types import RawArticle, ReadError

_OPENING = "".join(
    f"<p>Paragraph {i} of the report explains how the council voted to rebuild the old harbour wall.</p>"
    for i in range(4)
)


def _page(article: str, lang: str = "en") -> bytes:
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>Harbour wall</title></head><body>'
        f"<nav><a href='/'>Home</a></nav><article><h1>Harbour wall</h1>{article}</article></body></html>"
    ).encode()


def _one(data: bytes, name: str = "a.html") -> RawArticle:
    [record] = list(read_records(data, name))
    assert isinstance(record, RawArticle), record
    return record


def test_text_after_a_subheading_is_kept() -> None:
    page = _page(
        _OPENING + "<h2>Costs</h2>The rebuild will cost four million euros, shared by the region and the state."
        "<p>Work starts in May.</p>"
    )
    body = _one(page).body
    assert "The rebuild will cost four million euros" in body
    assert body.index("Costs") < body.index("The rebuild") < body.index("Work starts")


def test_tables_keep_their_text() -> None:
    table = (
        "<table><tr><td>Year</td><td>Cost</td></tr><tr><td>2025</td><td>1.5 million euros</td></tr>"
        "<tr><td>2026</td><td>2.5 million euros</td></tr></table>"
    )
    body = _one(_page(_OPENING + table)).body
    assert "2025 | 1.5 million euros" in body and "2026 | 2.5 million euros" in body


def test_a_page_laid_out_with_a_table_keeps_its_text() -> None:
    cells = "".join(
        f"<tr><td>The ferry service to the islands resumed on Tuesday after a storm closed the port; cell {i} "
        "tells how the crews worked through the night to repair the landing stage.</td></tr>"
        for i in range(5)
    )
    page = (
        b"<html><head><title>Ferry resumes</title></head><body><table width=800><tr><td><b>Ferry resumes</b></td></tr>"
        + cells.encode()
        + b"</table></body></html>"
    )
    body = _one(page).body
    assert body.count("The ferry service to the islands resumed") == 5


def test_when_precision_leaves_a_stub_recall_is_tried() -> None:
    # Paragraphs that are mostly links: the precision setting keeps nothing of them (the page
    # used to be "no article text found"), the recall setting keeps the text.
    text = "the mayor said on Monday that the new tram line across the river will open next spring"
    paras = "".join(f"<p><a href=/{i}>{text}</a> and more.</p>" for i in range(6))
    page = f"<html><head><title>Tram</title></head><body><div id=main>{paras}</div></body></html>"
    article = _one(page.encode())
    assert "the new tram line across the river" in article.body


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # a CMS-wide lang="en" on a German article: the text wins
        (
            "en",
            "Der Stadtrat hat am Dienstag beschlossen, die alte Hafenmauer bis zum nächsten Jahr neu zu bauen.",
            "de",
        ),
        (
            "de",
            "The city council decided on Tuesday to rebuild the old harbour wall by next year, officials said.",
            "en",
        ),
    ],
)
def test_language_comes_from_the_text_not_the_declaration(lang: str, text: str, expected: str) -> None:
    page = _page("".join(f"<p>{text}</p>" for _ in range(4)), lang=lang)
    [item] = list(extract(page, filename="a.html"))
    assert not isinstance(item, ReadError)
    assert item.language == expected


def test_the_declaration_breaks_ties_on_short_text() -> None:
    feed = (
        '<rss version="2.0"><channel><title>S</title><language>fr</language><item><title>OK</title>'
        "<description>Oui.</description></item></channel></rss>"
    )
    [item] = list(extract(feed.encode(), filename="a.xml"))
    assert item.language == "fr"


def test_a_jsonl_language_field_is_kept() -> None:
    line = json.dumps(
        {"title": "T", "body": "The council met on Tuesday to discuss the harbour wall.", "language": "cy"}
    )
    [item] = list(extract(line, filename="a.jsonl"))
    assert item.language == "cy"


def test_atom_entry_with_only_a_self_link_gets_that_url_not_its_urn() -> None:
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>S</title><entry>'
        b"<id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id><title>Self only</title>"
        b'<link rel="self" href="https://news.example/api/entries/7"/><link rel="enclosure" href="https://news.example/a.mp3"/>'
        b"<summary>The entry's text.</summary></entry>"
        b"<entry><id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af7</id><title>No link</title><summary>Text.</summary></entry>"
        b"</feed>"
    )
    first, second = list(read_records(feed, "a.xml"))
    assert first.url == "https://news.example/api/entries/7"
    assert first.external_id.startswith("urn:uuid:")
    assert second.url == ""
