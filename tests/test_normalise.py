"""The one text normaliser (issue 10) and that every reader's output goes through it."""

from __future__ import annotations

import json
import unicodedata

import pytest

from articles.extraction.formats import read_records
from articles.extraction.normalise import normalise, normalise_line
from articles.extraction.pipeline import extract
from articles.extraction.types import RawArticle, ReadError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("inter\u00adnational", "international"),  # soft hyphen: the word must be searchable
        ("zero\u200bwidth", "zerowidth"),  # zero-width space
        ("word\u2060joiner", "wordjoiner"),  # word joiner
        ("\ufeffbom inside\ufefftext", "bom insidetext"),  # BOMs of concatenated files
        ("a\x00b", "ab"),  # NUL: PostgreSQL refuses it in text
        ("bell\x07 and esc\x1b", "bell and esc"),  # C0 controls: XML 1.0 refuses them
        ("c1\x80\x9fend", "c1end"),  # C1 controls
        ("nel\x85ls\u2028ps\u2029", "nel\nls\nps\n"),  # the Unicode line ends are line ends
        ("del\x7f", "del"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),  # kept
        ("cr\r\nlf\rold mac", "cr\nlf\nold mac"),  # line ends become newlines, not nothing
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),  # cannot be encoded: replaced
        ("low \udfff too", "low \ufffd too"),
        ("Cafe\u0301", "Caf\u00e9"),  # NFC
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        ),  # ZWNJ kept (Persian)
        ("\u0915\u094d\u200d\u0937", "\u0915\u094d\u200d\u0937"),  # ZWJ kept (Devanagari)
        ("e\u00ad\u0301", "\u00e9"),  # removal first, then NFC joins the mark to its letter
        ("", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_normalise_is_idempotent_and_encodable() -> None:
    text = "x\ud83d\x00\u00ad\r\ny\u0301\ufeff"
    once = normalise(text)
    assert normalise(once) == once
    once.encode("utf-8")  # would raise on a surrogate
    assert unicodedata.is_normalized("NFC", once)


def test_normalise_line_folds_white_space() -> None:
    assert normalise_line("  Budget\n\tvote\u00ad \x00 ") == "Budget vote"


_BAD = "Bud\u00adget\u200b vote\x00 \ufeffpasses"
_BAD_NO_NUL = _BAD.replace("\x00", "")  # in files, one stray NUL is noise, many mean binary


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.jsonl", json.dumps({"title": _BAD, "body": f"The {_BAD} today.", "authors": [_BAD], "section": _BAD})),
        ("a.txt", f"{_BAD}\n\nThe council said the {_BAD} on a narrow margin after a long debate.\n"),
        (
            "a.html",
            f"<html><head><title>{_BAD}</title></head><body><article><h1>{_BAD}</h1>"
            + "".join(f"<p>Paragraph {i} says the {_BAD_NO_NUL} after a long and careful debate.</p>" for i in range(5))
            + "</article></body></html>",
        ),
        (
            "a.xml",
            '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
            f"<title>{_BAD_NO_NUL}</title><description>The {_BAD_NO_NUL} "
            "today.</description></item></channel></rss>",
        ),
    ],
)
def test_every_reader_output_is_normalised(name: str, data: str) -> None:
    records = list(read_records(data.encode("utf-8", "surrogatepass"), name))
    articles = [r for r in records if isinstance(r, RawArticle)]
    assert articles, records
    for raw in articles:
        for value in (raw.title, raw.body, raw.section, *raw.authors):
            assert normalise(value) == value
            for bad in ("\u00ad", "\u200b", "\x00", "\ufeff"):
                assert bad not in value
        assert "Budget" in raw.title or "Budget" in raw.body


def test_evidence_offsets_index_the_normalised_body() -> None:
    # A soft hyphen before the country name would shift every offset by one if the body were
    # normalised after tagging.
    body = "Mini\u00adsters met in Kenya on Monday. Kenya said the talks in Nairobi went well."
    [item] = list(extract(json.dumps({"title": "Talks", "body": body}), filename="a.jsonl"))
    assert not isinstance(item, ReadError)
    assert "\u00ad" not in item.raw.body
    evidence = [e for c in item.countries for e in c.evidence]
    assert evidence
    for e in evidence:
        assert item.raw.body[e.start : e.end] == e.text


def test_lone_surrogate_and_nul_in_jsonl_give_storable_text() -> None:
    line = '{"id": "s1", "title": "Bad \\ud800 title", "body": "Body with a NUL \\u0000 here.", "section": "\\u0000"}'
    [item] = list(extract(line, filename="a.jsonl"))
    assert not isinstance(item, ReadError)
    assert item.raw.title == "Bad \ufffd title"
    assert item.raw.body == "Body with a NUL  here."
    assert item.raw.section == ""
    item.raw.original.encode("utf-8")
    assert "\x00" not in item.raw.original


def test_only_invisible_text_is_an_error() -> None:
    [item] = list(read_records("\u200b\u00ad\n\u2060\n".encode(), "a.txt"))
    assert isinstance(item, ReadError)


def test_extract_accepts_a_str_with_a_lone_surrogate() -> None:
    items = list(extract("Title \ud800 here\n\nA body paragraph that is long enough to be the body.\n"))
    assert items and not isinstance(items[0], ReadError)
    assert "\ufffd" in items[0].raw.title
