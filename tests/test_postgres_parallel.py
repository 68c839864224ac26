"""The PostgreSQL engine matches a search on several connections at once, each taking partitions of the
search table in the request's snapshot (``articles.search.postgres.parallel``): the same matches as one
connection, whichever connection fails or is busy, and never rows the request's transaction cannot see."""

from __future__ import annotations

import pytest
from django.db import connection

from articles import search
from articles.search.params import FacetFilter, SearchParams

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the PostgreSQL search engine runs only on PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),  # committed rows: the helpers' connections see only those
]

TOWNS = ["Mombasa", "Lamu", "Kilifi", "Malindi", "Tanga", "Zanzibar", "Mtwara", "Kismayo"]


def _records(n: int) -> list[dict]:
    return [
        {
            "id": f"p{i}",
            "title": f"Ferry timetable {i} for {TOWNS[i % len(TOWNS)]}",
            "body": f"The ferry to {TOWNS[i % len(TOWNS)]} sails {'daily' if i % 3 else 'weekly'} from pier {i}.",
            "source": "Coast Daily" if i % 2 else "Bay Times",
            "published": f"2024-0{1 + i % 9}-1{i % 10}",
        }
        for i in range(n)
    ]


@pytest.fixture
def engine(settings):
    settings.NEWSARCHIVE_SEARCH_BACKEND = "postgres"
    from articles.search.postgres import columns, parallel

    columns._COLUMNS.clear()
    yield parallel
    columns._COLUMNS.clear()


def _answer(**params):
    found = search.find(SearchParams(**params), facets=("source", "country"), histogram=True)
    facets = {name: [(c.value, c.count) for c in counts] for name, counts in found.facets.items()}
    return found.total, found.ids, facets, found.histogram


QUERIES = [
    {"q": "ferry"},
    {"q": "daily"},
    {"q": "ferry", "sort": "newest"},
    {"q": '"ferry to"', "page": 2, "size": 5},
    {"q": "ferry", "filters": {"source": FacetFilter(include=("Coast Daily",))}},
    {"q": "weekly OR pier", "date_from": "2024-03-01"},
]


def test_every_partition_holds_rows_and_the_answers_match_one_connection(engine, make_articles, settings):
    from articles.search.postgres import schema

    make_articles(*_records(40))
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT count(*) FROM {t}" for t in schema.PARTITION_TABLES))
        assert all(n > 0 for (n,) in cursor.fetchall())  # hash partitions: each has a share
    settings.NEWSARCHIVE_SEARCH_PARALLEL = 1
    alone = [_answer(**q) for q in QUERIES]
    assert alone[0][0] == 40
    for degree in (2, 3):
        settings.NEWSARCHIVE_SEARCH_PARALLEL = degree
        assert [_answer(**q) for q in QUERIES] == alone


def test_the_helpers_take_part_and_share_the_snapshot(engine, make_articles, settings, monkeypatch):
    """The helpers match partitions in the request's snapshot: rows deleted by another connection after
    the snapshot was exported are still in every partition's matches (and once the search is over, gone)."""
    from django.db import connections

    from articles.models import Article
    from articles.search.postgres import parallel, schema

    make_articles(*_records(12))
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    settings.NEWSARCHIVE_SEARCH_PARALLEL = 2
    helped = []
    real_help = parallel._help

    def late_help(parts, *args):
        try:
            with connections["default"].cursor() as cursor:  # this thread's own, committed at once
                cursor.execute("DELETE FROM articles_search WHERE article_id = ANY(%s)", [ids[:6]])
        finally:
            connections.close_all()
        helped.append(len(parts._left))
        real_help(parts, *args)

    monkeypatch.setattr(parallel, "_help", late_help)
    monkeypatch.setattr(parallel._Parts, "take", _helper_first(parallel._Parts.take))
    assert search.find(SearchParams(q="ferry")).total == 12
    # it came before the request took any statement (a one-word search: each partition's matches, heads ranked)
    assert helped == [len(schema.PARTITION_TABLES)]
    monkeypatch.undo()
    assert search.find(SearchParams(q="ferry")).total == 6


def _helper_first(take):
    """The request's own connection takes its first partition only once a helper has taken one."""
    import threading

    helper_took = threading.Event()

    def take_after_helper(self):
        if threading.current_thread() is threading.main_thread():
            assert helper_took.wait(10), "no helper took a partition"
            return take(self)
        table = take(self)
        helper_took.set()
        return table

    return take_after_helper


def test_a_helper_whose_connection_died_hands_its_part_back(engine, make_articles, settings):
    from articles.search.postgres import parallel

    make_articles(*_records(24))
    settings.NEWSARCHIVE_SEARCH_PARALLEL = 3
    expected = _answer(q="ferry")
    helpers = [c.info.backend_pid for c in parallel._opened if not c.closed]
    assert helpers
    with connection.cursor() as cursor:  # every helper connection is killed by the server (and no other)
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM unnest(%s::int[]) AS pid", [helpers])
        assert cursor.fetchone() == (len(helpers),)
    for _ in range(3):
        assert _answer(q="ferry") == expected
    assert any(not c.closed for c in parallel._opened)  # a dead one was closed and another made


