from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from articles.extraction.pipeline import as_output, extract
from articles.extraction.types import ReadError


class Command(BaseCommand):
    help = (
        "Extract metadata and tags from files without storing anything: JSON Lines on stdout, one object "
        "per input article in input order (a failed record prints {id, file, error}). Exit status 1 if any failed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="Files to read (pasted text, JSON Lines, JSON array).")

    def handle(self, *args, paths: list[str], **options) -> None:
        failed = False
        out = sys.stdout
        for p in paths:
            path = Path(p)
            try:
                data = path.read_bytes()
            except OSError as exc:
                failed = True
                out.write(json.dumps({"id": None, "file": p, "error": f"cannot read file: {exc.strerror}"}) + "\n")
                continue
            for item in extract(data, filename=path.name):
                failed = failed or isinstance(item, ReadError)
                out.write(json.dumps(as_output(item, p), ensure_ascii=False) + "\n")
        out.flush()
        if failed:
            raise SystemExit(1)
