"""The search interface: the engine setting, the Protocol every engine implements, the write hook."""

from __future__ import annotations

import inspect
import os
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
    with pytest.raises(ImproperlyConfigured, match=r"NEWSARCHIVE_SEARCH_BACKEND='elastic'.*whoosh"):
        search.check_engine_setting()
    with pytest.raises(ImproperlyConfigured):
        search.get_backend()


def test_unknown_engine_stops_start_up():
    env = {**os.environ, "NEWSARCHIVE_SEARCH_BACKEND": "nosuchengine"}
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "NEWSARCHIVE_SEARCH_BACKEND='nosuchengine'" in done.stderr and "whoosh" in done.stderr


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
