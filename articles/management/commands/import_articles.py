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
            help="Files to import: pasted text, JSON Lines, HTML, RSS/Atom, ZIP, WARC (detected by content).",
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
        files = []
        for p in paths:
            path = Path(p)
            if not path.is_file():
                raise CommandError(f"{p}: no such file")
            files.append((str(path), path.read_bytes()))
        for address in feed_url:
            try:
                data, final = fetch_url(address)
            except FetchError as exc:
                raise CommandError(f"{address}: {exc}") from exc
            files.append((final, data))
        if not files:
            raise CommandError("give files to import, or --feed-url")

        def progress(result: services.ImportResult) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {len(result.lines)} records read…")

        result = services.articles_import(
            files=files, hints=Hints(source=source, published=pub, url=url), origin="command", progress=progress
        )
        for line in result.lines:
            if line.status == services.FAILED:
                where = f"{line.file}" + (f" record {line.position}" if line.position else "")
                ident = f" (id {line.external_id})" if line.external_id else ""
                self.stderr.write(f"failed: {where}{ident}: {line.error}")
            elif line.warning:
                self.stderr.write(f"warning: {line.file}: {line.title}: {line.warning}")
            elif verbosity >= 2:
                self.stdout.write(f"{line.status}: {line.title} -> {line.article_id}")
        self.stdout.write(result.summary())
        if result.failed:
            raise SystemExit(1)
