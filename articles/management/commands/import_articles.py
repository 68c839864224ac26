from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles import services
from articles.extraction.formats.fetch import FetchError, fetch_url
from articles.extraction.pipeline import Hints


class Command(BaseCommand):
    help = (
        "Import articles from files (pasted-text .txt, JSON Lines .jsonl or a JSON array), "
        "the same way as the admin's upload page. Prints a line per failed record and a summary."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "paths",
            nargs="*",
            help="Files to import: pasted text, JSON Lines, HTML, RSS/Atom, ZIP, WARC (detected by content). "
            "PATH:SOURCE gives that file's publication name (for its records that have none), e.g. "
            "reuters.jsonl:Reuters; it overrides --source for that file.",
        )
        parser.add_argument(
            "--feed-url", action="append", default=[], help="An RSS/Atom feed URL to fetch and import (repeatable)."
        )
        parser.add_argument("--source", default="", help="Publication name for records that have none.")
        parser.add_argument("--published", default="", help="Publication date YYYY-MM-DD for records that have none.")
        parser.add_argument("--url", default="", help="URL for records that have none.")

    def handle(
        self, *args, paths: list[str], source: str, published: str, url: str, feed_url: list[str], **options
    ) -> None:
        verbosity = options["verbosity"]
        pub = None
        if published:
            try:
                pub = datetime.combine(date.fromisoformat(published), time(0, 0), tzinfo=UTC)
            except ValueError as exc:
                raise CommandError(f"--published must be YYYY-MM-DD: {exc}") from exc
        groups: dict[str, list[tuple[str, bytes]]] = {}  # source -> files: one import (batch) per source
        for p in paths:
            path, file_source = split_source(p)
            groups.setdefault(file_source or source, []).append((str(path), path.read_bytes()))
        for address in feed_url:
            try:
                data, final = fetch_url(address)
            except FetchError as exc:
                raise CommandError(f"{address}: {exc}") from exc
            groups.setdefault(source, []).append((final, data))
        if not groups:
            raise CommandError("give files to import, or --feed-url")

        def progress(result: services.ImportResult) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {len(result.lines)} records read…")

        failed = 0
        for group_source, files in groups.items():
            result = services.articles_import(
                files=files,
                hints=Hints(source=group_source, published=pub, url=url),
                origin="command",
                progress=progress,
            )
            failed += result.failed
            self._report(result, verbosity, group_source if len(groups) > 1 else "")
        if failed:
            raise SystemExit(1)

    def _report(self, result: services.ImportResult, verbosity: int, label: str) -> None:
        for line in result.lines:
            if line.status == services.FAILED:
                where = f"{line.file}" + (f" record {line.position}" if line.position else "")
                ident = f" (id {line.external_id})" if line.external_id else ""
                self.stderr.write(f"failed: {where}{ident}: {line.error}")
            elif verbosity >= 2:
                self.stdout.write(f"{line.status}: {line.title} -> {line.article_id}")
        self.stdout.write((f"{label}: " if label else "") + result.summary())


def split_source(arg: str) -> tuple[Path, str]:
    """``PATH`` or ``PATH:SOURCE`` (a file whose own name has a colon is taken whole when it exists)."""
    path = Path(arg)
    if path.is_file():
        return path, ""
    name, sep, source = arg.rpartition(":")
    if sep and name and Path(name).is_file():
        if not source.strip():
            raise CommandError(f"{arg}: give a source name after the colon, e.g. {name}:Reuters")
        return Path(name), source.strip()
    raise CommandError(f"{arg}: no such file")
