"""The query cost budget under load (issues 8 and 10): a real gunicorn (two workers, as ``make run``)
serves an archive with a large invented vocabulary; several clients send expensive queries (many
fuzzy ``~2`` words, two-letter prefixes, long ORs, deep pages) while others send cheap ones. The
expensive queries answer 200 with the budget's note; the cheap queries' p95 under that load stays
within a bound measured against their own unloaded p95.

The bound is meant to fail when the budget is off: ``NEWSARCHIVE_TEST_BUDGET_OFF=1`` starts the server
with the budget lifted (every prefix and fuzzy word expanded), and the test then fails on the latency
bound (checked by hand; the figures are in the commit that added this test).
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
PORT = 9101 if connection.vendor == "sqlite" else 9102  # this helper's range on the shared machine
pytestmark = pytest.mark.django_db(transaction=True)  # the server's processes share the test's database

SYLLABLES = "ka lo mi ter van su ro pel dri no gu ze fa bri tol mar quen si hu pra".split()
NOTE = "too many wildcard or fuzzy words"
LOAD_SECONDS = 15


def word(rnd: random.Random) -> str:
    return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(3, 4)))


def archive_records(n: int) -> str:
    rnd = random.Random(10)
    lines = []
    for i in range(n):
        words = " ".join(word(rnd) for _ in range(250))
        lines.append(
            json.dumps(
                {
                    "id": f"b-{i}",
                    "title": f"Harbour report {i} {word(rnd)}",
                    "body": f"The harbour board of Mombasa met on day {i}. {words}. The ferry timetable was read.",
                    "published": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}",
                    "source": "Budget Courier",
                }
            )
        )
    return "\n".join(lines)


def expensive_queries() -> list[str]:
    rnd = random.Random(11)
    queries = []
    for _ in range(20):
        fuzzy = " ".join(f"{word(rnd)}~2" for _ in range(30))
        prefixes = " OR ".join(
            f"{a}{b}*" for a, b in zip(rnd.sample("bdfghklmnpqrstvz", 12), "aeiouaeiouae", strict=True)
        )
        queries.append(f"/?q={urllib.parse.quote(fuzzy)}")
        queries.append(f"/api/search/?q={urllib.parse.quote(prefixes + ' ' + fuzzy)}&page=40")
    return queries


CHEAP = ["/?q=harbour", "/api/search/?q=ferry", "/?q=timetable&sort=newest", "/api/search/?q=mombasa"]


class Server:
    def __init__(self, tmp_path: Path) -> None:
        self.env = {
            **os.environ,
            "NEWSARCHIVE_DATA_DIR": str(tmp_path / "data"),
            "NEWSARCHIVE_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "DEBUG": "false",
        }
        self.env.pop("DATABASE_URL", None)
        if connection.vendor == "postgresql":
            s = connection.settings_dict
            self.env["DATABASE_URL"] = (
                f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
            )
        self.log = tmp_path / "server.log"
        self.proc: subprocess.Popen | None = None

    def manage(self, *args: str) -> None:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-3000:]

    def start(self) -> None:
        lift = os.environ.get("NEWSARCHIVE_TEST_BUDGET_OFF") == "1"
        code = (
            "import sys\n"
            + ("import articles.search.query as q; q.MAX_EXPANDING = q.EXPANSION_BUDGET = 10**6\n" if lift else "")
            + "from gunicorn.app.wsgiapp import run\n"
            f"sys.argv = ['gunicorn', 'newsarchive.wsgi:application', '--bind', '127.0.0.1:{PORT}', '--workers', '2',"
            " '--graceful-timeout', '2', '--timeout', '120']\n"
            "run()\n"
        )
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", code], cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text()
            try:
                get("/?q=harbour")  # warm both workers' searchers
                get("/?q=harbour")
                return
            except OSError:
                time.sleep(0.3)
        pytest.fail(f"the server did not answer:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def get(path: str, timeout: float = 120) -> tuple[int, float, str]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=timeout) as response:
            body = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read().decode(errors="replace"), exc.code
    return status, time.monotonic() - started, body


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def test_expensive_queries_degrade_with_a_note_and_never_stall_cheap_ones(tmp_path):
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", PORT)) == 0:
            pytest.skip(f"port {PORT} is in use")
    server = Server(tmp_path)
    if connection.vendor != "postgresql":
        server.manage("migrate", "--noinput", "-v", "0")
    path = tmp_path / "archive.jsonl"
    path.write_text(archive_records(400))
    server.manage("import_articles", str(path))
    if os.environ.get("NEWSARCHIVE_SEARCH_BACKEND", "whoosh") == "whoosh":
        server.manage("rebuild_index")
    try:
        server.start()
        # Each worker's first query that wants "did you mean" builds its spelling index (seconds on this
        # vocabulary, once per process): done before measuring, two at once so that both workers build it.
        warm = [threading.Thread(target=get, args=(q,)) for q in expensive_queries()[:2]]
        for t in warm:
            t.start()
        for t in warm:
            t.join()
        quiet = []
        for _ in range(5):
            for url in CHEAP:
                status, seconds, _ = get(url)
                assert status == 200
                quiet.append(seconds)
        stop = time.monotonic() + LOAD_SECONDS
        expensive: list[tuple[int, float, bool]] = []
        cheap: list[tuple[int, float]] = []

        def heavy(offset: int) -> None:
            queries = expensive_queries()
            i = offset
            while time.monotonic() < stop:
                status, seconds, body = get(queries[i % len(queries)])
                expensive.append((status, seconds, NOTE in body))
                i += 3

        def light(offset: int) -> None:
            i = offset
            while time.monotonic() < stop:
                status, seconds, _ = get(CHEAP[i % len(CHEAP)])
                cheap.append((status, seconds))
                i += 1
                time.sleep(0.05)

        threads = [threading.Thread(target=heavy, args=(i,)) for i in range(3)]
        threads += [threading.Thread(target=light, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.stop()
    quiet_median, loaded_p95 = sorted(quiet)[len(quiet) // 2], p95([s for _, s in cheap])
    heavy_p95 = p95([s for _, s, _ in expensive]) if expensive else 0.0
    # Generous for a shared two-core machine, with a 1.5 s floor (against the unloaded median: one slow request of twenty
    # would make an unloaded p95 too noisy a yardstick), yet an unbudgeted expensive query (30
    # distance-2 walks) holds a worker for tens of seconds: the cheap ones then queue behind it and
    # break this bound.
    bound = max(10 * quiet_median, 1.5)
    print(
        f"\nBUDGET {connection.vendor}: cheap unloaded median {quiet_median * 1000:.0f} ms (p95 "
        f"{p95(quiet) * 1000:.0f}), under load p95 {loaded_p95 * 1000:.0f} ms ({len(cheap)} requests, bound "
        f"{bound * 1000:.0f} ms); expensive {len(expensive)} requests, p95 {heavy_p95 * 1000:.0f} ms, "
        f"{sum(n for *_, n in expensive)} with the note; load average {os.getloadavg()[0]:.1f}"
    )
    assert expensive and all(status == 200 for status, _, _ in expensive)
    assert cheap and all(status == 200 for status, _ in cheap)
    assert loaded_p95 <= bound, (loaded_p95, quiet_median)
    assert all(note for _, _, note in expensive), "every expensive query says it was cut down"


@pytest.mark.skipif(
    os.environ.get("NEWSARCHIVE_SEARCH_BACKEND", "whoosh") != "postgres", reason="PostgreSQL's statement_timeout"
)
def test_a_search_past_the_time_budget_is_stopped_with_a_note(client, make_articles, settings, monkeypatch):
    from articles.search.postgres import backend
    from articles.search.postgres.compiler import SQL
    from tests.factories import RECORDS

    make_articles(*RECORDS[:3])
    real = backend.where

    def slow(*args):  # the compiled match, made to take half a second
        found = real(*args)
        return SQL(f"({found.expr} AND (SELECT true FROM pg_sleep(0.5)))", found.params)

    monkeypatch.setattr(backend, "where", slow)
    settings.NEWSARCHIVE_SEARCH_TIMEOUT = 0.1
    response = client.get("/?q=kenya")
    assert response.status_code == 200 and "The search took longer than 0.1 s and was stopped" in response.text
    body = client.get("/api/search/?q=kenya").json()
    assert body["total"] == 0 and any("took longer" in note for note in body["query"]["notes"])
    settings.NEWSARCHIVE_SEARCH_TIMEOUT = 10
    assert client.get("/api/search/?q=kenya").json()["total"] > 0  # within the budget: the answer
