"""The PostgreSQL engine's database side: vectors, aggregates, vocabulary, check and repair.

Only meaningful on PostgreSQL (the migration is a no-op on SQLite): skipped elsewhere, with the reason.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection

from tests.factories import RECORDS

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL search tables exist only on PostgreSQL"
)


def _vectors():
    from articles.search.postgres import vectors

    return vectors


def _ids(make_articles, *records) -> list[int]:
    """Import the records, then empty the search tables (the postgres engine wrote them already): each
    test writes the rows itself."""
    result = make_articles(*records, index=False)
    with connection.cursor() as cursor:
        for table in ("articles_search", "articles_search_count", "articles_search_word"):
            cursor.execute(f"DELETE FROM {table}")
    return [line.article_id for line in result.lines if line.article_id]


def _match(tsquery: str, column: str = "document") -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT article_id FROM articles_search WHERE {column} @@ to_tsquery('newsarchive_english', %s) ORDER BY 1",
            [tsquery],
        )
        return [row[0] for row in cursor.fetchall()]


def _recounted() -> dict[str, int]:
    """The aggregates computed from scratch from the articles and their tags (not from the search rows)."""
    from articles.models import Article
    from articles.search import languages

    counts: Counter = Counter()
    for article in Article.objects.for_index():
        counts["*"] += 1
        counts.update(f"country:{c.country_id}" for c in article.live_countries())
        counts.update(f"topic:{t.topic_id}" for t in article.live_topics())
        counts.update(f"person:{p.entity.name}" for p in article.people)
        counts.update(f"org:{o.entity.name}" for o in article.organizations)
        if article.source:
            counts[f"source:{article.source.name}"] += 1
        if article.section:
            counts[f"section:{article.section}"] += 1
        if article.language:
            counts[f"lang:{article.language}"] += 1
        # The analysis its text is read by (articles.search.languages), computed here in Python.
        counts[f"analysis:{languages.analysis_for(article.language)}"] += 1
        counts[f"year:{article.published_date.year}" if article.published_date else "year:undated"] += 1
        if article.published_date:
            counts[f"month:{article.published_date:%Y%m}"] += 1
    return dict(counts)


def test_vectors_are_weighted_stemmed_and_accent_folded(make_articles):
    vectors = _vectors()
    ids = _ids(make_articles, *RECORDS)
    assert vectors.write(ids) == {"indexed": 4, "deleted": 0}
    kenya = sorted(ids[i] for i in (0, 2))
    assert _match("kenya") == kenya
    assert _match("kenya:A") == kenya  # both titles name Kenya
    assert _match("border:A") == [ids[0]]  # in a title
    assert _match("tea:A") == [] and _match("tea:C") == [ids[0]]  # only in a body
    assert _match("sao <-> paulo") == [ids[1]]  # "São Paulo" in the body, "Sao Paulo" in the title
    assert _match("signing") == [ids[0]]  # stemmed: "signed"
    assert _match("wire", "source") == [ids[0], ids[1]]


def test_aggregates_follow_every_write_and_delete(make_articles):
    from articles import services
    from articles.models import Article

    vectors = _vectors()
    ids = _ids(make_articles, *RECORDS)
    vectors.write(ids)
    assert vectors.counts() == _recounted()
    Article.objects.filter(pk=ids[1]).update(section="Football")
    vectors.write([ids[1]])
    assert vectors.counts() == _recounted()
    services.article_delete(article=Article.objects.get(pk=ids[0]))
    vectors.write([ids[0]])
    assert vectors.counts() == _recounted()
    assert vectors.counts()["*"] == 3
    assert vectors.check().ok


def test_check_finds_missing_stale_extra_and_drift_and_repair_mends_them(make_articles):
    from django.utils import timezone

    from articles.models import Article

    vectors = _vectors()
    ids = _ids(make_articles, *RECORDS)
    vectors.write(ids[:3])
    Article.objects.filter(pk=ids[1]).update(updated_at=timezone.now())
    ghost = max(ids) + 1000
    with connection.cursor() as cursor:
        # A row no article has (written behind the write path's back), and a drifted aggregate.
        cursor.execute(
            "INSERT INTO articles_search SELECT %s, document, people, orgs, authors, section, source, facets,"
            " published, dup, version, day, head FROM articles_search WHERE article_id = %s",
            [ghost, ids[2]],
        )
        cursor.execute("UPDATE articles_search_count SET n = n + 5 WHERE value = 'section:Business'")
    report = vectors.check()
    assert (report.missing, report.stale, report.extra) == ([ids[3]], [ids[1]], [ghost])
    assert "section:Business" in report.counts_off
    assert not report.ok
    vectors.repair(report)
    assert vectors.check().ok
    assert vectors.counts() == _recounted()


def test_vocabulary_counts_documents_and_rebuild_recounts(make_articles):
    vectors = _vectors()
    ids = _ids(make_articles, *RECORDS)
    vectors.write(ids)
    vectors.write(ids)  # writing again does not count the same articles twice

    def ndoc(word: str) -> int | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT ndoc FROM articles_search_word WHERE word = %s", [word])
            row = cursor.fetchone()
        return row[0] if row else None

    assert ndoc("kenya") == 2
    assert ndoc("stadium") == 1
    assert ndoc("sao") == 1  # "Sao" in a title and "São" in its body: folded, one article
    assert ndoc("2") is None  # numbers are never "corrected"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_search_word SET ndoc = 99")
        cursor.execute("DELETE FROM articles_search")
    assert vectors.rebuild(chunk=3) == 4
    assert ndoc("kenya") == 2
    assert vectors.check().ok


def test_commands_check_repair_and_rebuild_the_search_rows(make_articles, settings):
    from django.core.management import call_command

    from articles import search

    settings.NEWSARCHIVE_SEARCH_BACKEND = "postgres"
    ids = _ids(make_articles, *RECORDS)

    def exit_code(*args) -> int:
        try:
            call_command("check_index", *args, verbosity=0)
        except SystemExit as exc:
            return exc.code
        return 0

    assert exit_code() == 1  # every row is missing
    call_command("rebuild_index", verbosity=0)
    assert exit_code() == 0
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_search WHERE article_id = %s", [ids[0]])
    assert exit_code() == 1
    assert exit_code("--repair") == 0
    assert exit_code() == 0
    assert search.find(search.params.SearchParams(q="border")).ids == [ids[0]]
    assert not list(settings.INDEX_DIR.parent.glob("index*"))  # no Whoosh index was made or opened


def test_facet_counts_above_the_exact_limit_are_scaled_estimates_shown_as_about(
    make_articles, settings, monkeypatch, client
):
    from articles import search
    from articles.search.params import SearchParams
    from articles.search.postgres import backend

    settings.NEWSARCHIVE_SEARCH_BACKEND = "postgres"
    words = "copper grain timber cotton coffee sugar rubber wool tin zinc salt cocoa".split()
    records = [
        {
            "id": f"est-{i}",
            "title": f"Harbour report on {word}",
            "body": f"The harbour handled {word} shipments on day {i}; dockers said {words[i - 1]} waited.",
            "source": ["Quay Post", "Pier Herald"][i % 2],
        }
        for i, word in enumerate(words)
    ]
    make_articles(*records)
    params = SearchParams(q="harbour")

    exact = search.find(params, facets=("source",))
    assert exact.total == len(words) and not exact.estimated
    assert sum(c.count for c in exact.facets["source"]) == len(words)

    monkeypatch.setattr(backend, "FACET_EXACT", 5)  # 12 matches: every 3rd (by id) counted, times 3
    estimate = search.find(params, facets=("source",))
    assert estimate.total == len(words)  # the total stays exact
    assert estimate.estimated == {"source"}
    assert all(c.count % 3 == 0 for c in estimate.facets["source"])
    assert "about " in client.get("/?q=harbour").content.decode().split('class="count">', 1)[1][:10]
    api = client.get("/api/search/", {"q": "harbour"}).json()
    assert all(v["estimated"] for v in api["facets"]["source"])


@pytest.mark.django_db
def test_did_you_mean_looks_up_a_bounded_number_of_words(make_articles, monkeypatch):
    # Thirty made-up words cost two trigram searches each: seconds of a web worker (found under load).
    from articles.search.postgres import backend

    make_articles(*RECORDS[:2])
    looked_up = []
    real = backend.PostgresBackend._near_words

    def counting(self, cursor, word, distance):
        looked_up.append(word)
        return real(self, cursor, word, distance)

    monkeypatch.setattr(backend.PostgresBackend, "_near_words", counting)
    words = [f"zq{chr(97 + i)}xv" for i in range(12)]
    backend.PostgresBackend().suggest(" ".join(words))
    assert set(looked_up) == set(words[: backend.SPELL_MAX_WORDS])


@pytest.mark.django_db
def test_document_vectors_stay_in_their_rows(make_articles):
    """Migration 0010: every match's vector is read to rank it, so it is kept in the row (storage MAIN), and a
    long article's vector, compressed, is not moved out to the TOAST table (0012: the head too)."""
    from articles.search.postgres import schema

    ids = _ids(make_articles, *RECORDS[:3])
    _vectors().write(ids)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'articles_search'::regclass"
            " AND attstorage <> 'p' AND attnum > 0"
        )
        assert {name: storage for name, storage in cursor.fetchall()} == dict.fromkeys(
            ("document", "people", "orgs", "authors", "section", "source", "facets", "head"), "m"
        )
        cursor.execute(  # the parent's and every partition's (SET COMPRESSION does not reach them by itself)
            "SELECT attrelid::regclass::text, attcompression FROM pg_attribute WHERE attname = 'document'"
            " AND attrelid IN (SELECT 'articles_search'::regclass UNION ALL"
            " SELECT inhrelid FROM pg_inherits WHERE inhparent = 'articles_search'::regclass)"
        )
        compression = dict(cursor.fetchall())
        assert len(compression) == len(schema.PARTITION_TABLES) + 1 and set(compression.values()) == {"l"}, compression
        # An article-sized vector (400 distinct words, 1,500 positions): over the ~2 kB past which the default
        # storage moves a value out of its row.
        words = " ".join(f"word{i * 7919 % 400}" for i in range(1500))
        toast = (  # the partitions' (migration 0011): the parent table holds no rows
            "SELECT coalesce(sum(pg_relation_size(reltoastrelid)), 0) FROM pg_class"
            " WHERE oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'articles_search'::regclass)"
            " AND reltoastrelid <> 0"
        )
        cursor.execute(toast)
        toast_before = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE articles_search SET document = to_tsvector('simple', %s) WHERE article_id = %s", [words, ids[0]]
        )
        cursor.execute(
            "SELECT pg_column_size(document), pg_column_size(document || ''::tsvector) FROM articles_search"
            " WHERE article_id = %s",
            [ids[0]],
        )
        stored, in_memory = cursor.fetchone()
        cursor.execute(toast)
        toast_after = cursor.fetchone()[0]
        # Compressed, and still over the 2 kB that default storage would have moved out of the row.
        assert 2100 < stored < in_memory
        assert toast_after == toast_before  # nothing went out to the TOAST table


