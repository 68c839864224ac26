"""'Did you mean' accuracy and latency on a built archive.

    NEWSARCHIVE_DATA_DIR=bench/.cache/20000 .venv/bin/python bench/spelling_bench.py [--file LIST]

Reads bench/misspellings.txt (our own list of 50 misspellings of words frequent in the corpora), or the
list given with --file (e.g. misspellings-heldout.txt, 30 more, not used for tuning; a bare name is
looked up beside this script), and
asks the search backend for a correction of each, as the search page does when a query finds little.
Prints how many came back right, and the median and p95 time per suggestion.

Then the real case: queries of real words that find fewer than five articles — the ones the page asks
"did you mean" for — timed the same way: the search bench's queries (frequent title words, co-occurring
pairs, real two-word phrases, from the archive's ``datasette.sqlite3``) and, since few of those find so
little, two-word ANDs and phrases of title words drawn at random (``--real N`` per kind; 0 skips).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import row

HERE = Path(__file__).resolve().parent


def _list_path(name: str) -> Path:
    path = Path(name)
    if not path.is_file() and (HERE / name).is_file():
        path = HERE / name
    if not path.is_file():
        sys.exit(f"{name}: no such file")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="'Did you mean' accuracy and latency on a built archive.")
    parser.add_argument(
        "--file", default="misspellings.txt", help="typo<TAB>intended list (default: bench/misspellings.txt)"
    )
    parser.add_argument("--real", type=int, default=200, help="real queries sampled per kind (default 200)")
    args = parser.parse_args()
    path = _list_path(args.file)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()
    from articles.search.index import get_backend

    pairs = []
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            typo, right = line.split("\t")
            pairs.append((typo, right))
    backend = get_backend()
    print(f"archive: {backend.doc_count()} articles in {os.environ.get('NEWSARCHIVE_DATA_DIR', './var')}")
    print(f"list: {path.name} ({len(pairs)} misspellings)")
    t, c = time.perf_counter(), time.process_time()
    backend.suggest("warmup")
    wall, cpu_s = time.perf_counter() - t, time.process_time() - c
    print(f"first suggestion (builds what is cached): {wall:.2f} s, CPU {cpu_s:.2f} s")
    samples, cpu, good, wrong = [], [], 0, []
    for typo, right in pairs:
        t, c = time.perf_counter(), time.process_time()
        got = backend.suggest(typo)
        samples.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        if (got or typo) == right:
            good += 1
        else:
            wrong.append(f"{typo}->{got}")
    print(row("suggest (one word)", samples, f"right {good}/{len(pairs)}"))
    print(row("  the same, CPU time", cpu))
    if wrong:
        print("wrong:", ", ".join(wrong))
    if args.real:
        real_queries(backend, args.real)


def real_queries(backend, count: int) -> None:
    from articles.search import find
    from articles.search.index import SUGGEST_BELOW
    from articles.search.params import SearchParams
    from bench.search_bench import query_terms

    db = Path(os.environ.get("NEWSARCHIVE_DATA_DIR", "./var")) / "datasette.sqlite3"
    if not db.exists():
        print(f"real queries: skipped ({db} is absent; bench/build_archive.py writes it)")
        return
    terms = query_terms(db, count)
    queries = [*terms["term"], *(" ".join(p) for p in terms["pair"]), *(f'"{a} {b}"' for a, b in terms["phrase"])]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    words = sorted(
        {w for (t,) in con.execute("select title from articles") for w in re.findall(r"[a-z]{3,}", t.lower())}
    )
    con.close()
    rng = random.Random(2)
    queries += [" ".join(rng.sample(words, 2)) for _ in range(count)]
    queries += ['"{} {}"'.format(*rng.sample(words, 2)) for _ in range(count)]
    few = [q for q in queries if find(SearchParams(q=q)).total < SUGGEST_BELOW]
    samples, cpu, offered = [], [], 0
    for q in few:
        t, c = time.perf_counter(), time.process_time()
        offered += backend.suggest(q) is not None
        samples.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    label = f"real queries ({len(few)} of {len(queries)} find < {SUGGEST_BELOW})"
    print(row(label, samples or [0.0], f"suggestion offered for {offered}"))
    # On a shared machine the wall clock includes waiting for a core; CPU time is the work itself.
    print(row("  the same, CPU time", cpu or [0.0]))


if __name__ == "__main__":
    main()
