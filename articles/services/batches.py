"""Import batches: an upload or a command run, read record by record into articles, with a report.

The admin, the commands and the tasks all call these functions (the one write path).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from articles.extraction.dedupe import content_hash
from articles.extraction.formats import read_records, sniff_container
from articles.extraction.pipeline import Hints, extract, extract_article
from articles.extraction.types import ExtractedArticle, ReadError
from articles.models import Article, ImportBatch, ImportFile
from articles.services.articles import (
    _ChunkWriter,
    _Known,
    _lookups,
    _queue_index,
    _user,
)
from articles.workers import this_process

IMPORTS_QUEUE = "imports"
IMPORT_TASK_PATH = "articles.services.batches.import_batch_task"
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
    # What was read with a doubt (a placeholder date dropped, a guessed encoding): the record imported.
    warning: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ImportResult:
    lines: list[ImportLine | None] = field(default_factory=list)  # None: a record read, not yet stored
    seconds: float = 0.0
    batch: ImportBatch | None = None

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line is not None and line.status == status)

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
        near = f" ({_count(self.near_duplicates, 'near-duplicate')})" if self.near_duplicates else ""
        return (
            f"{self.imported} imported{near}, {_count(self.duplicates, 'duplicate')}, {self.failed} failed "
            f"in {self.seconds:.1f} s ({self.rate:.0f} articles/s)"
        )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def articles_import(
    *,
    files: Iterable[tuple[str, bytes] | tuple[str, bytes, int]],
    hints: Hints | None = None,
    user=None,
    origin: str = "upload",
    progress: Callable[[ImportResult], None] | None = None,
    batch: ImportBatch | None = None,
    names: list[str] | None = None,
) -> ImportResult:
    """Import every article in ``files`` ((name, bytes) pairs, in input order; a third item, when given,
    is the line number the piece starts at: a big JSON Lines file streamed in pieces). Returns a
    per-record report, also kept as an ImportBatch (``batch`` when given: a queued upload run by the
    worker, or an interrupted batch resumed; ``names``: the files to list on a new batch).

    Whatever one record or one file does — reader bugs included — it fails alone with its reason on its
    report line, the others import, and the batch always ends with its full report."""
    started = time.monotonic()
    if batch is None:
        files = list(files) if names is None else files
        batch = ImportBatch.objects.create(
            created_by=_user(user),
            origin=origin,
            files=names if names is not None else [f[0] for f in files],
            status=ImportBatch.Status.RUNNING,
            owner=this_process(),
            heartbeat_at=timezone.now(),
        )
    # Articles this batch stored before it was interrupted: met again, they are its own, not duplicates.
    prior = set(batch.articles.values_list("pk", flat=True))
    resumed = _Resumed.of(batch) if prior else None
    # The queued batch's "Waiting for the worker." ends here; a resumed one says so until it is done.
    batch.message = f"Resumed: {len(prior)} articles were stored before the interruption." if prior else ""
    result = ImportResult(batch=batch)
    pending: list[tuple[int, str, ExtractedArticle]] = []
    flushes = 0

    def flush() -> None:
        nonlocal flushes
        if pending:
            # The report keeps input order: each stored record's line takes the place kept for it.
            stored = _store_chunk([(name, item) for _, name, item in pending], user, batch, prior)
            for (place, _, _), line in zip(pending, stored, strict=True):
                result.lines[place] = line
            pending.clear()
        result.seconds = time.monotonic() - started
        flushes += 1
        # Counts after every chunk (the progress page); the whole report only now and then, since
        # writing it is proportional to its length (every chunk would make a big import quadratic).
        _save_batch(batch, result, ImportBatch.Status.RUNNING, report=flushes % REPORT_EVERY == 0)
        if progress:
            progress(result)

    status, message = ImportBatch.Status.DONE, ""
    try:
        for name, data, *first in files:
            shift = first[0] - 1 if first else 0
            read = 0
            try:
                for item in _records(data, name, hints, resumed):
                    read += 1
                    if isinstance(item, ImportLine):  # stored before the interruption: reported, not redone
                        prior.discard(item.article_id)  # met again later, the same text is a duplicate
                        result.lines.append(item)
                        continue
                    if isinstance(item, ReadError):
                        line = _failed_line(name, item)
                        if line.position is not None:
                            line.position += shift
                        result.lines.append(line)
                        continue
                    pending.append((len(result.lines), name, item))
                    result.lines.append(None)
                    if len(pending) >= CHUNK:
                        flush()
            except Exception as exc:  # noqa: BLE001 - a reader bug fails its file, not the batch
                where = f" after {read} records" if read else ""
                result.lines.append(ImportLine(FAILED, name, error=f"the file could not be read{where}: {_crash(exc)}"))
        flush()
    except Exception as exc:  # noqa: BLE001 - never a batch "running" for ever, never a lost report
        status, message = ImportBatch.Status.FAILED, f"The import stopped: {_crash(exc)}"
        result.lines = [line for line in result.lines if line is not None]
    except BaseException:  # Ctrl-C, SystemExit: say so, then let it end the process
        result.lines = [line for line in result.lines if line is not None]
        batch.message = "Interrupted before the end: `import_articles --resume` (or Retry) finishes it."
        _save_batch(batch, result, ImportBatch.Status.INTERRUPTED)
        raise
    result.seconds = time.monotonic() - started
    batch.message = message
    _save_batch(batch, result, status)
    return result


@dataclass
class _Resumed:
    """What an interrupted batch had stored, by text hash: on resuming, a record met again is reported
    from it without being extracted again (extraction is the cost of an import), so a resumed batch
    goes quickly over the part it had done. Each stored article answers for one record only."""

    by_hash: dict[str, Article]

    @classmethod
    def of(cls, batch: ImportBatch) -> _Resumed:
        fields = ("pk", "title", "content_hash", "duplicate_of_id", "similarity")
        return cls({a.content_hash: a for a in batch.articles.only(*fields)})

    def take(self, record) -> Article | None:
        return self.by_hash.pop(content_hash(record.title, record.body), None)


def _records(data: bytes, name: str, hints: Hints | None, resumed: _Resumed | None):
    """The file's articles as ``extract`` gives them; when resuming, the records already stored come as
    their report lines instead. (A hash the extraction would compute differently — text normalised on
    the way — only means that record is extracted again, and then found stored by ``_store_chunk``.)"""
    if resumed is None or not resumed.by_hash:
        yield from extract(data, filename=name, hints=hints)
        return
    for record in read_records(data, name):
        if isinstance(record, ReadError):
            yield record
            continue
        stored = resumed.take(record)
        if stored is not None:
            yield ImportLine(
                NEAR_DUPLICATE if stored.duplicate_of_id else IMPORTED,
                name,
                stored.title,
                stored.pk,
                external_id=record.external_id,
                original_id=stored.duplicate_of_id,
                similarity=round(stored.similarity, 3) if stored.duplicate_of_id and stored.similarity else None,
            )
            continue
        yield from _extract_one(record, hints)


def _extract_one(record, hints: Hints | None):
    try:
        yield extract_article(record, hints)
    except Exception as exc:  # noqa: BLE001 - as pipeline.extract: one bad record must not stop a batch
        yield ReadError(error=f"extraction failed: {exc}", external_id=record.external_id)


def _crash(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


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
    batch.owner = this_process() if status == ImportBatch.Status.RUNNING else ""
    batch.heartbeat_at = timezone.now()
    if report:
        batch.report = [line.as_dict() for line in result.lines if line is not None]
        batch.save()
    else:
        batch.save(
            update_fields=[
                "status",
                "total",
                "imported",
                "near_duplicates",
                "duplicates",
                "failed",
                "seconds",
                "owner",
                "heartbeat_at",
                "message",
            ]
        )


def _store_chunk(
    items: list[tuple[str, ExtractedArticle]], user, batch: ImportBatch | None, prior: set[int] | None = None
) -> list[ImportLine]:
    """Store a chunk in one transaction, each record in its own savepoint. When something breaks the
    chunk outside any one record's savepoint, its records are stored one by one, so that only the
    record at fault fails."""
    prior = prior if prior is not None else set()
    try:
        lines, reused = _store_items(items, user, batch, prior)
    except Exception as exc:  # noqa: BLE001 - see the docstring
        if len(items) > 1:
            return [line for item in items for line in _store_chunk([item], user, batch, prior)]
        name, item = items[0]
        raw = item.raw
        return [
            ImportLine(
                FAILED,
                name,
                raw.title[:1000],
                error=f"could not be stored: {_message(exc)}",
                external_id=raw.external_id,
                original=raw.original,
            )
        ]
    prior -= reused
    return lines


def _store_items(
    items: list[tuple[str, ExtractedArticle]], user, batch: ImportBatch | None, prior: set[int]
) -> tuple[list[ImportLine], set[int]]:
    lines: list[ImportLine] = []
    stored: list[int] = []
    reused: set[int] = set()
    with transaction.atomic():
        known = _Known.existing([item for _, item in items])
        writer = _ChunkWriter([item for _, item in items], _lookups([item for _, item in items]))
        for name, item in items:
            raw = item.raw
            existing = known.find(item)
            if existing is not None and existing.pk in prior and existing.pk not in reused:
                reused.add(existing.pk)  # stored by this batch before it was interrupted
                lines.append(_stored_line(name, item, existing, existing.duplicate_of_id, existing.similarity))
                continue
            if existing is not None:
                lines.append(ImportLine(DUPLICATE, name, raw.title, existing.pk, external_id=raw.external_id))
                continue
            try:
                with transaction.atomic():
                    original, similarity = writer.near_duplicate_of(item)
                    article = writer.create(item, user, batch, original, similarity)
            except Exception as exc:  # noqa: BLE001 - one record fails alone, whatever it raised
                lines.append(_failed_store(name, item, exc))
                continue
            writer.stored(item, article)
            stored.append(article.pk)
            known.add(item, article)
            lines.append(_stored_line(name, item, article, original.pk if original else None, similarity))
        writer.finish()
        # In the same transaction: the articles and their index job commit or vanish together.
        _queue_index(stored)
    return lines, reused


def _stored_line(name: str, item: ExtractedArticle, article: Article, original_id, similarity) -> ImportLine:
    return ImportLine(
        NEAR_DUPLICATE if original_id else IMPORTED,
        name,
        article.title,
        article.pk,
        external_id=item.raw.external_id,
        original_id=original_id,
        similarity=round(similarity, 3) if original_id and similarity is not None else None,
        warning="; ".join(item.raw.warnings),
    )


def _failed_store(name: str, item: ExtractedArticle, exc: Exception) -> ImportLine:
    raw = item.raw
    if isinstance(exc, IntegrityError):
        try:
            existing = _Known.existing([item]).find(item)
        except Exception:  # noqa: BLE001 - the lookup itself may fail on the same bad value
            existing = None
        if existing is not None:  # a concurrent import stored it first
            return ImportLine(DUPLICATE, name, raw.title, existing.pk, external_id=raw.external_id)
    return ImportLine(
        FAILED, name, raw.title[:1000], error=_message(exc), external_id=raw.external_id, original=raw.original
    )


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, IntegrityError):
        return str(exc)[:500]
    return _crash(exc)


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
    """The worker's side of batch_enqueue. Run again after its worker died, it resumes the batch: the
    articles it already stored are reported as its own, the rest are imported."""
    from datetime import datetime

    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    if batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.UNDONE):
        batch.uploads.all().delete()  # finished before its job was marked done: only the files are left
        return
    files = [(f.name, bytes(f.data)) for f in batch.uploads.order_by("pk")]
    published = datetime.fromisoformat(hints["published"]) if hints.get("published") else None
    articles_import(
        files=files,
        hints=Hints(source=hints.get("source", ""), url=hints.get("url", ""), published=published),
        user=batch.created_by,
        batch=batch,
    )
    batch.uploads.all().delete()


def batches_recover() -> int:
    """Mark running batches whose process is gone as interrupted (a queued upload's job is put back in
    the queue by ``workers.jobs_recover``, and resumes it). Returns how many. Idempotent."""
    from articles.workers import owner_alive

    moved = 0
    for batch in ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING).only("pk", "owner", "heartbeat_at"):
        if owner_alive(batch.owner, batch.heartbeat_at):
            continue
        queued = batch.uploads.exists()
        message = (
            "Interrupted: the worker running it stopped; the imports worker resumes it."
            if queued
            else "Interrupted: the process running it stopped. `import_articles --resume "
            f"{batch.pk}` (or Retry, while its files are still there) finishes it."
        )
        moved += ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.RUNNING, owner=batch.owner).update(
            status=ImportBatch.Status.INTERRUPTED, message=message, owner=""
        )
    return moved


def batch_resume(*, batch: ImportBatch, hints: Hints | None = None, user=None, files=None) -> ImportResult:
    """Finish an interrupted batch: a queued upload goes back to the imports worker; a command's batch
    reads its files again (paths on this machine; ``files``: the same, already opened) into the same
    batch, where what it stored before counts as its own."""
    from pathlib import Path

    if batch.uploads.exists():
        from django_tasks_db.models import DBTaskResult

        jobs = DBTaskResult.objects.filter(task_path=IMPORT_TASK_PATH, args_kwargs__args__0=batch.pk)
        with transaction.atomic():
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.QUEUED, message="Waiting for the worker (resumed)."
            )
            if not jobs.filter(status__in=("READY", "RUNNING")).exists():  # else already queued again
                last = jobs.order_by("-enqueued_at").first()  # its hints (source, date) hold for the rest
                import_batch_task.enqueue(batch.pk, last.args_kwargs["args"][1] if last else {})
        batch.refresh_from_db()
        return ImportResult(batch=batch)
    missing = [name for name in batch.files if not Path(name).is_file()]
    if missing:
        raise ValidationError(f"the batch's files are gone: {', '.join(missing[:5])}")
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, owner=this_process())
    if files is None:  # the command passes its files streamed in pieces
        files = ((name, Path(name).read_bytes()) for name in batch.files)
    return articles_import(files=files, hints=hints, user=user, batch=batch)


@task(queue_name=IMPORTS_QUEUE)
def import_batch_task(batch_id: int, hints: dict) -> None:
    """A large upload, run by the imports worker. Defined beside the service it runs, so that the
    services never import the tasks module and the tasks module never imports the services."""
    batch_run(batch_id=batch_id, hints=hints)
