"""One search matched on several connections at once (issue 9).

The search rows are hash partitions of the article id (``schema.PARTITIONS``). PostgreSQL 15 runs no part of
the search statement's aggregate in parallel, so one search would use one of the database's cores however
many it has. Here the request's connection exports its snapshot, ``NEWSARCHIVE_SEARCH_PARALLEL - 1`` helper
threads of the process (each with its own psycopg connection, kept open, made with Django's connection
parameters) import it, and all of them take partitions
from one list until it is empty: every partition is matched once, and all in the same snapshot, so the
matches are those one statement over the whole table would give.

A helper that is busy with another request's search is not waited for: the request's own connection takes
what is left. A helper whose connection fails hands its partition back and the request's connection matches
it. Inside a caller's transaction (which the helpers could not see) everything runs on that connection.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import psycopg
from django.conf import settings
from django.db import connection

from articles.search.postgres import schema

log = logging.getLogger(__name__)

_SNAPSHOT_RE = re.compile(r"^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$")


class TimedOutError(Exception):
    """A helper's statement ran past the search timeout."""


_executor: ThreadPoolExecutor | None = None
_pid = os.getpid()
_executor_lock = threading.Lock()


def degree() -> int:
    return max(1, int(getattr(settings, "NEWSARCHIVE_SEARCH_PARALLEL", 1)))


def _helpers() -> ThreadPoolExecutor:
    global _executor, _pid
    with _executor_lock:
        if _pid != os.getpid():  # a forked child: the parent's threads are not here, its connections not ours
            _executor, _pid = None, os.getpid()
            _opened.clear()
        if _executor is None or _executor._max_workers != degree() - 1:
            _executor = ThreadPoolExecutor(max_workers=degree() - 1, thread_name_prefix="search-match")
        return _executor


# One partition's statement: (partition, SQL with ``{table}`` for the partition's name, parameters).
Job = tuple[str, str, list]


def _sql(job: Job) -> str:
    return job[1].replace("{table}", job[0])


class _Parts:
    """The partitions' statements still to run, and what each gave."""

    def __init__(self, jobs: list[Job]) -> None:
        self._left = list(enumerate(jobs))
        self._lock = threading.Lock()
        self.packed: list[tuple[int, bytes]] = []
        self.timed_out = False

    def take(self) -> tuple[int, Job] | None:
        with self._lock:
            return self._left.pop(0) if self._left else None

    def give_back(self, job: tuple[int, Job]) -> None:
        with self._lock:
            self._left.append(job)

    def done(self, job: tuple[int, Job], packed: bytes | None) -> None:
        with self._lock:
            self.packed.append((job[0], bytes(packed or b"")))


_local = threading.local()
_opened: list = []  # every helper connection of this process, for close_helpers()


def _connection(params: dict):
    """This helper thread's own connection (psycopg's, with Django's connection parameters), kept open."""
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed or _local.dbname != params.get("dbname"):
        if conn is not None:
            conn.close()
        conn = psycopg.connect(**params, autocommit=True)
        _local.conn, _local.dbname = conn, params.get("dbname")
        with _executor_lock:
            _opened.append(conn)
    return conn


def close_helpers() -> None:
    """Close the helper threads' connections (the test run, before its database is dropped)."""
    with _executor_lock:
        opened, _opened[:] = list(_opened), []
    for conn in opened:
        conn.close()


def _help(parts: _Parts, params: dict, snapshot: str, prepare: Callable) -> None:
    """In a helper thread: match partitions in the request's snapshot until none is left."""
    job = parts.take()
    if job is None:
        return
    conn = None
    try:
        conn = _connection(params)
        with psycopg.Cursor(conn) as cursor:  # binds on the server, so it can read binary (_fetch_binary)
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            try:
                cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
                prepare(cursor)
                while job is not None:
                    cursor.execute(_sql(job[1]), job[1][2], binary=True)
                    parts.done(job, cursor.fetchone()[0])
                    job = parts.take()
            finally:
                cursor.execute("ROLLBACK")  # it only read
    except Exception as exc:  # noqa: BLE001 - whatever it was, the request's connection does the part
        if getattr(exc, "sqlstate", None) == "57014":  # the statement timeout
            parts.timed_out = True
        else:
            log.warning("a search helper failed (%r); the request's connection matches its part", exc)
            if conn is not None:
                conn.close()
        if job is not None:
            parts.give_back(job)


def match(cursor, jobs: list[Job], prepare: Callable, *, alone: bool) -> list[tuple[int, bytes]]:
    """What each statement gave, as (its position in ``jobs``, bytes): position -1 is every job at once (the
    same statement on every partition, run once over the parent table), the request's connection (``cursor``, in a
    transaction that has run nothing yet) taking part; the jobs are taken in order (the longest first).
    ``prepare(cursor)`` sets a connection's statement settings; ``alone``: run everything on ``cursor``
    (inside a caller's transaction)."""
    n = degree()
    if alone or n == 1:
        prepare(cursor)
        if sorted(job[0] for job in jobs) == sorted(schema.PARTITION_TABLES) and all(
            job[1:] == jobs[0][1:] for job in jobs
        ):
            # the same statement everywhere: once, over the parent table
            return [(-1, _fetch_binary(cursor, _sql(("articles_search", *jobs[0][1:])), jobs[0][2]))]
        return [(i, _fetch_binary(cursor, _sql(job), job[2])) for i, job in enumerate(jobs)]
    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    cursor.execute("SELECT pg_export_snapshot()")
    (snapshot,) = cursor.fetchone()
    if not _SNAPSHOT_RE.match(snapshot):
        raise ValueError(f"unexpected snapshot identifier {snapshot!r}")
    prepare(cursor)
    parts = _Parts(jobs)
    pool = _helpers()
    params = connection.get_connection_params()
    futures = [pool.submit(_help, parts, params, snapshot, prepare) for _ in range(n - 1)]
    try:
        _drain(cursor, parts)
    finally:
        # A helper not started yet is not waited for; one at work is (it uses this transaction's snapshot).
        for future in futures:
            if not future.cancel():
                future.result()
    if parts.timed_out:
        raise TimedOutError
    _drain(cursor, parts)  # what a failed helper handed back
    return parts.packed


def _drain(cursor, parts: _Parts) -> None:
    """On the request's connection: match partitions until none is left."""
    while (job := parts.take()) is not None:
        parts.done(job, _fetch_binary(cursor, _sql(job[1]), job[1][2]))


def _fetch_binary(cursor, sql: str, values: list) -> bytes:
    """The statement's one bytea value, on the connection of ``cursor`` (Django's), read in binary: Django's
    cursors bind on the client and read text, and a bytea as text is hex, twice its size (at 194k matches a
    partition's statement took 13 ms longer read so, measured). Errors are Django's, as from its cursor."""
    with connection.wrap_database_errors, psycopg.Cursor(cursor.cursor.connection) as raw:
        raw.execute(sql, values, binary=True)
        return bytes(raw.fetchone()[0] or b"")
