from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from articles.search import index


class Command(BaseCommand):
    help = "Rebuild the search index from the database into a new directory and swap it in atomically."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--procs",
            type=int,
            default=1,
            help="Processes analysing documents (default 1; 2 can help on an otherwise idle 2-core machine).",
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()

        def progress(n: int) -> None:
            if options["verbosity"] >= 1 and n % 5000 == 0:
                self.stdout.write(f"  {n} articles indexed…")

        count = index.rebuild(progress=progress, procs=max(1, options["procs"]))
        seconds = time.monotonic() - started
        rate = count / seconds if seconds else 0
        self.stdout.write(f"Indexed {count} articles in {seconds:.1f} s ({rate:.0f} articles/s).")
