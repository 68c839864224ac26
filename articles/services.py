"""The one write path: the admin, the commands and the tasks all call these functions.

Every article is saved together with its tags and its index job in one transaction, so a failed
record never leaves a partial article or an index job behind, and a saved article is never
missing its index job.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.extraction.dedupe import NEAR_DUPLICATE_THRESHOLD, jaccard, shingles
from articles.extraction.formats import read_records, sniff_container
from articles.extraction.pipeline import Hints, extract, extract_article
from articles.extraction.types import ExtractedArticle, RawArticle, ReadError
from articles.models import (
    ApiToken,
    Article,
    ArticleBand,
    ArticleCountry,
    ArticleEntity,
    ArticleTopic,
    Country,
    Entity,
    ImportBatch,
    ImportFile,
    Origin,
    Source,
    Topic,
)
from articles.search import article_changed
from articles.tasks import import_batch_task

IMPORTED, NEAR_DUPLICATE, DUPLICATE, FAILED = "imported", "near-duplicate", "duplicate", "failed"
CHUNK = 100  # records per transaction (each in its own savepoint) and per index job
BACKGROUND_RECORDS = 300  # an upload with more records than this runs on the worker, with a progress page
REPORT_EVERY = 50  # chunks between saves of the full report during an import


@dataclass
class ImportLine:
    status: str
    file: str
    title: str = ""
    article_id: int | None = None
    error: str = ""
    external_id: str | None = None
    position: int | None = None
    original_id: int | None = None  # for a near-duplicate: the article it copies
    similarity: float | None = None
    original: str = ""  # a failed record's input, kept so that staff can retry it

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ImportResult:
    lines: list[ImportLine] = field(default_factory=list)
    seconds: float = 0.0
    batch: ImportBatch | None = None

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)

    @property
    def imported(self) -> int:
        return self.count(IMPORTED) + self.count(NEAR_DUPLICATE)

    @property
    def near_duplicates(self) -> int:
        return self.count(NEAR_DUPLICATE)

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
        near = f" ({self.near_duplicates} near-duplicates)" if self.near_duplicates else ""
        return (
            f"{self.imported} imported{near}, {self.duplicates} duplicates, {self.failed} failed "
            f"in {self.seconds:.1f} s ({self.rate:.0f} articles/s)"
        )


def _user(user):
    return user if getattr(user, "pk", None) else None


def articles_import(
    *,
    files: list[tuple[str, bytes]],
    hints: Hints | None = None,
    user=None,
    origin: str = "upload",
    progress: Callable[[ImportResult], None] | None = None,
    batch: ImportBatch | None = None,
) -> ImportResult:
    """Import every article in ``files`` ((name, bytes) pairs), in input order. Returns a per-record
    report, also kept as an ImportBatch (``batch`` when given: the worker running a queued upload)."""
    started = time.monotonic()
    if batch is None:
        batch = ImportBatch.objects.create(
            created_by=_user(user), origin=origin, files=[name for name, _ in files], status=ImportBatch.Status.RUNNING
        )
    result = ImportResult(batch=batch)
    pending: list[tuple[str, ExtractedArticle]] = []

    flushes = 0

    def flush() -> None:
        nonlocal flushes
        if pending:
            result.lines.extend(_store_chunk(pending, user, batch))
            pending.clear()
        result.seconds = time.monotonic() - started
        flushes += 1
        # Counts after every chunk (the progress page); the whole report only now and then, since
        # writing it is proportional to its length (every chunk would make a big import quadratic).
        _save_batch(batch, result, ImportBatch.Status.RUNNING, report=flushes % REPORT_EVERY == 0)
        if progress:
            progress(result)

    for name, data in files:
        for item in extract(data, filename=name, hints=hints):
            if isinstance(item, ReadError):
                result.lines.append(_failed_line(name, item))
                continue
            pending.append((name, item))
            if len(pending) >= CHUNK:
                flush()
    flush()
    _save_batch(batch, result, ImportBatch.Status.DONE)
    return result


def _failed_line(name: str, item: ReadError) -> ImportLine:
    return ImportLine(
        FAILED, name, error=item.error, external_id=item.external_id, position=item.position, original=item.original
    )


def _save_batch(batch: ImportBatch, result: ImportResult, status: str, *, report: bool = True) -> None:
    batch.status = status
    batch.total = len(result.lines)
    batch.imported = result.imported
    batch.near_duplicates = result.near_duplicates
    batch.duplicates = result.duplicates
    batch.failed = result.failed
    batch.seconds = result.seconds
    if report:
        batch.report = [line.as_dict() for line in result.lines]
        batch.save()
    else:
        batch.save(update_fields=["status", "total", "imported", "near_duplicates", "duplicates", "failed", "seconds"])


def _store_chunk(items: list[tuple[str, ExtractedArticle]], user, batch: ImportBatch | None) -> list[ImportLine]:
    lines: list[ImportLine] = []
    stored: list[int] = []
    with transaction.atomic():
        known = _Known.existing([item for _, item in items])
        entity_ids = _lookups([item for _, item in items])
        for name, item in items:
            raw = item.raw
            existing = known.find(item)
            if existing is not None:
                lines.append(ImportLine(DUPLICATE, name, raw.title, existing.pk, external_id=raw.external_id))
                continue
            try:
                with transaction.atomic():
                    original, similarity = _near_duplicate_of(item)
                    article = _create_article(item, user, batch, original, similarity, entity_ids)
            except (ValidationError, IntegrityError) as exc:
                existing = _Known.existing([item]).find(item)
                if existing is not None:  # a concurrent import stored it first
                    lines.append(ImportLine(DUPLICATE, name, raw.title, existing.pk, external_id=raw.external_id))
                else:
                    lines.append(
                        ImportLine(
                            FAILED,
                            name,
                            raw.title,
                            error=_message(exc),
                            external_id=raw.external_id,
                            original=raw.original,
                        )
                    )
                continue
            stored.append(article.pk)
            known.add(item, article)
            status = NEAR_DUPLICATE if original else IMPORTED
            lines.append(
                ImportLine(
                    status,
                    name,
                    article.title,
                    article.pk,
                    external_id=raw.external_id,
                    original_id=original.pk if original else None,
                    similarity=round(similarity, 3) if original else None,
                )
            )
        if stored:
            # In the same transaction: the articles and their index job commit or vanish together.
            article_changed(stored)
    return lines


@dataclass
class _Known:
    """Articles a chunk may duplicate (by text hash, by publisher id and source), read in two queries
    instead of one per record, and kept up to date as the chunk stores its articles."""

    by_hash: dict[str, Article]
    by_external: dict[tuple[str, str], Article]

    @classmethod
    def existing(cls, items: list[ExtractedArticle]) -> _Known:
        hashes = {i.content_hash for i in items}
        by_hash = {
            a.content_hash: a
            for a in Article.objects.filter(content_hash__in=hashes).only("pk", "title", "content_hash")
        }
        external = {(i.raw.external_id or "")[:200] for i in items if i.raw.external_id}
        by_external = {}
        if external:
            rows = (
                Article.objects.filter(external_id__in=external)
                .select_related("source")
                .only("pk", "title", "external_id", "source__name")
            )
            for a in rows.order_by("-pk"):  # the earliest article wins
                by_external[(a.external_id, a.source.name if a.source else "")] = a
        return cls(by_hash, by_external)

    @staticmethod
    def _external_key(item: ExtractedArticle) -> tuple[str, str] | None:
        if not item.raw.external_id:
            return None
        return (item.raw.external_id[:200], item.raw.source.strip()[:200])

    def find(self, item: ExtractedArticle) -> Article | None:
        found = self.by_hash.get(item.content_hash)
        key = self._external_key(item)
        return found or (self.by_external.get(key) if key else None)

    def add(self, item: ExtractedArticle, article: Article) -> None:
        self.by_hash[item.content_hash] = article
        key = self._external_key(item)
        if key:
            self.by_external[key] = article


def _lookups(items: list[ExtractedArticle]) -> dict[tuple[str, str], int]:
    """Make sure the countries and topics the items name exist; return the ids of the entities they name
    (created when missing). A few queries for a whole chunk."""
    _ensure(Country, "code", {c.code: {"name": c.name} for i in items for c in i.countries})
    _ensure(Topic, "code", {t.code: {"label": t.label} for i in items for t in i.topics})
    entities: dict[tuple[str, str], int] = {}
    for kind, attr in ((Entity.Kind.PERSON, "people"), (Entity.Kind.ORGANIZATION, "organizations")):
        names = [tag.name[:200] for i in items for tag in getattr(i, attr)]
        entities.update(((kind, n), pk) for n, pk in _entity_ids(kind, names).items())
    return entities


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _source(name: str) -> Source | None:
    name = name.strip()[:200]
    if not name:
        return None
    source, _ = Source.objects.get_or_create(name=name)
    return source


def _near_duplicate_of(item: ExtractedArticle) -> tuple[Article | None, float]:
    """The earliest stored article whose text overlaps this one's by at least the threshold."""
    if not item.bands:
        return None, 0.0
    shared = Counter(ArticleBand.objects.filter(key__in=item.bands).values_list("article_id", flat=True))
    if not shared:
        return None, 0.0
    mine = shingles(item.raw.body)
    best: tuple[Article | None, float] = (None, 0.0)
    for candidate in Article.objects.filter(pk__in=[pk for pk, _ in shared.most_common(10)]).order_by("pk"):
        similarity = jaccard(mine, shingles(candidate.body))
        if similarity >= NEAR_DUPLICATE_THRESHOLD and similarity > best[1]:
            best = (candidate.duplicate_of or candidate, similarity)  # link to the first original
    return best


