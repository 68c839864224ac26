"""The PostgreSQL engine counts a search's matches from per-process columns of the search rows
(``articles.search.postgres.columns``): a row written after this process read it, by this process, another
one or by hand, must be counted as it is now."""

from __future__ import annotations

import pytest
from django.db import connection

from articles import search
from articles.search.params import FacetFilter, SearchParams

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL search engine runs only on PostgreSQL"
)

RECORDS = [
    {
        "id": "c1",
        "title": "Harbour dredging in Mombasa",
        "body": "Kenya's port of Mombasa dredged its harbour.",
        "source": "Coast Daily",
    },
    {
        "id": "c2",
        "title": "Harbour fees rise in Dar es Salaam",
        "body": "Tanzania raised harbour fees at Dar es Salaam.",
        "source": "Coast Daily",
    },
    {
        "id": "c3",
        "title": "Harbour strike in Mombasa",
        "body": "Dockers at Mombasa harbour in Kenya went on strike.",
        "source": "Bay Times",
    },
]


@pytest.fixture
def engine(settings):
    settings.NEWSARCHIVE_SEARCH_BACKEND = "postgres"
    from articles.search.postgres import backend, columns

    columns._COLUMNS.clear()  # a process that has read nothing yet
    backend._HEADS_SHORT.clear()
    yield columns
    columns._COLUMNS.clear()
    backend._HEADS_SHORT.clear()


def _counts(name: str, **params) -> dict[str, int]:
    found = search.find(SearchParams(q="harbour", **params), facets=(name,))
    return {c.value: c.count for c in found.facets[name]}


def test_a_tag_removed_after_a_search_is_counted_at_once(engine, make_articles):
    from articles.models import Article, ArticleCountry
    from articles.services import articles as services

    make_articles(*RECORDS)
    assert _counts("country") == {"KE": 2, "TZ": 1}  # the columns now hold the three rows
    # In the same transaction as the first write (a test): only the command id of the row tells them apart.
    tag = ArticleCountry.objects.get(article=Article.objects.get(external_id="c3"), country_id="KE")
    services.tags_save(deleted=[tag])
    assert _counts("country") == {"KE": 1, "TZ": 1}
    assert search.find(SearchParams(q="harbour", filters={"country": FacetFilter(include=("KE",))})).total == 1


def test_a_facet_filter_follows_a_tag_changed_after_it_was_used(engine, make_articles):
    """A facet filter's rows come from a per-slot mask made at its first use: a row read again later
    updates it (KE off one article, TZ onto it)."""
    from articles.models import Article, ArticleCountry
    from articles.services import articles as services

    make_articles(*RECORDS)
    kenya = {"country": FacetFilter(include=("KE",))}
    not_tanzania = {"country": FacetFilter(exclude=("TZ",))}
    assert search.find(SearchParams(q="harbour", filters=kenya)).total == 2
    assert search.find(SearchParams(q="harbour", filters=not_tanzania)).total == 2
    article = Article.objects.get(external_id="c3")
    services.tags_save(deleted=[ArticleCountry.objects.get(article=article, country_id="KE")])
    with connection.cursor() as cursor:  # and TZ added behind the write path, as an edit by hand would
        cursor.execute(
            "UPDATE articles_search SET facets = facets || '{country:TZ}'::text[] WHERE article_id = %s", [article.pk]
        )
    assert search.find(SearchParams(q="harbour", filters=kenya)).total == 1
    assert search.find(SearchParams(q="harbour", filters=not_tanzania)).total == 1
    assert _counts("country", filters=kenya) == {"KE": 1, "TZ": 2}


def test_a_row_rewritten_behind_the_write_path_is_read_again(engine, make_articles):
    make_articles(*RECORDS)
    assert _counts("source") == {"Coast Daily": 2, "Bay Times": 1}
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_search SET facets = array_replace(facets, 'source:Bay Times', 'source:Gulf Wire')"
        )
    assert _counts("source") == {"Coast Daily": 2, "Gulf Wire": 1}
    # Rewritten again by the same transaction (the same xmin): the command id tells the versions apart.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_search SET facets = array_replace(facets, 'source:Gulf Wire', 'source:Delta Wire')"
        )
    assert _counts("source") == {"Coast Daily": 2, "Delta Wire": 1}


def test_a_deleted_article_is_no_longer_counted(engine, make_articles):
    from articles.models import Article
    from articles.services import articles as services

    make_articles(*RECORDS)
    assert search.find(SearchParams(q="harbour")).total == 3
    services.article_delete(article=Article.objects.get(external_id="c2"))
    found = search.find(SearchParams(q="harbour"), facets=("country",))
    assert found.total == 2 and {c.value: c.count for c in found.facets["country"]} == {"KE": 2}


