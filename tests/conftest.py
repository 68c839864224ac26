"""Shared fixtures: a private index directory per test, the index queue applied synchronously,
factories for articles, and the Chromium launch arguments for pytest-playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# NEWSARCHIVE_SHARED_DIR moves ../shared (the test of the CI rule below points it at nothing).
SHARED = Path(os.environ.get("NEWSARCHIVE_SHARED_DIR") or Path(__file__).resolve().parents[1].parent / "shared")
SAMPLE = SHARED / "samples" / "000_5161692d235e5a0a.txt"
CHROMIUM = "/usr/bin/chromium"


# In CI (CI=true) the shared corpora and Chromium are part of the run: a test that would skip because one
# is missing fails instead, so that a broken CI machine cannot pass by silently testing less.
CI = os.environ.get("CI", "").strip().lower() == "true"
MISSING_PARTS = ("shared", "chromium")


def ci_failure(reason: str) -> str | None:
    """The failure a skip becomes in CI, when it was for a missing part; else None."""
    if CI and any(part in reason.lower() for part in MISSING_PARTS):
        return f"CI=true, and a part of the test run is missing: {reason}"
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        failure = ci_failure(str(reason))
        if failure:
            report.outcome = "failed"
            report.longrepr = failure


def pytest_collection_modifyitems(config, items):
    """Tests of the Whoosh index itself (its worker, directory, locks) have nothing to test on another
    engine: they are skipped there, with the reason, rather than deleted."""
    from articles.search import engine_name

    if engine_name() == "whoosh":
        return
    skip = pytest.mark.skip(reason=f"tests the Whoosh index; the search engine is {engine_name()}")
    for item in items:
        if "whoosh_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    """Each test gets its own index directory and plain static files storage (no collectstatic), and reads
    the country names and topic labels of its own database (not those a process kept from another test)."""
    from articles.models import country_names, topic_labels

    country_names.clear()
    topic_labels.clear()
    settings.INDEX_DIR = tmp_path / "data" / "index"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield
    from articles import search

    search.close()  # release the test's index files


@pytest.fixture
def run_index_jobs():
    """Apply every queued index job now, as the worker would (tests apply the queue synchronously).

    Django's ImmediateBackend would run a job before its transaction commits, so it is not used.
    """
    from django_tasks_db.models import DBTaskResult

    def run() -> int:
        done = 0
        while True:
            pending = list(DBTaskResult.objects.ready().order_by("enqueued_at"))
            if not pending:
                return done
            for result in pending:
                result.claim("pytest")
                task_result = result.task_result
                try:
                    value = result.task.call(*task_result.args, **task_result.kwargs)
                except Exception as exc:
                    result.set_failed(exc)
                    raise
                result.set_successful(value)
                done += 1

    return run


@pytest.fixture
def make_articles(db, run_index_jobs):
    """Import JSON Lines records through the service and apply the index queue."""
    import json

    from articles import services

    def make(*records: dict, index: bool = True) -> list:
        data = "\n".join(json.dumps(r) for r in records).encode()
        result = services.articles_import(files=[("fixture.jsonl", data)], origin="command")
        if index:
            run_index_jobs()
        return result

    return make


@pytest.fixture(autouse=True)
def _search_helpers_closed():
    """The PostgreSQL engine's helper threads keep connections to the test database open; they are
    closed after each test, so that none is left when the test run drops the database."""
    yield
    from articles.search.postgres import parallel

    parallel.close_helpers()


@pytest.fixture(scope="session")
def sample_bytes() -> bytes:
    if not SAMPLE.exists():
        pytest.skip(f"the sample article is absent ({SAMPLE}); it lives in ../shared beside the project")
    return SAMPLE.read_bytes()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
