"""Hostile input (issue 10): per-record limits, the one date rule, zip path tricks. Every bad record
fails alone with a clear reason, or imports undated with a warning; the rest of the file reads."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.extraction.formats import read_records
from articles.extraction.formats.dates import date_rule, parse_date
from articles.extraction.pipeline import extract
from articles.extraction.types import RawArticle, ReadError


def _line(**fields) -> str:
    return json.dumps({"title": "Harbour reopens", "body": "The harbour reopened on Monday after repairs.", **fields})


def _records(lines: list[str], name: str = "a.jsonl") -> list[RawArticle | ReadError]:
    return list(read_records("\n".join(lines).encode("utf-8"), name))


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ('{"id": "n1", "title": "T", "body": "B", "count": ' + "9" * 5000 + "}", "digits"),  # > 4,300 digits
        ('{"id": "n2", "title": "T", "body": "B", "x": 1e99999}', "too large"),  # infinity: jsonb refuses it
        ('{"id": "n3", "title": "T", "body": "B", "x": NaN}', "not valid JSON"),
        ('{"id": "d1", "title": "T", "body": "B", "x": ' + "[" * 5000 + "]" * 5000 + "}", "nested too deeply"),
        ('{"id": "d2", "title": "T", "body": "B", "x": ' + "[" * 100 + "]" * 100 + "}", "nested too deeply"),
        ('{"id": "d3", "title": "T", "body": "B", "x": ' + '{"a":' * 900 + "1" + "}" * 900 + "}", "nested too deeply"),
    ],
)
def test_a_record_breaking_a_limit_fails_alone(bad: str, reason: str) -> None:
    records = _records([_line(id="before"), bad, _line(id="after", title="Ferry returns")])
    assert [type(r).__name__ for r in records] == ["RawArticle", "ReadError", "RawArticle"]
    assert reason in records[1].error
    assert records[1].position == 2
    assert records[2].title == "Ferry returns"


def test_a_huge_string_field_fails_alone() -> None:
    big = _line(id="big", body="word " * 1_100_000)
    records = _records([big, _line(id="ok")])
    assert isinstance(records[0], ReadError) and "characters" in records[0].error
    assert isinstance(records[1], RawArticle)


def test_deep_array_file_is_a_clear_error() -> None:
    [record] = list(read_records(b"[" * 100_000 + b"]" * 100_000, "a.json"))
    assert isinstance(record, ReadError)


def test_deep_item_in_an_array_fails_alone() -> None:
    deep = {"title": "T", "body": "B", "x": json.loads("[" * 60 + "]" * 60)}
    data = json.dumps([{"title": "One", "body": "First."}, deep, {"title": "Three", "body": "Third."}])
    records = list(read_records(data.encode(), "a.json"))
    assert [type(r).__name__ for r in records] == ["RawArticle", "ReadError", "RawArticle"]


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\u0085"])
def test_unicode_line_ends_inside_json_strings_do_not_split_records(sep: str) -> None:
    lines = [
        json.dumps({"id": "u1", "title": "Line one", "body": f"First part.{sep}Second part."}, ensure_ascii=False),
        json.dumps({"id": "u2", "title": f"Two{sep}titles", "body": "Body."}, ensure_ascii=False),
    ]
    records = _records(lines)
    assert [r.external_id for r in records] == ["u1", "u2"]
    assert all(isinstance(r, RawArticle) for r in records)
    assert records[0].body.replace("\n", " ") == "First part. Second part."
    assert records[1].title == "Two titles"


def test_unicode_line_ends_still_end_lines_in_pasted_text() -> None:
    [article] = list(read_records("Quay reopens\u2028\u2028The quay reopened on Monday after a year.".encode()))
    assert isinstance(article, RawArticle)
    assert article.title == "Quay reopens"


# --- the one date rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31T23:00:00-05:00",  # is year 10000 in UTC: OverflowError before
        "0001-01-01T00:30:00+05:00",  # is year 0 in UTC
        "0001-01-01",  # placeholders
        "9999-12-31",
        "1970-01-01",
        "1970-01-01T00:00:00Z",
        "9999-12-31T10:00:00Z",
    ],
)
def test_impossible_or_placeholder_dates_make_the_article_undated_with_a_warning(value: str) -> None:
    records = _records([_line(id="a", published=value), _line(id="b", published="2024-03-05")])
    assert isinstance(records[0], RawArticle), records[0]
    assert records[0].published is None
    assert records[0].warnings and "undated" in records[0].warnings[0]
    assert records[1].published == datetime(2024, 3, 5, tzinfo=UTC) and not records[1].warnings


@pytest.mark.parametrize("value", [10**20, -(10**20)])
def test_out_of_range_timestamps_make_the_article_undated(value: int) -> None:
    [record] = _records([_line(published=value)])
    assert isinstance(record, RawArticle) and record.published is None
    assert "out of range" in record.warnings[0]


def test_a_real_1970_time_is_kept() -> None:
    assert date_rule(datetime(1970, 1, 1, 9, 30, tzinfo=UTC)) == (datetime(1970, 1, 1, 9, 30, tzinfo=UTC), "")


def test_the_publishers_local_date_is_kept_with_the_instant() -> None:
    # 23:30 on 31 December in New York is already 1 January in UTC: the local day is the
    # publisher's, the instant the same.
    [record] = _records([_line(published="2023-12-31T23:30:00-05:00")])
    assert record.published == datetime(2024, 1, 1, 4, 30, tzinfo=UTC)
    assert record.published.date().isoformat() == "2023-12-31"
    assert record.extra["published_local"] == "2023-12-31T23:30:00-05:00"


def test_zone_abbreviations_keep_their_offset() -> None:
    value = parse_date("March 5, 2024 10:15 pm IST")
    assert value.utcoffset() == timedelta(hours=5, minutes=30)
    assert value == datetime(2024, 3, 5, 16, 45, tzinfo=UTC)
    assert parse_date("5 July 2024 09:00 ET").utcoffset() == timedelta(hours=-4)  # daylight time that day


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "a.xml",
            '<?xml version="1.0"?><rss version="2.0"><channel><title>S</title><item><title>Feed item</title>'
            "<pubDate>Fri, 31 Dec 9999 23:00:00 -0500</pubDate><description>Text of the item.</description>"
            "</item></channel></rss>",
        ),
        (
            "a.html",
            '<html><head><meta property="article:published_time" content="9999-12-31T23:00:00-05:00">'
            "<title>Page</title></head><body><article>"
            + "<p>A paragraph of the page that is long enough to count as its main text, really.</p>" * 4
            + "</article></body></html>",
        ),
        ("a.txt", "Text title\n\nPublished: 1 January 0001\n\nThe body of the pasted article is here and long.\n"),
    ],
)
def test_every_reader_survives_impossible_dates(name: str, data: str) -> None:
    items = list(extract(data.encode(), filename=name))
    assert items and all(not isinstance(i, ReadError) for i in items), items
    for item in items:
        assert item.raw.published is None or date_rule(item.raw.published)[1] == ""


def test_date_rule_accepts_naive_as_utc() -> None:
    assert date_rule(datetime(2024, 1, 2)) == (datetime(2024, 1, 2, tzinfo=UTC), "")
    assert date_rule(datetime(2024, 1, 2, tzinfo=timezone(timedelta(hours=3))))[0].utcoffset() == timedelta(hours=3)


# --- zip path tricks ----------------------------------------------------------------------------


def test_zip_members_with_parent_paths_are_refused_with_a_line() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("good.txt", "Good title\n\nThe body of the good article is long enough here.\n")
        zf.writestr("../evil.txt", "Evil title\n\nThe body of the bad article is long enough here.\n")
        zf.writestr("a\\..\\..\\win.txt", "Win title\n\nThe body of the windows article is long enough.\n")
        zf.writestr("/abs/path.txt", "Abs title\n\nThe body of the absolute article is long enough.\n")
    records = list(read_records(buf.getvalue(), "a.zip"))
    assert [type(r).__name__ for r in records] == ["RawArticle", "ReadError", "ReadError", "ReadError"]
    assert records[0].title == "Good title"
    for r in records[1:]:
        assert "refused" in r.error


# --- found by the hostile tally (tests/test_hostile_tally.py) ----------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "[" * 3000 + "]" * 3000,  # deeper than the parser goes: the whole array used to be refused
        '{"title": "T", "body": "B", "n": ' + "1" * 5000 + "}",  # a limit broken while parsing the array
        '{"title": "T \\" ] } , [", "body": "B", "x": ' + "[" * 2000 + "]" * 2000 + "}",  # brackets in strings
    ],
)
def test_an_item_breaking_a_limit_in_a_json_array_fails_alone(bad: str) -> None:
    one, three = json.dumps({"title": "One", "body": "First."}), json.dumps({"title": "Three", "body": "Third."})
    records = list(read_records(f"[{one}, {bad}, {three}]".encode(), "a.json"))
    assert [type(r).__name__ for r in records] == ["RawArticle", "ReadError", "RawArticle"]
    assert records[1].error.startswith("item 2") and records[2].title == "Three"


def test_a_file_without_records_gets_a_line_that_says_so() -> None:
    [record] = list(read_records(b"[]", "a.json"))
    assert isinstance(record, ReadError) and "no articles" in record.error


def test_a_json_ld_block_nested_too_deeply_does_not_lose_the_page() -> None:
    page = (
        "<html><head><title>Quay reopens</title><script type='application/ld+json'>"
        + "[" * 3000
        + "]" * 3000
        + "</script></head><body><article><h1>Quay reopens</h1><p>The quay reopened on Monday after a year "
        "of repairs, the harbour board said.</p></article></body></html>"
    )
    [record] = list(read_records(page.encode(), "a.html"))
    assert isinstance(record, RawArticle) and record.title == "Quay reopens"