@pytest.mark.parametrize("setting", ["compact", "sparse"])
def test_the_columns_count_the_same_whatever_their_layout(engine, make_articles, monkeypatch, setting):
    """Values of rows read again are compacted away; ids past the dense array are found through a dict."""
    make_articles(*RECORDS)
    expected = {name: _counts(name) for name in ("country", "source", "topic")}
    engine._COLUMNS.clear()
    if setting == "compact":
        monkeypatch.setattr(engine, "COMPACT_AFTER", 0)
    else:
        monkeypatch.setattr(engine, "DENSE_IDS", 1)
    for _ in range(3):
        with connection.cursor() as cursor:  # every row rewritten: read again, old values become garbage
            cursor.execute("UPDATE articles_search SET dup = dup")
        assert {name: _counts(name) for name in ("country", "source", "topic")} == expected
    (cols,) = engine._COLUMNS.values()
    if setting == "compact":
        assert cols.used <= 2 * int(cols.length[: cols.size].sum())  # four copies of each row without it
    else:
        assert cols.sparse and not (cols.dense >= 0).any()


def test_a_long_texts_snippet_comes_from_where_its_words_are(engine, make_articles):
    """Snippets are looked for in a long text's start first (backend.HEADLINE_CHARS), then in all of it."""
    from articles.search import index
    from articles.search.postgres import backend

    filler = "The committee met again on Tuesday and adjourned without a vote. " * 90
    assert len(filler) > backend.HEADLINE_CHARS
    make_articles(
        {
            "id": "late",
            "title": "Minutes of the committee",
            "body": filler + "Only then did the lighthouse keeper speak.",
        },
        {"id": "early", "title": "Keeper's farewell", "body": "The lighthouse keeper retired. " + filler},
    )
    page = index.search(SearchParams(q="lighthouse"))
    snippets = {hit.article.external_id: str(hit.snippet_html) for hit in page.hits}
    assert "<mark>lighthouse</mark> keeper speak" in snippets["late"]
    assert "<mark>lighthouse</mark> keeper retired" in snippets["early"]


def test_the_warm_up_reads_the_rows_before_the_first_search(engine, make_articles, monkeypatch, settings):
    from articles.search.postgres.backend import PostgresBackend

    make_articles(*RECORDS)
    settings.NEWSARCHIVE_SEARCH_WARM_UP = 0
    assert PostgresBackend().warm_up() == 0  # no time: nothing read, the first search reads what it needs
    settings.NEWSARCHIVE_SEARCH_WARM_UP = 5
    assert PostgresBackend().warm_up() == len(RECORDS)
    reads = []
    monkeypatch.setattr(engine.Columns, "read", lambda self, *a, **k: reads.append(a))
    assert _counts("country") == {"KE": 2, "TZ": 1} and not reads  # counted from what the warm-up read


@pytest.mark.django_db(transaction=True)
def test_threads_of_one_process_search_while_rows_are_rewritten(engine, make_articles, monkeypatch):
    """A threaded server: searches run at once (the statement is not under the columns' lock) while
    another thread rewrites every row, so that the columns read them again and compact."""
    import threading

    monkeypatch.setattr(engine, "COMPACT_AFTER", 0)
    make_articles(*RECORDS)
    expected = {name: _counts(name) for name in ("country", "source")}
    failures: list[str] = []
    stop = threading.Event()

    def rewrite() -> None:
        try:
            while not stop.is_set():
                with connection.cursor() as cursor:
                    cursor.execute("UPDATE articles_search SET dup = dup")
        finally:
            connection.close()

    def search_many() -> None:
        try:
            for _ in range(15):
                got = {name: _counts(name) for name in ("country", "source")}
                if got != expected:
                    failures.append(repr(got))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(repr(exc))
        finally:
            connection.close()

    writer = threading.Thread(target=rewrite)
    readers = [threading.Thread(target=search_many) for _ in range(4)]
    writer.start()
    for t in readers:
        t.start()
    for t in readers:
        t.join()
    stop.set()
    writer.join()
    assert not failures


def test_a_statement_with_words_reads_its_matches_through_the_index(engine, make_articles, monkeypatch):
    """A common word's statement may not scan the whole table (the planner does above about a fifth of the
    rows); a statement without words keeps the planner's choice, and so does the rest of a caller's
    transaction."""
    import datetime

    from articles.search.postgres import backend, parallel

    make_articles(*RECORDS)
    seen = []
    original = parallel.match

    def spy(cursor, jobs, prepare, **kwargs):
        prepare(cursor)
        cursor.execute("SELECT current_setting('enable_seqscan')")
        seen.append(cursor.fetchone()[0])
        return original(cursor, jobs, prepare, **kwargs)

    monkeypatch.setattr(backend.parallel, "match", spy)
    assert search.find(SearchParams(q="harbour")).total == 3
    search.find(SearchParams(date_from=datetime.date(1900, 1, 1)))  # no words: the records are undated
    assert seen == ["off", "on"]