@pytest.mark.django_db
def test_the_migration_brings_moved_out_values_back_into_the_row(make_articles):
    """Migration 0010 on an archive written before it: with default storage a row's long vector and long
    facet list were moved out to the TOAST table; the rewrite stores every column of every row again, in
    the row (an unchanged value would have kept its place out of it)."""
    from articles.search.postgres import schema

    ids = _ids(make_articles, *RECORDS[:2])
    _vectors().write(ids)
    words = " ".join(f"word{i * 7919 % 400}" for i in range(800))
    facets = [f"person:{i * 7919 % 10007:05d} {i * 104729 % 99991:05d}" for i in range(250)]
    with connection.cursor() as cursor:
        cursor.execute(  # of the partition that holds the row
            "SELECT reltoastrelid::regclass::text FROM pg_class"
            " WHERE oid = (SELECT tableoid FROM articles_search WHERE article_id = %s)",
            [ids[0]],
        )
        toast = cursor.fetchone()[0]
        with connection.schema_editor() as editor:
            schema.set_storage(editor, undo=True)  # as before the migration
        cursor.execute(
            # head empty: the column came later (0012), and this row is at the limit of what fits in a page
            "UPDATE articles_search SET document = to_tsvector('simple', %s), facets = %s, head = ''"
            " WHERE article_id = %s",
            [words, facets, ids[0]],
        )
        cursor.execute(f"SELECT count(DISTINCT chunk_id) FROM {toast}")
        assert cursor.fetchone()[0] == 2  # both values out of the row
        with connection.schema_editor() as editor:
            schema.set_storage(editor)
        cursor.execute(f"SELECT count(*) FROM {toast}")
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT cardinality(facets), length(document) FROM articles_search WHERE article_id = %s", [ids[0]]
        )
        assert cursor.fetchone() == (250, 400)
