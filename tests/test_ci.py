"""With CI=true a missing ../shared (or Chromium) fails the run instead of skipping it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_sample_tests(tmp_path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_sample.py"],
        cwd=ROOT,
        # On SQLite in its own data directory: a run on PostgreSQL would drop and make again the test
        # database this run is using.
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "NEWSARCHIVE_SEARCH_BACKEND": "whoosh",
            "NEWSARCHIVE_DATA_DIR": str(tmp_path / "data"),
            "NEWSARCHIVE_SHARED_DIR": str(tmp_path / "no-shared"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_ci_fails_when_the_shared_material_is_missing(tmp_path):
    result = run_sample_tests(tmp_path, CI="true")
    assert result.returncode == 1, result.stdout[-2000:]
    assert "CI=true, and a part of the test run is missing" in result.stdout
    assert " skipped" not in result.stdout.splitlines()[-1]


def test_the_rule_names_only_missing_parts(monkeypatch):
    from tests import conftest

    monkeypatch.setattr(conftest, "CI", True)
    assert conftest.ci_failure("Debian's chromium is not installed")
    assert conftest.ci_failure("../shared/corpora absent")
    assert conftest.ci_failure("needs PostgreSQL") is None
    monkeypatch.setattr(conftest, "CI", False)
    assert conftest.ci_failure("../shared/corpora absent") is None
