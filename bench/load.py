"""Bounded load against a served archive while an import and a rebuild run (issue 10).

    .venv/bin/python bench/load.py [--connections 8] [--seconds 30] [--port 8110] [--articles 2000]
                                   [--import-articles 1000] [--data-dir DIR]

1. Makes a fresh archive in ``--data-dir`` (default ``bench/.cache/load``; the database is SQLite there,
   or ``DATABASE_URL`` when set — then it must be a database of your own, which is flushed first) and
   imports ``--articles`` invented articles with the app's own ``import_articles``.
2. Serves it with ``scripts/serve.sh`` (what ``make run`` runs: gunicorn, the index worker, the imports
   worker) on 127.0.0.1:``--port`` and waits until the index has caught up.
3. Starts ``import_articles`` of ``--import-articles`` more articles and ``rebuild_index`` (a full
   rebuild into a new directory, swapped in) and, at the same time, runs ``--connections`` keep-alive
   HTTP connections for ``--seconds`` seconds over a URL mix: searches (words, phrases, facets, sorts,
   pages), article pages, browse pages, feeds, the API, suggestions.
4. Prints the requests, the non-200 answers (by status and URL kind) and p50 / p99 latency per kind and
   overall. The goal: 0 non-200.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")

# Invented vocabulary: the load does not depend on ../shared.
PLACES = ["Kenya", "Brazil", "Norway", "Japan", "Chile", "Morocco", "Canada", "India", "Peru", "Ghana"]
WORDS = (
    "harbour orchard violin glacier tram lantern quarry meadow ferry kiln budget election drought "
    "football vaccine railway satellite festival strike tariff court river bridge school hospital"
).split()


def records(n: int, prefix: str, seed: int) -> str:
    rnd = random.Random(seed)
    lines = []
    for i in range(n):
        place, other = rnd.sample(PLACES, 2)
        words = rnd.sample(WORDS, 8)
        body = " ".join(
            f"The {w} plan in {place} was discussed by officials from {other} on day {i}, "
            f"and the {words[(j + 1) % 8]} committee reported {rnd.randint(1, 900)} cases."
            for j, w in enumerate(words)
        )
        lines.append(
            json.dumps(
                {
                    "id": f"{prefix}-{i}",
                    "title": f"{place} {words[0]} {words[1]} report {prefix} {i}",
                    "body": body,
                    "published": f"{rnd.randint(2001, 2025)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                    "source": rnd.choice(["Harbour Herald", "Valley Courier", "Northern Wire"]),
                    "section": rnd.choice(["World", "Business", "Sport", "Science"]),
                }
            )
        )
    return "\n".join(lines)


def url_mix(rnd: random.Random, ids: tuple[int, int]) -> tuple[str, str]:
    w1, w2 = rnd.sample(WORDS, 2)
    place = rnd.choice(PLACES)
    choices = [
        ("search", f"/?q={w1}"),
        ("search", f"/?q={w1}+{w2}&sort=newest"),
        ("search", f"/?q=%22{w1}+plan%22"),
        ("search", f"/?q={place.lower()}&country={rnd.choice(['KE', 'BR', 'NO', 'JP'])}&page=2"),
        ("search", f"/?q={w1[:4]}*&year={rnd.randint(2001, 2025)}"),
        ("search", "/"),
        ("article", f"/articles/{rnd.randint(*ids)}/"),
        ("browse", "/countries/"),
        ("browse", f"/countries/{rnd.choice(['KE', 'BR', 'NO'])}/"),
        ("feed", f"/feeds/search/?q={w1}"),
        ("feed", "/feeds/latest/atom/"),
        ("api", f"/api/search/?q={w1}&size=20"),
        ("suggest", f"/suggest/?q={place[:3].lower()}"),
    ]
    return rnd.choice(choices)


class Load:
    def __init__(self, port: int, seconds: float, ids: tuple[int, int]) -> None:
        self.port, self.seconds, self.ids = port, seconds, ids
        self.latencies: dict[str, list[float]] = collections.defaultdict(list)
        self.bad: collections.Counter = collections.Counter()
        self.errors: collections.Counter = collections.Counter()
        self.lock = threading.Lock()

    def connection(self, seed: int) -> None:
        rnd = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        deadline = time.monotonic() + self.seconds
        while time.monotonic() < deadline:
            kind, url = url_mix(rnd, self.ids)
            started = time.monotonic()
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                with self.lock:
                    self.errors[f"{kind}: {type(exc).__name__}"] += 1
                continue
            elapsed = time.monotonic() - started
            with self.lock:
                self.latencies[kind].append(elapsed)
                if status != 200:
                    self.bad[(status, kind, url)] += 1
        conn.close()

    def run(self, connections: int) -> None:
        threads = [threading.Thread(target=self.connection, args=(i,)) for i in range(connections)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


def ask(env: dict, code: str) -> list[int]:
    out = manage(env, "shell", "-c", code, capture_output=True, text=True).stdout
    return [int(x) for x in out.strip().splitlines()[-1].split()]


def pending(env: dict) -> int:
    code = (
        "from django_tasks_db.models import DBTaskResult as R; "
        "print(R.objects.filter(status__in=['READY', 'RUNNING']).count())"
    )
    return ask(env, code)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--articles", type=int, default=2000, help="articles in the archive before the load")
    parser.add_argument("--import-articles", type=int, default=1000, help="articles imported during the load")
    parser.add_argument("--data-dir", default=str(ROOT / "bench" / ".cache" / "load"))
    args = parser.parse_args()

    data = Path(args.data_dir)
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    env = {
        **os.environ,
        "NEWSARCHIVE_DATA_DIR": str(data),
        "NEWSARCHIVE_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "NEWSARCHIVE_LOG_LEVEL": "ERROR",
    }
    engine = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    manage(env, "migrate", "--noinput", "-v", "0")
    if engine == "PostgreSQL":
        manage(env, "flush", "--noinput", "-v", "0")
    (data / "seed.jsonl").write_text(records(args.articles, "seed", 1))
    (data / "more.jsonl").write_text(records(args.import_articles, "more", 2))
    started = time.monotonic()
    manage(env, "import_articles", str(data / "seed.jsonl"), stdout=subprocess.DEVNULL)
    print(f"{engine}: {args.articles} articles imported in {time.monotonic() - started:.0f} s; serving…")

    serve = subprocess.Popen(
        ["./scripts/serve.sh"],
        cwd=ROOT,
        env={**env, "PORT": str(args.port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 600
        while pending(env) and time.monotonic() < deadline:
            time.sleep(1)
        for _ in range(60):  # the server answers
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(1)
        print(
            f"index caught up; load: {args.connections} connections × {args.seconds:.0f} s, with an import "
            f"of {args.import_articles} articles and a rebuild_index running"
        )
        importer = subprocess.Popen(
            [PY, "manage.py", "import_articles", str(data / "more.jsonl")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        rebuild = subprocess.Popen([PY, "manage.py", "rebuild_index", "-v", "0"], cwd=ROOT, env=env)
        code = (
            "from articles.models import Article as A; from django.db.models import Min, Max; "
            "r = A.objects.aggregate(Min('pk'), Max('pk')); print(r['pk__min'], r['pk__max'])"
        )
        low, high = ask(env, code)
        load = Load(args.port, args.seconds, (low, high))
        load.run(args.connections)
        import_code, rebuild_code = importer.wait(), rebuild.wait()
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait()

    everything = [x for values in load.latencies.values() for x in values]
    total = len(everything) + sum(load.errors.values())
    non200 = sum(load.bad.values()) + sum(load.errors.values())
    print(f"\n{engine}: {total} requests, {non200} non-200, {total / args.seconds:.0f} requests/s")
    print(f"  {'kind':<10}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for kind, values in sorted(load.latencies.items()):
        print(f"  {kind:<10}{len(values):>9}{pct(values, 50):>9.0f}{pct(values, 99):>9.0f}")
    print(f"  {'all':<10}{len(everything):>9}{pct(everything, 50):>9.0f}{pct(everything, 99):>9.0f}")
    for (status, kind, url), n in load.bad.most_common(10):
        print(f"  non-200: {status} {kind} {url} ×{n}")
    for what, n in load.errors.most_common(10):
        print(f"  error: {what} ×{n}")
    print(f"  during the load: import_articles exit {import_code}, rebuild_index exit {rebuild_code}")
    return 1 if non200 or import_code or rebuild_code else 0


if __name__ == "__main__":
    sys.exit(main())
