"""Print the bad-input tally of issue 10 on SQLite and on PostgreSQL.

    .venv/bin/python bench/hostile_tally.py [--postgres postgres://user@host:5432/DB] [--sqlite-only | --postgres-only]

Runs tests/test_hostile_tally.py (every kind of tests/hostile_kinds.py through the upload page and
through real ``import_articles`` processes, and every hostile address) once per database and prints its
tables: per format, the kinds tried, refused with a reason, accepted, 5xx (for the command: a crash),
lost, half-written, stuck, tracebacks and clean. ``--postgres`` names a database of your own (pytest
makes ``test_<name>`` beside it); without it ``DATABASE_URL`` is used when set.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(database_url: str | None) -> int:
    env = {**os.environ}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "tests/test_hostile_tally.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    printing = False
    for line in proc.stdout.splitlines():
        if line.startswith("TALLY"):
            printing = True
        elif printing and not (line[:1].isalnum() or line.startswith("  ")):
            printing = False
        if printing:
            print(line)
    tail = [line for line in proc.stdout.splitlines() if " passed" in line or " failed" in line]
    print(
        f"({'PostgreSQL' if database_url else 'SQLite'}: {tail[-1] if tail else proc.stderr[-500:]}, "
        f"{time.monotonic() - started:.0f} s, load average {os.getloadavg()[0]:.1f})\n"
    )
    return proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    args = parser.parse_args()
    codes = [] if args.postgres_only else [run(None)]
    if args.postgres and not args.sqlite_only:
        codes.append(run(args.postgres))
    sys.exit(max(codes))


if __name__ == "__main__":
    main()