# A word in three titles and, with different counts, in six bodies only (ids not in the order of the counts).
_FILLER = ["orchard", "granite", "violin", "saddle", "meadow", "copper", "thistle", "harvest", "beacon"]
LANTERN = [
    *(
        {"id": f"t{k}", "title": f"Lantern {_FILLER[k]} fair", "body": f"The {_FILLER[k]} fair. " + "lantern " * k}
        for k in range(3)
    ),
    *(
        {
            "id": f"b{k}",
            "title": f"A {_FILLER[k + 3]} report",
            "body": f"Notes on the {_FILLER[k + 3]} and {_FILLER[(k + 4) % 9]} season. " + "lantern glow. " * n,
        }
        for k, n in enumerate([2, 5, 1, 6, 3, 4])
    ),
]


def _ranked(word: str) -> list[int]:
    """Every match of the word in ts_rank order over the whole vector (the engine's ties: smaller id first)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT article_id FROM articles_search WHERE document @@ to_tsquery('newsarchive_english', %s)"
            " ORDER BY ts_rank(document, to_tsquery('newsarchive_english', %s)) DESC, article_id",
            [word, word],
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_one_word_page_is_ranked_from_the_heads_when_they_fill_it(engine, make_articles, monkeypatch):
    """schema.HEAD: a page of a one-word search that the matches with the word in their title or standfirst
    fill is ranked from those alone (one statement); a page they do not fill is ranked over every match (a
    second statement, and from then on the only one for pages reaching that far), in the same order as
    ts_rank over all of them."""
    from articles.search.postgres import backend, parallel

    make_articles(*LANTERN)
    order = _ranked("lantern")
    assert len(order) == 9
    statements = []
    original = parallel.match

    def spy(cursor, jobs, prepare, **kwargs):
        statements.append(" ".join(sql for _, sql, _ in jobs))
        return original(cursor, jobs, prepare, **kwargs)

    monkeypatch.setattr(backend.parallel, "match", spy)
    # The heads are 3: pages of 2 from the second on need every match ranked; the sixth is past the end.
    for page, heads, full in [(1, 1, 0), (6, 1, 0), (2, 1, 1), (3, 0, 1), (5, 0, 1), (1, 1, 0)]:
        statements.clear()
        found = search.find(SearchParams(q="lantern", page=page, size=2))
        assert found.ids == order[(page - 1) * 2 : page * 2], page
        assert ["s.head @@" in sql for sql in statements] == [True] * heads + [False] * full, page
    statements.clear()
    found = search.find(SearchParams(q="lantern glow", size=3))  # two words: every match ranked at once
    assert len(statements) == 1 and "head" not in statements[0]


def test_the_migration_gives_rows_written_before_it_their_heads(engine, make_articles):
    """Migration 0012 on rows written before it (no head): each gets the vector of its title and standfirst,
    the same as the write path gives it."""
    from articles.search.postgres import schema, vectors

    make_articles(*LANTERN)
    order = _ranked("lantern")
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id, head::text FROM articles_search ORDER BY 1")
        heads = cursor.fetchall()
        cursor.execute("DROP INDEX articles_search_head")
        cursor.execute("ALTER TABLE articles_search ALTER COLUMN head DROP NOT NULL")
        cursor.execute("UPDATE articles_search SET head = NULL")
    with connection.schema_editor() as editor:
        schema.add_head(editor, vectors.FILL_HEAD)
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id, head::text FROM articles_search ORDER BY 1")
        assert cursor.fetchall() == heads
    assert search.find(SearchParams(q="lantern", size=2)).ids == order[:2]
    assert all("lantern" in head for _, head in heads[:3]) and not any("lantern" in h for _, h in heads[3:])


def test_the_front_page_statements_run_without_parallel_workers(engine, make_articles):
    """The empty query's statements are a few index lookups: workers cost more than they save. The setting
    is theirs only, also inside a caller's transaction."""
    from django.db import transaction

    make_articles(*RECORDS)
    seen = []

    def watch(execute, sql, params, many, context):
        if "FROM articles_search s" in sql and not seen:
            seen.append(None)  # this wrapper's own statement below is not watched
            with context["connection"].cursor() as cursor:
                cursor.execute("SELECT current_setting('max_parallel_workers_per_gather')")
                seen[0] = cursor.fetchone()[0]
        return execute(sql, params, many, context)

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_parallel_workers_per_gather')")
        default = cursor.fetchone()[0]
        with connection.execute_wrapper(watch):
            assert search.find(SearchParams()).total == 3
        cursor.execute("SELECT current_setting('max_parallel_workers_per_gather')")
        assert (seen, cursor.fetchone()[0]) == (["0"], default) and default != "0"
