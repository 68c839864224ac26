from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles import services
from articles.extraction.formats.fetch import FetchError, fetch_url
from articles.extraction.pipeline import Hints
from articles.models import ImportBatch

# A JSON Lines file larger than this is read in pieces of whole lines (constant memory, whatever its
# size); other formats are read whole (a ZIP or WARC needs its directory or its records' offsets).
STREAM_ABOVE = 8 * 1024 * 1024
PIECE_BYTES = 4 * 1024 * 1024


def split_source(arg: str) -> tuple[Path, str]:
    """``PATH`` or ``PATH:SOURCE`` (a path whose own name has a colon is taken whole when it exists)."""
    path = Path(arg)
    if path.exists():
        return path, ""
    name, sep, source = arg.rpartition(":")
    if sep and name and Path(name).exists():
        if not source.strip():
            raise CommandError(f"{arg}: give a source name after the colon, e.g. {name}:Reuters")
        return Path(name), source.strip()
    raise CommandError(f"{arg}: no such file or folder")


def walk(paths: list[str], default_source: str = "") -> dict[str, list[Path]]:
    """The files named, folders walked recursively (in name order, hidden files left out), grouped by
    source: ``PATH:SOURCE`` gives a file or folder its own publication name, else ``default_source``."""
    groups: dict[str, list[Path]] = {}
    for p in paths:
        path, source = split_source(p)
        found = groups.setdefault(source or default_source, [])
        if path.is_dir():
            found += sorted(f for f in path.rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            found.append(path)
    return groups


def pieces(path: Path) -> Iterator[tuple[str, bytes] | tuple[str, bytes, int]]:
    """A file as (name, bytes), or a big JSON Lines file as (name, piece, first line number) pieces."""
    name = str(path)
    with path.open("rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if path.stat().st_size <= STREAM_ABOVE or not head.startswith(b"{"):
        yield name, path.read_bytes()
        return
    with path.open("rb") as fh:
        first = 1
        while True:
            # Whole lines only: a JSON string cannot hold a raw newline byte, so b"\n" ends a record.
            piece = fh.read(PIECE_BYTES)
            if not piece:
                return
            piece += fh.readline()
            yield name, piece, first
            first += piece.count(b"\n")


class Command(BaseCommand):
    help = (
        "Import articles from files or folders (walked recursively) the same way as the admin's upload page; "
        "any format the upload takes, detected by content. Prints a line per failed record and a summary; "
        "exit status 0 when every record was imported (or was a duplicate), 1 when any failed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "paths",
            nargs="*",
            help="Files or folders to import: pasted text, JSON Lines, HTML, RSS/Atom, ZIP, WARC (by content). "
            "PATH:SOURCE gives that file or folder's publication name (for its records that have none), e.g. "
            "reuters.jsonl:Reuters; it overrides --source there. One import batch per source.",
        )
        parser.add_argument(
            "--feed-url", action="append", default=[], help="An RSS/Atom feed URL to fetch and import (repeatable)."
        )
        parser.add_argument("--source", default="", help="Publication name for records that have none.")
        parser.add_argument("--published", default="", help="Publication date YYYY-MM-DD for records that have none.")
        parser.add_argument("--url", default="", help="URL for records that have none.")
        parser.add_argument(
            "--resume",
            type=int,
            metavar="BATCH",
            help="Finish an interrupted import batch (its files are read again; what it stored counts as its own).",
        )

    def handle(
        self,
        *args,
        paths: list[str],
        source: str,
        published: str,
        url: str,
        feed_url: list[str],
        resume: int | None,
        **options,
    ) -> None:
        verbosity = options["verbosity"]
        pub = None
        if published:
            try:
                pub = datetime.combine(date.fromisoformat(published), time(0, 0), tzinfo=UTC)
            except ValueError as exc:
                raise CommandError(f"--published must be YYYY-MM-DD: {exc}") from exc
        hints = Hints(source=source, published=pub, url=url)
        services.batches_recover()  # a batch left running by a killed run is marked interrupted

        def progress(result: services.ImportResult) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {len(result.lines)} records read…")

        if resume is not None:
            batch = ImportBatch.objects.filter(pk=resume).first()
            if batch is None:
                raise CommandError(f"no import batch {resume}")
            if batch.status != ImportBatch.Status.INTERRUPTED:
                raise CommandError(f"import batch {resume} is {batch.status}, not interrupted")
            try:
                streamed = (piece for name in batch.files if Path(name).is_file() for piece in pieces(Path(name)))
                result = services.batch_resume(batch=batch, hints=hints, files=streamed)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            if self._report(result, verbosity):
                raise SystemExit(1)
            return

        groups = walk(paths, source)
        unreadable = [p for files in groups.values() for p in files if not os.access(p, os.R_OK)]
        for files in groups.values():
            files[:] = [p for p in files if p not in unreadable]
        for path in unreadable:
            self.stderr.write(f"failed: {path}: the file cannot be read (permission denied)")
        fetched = []
        for address in feed_url:
            try:
                data, final = fetch_url(address)
            except FetchError as exc:
                raise CommandError(f"{address}: {exc}") from exc
            fetched.append((final, data))
        if not any(groups.values()) and not fetched and not unreadable:
            raise CommandError("give files or folders to import, or --feed-url")
        if fetched:
            groups.setdefault(source, [])

        failed = False
        for group_source, files in groups.items():
            feeds = fetched if group_source == source else []
            if not files and not feeds:
                continue

            def inputs(files=files, feeds=feeds):
                yield from feeds
                for path in files:
                    yield from pieces(path)

            result = services.articles_import(
                files=inputs(),
                names=[name for name, _ in feeds] + [str(p) for p in files],
                hints=Hints(source=group_source, published=pub, url=url),
                origin="command",
                progress=progress,
            )
            failed |= self._report(result, verbosity, group_source if len(groups) > 1 else "")
        if failed or unreadable:
            raise SystemExit(1)

    def _report(self, result: services.ImportResult, verbosity: int, label: str = "") -> bool:
        """Print the failures and the summary; True when anything failed."""
        for line in result.lines:
            if line.status == services.FAILED:
                where = f"{line.file}" + (f" record {line.position}" if line.position else "")
                ident = f" (id {line.external_id})" if line.external_id else ""
                self.stderr.write(f"failed: {where}{ident}: {line.error}")
            elif line.warning:
                self.stderr.write(f"warning: {line.file}: {line.title}: {line.warning}")
            elif verbosity >= 2:
                self.stdout.write(f"{line.status}: {line.title} -> {line.article_id}")
        if result.batch is not None and result.batch.message:
            self.stderr.write(result.batch.message)
        self.stdout.write((f"{label}: " if label else "") + result.summary())
        return bool(result.failed or (result.batch is not None and result.batch.status == ImportBatch.Status.FAILED))
