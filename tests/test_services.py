"""The one write path: reports, duplicates, re-imports, failures that leave nothing behind."""

from __future__ import annotations

import json

import pytest

from articles import services
from articles.models import Article, ImportBatch
from tests.factories import RECORDS

pytestmark = pytest.mark.django_db


def jsonl(*records) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


def test_report_has_a_line_per_record_in_order():
    data = jsonl(RECORDS[0], "{not json", {"id": "e", "title": "", "body": ""}, RECORDS[1])
    result = services.articles_import(files=[("mixed.jsonl", data)])
    # One line per record, in input order: the failures sit where their records were.
    assert [line.status for line in result.lines] == ["imported", "failed", "failed", "imported"]
    assert [line.title for line in result.lines if line.status == "imported"] == [
        RECORDS[0]["title"],
        RECORDS[1]["title"],
    ]
    assert result.imported == 2 and result.failed == 2
    assert all(line.error for line in result.lines if line.status == "failed")
    batch = ImportBatch.objects.get()
    assert batch.imported == 2 and batch.failed == 2 and len(batch.report) == 4


def test_exact_duplicate_links_to_the_existing_article():
    first = services.articles_import(files=[("a.jsonl", jsonl(RECORDS[0]))])
    again = dict(RECORDS[0], id="other-id", title=RECORDS[0]["title"].upper())  # same text, different case and id
    second = services.articles_import(files=[("b.jsonl", jsonl(again))])
    assert second.duplicates == 1 and second.lines[0].article_id == first.lines[0].article_id
    assert Article.objects.count() == 1


def test_reimport_by_publisher_id_is_recognised():
    services.articles_import(files=[("a.jsonl", jsonl(RECORDS[0]))])
    changed = dict(RECORDS[0], body=RECORDS[0]["body"] + " A late paragraph.")
    result = services.articles_import(files=[("a.jsonl", jsonl(changed))])
    assert result.duplicates == 1 and Article.objects.count() == 1


def test_extra_keys_are_kept_and_fields_are_stored():
    record = dict(RECORDS[0], desk="Africa", priority=2, authors="Jane Doe")
    services.articles_import(files=[("a.jsonl", jsonl(record))])
    article = Article.objects.get()
    assert article.extra["desk"] == "Africa" and article.extra["priority"] == 2
    assert article.authors == ["Jane Doe"] and article.source.name == "Wire One" and article.section == "Business"
    assert article.published_at.isoformat().startswith("2021-03-03T09:00")
    assert article.original and article.content_hash


def test_hints_fill_what_the_record_lacks():
    from datetime import UTC, datetime

    from articles.extraction.pipeline import Hints

    hints = Hints(source="Hint Times", published=datetime(2020, 5, 1, tzinfo=UTC), url="https://example.org/a")
    services.articles_import(files=[("a.jsonl", jsonl(RECORDS[3]))], hints=hints)
    article = Article.objects.get()
    assert article.source.name == "Daily Planet"  # the record's own value wins
    assert article.published_at.year == 2020 and article.url == "https://example.org/a"


def test_bad_published_date_fails_that_record_only():
    data = jsonl(dict(RECORDS[0], published="03/04/2021"), RECORDS[1])
    result = services.articles_import(files=[("a.jsonl", data)])
    assert result.failed == 1 and result.imported == 1
    assert "published" in result.lines[0].error.lower() or "date" in result.lines[0].error.lower()


def test_empty_file_is_a_clear_error():
    result = services.articles_import(files=[("empty.txt", b"")])
    assert result.failed == 1 and "empty" in result.lines[0].error.lower()
    assert Article.objects.count() == 0


def test_invalid_url_fails_the_record_and_leaves_nothing():
    result = services.articles_import(files=[("a.jsonl", jsonl(dict(RECORDS[0], url="javascript:alert(1)")))])
    assert result.failed == 1 and Article.objects.count() == 0
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() == 0
