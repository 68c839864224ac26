from __future__ import annotations

from django.core.management.base import BaseCommand

from articles.search import index


class Command(BaseCommand):
    help = (
        "Compare the database with the search index. Exit status 0 when they agree and no index job is "
        "pending, else 1. With --repair, re-index what differs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repair", action="store_true", help="Re-index missing, stale and extra articles.")

    def handle(self, *args, repair: bool, **options) -> None:
        report = index.check(repair=repair)
        pending = index.pending_jobs()
        for label, ids in (
            ("missing from the index", report.missing),
            ("in the index but not the database", report.extra),
            ("stale in the index", report.stale),
        ):
            if ids:
                shown = ", ".join(str(i) for i in ids[:20]) + (" …" if len(ids) > 20 else "")
                self.stdout.write(f"{len(ids)} article(s) {label}: {shown}")
        if report.outdated_schema:
            self.stdout.write(
                "The index was built by an older version of newsarchive: run rebuild_index (or --repair)."
            )
        if pending:
            self.stdout.write(f"{pending} index job(s) pending (is the worker running? `manage.py db_worker`)")
        if report.ok and not pending:
            self.stdout.write("Index and database agree.")
            return
        if repair and not report.ok:
            after = index.check()
            self.stdout.write("Repaired." if after.ok else "Repair incomplete: run rebuild_index.")
            if after.ok and not pending:
                return
        raise SystemExit(1)
