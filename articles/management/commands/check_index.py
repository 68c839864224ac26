from __future__ import annotations

from django.core.management.base import BaseCommand

from articles import workers
from articles.search import index


class Command(BaseCommand):
    help = (
        "Compare the database with the search index. Exit status 0 when they agree and no index job is "
        "pending or running, else 1 (a job whose worker died counts as pending until it is run again). "
        "With --repair, apply every pending index job, then re-index what still differs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Run the pending index jobs (dead workers' too), then re-index missing, stale and extra articles.",
        )

    def handle(self, *args, repair: bool, **options) -> None:
        if repair:
            workers.jobs_recover()  # a dead worker's job goes back to the queue ...
            # ... and every queued index job is applied here and now, as the index worker would.
            workers.run_ready_jobs(worker_id=f"check_index-{workers.this_process().replace(' ', '-')}"[:64])
        report = index.check(repair=repair)
        if repair and not report.ok:
            report = index.check()
            if not report.ok:
                self.stdout.write("Repair incomplete: run rebuild_index.")
        pending = index.pending_jobs()
        dead = sum(1 for row in workers.dead_jobs() if row.task_path == index.INDEX_TASK_PATH)
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
            left = f", {dead} left by a dead worker (the next worker runs them again)" if dead else ""
            self.stdout.write(
                f"{pending} index job(s) pending{left}: is the worker running? (`manage.py db_worker`; or --repair)"
            )
        if report.ok and not pending:
            self.stdout.write("Repaired: index and database agree." if repair else "Index and database agree.")
            return
        raise SystemExit(1)
