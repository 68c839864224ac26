"""django-tasks-db's worker, plus a heartbeat and the recovery of dead workers' jobs.

Same command name and options (``manage.py db_worker --queue-name default``): this app is listed before
``django_tasks_db`` in INSTALLED_APPS, so this command is the one that runs. In plain django-tasks-db a
worker killed with kill -9 leaves its job RUNNING for ever; here every worker beats while it lives and,
at each beat, puts the jobs of dead workers back in the queue (every job of this project is idempotent)
and marks the import batches of dead processes interrupted (see ``articles.workers``).
"""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker

from articles import workers


class RecoveringWorker(db_worker.Worker):
    def run(self) -> None:
        heartbeat = workers.Heartbeat(self.worker_id, ",".join(self.queue_names))
        heartbeat.start()  # beats, and recovers, once before the first job is taken
        try:
            super().run()
        finally:
            heartbeat.stop()


class Command(db_worker.Command):
    help = db_worker.Command.help + " (with a heartbeat; dead workers' jobs are run again)"

    def handle(self, *args, **options) -> None:
        # The parent builds its worker from the module's global name: hand it ours for that call.
        saved, db_worker.Worker = db_worker.Worker, RecoveringWorker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = saved
