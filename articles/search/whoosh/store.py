"""Index directories and the one-writer locks.

- One writer at a time: every write (the index worker, rebuild, repair) holds an fcntl lock on
  ``<data>/index.lock`` *and* passes a timeout to Whoosh's own lock (its default of 0 fails at once).
- ``<data>/index`` is a symlink to ``index-<stamp>/``; ``rebuild`` fills a fresh directory and swaps
  the link atomically, so readers never see a half-built index.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from whoosh import index

from articles.search.whoosh.schema import SCHEMA


def data_dir() -> Path:
    return Path(settings.INDEX_DIR).parent


def index_link() -> Path:
    return Path(settings.INDEX_DIR)


@contextmanager
def file_lock(suffix: str, timeout: float) -> Iterator[None]:
    """An exclusive fcntl lock on ``<data>/index<suffix>``, across processes; TimeoutError after ``timeout``."""
    data_dir().mkdir(parents=True, exist_ok=True)
    path = data_dir() / f"{index_link().name}{suffix}"
    with open(path, "a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another process holds the lock {path}") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_lock(timeout: float = 600.0):
    """The one-writer lock shared by the worker, rebuild and repair."""
    return file_lock(".lock", timeout)


def new_dir() -> Path:
    path = data_dir() / f"{index_link().name}-{time.time_ns()}"
    path.mkdir(parents=True)
    os.chmod(path, 0o700)  # the schema is pickled: whoever can write here can run code in our processes
    return path


def swap_link(target: Path) -> None:
    tmp = data_dir() / f".{index_link().name}.{time.time_ns()}.tmp"
    os.symlink(target.name, tmp)
    os.replace(tmp, index_link())  # atomic on POSIX


def prune_old_dirs(keep: Path) -> None:
    """Remove index directories other than the current one and the newest previous one
    (a reader that opened the previous one just before the swap can finish its request)."""
    prefix = f"{index_link().name}-"
    dirs = sorted(
        (p for p in data_dir().iterdir() if p.is_dir() and p.name.startswith(prefix) and p != keep),
        key=lambda p: p.name,
    )
    for old in dirs[:-1]:
        shutil.rmtree(old, ignore_errors=True)


def open_or_create() -> index.Index:
    link = index_link()
    if not link.exists():
        # A lock of its own: a reader may create the empty index while a writer holds the write lock.
        with file_lock(".create.lock", timeout=60):
            if not link.exists():
                target = new_dir()
                index.create_in(str(target), SCHEMA)
                swap_link(target)
    return index.open_dir(str(link.resolve()))
