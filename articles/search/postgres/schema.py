"""The database side of the PostgreSQL engine: what the migration creates, and the configuration names.

Tables (plain SQL, not Django models: they exist only on PostgreSQL, and the migration is a no-op on SQLite):

- ``articles_search``: one row per article — the weighted ``document`` vector (title A, standfirst B, body
  C) and ``head``, the same vector of the title and standfirst alone (``HEAD``, below), vectors of the name
  fields (people, organisations, authors, section, source), the facet values as ``facet:value`` strings,
  the published instant and the publisher's local ``day``, the original of a near-duplicate, and
  ``version`` (the article's ``updated_at`` when the row was written; ``check`` compares them). No foreign
  key: a deleted article's row is removed by the write path, which also corrects the aggregates below;
  ``check`` finds any row left behind.
- ``articles_search_count``: exact counts per facet value over the whole archive (``*`` is the number of
  articles, ``month:YYYYMM`` feeds the histogram), kept by the write path, so that the empty query — the
  front page — needs no scan.
- ``articles_search_word``: the archive's vocabulary (unstemmed, accents folded) with document
  frequencies, for bounded fuzzy terms through ``pg_trgm`` and "did you mean". Counts are added when an
  article is first written; deletions do not subtract them (the words' rows hold no article list), so
  ``rebuild_index`` recounts them.

A generated column cannot hold the vector: ``unaccent()`` is not IMMUTABLE, and the people and
organisations live in other tables.

Languages (``articles.search.languages``): an article's text is analysed by the configuration of its
language's analysis (``CONFIGS``: each a copy of PostgreSQL's own with ``unaccent`` before the Snowball
stemmer; ``simple`` is the names configuration, folded words only), and its row's facets carry
``analysis:<name>``, which the query side uses to match each analysis of the query against its own rows
and to know, from the aggregates, which analyses the archive holds.
"""

from __future__ import annotations

from articles.search import languages

ENGLISH = "newsarchive_english"
NAMES = "newsarchive_names"
# analysis -> its text-search configuration
CONFIGS = {
    **{
        code: ENGLISH if code == languages.ENGLISH else f"newsarchive_{name}"
        for code, name in languages.SNOWBALL.items()
    },
    languages.SIMPLE: NAMES,
}


def text_config(analysis: str | None = None) -> str:
    """The text-search configuration of one analysis (``articles.search.languages``; default English)."""
    return CONFIGS.get(analysis or languages.ENGLISH, ENGLISH)


def analysis_sql(language: str) -> str:
    """SQL of ``languages.analysis_for`` over a language column."""
    code = f"lower(split_part(replace(btrim(coalesce({language}, '')), '_', '-'), '-', 1))"
    cases = " ".join(f"WHEN '{c}' THEN '{c}'" for c in languages.SNOWBALL)
    return f"(CASE {code} WHEN '' THEN '{languages.ENGLISH}' {cases} ELSE '{languages.SIMPLE}' END)"


def config_sql(analysis: str) -> str:
    """SQL of the configuration (a regconfig) of an analysis given as SQL text."""
    cases = " ".join(f"WHEN '{a}' THEN '{c}'::regconfig" for a, c in CONFIGS.items())
    return f"(CASE {analysis} {cases} ELSE '{ENGLISH}'::regconfig END)"


def _language_config(name: str, snowball: str) -> str:
    # As ENGLISH below: PostgreSQL's own configuration with unaccent in front of its Snowball stemmer.
    return f"""
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{name}') THEN
            CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {snowball});
            ALTER TEXT SEARCH CONFIGURATION {name}
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {snowball}_stem;
        END IF;
    END $$
    """


# The configurations of the other languages (migration 0008_language_configs).
LANGUAGE_CONFIGS = [
    _language_config(CONFIGS[code], name) for code, name in languages.SNOWBALL.items() if code != languages.ENGLISH
]


# The search rows are split by a hash of the article id into this many partitions, each with its own
# indexes (migration 0011_search_partitions): a search matches each partition in its own statement, and the
# statements run at once on several connections (``articles.search.postgres.parallel``), so one search uses
# several of the database's cores. PostgreSQL 15 runs none of the statement's aggregate in parallel itself.
PARTITIONS = 4
PARTITION_TABLES = tuple(f"articles_search_p{k}" for k in range(PARTITIONS))

