"""The search interface: the engine setting, the Protocol every engine implements, the write hook."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from articles import search
from articles.search.backend import SearchBackend

ROOT = Path(__file__).resolve().parents[1]


def test_unknown_engine_is_refused_with_a_clear_message(settings):
    settings.NEWSARCHIVE_SEARCH_BACKEND = "elastic"
    with pytest.raises(ImproperlyConfigured, match=r"NEWSARCHIVE_SEARCH_BACKEND='elastic'") as raised:
        search.check_engine_setting()
    assert search.ENGINES and all(name in str(raised.value) for name in search.ENGINES)  # the choices
    with pytest.raises(ImproperlyConfigured):
        search.get_backend()


def test_unknown_engine_stops_start_up():
    env = {**os.environ, "NEWSARCHIVE_SEARCH_BACKEND": "nosuchengine"}
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "NEWSARCHIVE_SEARCH_BACKEND='nosuchengine'" in done.stderr
    assert all(name in done.stderr for name in search.ENGINES)


def test_each_engine_is_a_subpackage_of_articles_search():
    assert search.engine_name() in search.ENGINES
    for name, path in search.ENGINES.items():
        assert path.startswith(f"articles.search.{name}."), path  # its library stays inside its package
    assert search.get_backend() is search.get_backend()  # one per process


def test_nothing_outside_the_engines_imports_one():
    # The grep of the "Done when", on Python sources: only an engine's own package imports it.
    engines = "|".join(search.ENGINES)
    pattern = re.compile(rf"^\s*(from|import)\s+({engines})\b", re.MULTILINE)
    sources = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True)
    offenders = []
    for name in sources.stdout.split():
        parts = Path(name).parts
        if parts[:2] == ("articles", "search") and len(parts) > 3 and parts[2] in search.ENGINES:
            continue  # an engine's own package
        if (ROOT / name).exists() and pattern.search((ROOT / name).read_text(encoding="utf-8")):
            offenders.append(name)
    assert offenders == []


def test_the_configured_engine_implements_the_whole_interface():
    backend = search.get_backend()
    wanted = {n for n, _ in inspect.getmembers(SearchBackend, inspect.isfunction) if not n.startswith("_")}
    assert {"search", "expand", "more_like_this", "suggest", "highlight", "article_changed", "update",
            "rebuild", "check", "close"} <= wanted  # fmt: skip
    missing = {n for n in wanted if not callable(getattr(backend, n, None))}
    assert not missing
    for name in wanted:
        ours = inspect.signature(getattr(SearchBackend, name)).parameters
        theirs = inspect.signature(getattr(type(backend), name)).parameters
        assert set(ours) <= set(theirs), name


@pytest.mark.django_db
def test_write_path_calls_the_one_hook(monkeypatch):
    from articles import services

    seen: list[list[int]] = []
    monkeypatch.setattr(services, "article_changed", lambda ids: seen.append(list(ids)))
    services.articles_import(files=[("a.jsonl", b'{"title": "Harbour cranes", "body": "New cranes at the harbour."}')])
    assert len(seen) == 1 and len(seen[0]) == 1
