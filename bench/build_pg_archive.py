"""Build (or reuse) a benchmark archive of N articles in a PostgreSQL database, the fast way.

    .venv/bin/python bench/build_pg_archive.py --articles 100000 [--database h9_bench] [--rebuild]

The records are those of bench/build_archive.py (the corpora, then copies with new ids, dates shifted by
+k years, paragraphs shuffled and every ~8th word replaced), but only the originals go through the app's
import (extraction once per text); every copy is then written with ``COPY`` into a staging table and
inserted in SQL from its original's row, with its original's tags (countries, topics, people,
organisations), a new content hash and publisher id. The search rows are computed by the engine's own
``rebuild`` (SQL, in chunks). Times are kept in ``bench/.cache/pg-<N>/timings.json``; the same records go
to ``datasette.sqlite3`` there for the Datasette and FTS5 baselines.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.build_archive import CACHE, PYTHON, ROOT, base_records, generate, write_peer_db
from bench.common import CORPORA

SERVER = "postgres://postgres@127.0.0.1:5432"
IMPORT_CHUNK = 2000


def cache_dir(n: int) -> Path:
    return CACHE / f"pg-{n}"


# The imported originals (extraction is the slow part of a build: minutes), kept as a pg_dump so that the
# next build of any size restores them instead of extracting the corpora again.
ORIGINALS_DUMP = CACHE / "pg-originals.dump"


def database_url(database: str) -> str:
    return f"{SERVER}/{database}"


def env_for(n: int, database: str) -> dict:
    return dict(
        os.environ,
        NEWSARCHIVE_DATA_DIR=str(cache_dir(n)),
        DJANGO_SETTINGS_MODULE="newsarchive.settings",
        DATABASE_URL=database_url(database),
        NEWSARCHIVE_SEARCH_BACKEND="postgres",
    )


def _psql(database: str, sql: str) -> str:
    out = subprocess.run(
        ["psql", database_url(database), "-qtAc", sql], capture_output=True, text=True, check=True
    ).stdout
    return out.strip()


def article_count(n: int, database: str) -> int:
    timings = cache_dir(n) / "timings.json"
    if not timings.exists() or not (cache_dir(n) / "datasette.sqlite3").exists():
        return 0
    try:
        have = int(_psql(database, "select count(*) from articles_search"))
    except (subprocess.CalledProcessError, ValueError):
        return 0
    return have if json.loads(timings.read_text()).get("articles") == have else 0


def build(n: int, database: str, *, rebuild: bool = False, resume: bool = False) -> dict:
    if not CORPORA.exists():
        sys.exit(f"skipped: {CORPORA} is absent (the corpora live in ../shared beside the project)")
    have = article_count(n, database)
    if have and not rebuild:
        print(f"archive: reusing database {database} ({have} articles)")
        return json.loads((cache_dir(n) / "timings.json").read_text())
    target = cache_dir(n)
    env = env_for(n, database)
    if not resume:
        if target.exists():
            shutil.rmtree(target)
        subprocess.run(["psql", database_url("postgres"), "-qc", f"drop database if exists {database}"], check=True)
        subprocess.run(["psql", database_url("postgres"), "-qc", f"create database {database}"], check=True)
    target.mkdir(parents=True, exist_ok=True)
    if not resume and ORIGINALS_DUMP.exists():
        started = time.perf_counter()
        subprocess.run(["pg_restore", "-d", database_url(database), "--no-owner", ORIGINALS_DUMP], check=True)
        took = time.perf_counter() - started
        print(f"archive: restored the imported originals from {ORIGINALS_DUMP} in {took:.0f} s")
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    subprocess.run([PYTHON, __file__, "--child", str(n), "--database", database], cwd=ROOT, env=env, check=True)
    timings = json.loads((target / "timings.json").read_text())
    timings["total_s"] = time.perf_counter() - started
    timings["database_bytes"] = int(_psql(database, f"select pg_database_size('{database}')"))
    (target / "timings.json").write_text(json.dumps(timings))
    return timings


def _child(n: int, database: str) -> None:
    import django

    django.setup()
    from django.db import connection

    from articles import services
    from articles.search.postgres import vectors

    base_n = len(base_records())
    records = generate(n)
    originals = records[: min(n, base_n)]
    timings: dict = {"records": n}

    # 1. The originals through the app's own import (extraction, tags, near-duplicates, search rows).
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # --resume after a failure: the steps already done are not done again.
        cursor.execute("SELECT count(*) FILTER (WHERE external_id LIKE '%%-r0'), count(*) FROM articles_article")
        have_originals, have_all = cursor.fetchone()
        resumed = have_originals > 0
        copied = have_all > have_originals
    for start in range(0, 0 if resumed else len(originals), IMPORT_CHUNK):
        data = "\n".join(json.dumps(r) for r in originals[start : start + IMPORT_CHUNK]).encode()
        result = services.articles_import(files=[(f"bench-{start}.jsonl", data)], origin="command")
        print(f"  originals {start + IMPORT_CHUNK}: {result.summary()}", flush=True)
    previous = cache_dir(n) / "import.json"
    originals_times = ORIGINALS_DUMP.with_suffix(".json")
    if resumed and previous.exists():
        timings.update(json.loads(previous.read_text()))
    elif resumed and originals_times.exists():  # restored from the dump: the import's time is the dump's
        timings.update(json.loads(originals_times.read_text()))
        previous.write_text(originals_times.read_text())
    else:
        timings["import_s"] = time.perf_counter() - started
        previous.write_text(json.dumps({"import_s": timings["import_s"]}))
    if not resumed:
        dump_url = database_url(connection.settings_dict["NAME"])
        subprocess.run(["pg_dump", "-Fc", "-f", ORIGINALS_DUMP, dump_url], check=True)
        originals_times.write_text(json.dumps({"import_s": timings["import_s"]}))
    timings["imported_records"] = len(originals)

    # 2. The copies (once: a resumed build keeps them).
    saved = json.loads(previous.read_text())
    if not copied:
        saved.update(_copy(records, base_n))
        previous.write_text(json.dumps(saved))
    timings.update({k: v for k, v in saved.items() if k.startswith("cop")})

    # 3. The search rows, by the engine's rebuild (SQL in chunks).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics for the tables just filled (the planner sees them empty)
    started = time.perf_counter()
    timings["articles"] = vectors.rebuild(progress=lambda c: c % 20000 == 0 and print(f"  vectors {c}", flush=True))
    timings["index_s"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        # As autovacuum would do later: fresh statistics, the visibility map (a count of matches need not
        # visit the rows) and the GIN indexes' pending lists merged (each search would scan them).
        cursor.execute("VACUUM ANALYZE")
    print(f"  search rows: {timings['articles']} in {timings['index_s']:.0f} s", flush=True)
    _baseline(n, connection)
    (cache_dir(n) / "timings.json").write_text(json.dumps(timings))


def _copy(records: list[dict], base_n: int) -> dict:
    """Step 2: the copies, with COPY into a staging table, then one INSERT … SELECT per table."""
    from django.db import connection, transaction

    timings: dict = {}
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT external_id, id FROM articles_article WHERE external_id <> ''")
        by_key = dict(cursor.fetchall())
        cursor.execute("SELECT coalesce(max(id), 0) FROM articles_article")
        next_id = cursor.fetchone()[0] + 1
    copies = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_copy (id bigint, base_id bigint, title text, body text,"
            " published timestamptz, content_hash text, external_id text) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY bench_copy FROM STDIN") as copy:
            for r in records[base_n:]:
                base_id = by_key.get(r["id"].rsplit("-r", 1)[0] + "-r0")
                if base_id is None:  # its original failed to import or was a duplicate
                    continue
                # With the record's id: a short text may come out of the perturbation unchanged.
                content_hash = hashlib.sha256(f"{r['id']}\n{r['title']}\n{r['body']}".encode()).hexdigest()
                copy.write_row((next_id, base_id, r["title"], r["body"], r["published"], content_hash, r["id"]))
                next_id += 1
                copies += 1
        cursor.execute(
            """
            INSERT INTO articles_article (id, title, standfirst, body, authors, section, dateline, caption,
                published_at, published_date, ingested_at, updated_at, url, source_id, language, external_id,
                extra, original, original_format, content_hash, duplicate_of_id, similarity, batch_id, created_by_id)
            SELECT c.id, c.title, b.standfirst, c.body, b.authors, b.section, b.dateline, b.caption,
                c.published, (c.published AT TIME ZONE 'UTC')::date, now(), now(), b.url, b.source_id, b.language,
                c.external_id, b.extra, '', b.original_format, c.content_hash, NULL, NULL, NULL, NULL
            FROM bench_copy c JOIN articles_article b ON b.id = c.base_id
            """
        )
        for table, columns in (
            ("articles_articlecountry", "country_id, about, salience, mentions, evidence, methods, origin"),
            ("articles_articletopic", "topic_id, score, evidence, origin"),
            ("articles_articleentity", "entity_id, mentions, evidence, origin"),
        ):
            from_original = ", ".join(f"t.{c}" for c in columns.split(", "))
            cursor.execute(
                f"INSERT INTO {table} (article_id, {columns}) SELECT c.id, {from_original}"
                f" FROM bench_copy c JOIN {table} t ON t.article_id = c.base_id"
            )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), (SELECT max(id) FROM articles_article))"
        )
    timings["copy_s"] = time.perf_counter() - started
    timings["copied_records"] = copies
    print(f"  copies: {copies} rows in {timings['copy_s']:.0f} s", flush=True)

    return timings


def _baseline(n: int, connection) -> None:
    """datasette.sqlite3 from the same rows (the table bench/build_archive.py writes from SQLite)."""
    target = cache_dir(n) / "datasette.sqlite3"
    target.unlink(missing_ok=True)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            select a.id, a.title, a.body, coalesce(s.name, ''),
              coalesce(to_char(a.published_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS'), ''),
              (select c.country_id from articles_articlecountry c where c.article_id = a.id and c.origin <> 'removed'
                 order by c.about desc, c.salience desc limit 1),
              (select t.topic_id from articles_articletopic t where t.article_id = a.id and t.origin <> 'removed'
                 order by t.score desc limit 1)
            from articles_article a left join articles_source s on s.id = a.source_id order by a.id
            """
        )
        write_peer_db(target, iter(lambda: cursor.fetchmany(5000), []))
    print(f"archive: wrote {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100000)
    parser.add_argument("--database", default="h9_bench", help="PostgreSQL database (dropped and created)")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--resume", action="store_true", help="keep the imported originals of a failed build")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.database)
    else:
        print(json.dumps(build(args.articles, args.database, rebuild=args.rebuild, resume=args.resume), indent=2))


if __name__ == "__main__":
    main()