def _create_article(
    item: ExtractedArticle,
    user,
    batch: ImportBatch | None,
    original: Article | None,
    similarity: float,
    entity_ids: dict[tuple[str, str], int] | None = None,
) -> Article:
    raw = item.raw
    if not raw.title.strip() and not raw.body.strip():
        raise ValidationError("the article has neither a title nor a body")
    article = Article(content_hash=item.content_hash, created_by=_user(user), batch=batch)
    _apply_fields(article, item)
    article.duplicate_of = original
    article.similarity = similarity if original else None
    # Uniqueness is the database's job (and was checked for the whole chunk): skip two queries per article.
    article.full_clean(validate_unique=False, validate_constraints=False)
    article.save()
    ArticleBand.objects.bulk_create(ArticleBand(article=article, key=key) for key in set(item.bands))
    _save_tags(article, item, new=True, entity_ids=entity_ids)
    return article


def _apply_fields(article: Article, item: ExtractedArticle) -> None:
    raw = item.raw
    extra = dict(raw.extra)
    if raw.caption_credit:
        extra.setdefault("caption_credit", raw.caption_credit)
    article.title = raw.title[:1000]
    article.standfirst = raw.standfirst
    article.body = raw.body
    article.authors = list(raw.authors)
    article.section = raw.section[:200]
    article.dateline = raw.dateline[:200]
    article.caption = raw.caption
    article.published_at = raw.published
    article.url = raw.url[:2000]
    article.source = _source(raw.source)
    article.language = item.language[:10]
    article.external_id = (raw.external_id or "")[:200]
    article.extra = extra
    article.original = raw.original
    article.original_format = raw.format[:20]