def test_inside_a_transaction_the_request_connection_matches_alone(engine, make_articles, settings):
    """Rows the caller's transaction has written and not committed are matched (the helpers could not see
    them): everything runs on the request's connection."""
    from django.db import transaction

    make_articles(*_records(6))
    settings.NEWSARCHIVE_SEARCH_PARALLEL = 2
    with transaction.atomic():
        make_articles(*_records(9)[6:])
        assert search.find(SearchParams(q="ferry")).total == 9
        transaction.set_rollback(True)
    assert search.find(SearchParams(q="ferry")).total == 6


def test_a_helper_past_the_timeout_gives_the_too_slow_note(engine, make_articles, settings, monkeypatch):
    from articles.search.postgres import parallel

    make_articles(*_records(8))
    settings.NEWSARCHIVE_SEARCH_PARALLEL = 2

    def timed_out(parts, *args):
        parts.take()
        parts.timed_out = True

    monkeypatch.setattr(parallel, "_help", timed_out)
    monkeypatch.setattr(parallel._Parts, "take", _helper_first(parallel._Parts.take))
    found = search.find(SearchParams(q="ferry"))
    assert found.total == 0 and "took longer" in " ".join(found.notes).lower()


def test_a_forked_child_makes_its_own_helpers_and_leaves_the_parents(engine, make_articles, settings, monkeypatch):
    """A server that forks its workers after a search (gunicorn's --preload): the child starts its own
    helper threads and connections; closing them does not close the parent's."""
    import os

    from django.db import connections

    from articles.search.postgres import parallel

    make_articles(*_records(16))
    settings.NEWSARCHIVE_SEARCH_PARALLEL = 2
    monkeypatch.setattr(parallel._Parts, "take", _helper_first(parallel._Parts.take))
    assert search.find(SearchParams(q="ferry")).total == 16
    parents = [c for c in parallel._opened if not c.closed]
    assert parents
    connections.close_all()  # the child makes its own
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running the parent's clean-ups
        report = "the child stopped"
        try:
            total = search.find(SearchParams(q="ferry")).total
            own = [c for c in parallel._opened if not c.closed]
            fresh = bool(own) and not set(map(id, own)) & set(map(id, parents))
            parallel.close_helpers()
            report = "ok" if total == 16 and fresh else f"total {total}, own helper connections: {fresh}"
        except BaseException:  # noqa: BLE001 - reported to the parent
            import traceback

            report = traceback.format_exc()
        finally:
            os.write(write, report.encode()[:60000])
            os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    report = b"".join(chunks).decode()
    assert report == "ok", report
    assert all(not c.closed for c in parents)
    with parents[0].cursor() as cursor:  # still the parent's, and alive
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert search.find(SearchParams(q="ferry")).total == 16


def test_a_helper_that_fails_otherwise_hands_its_part_back_too(engine, make_articles, settings, monkeypatch):
    from articles.search.postgres import parallel

    make_articles(*_records(10))
    settings.NEWSARCHIVE_SEARCH_PARALLEL = 2
    expected = _answer(q="ferry")
    tried = []

    def broken(params):
        tried.append(params.get("dbname"))
        raise RuntimeError("no connection for you")

    monkeypatch.setattr(parallel, "_connection", broken)
    monkeypatch.setattr(parallel._Parts, "take", _helper_first(parallel._Parts.take))
    assert _answer(q="ferry") == expected
    assert tried  # the helper took a partition, failed, and the request's connection matched it


def test_a_sampled_search_answers_the_same_on_one_connection_and_several(engine, make_articles, settings, monkeypatch):
    """Above FACET_EXACT expected matches (backend._Sample), the partitions' different statements, split between
    the helpers and the request's connection, give what they give on one connection."""
    from articles.search.postgres import backend

    make_articles(*_records(40))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_search")  # the planner's estimate of the matches decides
    monkeypatch.setattr(backend, "FACET_EXACT", 5)
    monkeypatch.setattr(backend, "FACET_SAMPLE", 1)
    plans = []
    real = backend._sample_plan
    monkeypatch.setattr(backend, "_sample_plan", lambda text: plans.append(real(text)) or plans[-1])
    queries = [
        {"q": "ferry", "size": 5},
        {"q": "ferry", "sort": "newest", "size": 5},
        {"q": "ferry", "page": 2, "size": 3},
    ]
    settings.NEWSARCHIVE_SEARCH_PARALLEL = 1
    alone = [_answer(**q) for q in queries]
    assert plans and all(p is not None and p.rest for p in plans)
    assert all(total and ids for total, ids, _, _ in alone)
    for degree in (2, 3):
        settings.NEWSARCHIVE_SEARCH_PARALLEL = degree
        assert [_answer(**q) for q in queries] == alone