# The search table, its partitions and its indexes.
SEARCH_TABLE = [
    """
    CREATE TABLE IF NOT EXISTS articles_search (
        article_id bigint PRIMARY KEY,
        document tsvector NOT NULL,
        people tsvector NOT NULL,
        orgs tsvector NOT NULL,
        authors tsvector NOT NULL,
        section tsvector NOT NULL,
        source tsvector NOT NULL,
        facets text[] NOT NULL,
        published timestamptz,
        dup bigint,
        version timestamptz NOT NULL,
        -- in the order the migrations that added them put them: 0008_published_date, 0012_search_head
        day date,
        head tsvector
    ) PARTITION BY HASH (article_id)
    """,
    *(
        f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF articles_search"
        f" FOR VALUES WITH (MODULUS {PARTITIONS}, REMAINDER {k})"
        for k, name in enumerate(PARTITION_TABLES)
    ),
    "CREATE INDEX IF NOT EXISTS articles_search_document ON articles_search USING gin (document)",
    # One index for the five small name vectors (a multicolumn GIN index serves any subset of them).
    "CREATE INDEX IF NOT EXISTS articles_search_names ON articles_search"
    " USING gin (people, orgs, authors, section, source)",
    "CREATE INDEX IF NOT EXISTS articles_search_facets ON articles_search USING gin (facets)",
    "CREATE INDEX IF NOT EXISTS articles_search_published ON articles_search"
    " (published DESC NULLS LAST, article_id DESC)",
    "CREATE INDEX IF NOT EXISTS articles_search_day ON articles_search (day)",
    "CREATE INDEX IF NOT EXISTS articles_search_dup ON articles_search (dup) WHERE dup IS NOT NULL",
]

