"""CSV and JSON Lines exports of every match of a search, streamed in constant memory.

The backend is asked once for the ids of all matches (up to ``NEWSARCHIVE_EXPORT_MAX``), so the export
is one consistent snapshot; the articles are then read from the database in chunks while streaming.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from articles.api import article_summary
from articles.models import Article
from articles.search import find
from articles.search.params import SearchParams

CHUNK = 500
# OWASP "CSV injection": a spreadsheet runs a cell starting with these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "id",
    "title",
    "url",
    "source_url",
    "source",
    "section",
    "published",
    "published_date",
    "ingested",
    "authors",
    "language",
    "countries",
    "country_names",
    "topics",
    "topic_names",
    "standfirst",
    "snippet",
)
BOM = "\ufeff"  # with ?bom=1: spreadsheets then read the file as UTF-8 ("£", "São Paulo" intact)


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a generator (Django docs)."""

    def write(self, value: str) -> str:
        return value


def escape_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _articles(ids: list[int]) -> Iterator[Article]:
    """The articles of ``ids`` in that order, read CHUNK at a time; deleted ones are skipped."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = Article.objects.for_display().in_bulk(chunk)
        yield from (found[i] for i in chunk if i in found)


def _csv_rows(request: HttpRequest, articles: Iterable[Article]) -> Iterator[list[str]]:
    yield list(CSV_COLUMNS)
    for article in articles:
        row = article_summary(article, request)
        row["authors"] = "; ".join(row["authors"])
        row["country_names"] = "; ".join(c["name"] for c in row["countries"])
        row["countries"] = "; ".join(c["code"] for c in row["countries"])
        row["topic_names"] = "; ".join(t["label"] for t in row["topics"])
        row["topics"] = "; ".join(t["code"] for t in row["topics"])
        yield [escape_cell(row[c]) for c in CSV_COLUMNS]


def _stream(
    request: HttpRequest, fmt: str, content_type: str, body: Callable[[HttpRequest, list[int], int], Iterator[str]]
) -> StreamingHttpResponse:
    params = SearchParams.from_querydict(request.GET)
    cap = settings.NEWSARCHIVE_EXPORT_MAX
    # replace() skips the page's size bound on purpose: one page holds every exported match.
    # Every match, near-duplicates included (the page collapses them; an export must not lose rows).
    results = find(replace(params, page=1, size=cap), facets=(), collapse=False)
    response = StreamingHttpResponse(body(request, results.ids, results.total), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_name(params)}.{fmt}"'
    response["X-Export-Total"] = str(results.total)
    if results.total > len(results.ids):
        response["X-Export-Truncated"] = f"exported the first {len(results.ids)} of {results.total} matches"
    return response


def export_name(params: SearchParams) -> str:
    """A file name that says what the search was: newsarchive-<words>-<filters>, ASCII, at most ~80 chars."""
    parts = [params.q] + [
        f"{name}-{'-'.join((*f.include, *('not-' + v for v in f.exclude)))}" for name, f in params.filters.items()
    ]
    if params.date_from or params.date_to:
        parts.append(f"{params.date_from or 'start'} to {params.date_to or 'now'}")
    slug = slugify(" ".join(p for p in parts if p).replace(":", " "))[:70].strip("-")
    return f"newsarchive-{slug}" if slug else "newsarchive-all"


def _csv_body(request: HttpRequest, ids: list[int], total: int) -> Iterator[str]:
    writer = csv.writer(_Echo())
    if request.GET.get("bom") == "1":
        yield BOM
    exported = -1  # the header row
    for row in _csv_rows(request, _articles(ids)):
        exported += 1
        yield writer.writerow(row)
    if total > len(ids):
        # A comment row: spreadsheets show it, and a reader can drop rows starting with '#'.
        yield writer.writerow([f"# truncated: exported {exported} of {total} matches (NEWSARCHIVE_EXPORT_MAX)"])


def _jsonl_body(request: HttpRequest, ids: list[int], total: int) -> Iterator[str]:
    exported = 0
    for article in _articles(ids):
        exported += 1
        yield json.dumps(article_summary(article, request), ensure_ascii=False) + "\n"
    if total > len(ids):
        yield json.dumps({"truncated": True, "total": total, "exported": exported}) + "\n"


@require_safe  # GET and HEAD
def search_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _stream(request, "csv", "text/csv; charset=utf-8", _csv_body)


@require_safe  # GET and HEAD
def search_jsonl(request: HttpRequest) -> StreamingHttpResponse:
    return _stream(request, "jsonl", "application/jsonl; charset=utf-8", _jsonl_body)
