"""Who is alive: task workers and import runs say so, and work left by a dead one is taken up again.

A killed process (kill -9, a crash, a reboot) cannot say it stopped, so every task worker writes a
heartbeat row (``WorkerBeat``) every few seconds and every running import batch records its owner
("host pid") and a heartbeat. A job or batch whose owner is gone is recovered without a person:
a job goes back to the queue (every job is idempotent: index jobs make the index agree with the
database as it is now, an upload resumes in its batch), a command's batch becomes *interrupted*.

On this host a process that is gone is noticed at once (its pid no longer exists); for another host,
when its heartbeat is older than the lease (``NEWSARCHIVE_WORKER_LEASE`` seconds).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger(__name__)

HOST = socket.gethostname()[:150]


def this_process() -> str:
    return f"{HOST} {os.getpid()}"


def lease() -> timedelta:
    return timedelta(seconds=settings.NEWSARCHIVE_WORKER_LEASE)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    try:  # a killed child that nobody reaped yet is a zombie: dead for our purposes
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def owner_alive(owner: str, beat_at) -> bool:
    """Whether the process named ``owner`` ("host pid") is still running."""
    host, _, pid = owner.rpartition(" ")
    if host == HOST and pid.isdigit():
        # Here the pid is the truth: a long chunk may delay a heartbeat, but not kill a process.
        return _pid_alive(int(pid))
    return beat_at is not None and beat_at > timezone.now() - lease()


# ----------------------------------------------------------------------------- task workers


class Heartbeat:
    """A daemon thread that keeps a worker's WorkerBeat row fresh while the worker lives and, at each
    beat, recovers what dead workers and dead import runs left behind."""

    def __init__(self, worker_id: str, queues: str) -> None:
        self.worker_id = worker_id
        self.queues = queues
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def beat(self) -> None:
        from articles.models import WorkerBeat

        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"host": HOST, "pid": os.getpid(), "queues": self.queues[:200], "beat_at": timezone.now()},
        )

    def start(self) -> None:
        self.beat()
        recover()
        self._thread.start()

    def stop(self) -> None:
        from articles.models import WorkerBeat

        self._stop.set()
        self._thread.join(timeout=5)
        WorkerBeat.objects.filter(worker_id=self.worker_id).delete()

    def _run(self) -> None:
        interval = min(5.0, max(0.2, settings.NEWSARCHIVE_WORKER_LEASE / 3))
        try:
            while not self._stop.wait(interval):
                close_old_connections()
                try:
                    self.beat()
                    recover()
                except Exception:  # a missed beat (database busy) is retried next time
                    logger.warning("heartbeat failed; retrying", exc_info=True)
                    connection.close()
        finally:
            connection.close()


def dead_jobs() -> list:
    """Running task rows whose worker is gone."""
    from django_tasks_db.models import DBTaskResult

    from articles.models import WorkerBeat

    beats = {b.worker_id: b for b in WorkerBeat.objects.all()}
    old = timezone.now() - lease()
    dead = []
    for row in DBTaskResult.objects.running():
        worker = row.worker_ids[-1] if row.worker_ids else ""
        beat = beats.get(worker)
        if beat is None:
            # A worker that never beat (older code, a test's synchronous runner): give it the lease.
            gone = row.started_at is None or row.started_at < old
        else:
            gone = not owner_alive(f"{beat.host} {beat.pid}", beat.beat_at)
        if gone:
            dead.append(row)
    return dead


def jobs_recover() -> int:
    """Put the jobs of dead workers back in the queue; return how many. Safe to run from any process,
    any number of times (the update only moves a row that is still running)."""
    from django_tasks_db.models import DBTaskResult

    from articles.models import WorkerBeat

    moved = 0
    for row in dead_jobs():
        moved += DBTaskResult.objects.filter(pk=row.pk, status="RUNNING").update(status="READY", started_at=None)
    for beat in WorkerBeat.objects.all():
        if not owner_alive(f"{beat.host} {beat.pid}", beat.beat_at):
            beat.delete()
    return moved


def recover() -> tuple[int, int]:
    """Everything dead processes left: their jobs back in the queue, their batches interrupted."""
    from articles import services

    moved = jobs_recover()
    interrupted = services.batches_recover()
    if moved or interrupted:
        logger.warning("re-queued %d job(s) of dead workers; %d import batch(es) interrupted", moved, interrupted)
    return moved, interrupted


def run_ready_jobs(*, queue_name: str = "default", worker_id: str) -> int:
    """Run the queued jobs of a queue here and now, claimed as a worker claims them (so a worker running
    at the same time never runs the same job); return how many ran. For ``check_index --repair``."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    # Only the worker's way of running one job: its loop also closes connections between jobs.
    runner = Worker(
        queue_names=[queue_name],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    done = 0
    while True:
        with exclusive_transaction(DBTaskResult.objects.db):
            row = DBTaskResult.objects.ready().filter(queue_name=queue_name).get_locked()
            if row is None:
                return done
            row.claim(worker_id)
        runner.run_task(row)
        done += 1
