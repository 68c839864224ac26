"""Import batches: an upload or a command run, read record by record into articles, with a report.

The admin, the commands and the tasks all call these functions (the one write path).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from articles.extraction.formats import sniff_container
from articles.extraction.pipeline import Hints, extract
from articles.extraction.types import ExtractedArticle, ReadError
from articles.models import Article, ImportBatch, ImportFile
from articles.services.articles import (
    _create_article,
    _Known,
    _lookups,
    _near_duplicate_of,
    _queue_index,
    _user,
)

IMPORTS_QUEUE = "imports"
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
            _queue_index(stored)
    return lines


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def batch_undo(*, batch: ImportBatch) -> int:
    """Remove every article a batch imported (database, index, feeds). Returns how many."""
    with transaction.atomic():
        ids = list(batch.articles.values_list("pk", flat=True))
        Article.objects.filter(pk__in=ids).delete()
        _queue_index(ids)
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


@task(queue_name=IMPORTS_QUEUE)
def import_batch_task(batch_id: int, hints: dict) -> None:
    """A large upload, run by the imports worker. Defined beside the service it runs, so that the
    services never import the tasks module and the tasks module never imports the services."""
    batch_run(batch_id=batch_id, hints=hints)