CREATE = [
    # Text search configurations: copies of the built-in ones with unaccent in front of the dictionary.
    # https://www.postgresql.org/docs/15/unaccent.html (the "fr" example, for English here)
    f"""
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{ENGLISH}') THEN
            CREATE TEXT SEARCH CONFIGURATION {ENGLISH} (COPY = english);
            ALTER TEXT SEARCH CONFIGURATION {ENGLISH}
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{NAMES}') THEN
            CREATE TEXT SEARCH CONFIGURATION {NAMES} (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION {NAMES}
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        END IF;
    END $$
    """,
    *SEARCH_TABLE,
    # "C" collation: a LIKE 'facet:%' prefix can use the primary key.
    'CREATE TABLE IF NOT EXISTS articles_search_count (value text COLLATE "C" PRIMARY KEY, n bigint NOT NULL,'
    " facet text GENERATED ALWAYS AS (split_part(value, ':', 1)) STORED)",
    # A facet's top values straight from the index (people and organisations have tens of thousands).
    "CREATE INDEX IF NOT EXISTS articles_search_count_top ON articles_search_count (facet, n DESC, value)",
    "CREATE TABLE IF NOT EXISTS articles_search_word (word text PRIMARY KEY, ndoc integer NOT NULL)",
    "CREATE INDEX IF NOT EXISTS articles_search_word_trgm ON articles_search_word USING gin (word gin_trgm_ops)",
    # Prefix expansion (LIKE 'defen%') on the vocabulary.
    "CREATE INDEX IF NOT EXISTS articles_search_word_prefix ON articles_search_word (word text_pattern_ops)",
    # The rows have no foreign key (a deleted article's row goes through the write path, which corrects the
    # aggregates), so a TRUNCATE of the articles (`manage.py flush`, the test runner) empties them too.
    """
    CREATE OR REPLACE FUNCTION articles_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE articles_search, articles_search_count, articles_search_word;
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER IF EXISTS articles_search_truncate ON articles_article",
    """
    CREATE TRIGGER articles_search_truncate AFTER TRUNCATE ON articles_article
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_truncate()
    """,
]

DROP = [
    "DROP TRIGGER IF EXISTS articles_search_truncate ON articles_article",
    "DROP FUNCTION IF EXISTS articles_search_truncate()",
    "DROP TABLE IF EXISTS articles_search_word",
    "DROP TABLE IF EXISTS articles_search_count",
    "DROP TABLE IF EXISTS articles_search",
    *(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIGS[c]}" for c in languages.SNOWBALL if c != languages.ENGLISH),
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {NAMES}",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {ENGLISH}",
]


# A search row kept whole in its page (migration 0010_search_storage): PostgreSQL moves the values of a
# row over ~2 kB out to its TOAST table unless their storage is MAIN, and a search reads the vector of every
# match (to rank it) and its facets (to count them), so each match cost lookups in the TOAST table. With
# MAIN on every column, the document lz4-compressed (faster to decompress than the default pglz), a row
# leaves its page only when it cannot fit in one: a broad term's matches at 100k articles were read in
# 25 ms instead of 36 (measured). With the document alone MAIN, the small columns were moved out instead.
# A server built without lz4 keeps pglz.
COLUMNS = "article_id, document, people, orgs, authors, section, source, facets, published, dup, version, day"
_COLUMNS = ("document", "people", "orgs", "authors", "section", "source", "facets")
# SET STORAGE reaches the partitions from their parent; SET COMPRESSION does not (PostgreSQL 15), so both are
# set on every table.
_TABLES = ("articles_search", *PARTITION_TABLES)
STORAGE = [
    *(f"ALTER TABLE {t} " + ", ".join(f"ALTER COLUMN {c} SET STORAGE MAIN" for c in _COLUMNS) for t in _TABLES),
    f"""
    DO $$ BEGIN
        {" ".join(f"ALTER TABLE {t} ALTER COLUMN document SET COMPRESSION lz4;" for t in _TABLES)}
    EXCEPTION WHEN feature_not_supported THEN NULL;
    END $$
    """,
]
# The rows written before are rewritten with the new storage: a changed value is stored anew, an unchanged
# one keeps its place (in the TOAST table too), so every column is changed (to what it was).
REWRITE = "UPDATE articles_search SET " + ", ".join(
    f"{c} = {c} || '{{}}'::text[]" if c == "facets" else f"{c} = {c} || ''::tsvector" for c in _COLUMNS
)
UNDO_STORAGE = [
    *(f"ALTER TABLE {t} " + ", ".join(f"ALTER COLUMN {c} SET STORAGE EXTENDED" for c in _COLUMNS) for t in _TABLES),
    *(f"ALTER TABLE {t} ALTER COLUMN document SET COMPRESSION default" for t in _TABLES),
]


def set_storage(schema_editor, *, undo: bool = False) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in UNDO_STORAGE if undo else STORAGE:
        schema_editor.execute(statement)
    if not undo:
        schema_editor.execute(REWRITE)


# Ranking a broad word's matches (issue 9). ts_rank of one word over ``document`` (default weights: A 1.0, B 0.4,
# C 0.2) is (w + sum of the word's other positions' weights / (j + 1)^2) / 1.645, w its largest weight: at
# least 0.24 when the word is in the title or standfirst (B or A), at most 0.2 when it is only in the body. So
# the matches whose ``head`` holds the word outrank all the others, and a page of a one-word search that those
# fill is ranked without reading (decompressing) the vector of any other match. Which matches those are comes
# from a GIN index of ``head`` (a hashed subplan: the heads' ids), not from ``head`` in every match's row,
# which cost about as much as ranking it. At 1M articles, one partition, `new` (53k matches, 8k heads):
# 88 ms ranked in full, 69 ms so, 44 ms not ranked at all (measured, best of 8).
HEAD = [
    "ALTER TABLE articles_search ADD COLUMN IF NOT EXISTS head tsvector",
    *(f"ALTER TABLE {t} ALTER COLUMN head SET STORAGE MAIN" for t in ("articles_search", *PARTITION_TABLES)),
]
HEAD_INDEX = [
    "ALTER TABLE articles_search ALTER COLUMN head SET NOT NULL",
    "CREATE INDEX IF NOT EXISTS articles_search_head ON articles_search USING gin (head)",
]


def add_head(schema_editor, fill: str) -> None:
    """Migration 0012: the ``head`` column, filled for the rows there are (``fill``: the UPDATE), and its index."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in HEAD:
        schema_editor.execute(statement)
    schema_editor.execute(fill)
    for statement in HEAD_INDEX:
        schema_editor.execute(statement)
    schema_editor.execute("ANALYZE articles_search")


def drop_head(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_search DROP COLUMN IF EXISTS head")


_WHOLE = "articles_search_whole"


def partition(schema_editor) -> None:
    """Migration 0011: a search table created whole (before the partitions) is moved into the partitioned
    one, rows and storage as they were; a partitioned one is left alone."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass('articles_search')")
        row = cursor.fetchone()
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'articles_search'::regclass"
            " AND NOT indisprimary"
        )
        indexes = [name for (name,) in cursor.fetchall()]
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'articles_search'::regclass AND contype = 'p'"
        )
        keys = [name for (name,) in cursor.fetchall()]
    if row is None or row[0] != "r":
        return
    schema_editor.execute(f"ALTER TABLE articles_search RENAME TO {_WHOLE}")
    for name in keys:  # its name is the new table's key's
        schema_editor.execute(f'ALTER TABLE {_WHOLE} RENAME CONSTRAINT "{name}" TO {_WHOLE}_pkey')
    for name in indexes:  # their names are the new table's
        schema_editor.execute(f"DROP INDEX {name}")
    for statement in (*SEARCH_TABLE, *STORAGE):
        schema_editor.execute(statement)
    schema_editor.execute(f"INSERT INTO articles_search ({COLUMNS}) SELECT {COLUMNS} FROM {_WHOLE}")
    schema_editor.execute(f"DROP TABLE {_WHOLE}")
    schema_editor.execute("ANALYZE articles_search")


def create(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def create_language_configs(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in LANGUAGE_CONFIGS:
        schema_editor.execute(statement)


def drop_language_configs(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in languages.SNOWBALL:
        if code != languages.ENGLISH:
            schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIGS[code]}")


def drop(schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in DROP:
        schema_editor.execute(statement)
