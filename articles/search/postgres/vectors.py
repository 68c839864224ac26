"""The write side of the PostgreSQL engine: search rows computed in SQL, in the caller's transaction.

``write(ids)`` makes ``articles_search`` agree with the articles for these ids — the write hook (called
inside the import's transaction, so the article is searchable when it commits), ``rebuild`` (in chunks,
each its own short transaction: readers keep seeing the previous rows, nothing is locked for long) and
``repair`` all go through it. The aggregates in ``articles_search_count`` are corrected by the difference
between the rows removed and the rows written, so they stay exact without a scan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from articles.search.postgres.schema import NAMES, analysis_sql, config_sql

TOTAL = "*"  # the aggregate row counting every article
MONTH = "month:"  # aggregate rows for the histogram of the empty query
REBUILD_CHUNK = 2000
# tsvector values are limited to 1 MB of lexemes; a body longer than this is indexed by its start.
MAX_BODY_CHARS = 400_000
# Words kept in the vocabulary: letters only (numbers and codes are never corrected), 2 to 40 of them.
WORD_PATTERN = r"^[[:alpha:]]{2,40}$"


def _facet_value(expr: str) -> str:
    # As ``facets.name_value`` reads a URL: commas become spaces, runs of space one space.
    return f"nullif(btrim(regexp_replace(replace({expr}, ',', ' '), '\\s+', ' ', 'g')), '')"


def head_sql(config: str) -> str:
    """The title and standfirst as they begin the document vector (``schema.HEAD``)."""
    return f"(setweight(to_tsvector({config}, a.title), 'A') || setweight(to_tsvector({config}, a.standfirst), 'B'))"


# Migration 0012_search_head: the heads of the rows written before it.
FILL_HEAD = f"""
    UPDATE articles_search s SET head = {head_sql(config_sql(analysis_sql("a.language")))}
    FROM articles_article a WHERE a.id = s.article_id AND s.head IS NULL
