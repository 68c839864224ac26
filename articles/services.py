"""The one write path: the admin, the commands and the tasks all call these functions.

Every article is saved together with its tags and its index job in one transaction, so a failed
record never leaves a partial article or an index job behind, and a saved article is never
missing its index job.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from articles.extraction.pipeline import Hints, extract
from articles.extraction.types import EntityTag, ExtractedArticle, ReadError
from articles.models import (
    Article,
    ArticleCountry,
    ArticleEntity,
    ArticleTopic,
    Country,
    Entity,
    ImportBatch,
    Origin,
    Source,
    Topic,
)
from articles.tasks import index_articles

IMPORTED, DUPLICATE, FAILED = "imported", "duplicate", "failed"
CHUNK = 100  # records per transaction (each in its own savepoint) and per index job


@dataclass
class ImportLine:
    status: str
    file: str
    title: str = ""
    article_id: int | None = None
    error: str = ""
    external_id: str | None = None
    position: int | None = None

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class ImportResult:
    lines: list[ImportLine] = field(default_factory=list)
    seconds: float = 0.0
    batch: ImportBatch | None = None

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)

    @property
    def imported(self) -> int:
        return self.count(IMPORTED)

    @property
    def duplicates(self) -> int:
        return self.count(DUPLICATE)

    @property
    def failed(self) -> int:
        return self.count(FAILED)

    @property
    def rate(self) -> float:
        return self.imported / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        return (
            f"{self.imported} imported, {self.duplicates} duplicates, {self.failed} failed "
            f"in {self.seconds:.1f} s ({self.rate:.0f} articles/s)"
        )


def articles_import(
    *,
    files: list[tuple[str, bytes]],
    hints: Hints | None = None,
    user=None,
    origin: str = "upload",
    progress=None,
) -> ImportResult:
    """Import every article in ``files`` ((name, bytes) pairs). Returns a per-record report, also
    saved as an ImportBatch."""
    started = time.monotonic()
    result = ImportResult()
    pending: list[tuple[str, ExtractedArticle]] = []

    def flush() -> None:
        if pending:
            result.lines.extend(_store_chunk(pending, user))
            pending.clear()
            if progress:
                progress(result)

    for name, data in files:
        for item in extract(data, filename=name, hints=hints):
            if isinstance(item, ReadError):
                result.lines.append(
                    ImportLine(FAILED, name, error=item.error, external_id=item.external_id, position=item.position)
                )
                continue
            pending.append((name, item))
            if len(pending) >= CHUNK:
                flush()
    flush()
    result.seconds = time.monotonic() - started
    result.batch = ImportBatch.objects.create(
        created_by=user if getattr(user, "pk", None) else None,
        origin=origin,
        files=[name for name, _ in files],
        imported=result.imported,
        duplicates=result.duplicates,
        failed=result.failed,
        seconds=result.seconds,
        report=[line.as_dict() for line in result.lines],
    )
    return result


def _store_chunk(items: list[tuple[str, ExtractedArticle]], user) -> list[ImportLine]:
    lines: list[ImportLine] = []
    stored: list[int] = []
    with transaction.atomic():
        for name, item in items:
            raw = item.raw
            existing = _find_existing(item)
            if existing is not None:
                lines.append(ImportLine(DUPLICATE, name, raw.title, existing.pk, external_id=raw.external_id))
                continue
            try:
                with transaction.atomic():
                    article = _create_article(item, user)
            except (ValidationError, IntegrityError) as exc:
                existing = _find_existing(item)
                if existing is not None:  # a concurrent import stored it first
                    lines.append(ImportLine(DUPLICATE, name, raw.title, existing.pk, external_id=raw.external_id))
                else:
                    lines.append(ImportLine(FAILED, name, raw.title, error=_message(exc), external_id=raw.external_id))
                continue
            stored.append(article.pk)
            lines.append(ImportLine(IMPORTED, name, article.title, article.pk, external_id=raw.external_id))
        if stored:
            # In the same transaction: the articles and their index job commit or vanish together.
            index_articles.enqueue(stored)
    return lines


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return (
            "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            if hasattr(exc, "error_dict")
            else " ".join(exc.messages)
        )
    return str(exc)


def _source(name: str) -> Source | None:
    name = name.strip()[:200]
    if not name:
        return None
    source, _ = Source.objects.get_or_create(name=name)
    return source


def _find_existing(item: ExtractedArticle) -> Article | None:
    raw = item.raw
    query = Q(content_hash=item.content_hash)
    if raw.external_id:
        source_name = raw.source.strip()[:200]
        query |= (
            Q(external_id=raw.external_id[:200], source__name=source_name)
            if source_name
            else Q(external_id=raw.external_id[:200], source__isnull=True)
        )
    return Article.objects.filter(query).order_by("pk").first()


def _create_article(item: ExtractedArticle, user) -> Article:
    raw = item.raw
    if not raw.title.strip() and not raw.body.strip():
        raise ValidationError("the article has neither a title nor a body")
    extra = dict(raw.extra)
    if raw.caption_credit:
        extra.setdefault("caption_credit", raw.caption_credit)
    article = Article(
        title=raw.title[:1000],
        standfirst=raw.standfirst,
        body=raw.body,
        authors=list(raw.authors),
        section=raw.section[:200],
        dateline=raw.dateline[:200],
        caption=raw.caption,
        published_at=raw.published,
        url=raw.url[:2000],
        source=_source(raw.source),
        language=item.language[:10],
        external_id=(raw.external_id or "")[:200],
        extra=extra,
        original=raw.original,
        original_format=raw.format[:20],
        content_hash=item.content_hash,
        created_by=user if getattr(user, "pk", None) else None,
    )
    article.full_clean()
    article.save()
    _save_tags(article, item)
    return article


def _save_tags(article: Article, item: ExtractedArticle) -> None:
    """Store extracted tags, keeping staff decisions (manual or removed tags) untouched."""
    manual_countries = set(article.countries.exclude(origin=Origin.AUTO).values_list("country_id", flat=True))
    article.countries.filter(origin=Origin.AUTO).delete()
    if item.countries:
        countries = _countries({c.code: c.name for c in item.countries})
        ArticleCountry.objects.bulk_create(
            ArticleCountry(
                article=article,
                country=countries[c.code],
                about=c.about,
                salience=c.salience,
                mentions=c.mentions,
                evidence=[{"text": e.text, "start": e.start, "end": e.end} for e in c.evidence],
                methods=list(c.methods),
            )
            for c in item.countries
            if c.code not in manual_countries
        )
    manual_topics = set(article.topics.exclude(origin=Origin.AUTO).values_list("topic_id", flat=True))
    article.topics.filter(origin=Origin.AUTO).delete()
    if item.topics:
        topics = _topics({t.code: t.label for t in item.topics})
        ArticleTopic.objects.bulk_create(
            ArticleTopic(article=article, topic=topics[t.code], score=t.score, evidence=list(t.evidence))
            for t in item.topics
            if t.code not in manual_topics
        )
    manual_entities = set(article.entities.exclude(origin=Origin.AUTO).values_list("entity_id", flat=True))
    article.entities.filter(origin=Origin.AUTO).delete()
    links = []
    for kind, tags in ((Entity.Kind.PERSON, item.people), (Entity.Kind.ORGANIZATION, item.organizations)):
        for tag in tags:
            entity = _entity(kind, tag)
            if entity.pk not in manual_entities:
                links.append(
                    ArticleEntity(
                        article=article,
                        entity=entity,
                        mentions=tag.mentions,
                        evidence=[{"text": e.text, "start": e.start, "end": e.end} for e in tag.evidence],
                    )
                )
    ArticleEntity.objects.bulk_create(links)


def _countries(names: dict[str, str]) -> dict[str, Country]:
    found = Country.objects.in_bulk(list(names))
    missing = [Country(code=code, name=name) for code, name in names.items() if code not in found]
    if missing:
        Country.objects.bulk_create(missing, ignore_conflicts=True)
        found = Country.objects.in_bulk(list(names))
    return found


def _topics(labels: dict[str, str]) -> dict[str, Topic]:
    # The 17 topics come from a data migration; creating a missing one keeps a flushed test database working.
    found = Topic.objects.in_bulk(list(labels))
    missing = [Topic(code=code, label=label) for code, label in labels.items() if code not in found]
    if missing:
        Topic.objects.bulk_create(missing, ignore_conflicts=True)
        found = Topic.objects.in_bulk(list(labels))
    return found


def _entity(kind: str, tag: EntityTag) -> Entity:
    entity, _ = Entity.objects.get_or_create(kind=kind, name=tag.name[:200])
    return entity


def article_delete(*, article: Article) -> None:
    """Delete an article; its removal from the index is queued in the same transaction."""
    with transaction.atomic():
        article_id = article.pk
        article.delete()
        index_articles.enqueue([article_id])


def article_reindex(*, article_ids: list[int]) -> None:
    """Queue index updates for articles changed outside the import path (admin edits of tags)."""
    if not article_ids:
        return
    with transaction.atomic():
        Article.objects.filter(pk__in=article_ids).update(updated_at=_now())
        index_articles.enqueue(sorted(set(article_ids)))


def _now() -> datetime:
    from django.utils import timezone

    return timezone.now()
