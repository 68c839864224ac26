"""Fault injection with real processes and a real kill -9: the import command, the index worker and the
imports worker each die mid-way; then nothing is lost, nothing is stored twice, and the index agrees
with the database without a person (the next worker recovers what the dead one left).

The processes share a database with this test: on SQLite a fresh file in a temporary data directory,
on PostgreSQL the test database itself (committed data: a transactional test).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Committed data (the processes cannot see a test's transaction); emptied after each test.
pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 120  # seconds: generous, the machine may be shared; each test takes a few seconds when idle


class Archive:
    """A data directory (and database) that real `manage.py` processes run against."""

    def __init__(self, tmp_path: Path, database_url: str | None, query) -> None:
        self.env = {
            **os.environ,
            "NEWSARCHIVE_DATA_DIR": str(tmp_path / "data"),
            "NEWSARCHIVE_WORKER_LEASE": "2",
            "NEWSARCHIVE_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
        self.env.pop("DATABASE_URL", None)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self._query = query
        self.procs: list[subprocess.Popen] = []

    def start(self, *args: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.procs.append(proc)
        return proc

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )

    def worker(self, queue: str) -> subprocess.Popen:
        return self.start("db_worker", "--queue-name", queue, "--interval", "0.1", "--no-reload", "--no-startup-delay")

    def one(self, sql: str):
        return self._query(sql)[0][0]

    def wait_for(self, sql: str, predicate, what: str):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            value = self.one(sql)
            if predicate(value):
                return value
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what} (last: {value})")

    def kill(self, proc: subprocess.Popen) -> None:
        os.kill(proc.pid, signal.SIGKILL)  # no clean-up, no signal handler: a crash
        proc.wait()

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            if proc.stdout:
                proc.stdout.close()
            if proc.stderr:
                proc.stderr.close()

    def consistent(self, expected: int) -> None:
        """Every record stored once, no job left, check_index agrees."""
        assert self.one("SELECT COUNT(*) FROM articles_article") == expected
        assert self.one("SELECT COUNT(DISTINCT external_id) FROM articles_article") == expected
        check = self.run("check_index")
        assert check.returncode == 0, check.stdout + check.stderr


@pytest.fixture
def archive(tmp_path):
    from django.db import connection

    if connection.vendor == "postgresql":
        s = connection.settings_dict
        url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

        def query(sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()

        made = Archive(tmp_path, url, query)
    else:
        path = tmp_path / "data" / "newsarchive.sqlite3"

        def query(sql):
            db = sqlite3.connect(path, timeout=30)
            try:
                return db.execute(sql).fetchall()
            finally:
                db.close()

        made = Archive(tmp_path, None, query)
        migrated = made.run("migrate", "--noinput", "-v", "0")
        assert migrated.returncode == 0, migrated.stderr
    yield made
    made.stop_all()


def records(n: int, prefix: str) -> str:
    words = ["harbour", "orchard", "violin", "glacier", "tram", "lantern", "quarry", "meadow", "ferry", "kiln"]
    return "\n".join(
        json.dumps(
            {
                "id": f"{prefix}-{i}",
                "title": f"{words[i % 10].title()} notice {prefix} {i}",
                "body": f"The {words[i % 10]} board of Osterlund met on day {i}. "
                + " ".join(f"{words[(i * j) % 10]}{i * 13 + j}" for j in range(10)),
                "published": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}",
                "source": "Osterlund Courier",
            }
        )
        for i in range(n)
    )


PENDING = "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
RUNNING = "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"


def test_import_command_killed_midway_is_interrupted_then_resumed(archive, tmp_path):
    n = 300
    path = tmp_path / "wire.jsonl"
    path.write_text(records(n, "cmd"))
    proc = archive.start("import_articles", str(path))
    stored = archive.wait_for("SELECT COUNT(*) FROM articles_article", lambda v: v >= 100, "a chunk stored")
    archive.kill(proc)
    left = archive.one("SELECT COUNT(*) FROM articles_article")
    assert stored <= left < n  # killed mid-way, with committed chunks behind it
    archive.worker("default")  # a live worker notices the dead run by itself ...
    batch = archive.wait_for(
        "SELECT COUNT(*) FROM articles_importbatch WHERE status = 'interrupted'", lambda v: v == 1, "interrupted"
    )
    assert batch == 1
    batch_id = archive.one("SELECT id FROM articles_importbatch")
    resumed = archive.run("import_articles", "--resume", str(batch_id))  # ... and --resume finishes it
    assert resumed.returncode == 0, resumed.stderr
    assert f"{n} imported, 0 duplicates, 0 failed" in resumed.stdout
    archive.wait_for(PENDING, lambda v: v == 0, "the index jobs")
    archive.consistent(n)


@pytest.mark.whoosh_only  # index jobs: the PostgreSQL engine has none (it writes in the transaction)
def test_index_worker_killed_midjob_is_rerun_by_the_next_worker(archive, tmp_path):
    n = 300
    path = tmp_path / "wire.jsonl"
    path.write_text(records(n, "idx"))
    done = archive.run("import_articles", str(path))
    assert done.returncode == 0, done.stderr
    assert archive.one(PENDING) == n // 100  # one index job per chunk, none applied yet
    for _ in range(3):  # catch a worker inside a job (a job takes a fraction of a second)
        worker = archive.worker("default")
        archive.wait_for(RUNNING, lambda v: v >= 1, "a running index job")
        archive.kill(worker)
        if archive.one(RUNNING) >= 1:
            break
    assert archive.one(RUNNING) == 1  # killed mid-job: the job is left running
    archive.worker("default")  # the next worker puts it back in the queue and runs it
    archive.wait_for(PENDING, lambda v: v == 0, "every index job")
    archive.consistent(n)


def test_imports_worker_killed_midupload_resumes_in_the_same_batch(archive, tmp_path):
    n = 300
    path = tmp_path / "upload.jsonl"
    path.write_text(records(n, "up"))
    queued = archive.run(
        "shell",
        "-c",
        "from articles import services; from pathlib import Path; "
        f"services.batch_enqueue(files=[('upload.jsonl', Path({str(path)!r}).read_bytes())], hints=None, user=None)",
    )
    assert queued.returncode == 0, queued.stderr
    importer = archive.worker("imports")
    archive.wait_for("SELECT COUNT(*) FROM articles_article", lambda v: v >= 100, "a chunk stored")
    archive.kill(importer)
    assert archive.one("SELECT COUNT(*) FROM articles_article") < n
    archive.worker("imports")  # the next imports worker takes the dead one's job up again
    archive.worker("default")
    archive.wait_for("SELECT COUNT(*) FROM articles_importbatch WHERE status = 'done'", lambda v: v == 1, "done")
    report = json.loads(archive.one("SELECT report FROM articles_importbatch"))
    assert len(report) == n and {line["status"] for line in report} == {"imported"}
    archive.wait_for(PENDING, lambda v: v == 0, "every job")
    assert archive.one("SELECT COUNT(*) FROM articles_importfile") == 0  # the upload is not kept
    archive.consistent(n)