"""


def _row_sql() -> str:
    """SELECT of the search row of every article whose id is in %(ids)s: the text analysed by its
    language's configuration (``l.config``; articles.search.languages).

    Set-based: the tags of the whole set are read by one join per table and grouped per article (hash
    joins), not by a subquery per article and tag kind — the planner drove those from the entity kind
    (every person for each article: 167 ms an article at 4k articles with stale statistics, measured)."""
    authors = (
        "CASE jsonb_typeof(a.authors::jsonb) WHEN 'array' THEN "
        "(SELECT string_agg(x, ' ; ') FROM jsonb_array_elements_text(a.authors::jsonb) x) "
        "ELSE a.authors::jsonb #>> '{}' END"
    )
    return f"""
        WITH ent AS (
            SELECT ae.article_id,
                string_agg(e.name, ' ; ' ORDER BY ae.id) FILTER (WHERE e.kind = 'person') AS people,
                string_agg(e.name, ' ; ' ORDER BY ae.id) FILTER (WHERE e.kind = 'org') AS orgs,
                array_agg(e.kind || ':' || {_facet_value("e.name")})
                    FILTER (WHERE {_facet_value("e.name")} IS NOT NULL) AS facets
            FROM articles_articleentity ae JOIN articles_entity e ON e.id = ae.entity_id
            WHERE ae.article_id = ANY(%(ids)s) AND ae.origin <> 'removed' AND e.kind IN ('person', 'org')
            GROUP BY ae.article_id
        ),
        tag AS (
            SELECT article_id, array_agg(v) AS facets FROM (
                SELECT c.article_id, 'country:' || c.country_id FROM articles_articlecountry c
                    WHERE c.article_id = ANY(%(ids)s) AND c.origin <> 'removed'
                UNION ALL
                SELECT t.article_id, 'topic:' || t.topic_id FROM articles_articletopic t
                    WHERE t.article_id = ANY(%(ids)s) AND t.origin <> 'removed'
            ) x(article_id, v) GROUP BY article_id
        )
        SELECT
            a.id,
            h.head
                || setweight(to_tsvector(l.config, left(a.body, {MAX_BODY_CHARS})), 'C'),
            to_tsvector('{NAMES}', coalesce(ent.people, '')),
            to_tsvector('{NAMES}', coalesce(ent.orgs, '')),
            to_tsvector('{NAMES}', coalesce({authors}, '')),
            to_tsvector('{NAMES}', a.section),
            to_tsvector('{NAMES}', coalesce(s.name, '')),
            ARRAY(
                SELECT DISTINCT v FROM unnest(
                    coalesce(tag.facets, '{{}}') || coalesce(ent.facets, '{{}}') || ARRAY[
                        'source:' || {_facet_value("s.name")},
                        'section:' || {_facet_value("a.section")},
                        'lang:' || {_facet_value("a.language")},
                        'analysis:' || l.analysis,
                        'year:' || coalesce(to_char(a.published_date, 'YYYY'), 'undated')
                    ]
                ) v WHERE v IS NOT NULL ORDER BY 1
            ),
            a.published_at,
            a.published_date,
            a.duplicate_of_id,
            a.updated_at,
            h.head
        FROM articles_article a
            LEFT JOIN articles_source s ON s.id = a.source_id
            LEFT JOIN ent ON ent.article_id = a.id
            LEFT JOIN tag ON tag.article_id = a.id
        CROSS JOIN LATERAL (SELECT {analysis_sql("a.language")} AS analysis) la
        CROSS JOIN LATERAL (SELECT la.analysis, {config_sql("la.analysis")} AS config) l
        CROSS JOIN LATERAL (SELECT {head_sql("l.config")} AS head) h  -- once: the document starts with it
        WHERE a.id = ANY(%(ids)s)
    """


_RETURNING = "RETURNING article_id, facets, to_char(day, 'YYYYMM')"


def _counted(rows) -> Counter:
    counts: Counter = Counter()
    for _, facets, month in rows:
        counts[TOTAL] += 1
        counts.update(facets)
        if month:
            counts[MONTH + month] += 1
    return counts


def _add_counts(cursor, delta: Counter) -> None:
    changes = sorted((value, n) for value, n in delta.items() if n)
    if not changes:
        return
    # Sorted, so that concurrent writers lock the aggregate rows in one order (no deadlock).
    cursor.execute(
        """
        INSERT INTO articles_search_count AS c (value, n)
        SELECT * FROM unnest(%s::text[], %s::bigint[])
        ON CONFLICT (value) DO UPDATE SET n = c.n + excluded.n
        """,
        [[v for v, _ in changes], [n for _, n in changes]],
    )
    cursor.execute("DELETE FROM articles_search_count WHERE n <= 0 AND value = ANY(%s)", [[v for v, _ in changes]])


def _words_sql() -> str:
    return f"""
        -- a tsvector's lexemes are distinct: each word counts once per article without a DISTINCT
        SELECT w, count(*) FROM (
            SELECT w
            FROM articles_article a,
                 unnest(tsvector_to_array(to_tsvector('{NAMES}',
                     a.title || ' ' || a.standfirst || ' ' || left(a.body, {MAX_BODY_CHARS})))) w
            WHERE a.id = ANY(%(ids)s) AND w ~ '{WORD_PATTERN}'
        ) x GROUP BY w
    """


def _add_words(cursor, ids: list[int]) -> None:
    if not ids:
        return
    cursor.execute(
        f"""
        INSERT INTO articles_search_word AS v (word, ndoc)
        SELECT * FROM ({_words_sql()}) n ORDER BY 1
        ON CONFLICT (word) DO UPDATE SET ndoc = v.ndoc + excluded.ndoc
        """,
        {"ids": ids},
    )


def write(article_ids: Iterable[int], *, words: bool = True) -> dict[str, int]:
    """Make the search rows of these articles agree with the database (deleted articles lose theirs).

    Runs in the caller's transaction (atomic on its own otherwise). ``words``: count the words of
    articles seen for the first time into the vocabulary (rebuild recounts it at the end instead).
    """
    ids = sorted({int(i) for i in article_ids})
    if not ids:
        return {"indexed": 0, "deleted": 0}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM articles_search WHERE article_id = ANY(%(ids)s) {_RETURNING}", {"ids": ids})
        old = cursor.fetchall()
        cursor.execute(
            f"""
            INSERT INTO articles_search
                (article_id, document, people, orgs, authors, section, source, facets, published, day, dup, version,
                 head)
            {_row_sql()}
            {_RETURNING}
            """,
            {"ids": ids},
        )
        new = cursor.fetchall()
        delta = _counted(new)
        delta.subtract(_counted(old))
        _add_counts(cursor, delta)
        if words:
            known = {row[0] for row in old}
            _add_words(cursor, [row[0] for row in new if row[0] not in known])
    written = {row[0] for row in new}
    return {"indexed": len(written), "deleted": len([i for i in ids if i not in written])}


# ----------------------------------------------------------------------------- rebuild, check, repair


def _article_ids_after(last: int, limit: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM articles_article WHERE id > %s ORDER BY id LIMIT %s", [last, limit])
        return [row[0] for row in cursor.fetchall()]


def _extra_ids() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.article_id FROM articles_search s"
            " WHERE NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.id = s.article_id) ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def rebuild(progress: Callable[[int], None] | None = None, chunk: int = REBUILD_CHUNK) -> int:
    """Recompute every search row in chunks (one short transaction each), drop rows of deleted
    articles, then recount the aggregates and the vocabulary. Searches keep working throughout."""
    with connection.cursor() as cursor:
        # After a bulk load the planner may still believe the tag tables empty, and the per-article
        # subqueries then scan them whole (minutes per chunk at 100k articles, measured): fresh statistics.
        cursor.execute(
            "ANALYZE articles_article, articles_articlecountry, articles_articletopic, articles_articleentity,"
            " articles_entity, articles_source"
        )
    count = 0
    last = 0
    while ids := _article_ids_after(last, chunk):
        write(ids, words=False)
        count += len(ids)
        last = ids[-1]
        if progress:
            progress(count)
    write(_extra_ids(), words=False)
    recount()
    recount_words()
    return count


def recount() -> None:
    """Recompute the aggregates from the search rows (one transaction: readers see old or new counts)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE articles_search_count IN EXCLUSIVE MODE")  # writers wait; readers do not
        cursor.execute("DELETE FROM articles_search_count")
        cursor.execute(f"INSERT INTO articles_search_count (value, n) {_RECOUNT_SQL}", {"total": TOTAL, "month": MONTH})