def _evidence(evidence) -> list[dict]:
    return [{"text": e.text, "start": e.start, "end": e.end} for e in evidence]


def _save_tags(
    article: Article,
    item: ExtractedArticle,
    *,
    new: bool = False,
    entity_ids: dict[tuple[str, str], int] | None = None,
) -> None:
    """Store extracted tags, keeping staff decisions (manual or removed tags) untouched.
    ``new``: the article was just created, so it has no tags to keep or replace (saves six queries)."""
    kept_countries: set[str] = set()
    kept_topics: set[str] = set()
    kept_entities: set[int] = set()
    if not new:
        kept_countries = set(article.countries.exclude(origin=Origin.AUTO).values_list("country_id", flat=True))
        kept_topics = set(article.topics.exclude(origin=Origin.AUTO).values_list("topic_id", flat=True))
        kept_entities = set(article.entities.exclude(origin=Origin.AUTO).values_list("entity_id", flat=True))
        article.countries.filter(origin=Origin.AUTO).delete()
        article.topics.filter(origin=Origin.AUTO).delete()
        article.entities.filter(origin=Origin.AUTO).delete()
    if entity_ids is None:  # not prepared by a chunk (re-extraction of one article)
        entity_ids = _lookups([item])
    ArticleCountry.objects.bulk_create(
        ArticleCountry(
            article=article,
            country_id=c.code,
            about=c.about,
            salience=c.salience,
            mentions=c.mentions,
            evidence=_evidence(c.evidence),
            methods=list(c.methods),
        )
        for c in item.countries
        if c.code not in kept_countries
    )
    ArticleTopic.objects.bulk_create(
        ArticleTopic(article=article, topic_id=t.code, score=t.score, evidence=list(t.evidence))
        for t in item.topics
        if t.code not in kept_topics
    )
    links = []
    for kind, tags in ((Entity.Kind.PERSON, item.people), (Entity.Kind.ORGANIZATION, item.organizations)):
        for tag in tags:
            entity_id = entity_ids[(kind, tag.name[:200])]
            if entity_id not in kept_entities:
                links.append(
                    ArticleEntity(
                        article=article, entity_id=entity_id, mentions=tag.mentions, evidence=_evidence(tag.evidence)
                    )
                )
    ArticleEntity.objects.bulk_create(links, ignore_conflicts=True)


