"""extract(): bytes or text in, frozen dataclasses out. Pure Python: no Django, no search engine."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from articles.extraction.countries import tag_countries
from articles.extraction.dedupe import fingerprint
from articles.extraction.entities import extract_entities
from articles.extraction.formats import read_records
from articles.extraction.formats.dates import apply_date_rule
from articles.extraction.language import detect_language, pick_language
from articles.extraction.normalise import normalise_article, replace_surrogates
from articles.extraction.topics import classify_topics
from articles.extraction.types import ExtractedArticle, RawArticle, ReadError


@dataclass(frozen=True)
class Hints:
    """Metadata given alongside the input (upload form, command options). The record's own values win."""

    source: str = ""
    published: datetime | None = None
    url: str = ""
    language: str = ""


# Formats whose language comes from markup (a template's default), not from a person.
_DECLARED_BY_MARKUP = frozenset({"html", "feed"})


def _apply_hints(raw: RawArticle, hints: Hints | None) -> RawArticle:
    if hints is None:
        return raw
    return replace(
        raw,
        source=raw.source or hints.source,
        published=raw.published or hints.published,
        url=raw.url or hints.url,
        language=raw.language or hints.language,
    )


def ignore_spans(raw: RawArticle) -> tuple[tuple[int, int], ...]:
    """Body ranges that are not the article's own words: the caption repeated in the body."""
    spans: list[tuple[int, int]] = []
    caption = raw.caption.strip()
    if len(caption) >= 20:
        for m in re.finditer(re.escape(caption), raw.body):
            spans.append((m.start(), m.end()))
    return tuple(spans)


def extract_article(raw: RawArticle, hints: Hints | None = None) -> ExtractedArticle:
    # Normalised before any offset is computed: the evidence must index the stored body.
    raw = apply_date_rule(normalise_article(_apply_hints(raw, hints)))
    spans = ignore_spans(raw)
    text = f"{raw.title}\n{raw.body}"
    if raw.format in _DECLARED_BY_MARKUP:
        language = pick_language(raw.language, text)
    else:  # a JSON Lines "language" or the uploader's hint is a person's statement: it wins
        language = raw.language or detect_language(text)
    # The full dateline ("SANTA CRUZ, Calif., Feb 26 -") says more than the place kept for display.
    dateline = str(raw.extra.get("dateline_raw") or raw.dateline)
    countries = tag_countries(raw.body, title=raw.title, dateline=dateline, ignore_spans=spans, language=language)
    # The topic vocabularies read the text's own words: a stated language the text is not written in
    # (an English story sent as "pt") must not make it read as Portuguese.
    words_language = language
    if raw.language and raw.format not in _DECLARED_BY_MARKUP:
        words_language = detect_language(text) or language
    topics = classify_topics(raw.title, f"{raw.standfirst}\n{raw.body}", words_language)
    people, organizations = extract_entities(raw.body, ignore_spans=spans, language=words_language)
    digest, bands = fingerprint(raw.title, raw.body)
    return ExtractedArticle(
        raw=raw,
        language=language,
        countries=countries,
        topics=topics,
        people=people,
        organizations=organizations,
        content_hash=digest,
        bands=bands,
    )


def extract(
    data: bytes | str, *, filename: str = "", hints: Hints | None = None
) -> Iterator[ExtractedArticle | ReadError]:
    """Every article in ``data`` (any supported format), in input order; unreadable records as ReadError."""
    if isinstance(data, str):
        # A str may hold lone surrogates, which UTF-8 cannot encode: U+FFFD, as the normaliser does.
        data = replace_surrogates(data).encode("utf-8")
    for record in read_records(data, filename):
        if isinstance(record, ReadError):
            yield record
            continue
        try:
            yield extract_article(record, hints)
        except Exception as exc:  # noqa: BLE001 - one bad record must not stop a batch
            yield ReadError(error=f"extraction failed: {exc}", external_id=record.external_id)


def as_output(item: ExtractedArticle | ReadError, filename: str = "") -> dict:
    """The `extract` command's JSON object for one record (a documented contract)."""
    if isinstance(item, ReadError):
        return {"id": item.external_id, "file": filename, "error": item.error, "position": item.position}
    raw = item.raw

    def ev(evidence) -> list[dict]:
        return [{"text": e.text, "start": e.start, "end": e.end} for e in evidence]

    return {
        "id": raw.external_id,
        "title": raw.title,
        "standfirst": raw.standfirst,
        "body": raw.body,
        "section": raw.section,
        "authors": list(raw.authors),
        "dateline": raw.dateline,
        "published": raw.published.isoformat() if raw.published else None,
        "language": item.language,
        "url": raw.url,
        "source": raw.source,
        "caption": raw.caption,
        "countries": [
            {
                "code": c.code,
                "name": c.name,
                "about": c.about,
                "salience": round(c.salience, 4),
                "mentions": c.mentions,
                "evidence": ev(c.evidence),
            }
            for c in item.countries
        ],
        "topics": [{"code": t.code, "label": t.label, "score": round(t.score, 4)} for t in item.topics],
        "people": [{"name": p.name, "mentions": p.mentions, "evidence": ev(p.evidence)} for p in item.people],
        "organizations": [
            {"name": o.name, "mentions": o.mentions, "evidence": ev(o.evidence)} for o in item.organizations
        ],
    }