_RECOUNT_SQL = """
    SELECT value, count(*) FROM (
        SELECT %(total)s AS value FROM articles_search
        UNION ALL SELECT unnest(facets) FROM articles_search
        UNION ALL SELECT %(month)s || to_char(day, 'YYYYMM')
            FROM articles_search WHERE day IS NOT NULL
    ) v GROUP BY value
"""


def recount_words(chunk: int = REBUILD_CHUNK) -> None:
    """Recount the vocabulary from the articles: summed per chunk into a temporary table, swapped in at
    the end in one transaction."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS search_words_new (word text, ndoc integer)")
        cursor.execute("TRUNCATE search_words_new")
        last = 0
        while ids := _article_ids_after(last, chunk):
            cursor.execute(f"INSERT INTO search_words_new {_words_sql()}", {"ids": ids})
            last = ids[-1]
        with transaction.atomic():
            cursor.execute("DELETE FROM articles_search_word")
            cursor.execute(
                "INSERT INTO articles_search_word (word, ndoc)"
                " SELECT word, sum(ndoc) FROM search_words_new GROUP BY word"
            )
        cursor.execute("DROP TABLE search_words_new")


@dataclass
class Check:
    missing: list[int] = field(default_factory=list)  # articles without a search row
    extra: list[int] = field(default_factory=list)  # search rows without an article
    stale: list[int] = field(default_factory=list)  # the row was written from an older version
    counts_off: list[str] = field(default_factory=list)  # aggregates that disagree with the rows

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale or self.counts_off)


def check() -> Check:
    """Compare the search rows with the articles (by version = updated_at) and the aggregates with the rows."""
    report = Check()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, s.article_id IS NULL FROM articles_article a"
            " LEFT JOIN articles_search s ON s.article_id = a.id"
            " WHERE s.article_id IS NULL OR s.version IS DISTINCT FROM a.updated_at ORDER BY a.id"
        )
        for article_id, missing in cursor.fetchall():
            (report.missing if missing else report.stale).append(article_id)
        cursor.execute(
            f"""
            SELECT coalesce(r.value, c.value) FROM ({_RECOUNT_SQL}) r(value, n)
            FULL JOIN articles_search_count c ON c.value = r.value
            WHERE r.n IS DISTINCT FROM c.n ORDER BY 1
            """,
            {"total": TOTAL, "month": MONTH},
        )
        report.counts_off = [row[0] for row in cursor.fetchall()]
    report.extra = _extra_ids()
    return report


def repair(report: Check | None = None) -> Check:
    """Rewrite the rows that differ and recount the aggregates if they drifted; returns what was found."""
    report = report or check()
    write([*report.missing, *report.extra, *report.stale])
    if report.counts_off:
        recount()
    return report


def counts() -> dict[str, int]:
    """Every aggregate: the empty query's facet counts, total and months without a scan."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT value, n FROM articles_search_count")
        return dict(cursor.fetchall())