def _ensure(model, key: str, rows: dict[str, dict]) -> None:
    """Create the rows of a small lookup table (countries, topics) that do not exist yet."""
    if not rows:
        return
    found = set(model.objects.filter(**{f"{key}__in": list(rows)}).values_list(key, flat=True))
    missing = [model(**{key: k, **fields}) for k, fields in rows.items() if k not in found]
    if missing:
        model.objects.bulk_create(missing, ignore_conflicts=True)


def _entity_ids(kind: str, names: list[str]) -> dict[str, int]:
    """Entity ids by name, creating the missing entities: two or three queries, whatever the count."""
    if not names:
        return {}
    wanted = set(names)
    found = dict(Entity.objects.filter(kind=kind, name__in=wanted).values_list("name", "pk"))
    missing = wanted - set(found)
    if missing:
        Entity.objects.bulk_create([Entity(kind=kind, name=n) for n in missing], ignore_conflicts=True)
        found.update(Entity.objects.filter(kind=kind, name__in=missing).values_list("name", "pk"))
    return found


# ----------------------------------------------------------------------------- other writes


def article_delete(*, article: Article) -> None:
    """Delete an article; its removal from the index is queued in the same transaction."""
    with transaction.atomic():
        article_id = article.pk
        article.delete()
        article_changed([article_id])


def article_reindex(*, article_ids: list[int]) -> None:
    """Queue index updates for articles changed outside the import path (admin edits of tags)."""
    if not article_ids:
        return
    with transaction.atomic():
        Article.objects.filter(pk__in=article_ids).update(updated_at=timezone.now())
        article_changed(sorted(set(article_ids)))


def article_reextract(*, article: Article) -> bool:
    """Re-run extraction over the stored original input; staff decisions on tags survive.
    Returns False when the original cannot be read any more (the article is left as it was)."""
    raw = _reread(article)
    if raw is None:
        return False
    item = extract_article(raw)
    with transaction.atomic():
        _apply_fields(article, item)
        article.full_clean(exclude=["content_hash"])
        article.save()
        article.bands.all().delete()
        ArticleBand.objects.bulk_create(ArticleBand(article=article, key=key) for key in set(item.bands))
        _save_tags(article, item)
        article_changed([article.pk])
    return True


def _reread(article: Article) -> RawArticle | None:
    if not article.original:
        return None
    name = {"jsonl": "x.jsonl", "text": "x.txt", "html": "x.html", "feed": "x.xml"}.get(article.original_format, "")
    records = [r for r in read_records(article.original.encode("utf-8"), name) if isinstance(r, RawArticle)]
    if len(records) != 1:
        return None
    raw = records[0]
    # What the upload form or command gave (hints) is not in the original: keep the stored values.
    return RawArticle(
        **{
            **raw.__dict__,
            "source": raw.source or (article.source.name if article.source else ""),
            "published": raw.published or article.published_at,
            "url": raw.url or article.url,
        }
    )


