"""`manage.py check --deploy` is clean when the production variables are set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_is_clean(tmp_path):
    env = {
        **os.environ,
        "NEWSARCHIVE_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "archive.example.org",
        "NEWSARCHIVE_HTTPS": "true",
    }
    env.pop("DATABASE_URL", None)
    env.pop("NEWSARCHIVE_SEARCH_BACKEND", None)  # the postgres engine needs DATABASE_URL (tested below)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_postgres_engine_on_another_database_stops_start_up(tmp_path):
    env = {**os.environ, "NEWSARCHIVE_DATA_DIR": str(tmp_path), "NEWSARCHIVE_SEARCH_BACKEND": "postgres"}
    env.pop("DATABASE_URL", None)  # SQLite
    proc = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode != 0
    assert "NEWSARCHIVE_SEARCH_BACKEND=postgres needs the database on PostgreSQL" in proc.stderr
    assert "DATABASE_URL" in proc.stderr


def test_the_wsgi_module_freezes_what_it_loaded():
    """gunicorn's workers import newsarchive.wsgi: what it loads is kept out of the cyclic collector."""
    import subprocess
    import sys

    code = "import gc; import newsarchive.wsgi; print(gc.get_freeze_count())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert int(out.stdout.strip()) > 50_000, out.stderr
