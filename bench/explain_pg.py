"""Where a search's time goes on the PostgreSQL engine: each query type of bench/search_bench.py, in-process.

    DATABASE_URL=postgres://…/h9_bench NEWSARCHIVE_SEARCH_BACKEND=postgres \\
        .venv/bin/python bench/explain_pg.py [--repeat 10] [--explain] [--types term,phrase] [--api]

For every query type the page's search call (``index.search`` with the page's facets, histogram and
highlights; ``--api``: the JSON API's call) is timed over ``--repeat`` terms taken from the archive as
search_bench.py takes them (from ``bench/.cache/pg-<N>/datasette.sqlite3``); each SQL statement it
sends is timed too. ``--explain`` prints ``EXPLAIN (ANALYZE, BUFFERS)`` of the slowest statement of
each type. Nothing is written.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import search_bench
from bench.build_pg_archive import cache_dir
from bench.common import row


def _params_for(label: str, value):
    from django.http import QueryDict

    from articles.search.params import SearchParams

    url = search_bench.app_url("", label, value)
    return SearchParams.from_querydict(QueryDict(url.split("?", 1)[1] if "?" in url else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100000, help="the archive's records (its cache directory)")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest statement of each type")
    parser.add_argument("--types", default="", help="comma-separated prefixes of query type labels")
    parser.add_argument("--api", action="store_true", help="the JSON API's search call instead of the page's")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()
    from django.db import connection

    from articles.search import index

    terms = search_bench.query_terms(cache_dir(args.articles) / "datasette.sqlite3")
    wanted = [t for t in args.types.split(",") if t]
    statements: list[tuple[float, str, tuple]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((time.perf_counter() - started) * 1000, sql, params))

    for label, values in search_bench.plan(terms, args.repeat):
        if wanted and not any(label.startswith(w) for w in wanted):
            continue
        samples, worst = [], (0.0, "", ())
        for value in values:
            params = _params_for(label, value)
            statements.clear()
            started = time.perf_counter()
            with connection.execute_wrapper(timed):
                if args.api:
                    index.search(params, facets=index.ALL_FACETS, highlight=False, collapse=False)
                else:
                    index.search(params, histogram=True, wide=("country",))
            samples.append((time.perf_counter() - started) * 1000)
            slowest = max(statements, key=lambda s: s[0])
            worst = max(worst, slowest, key=lambda s: s[0])
        sql_ms = ", ".join(f"{s[0]:.1f}" for s in sorted(statements, key=lambda s: -s[0])[:4])
        total = sum(s[0] for s in statements)
        print(row(label, samples, f"last call: {len(statements)} statements, {total:.0f} ms in all; slowest {sql_ms}"))
        if args.explain and worst[1]:
            from django.db import transaction

            from articles.search.postgres.backend import _statement_settings

            with transaction.atomic(), connection.cursor() as cursor:
                _statement_settings(cursor)  # as the search runs it
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + worst[1], worst[2])
                if "SELECT set_config" not in worst[1]:
                    print("\n".join(r[0] for r in cursor.fetchall()))
                print()


if __name__ == "__main__":
    main()