def batch_undo(*, batch: ImportBatch) -> int:
    """Remove every article a batch imported (database, index, feeds). Returns how many."""
    with transaction.atomic():
        ids = list(batch.articles.values_list("pk", flat=True))
        Article.objects.filter(pk__in=ids).delete()
        if ids:
            article_changed(ids)
        batch.status = ImportBatch.Status.UNDONE
        batch.undone_at = timezone.now()
        batch.message = f"Undone: {len(ids)} articles removed."
        batch.save()
    return len(ids)


def batch_retry(*, batch: ImportBatch, hints: Hints | None = None, user=None) -> ImportResult:
    """Import a batch's failed records again (after a fix, or with hints such as a date), into the same
    batch; their report lines are replaced by the new outcome."""
    lines = [ImportLine(**line) for line in batch.report]
    retry = [(i, line) for i, line in enumerate(lines) if line.status == FAILED and line.original]
    result = ImportResult(batch=batch)
    started = time.monotonic()
    for index, line in retry:
        name = line.file if line.file.endswith((".jsonl", ".json")) or line.original.lstrip().startswith("{") else ""
        items = list(extract(line.original.encode("utf-8"), filename=name, hints=hints))
        if len(items) != 1:
            continue
        (item,) = items
        if isinstance(item, ReadError):
            new = _failed_line(line.file, item)
            new.position = line.position
        else:
            (new,) = _store_chunk([(line.file, item)], user, batch)
            new.position = line.position
        lines[index] = new
        result.lines.append(new)
    result.seconds = time.monotonic() - started
    everything = ImportResult(lines=lines, seconds=batch.seconds + result.seconds)
    _save_batch(batch, everything, ImportBatch.Status.DONE)
    return result


# ----------------------------------------------------------------------------- personal tokens

TOKEN_PREFIX = "na_"  # noqa: S105 - a recognisable marker, not a secret


def hash_token(raw: str) -> str:
    # A fast hash is enough for a random 256-bit secret (unlike a password, it cannot be guessed).
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(*, user) -> str:
    """Create (or rotate) the user's token for feeds, the API and exports; return it in clear, the only
    time it is ever known (only its hash is stored)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.filter(user=user).delete()
        ApiToken.objects.create(user=user, key_hash=hash_token(raw))
    return raw


def token_revoke(*, user) -> None:
    ApiToken.objects.filter(user=user).delete()


def count_records(files: list[tuple[str, bytes]]) -> int:
    """A cheap estimate of how many records an upload holds (to decide whether it runs in the background)."""
    total = 0
    for name, data in files:
        if sniff_container(data):
            total += BACKGROUND_RECORDS + 1  # archives: always in the background
        elif name.endswith((".jsonl", ".ndjson")) or data[:1] in (b"{", b"["):
            total += data.count(b"\n") + 1
        else:
            total += max(1, data.count(b"<item") + data.count(b"<entry"))
    return total


def batch_enqueue(*, files: list[tuple[str, bytes]], hints: Hints | None, user) -> ImportBatch:
    """Queue a large upload for the worker: its files are kept with the batch until it has run."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=_user(user),
            origin="upload",
            files=[name for name, _ in files],
            status=ImportBatch.Status.QUEUED,
            message="Waiting for the worker.",
        )
        ImportFile.objects.bulk_create(ImportFile(batch=batch, name=name, data=data) for name, data in files)
        hint_data = {}
        if hints:
            hint_data = {
                "source": hints.source,
                "url": hints.url,
                "published": hints.published.isoformat() if hints.published else "",
            }
        import_batch_task.enqueue(batch.pk, hint_data)
    return batch


def batch_run(*, batch_id: int, hints: dict) -> None:
    """The worker's side of batch_enqueue."""
    from datetime import datetime

    batch = ImportBatch.objects.get(pk=batch_id)
    files = [(f.name, bytes(f.data)) for f in batch.uploads.order_by("pk")]
    published = datetime.fromisoformat(hints["published"]) if hints.get("published") else None
    try:
        articles_import(
            files=files,
            hints=Hints(source=hints.get("source", ""), url=hints.get("url", ""), published=published),
            user=batch.created_by,
            batch=batch,
        )
    except Exception as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.FAILED, message=str(exc)[:2000])
        raise
    batch.uploads.all().delete()
