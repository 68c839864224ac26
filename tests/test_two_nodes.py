"""Two web nodes (real gunicorn processes, each with its own data directory) against one PostgreSQL
database on the PostgreSQL search engine: an article imported through one is found through the other at
once (no index worker, no shared disk), and when one node stops the other keeps serving."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
PORTS = (8109, 8119)  # this project's ports on the shared machine

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL search engine needs a PostgreSQL database"
)


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{urllib.parse.quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _start(port: int, data_dir: Path, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "NEWSARCHIVE_SEARCH_BACKEND": "postgres",
        "NEWSARCHIVE_DATA_DIR": str(data_dir),
        "SECRET_KEY": "two-nodes-share-one-secret-key-" + "k" * 30,
        "NEWSARCHIVE_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DEBUG": "false",
    }
    cmd = [
        str(Path(sys.executable).with_name("gunicorn")),
        "newsarchive.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--graceful-timeout",
        "2",
    ]
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def _get(opener, url: str, data: dict | None = None, timeout: float = 30) -> str:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with opener.open(url, body, timeout=timeout) as response:
        return response.read().decode()


def _wait(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90  # the machine is shared: the first request may be slow
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the node stopped at start-up:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=20) as response:
                response.read()
            return
        except OSError:  # refused while starting, or timed out
            time.sleep(0.3)
    pytest.fail(f"the node did not answer within 90 s:\n{log.read_text()}")


def _csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.mark.django_db(transaction=True)
def test_two_web_nodes_share_one_archive(tmp_path, django_user_model):
    for port in PORTS:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                pytest.skip(f"port {port} is in use")
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-test-password-9")
    nodes = []
    try:
        for i, port in enumerate(PORTS):
            log = tmp_path / f"node{i}.log"
            nodes.append((_start(port, tmp_path / f"data{i}", log), f"http://127.0.0.1:{port}", log))
        for proc, base, log in nodes:
            _wait(base + "/", proc, log)
        (_, first, _), (second_proc, second, _) = nodes

        # Import through the first node's admin (signed in there only).
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        login = _get(opener, first + "/admin/login/")
        _get(
            opener,
            first + "/admin/login/?next=/admin/",
            {"csrfmiddlewaretoken": _csrf(login), "username": "editor", "password": "a-long-test-password-9"},
        )
        upload = _get(opener, first + "/admin/articles/article/upload/")
        text = (
            "Quokkas return to the Zelvonia islands\n\n"
            "Rangers counted more quokkas on the Zelvonia islands this spring than in any year since records "
            "began, the park service said on Monday, crediting a ban on feral cats."
        )
        done = _get(
            opener,
            first + "/admin/articles/article/upload/",
            {"csrfmiddlewaretoken": _csrf(upload), "text": text, "source": "Island Post"},
        )
        assert "1 imported" in done

        # Found through the other node at once: no index worker runs anywhere.
        found = _get(urllib.request.build_opener(), second + "/?q=zelvonia+quokka")
        assert "<mark>Zelvonia</mark> islands" in found  # the title, highlighted
        api = json.loads(_get(urllib.request.build_opener(), second + "/api/search/?q=quokkas"))
        assert api["total"] == 1 and api["results"][0]["title"] == "Quokkas return to the Zelvonia islands"

        # One node stops; the other keeps serving.
        first_proc = nodes[0][0]
        first_proc.send_signal(signal.SIGTERM)
        first_proc.wait(timeout=20)
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(first + "/", timeout=3)
        again = json.loads(_get(urllib.request.build_opener(), second + "/api/search/?q=zelvonia"))
        assert [r["title"] for r in again["results"]] == ["Quokkas return to the Zelvonia islands"]
        assert second_proc.poll() is None
        # Neither node created a Whoosh index: the search state is the database.
        for i in range(2):
            assert not list((tmp_path / f"data{i}").glob("index*"))
    finally:
        for proc, _, _ in nodes:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
