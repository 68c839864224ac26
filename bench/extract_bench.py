"""Extraction and bulk-import throughput.

    .venv/bin/python bench/extract_bench.py [--articles 2000] [--import-articles 2000]

Prints articles per second for extraction alone (one core), per-article median/p95, and a bulk
import into a fresh SQLite database (with extraction, without the index: the worker catches up).
Reads ../shared/corpora (skips with a reason when absent); nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import corpus, row


def records(n: int, words: int = 0) -> list[dict]:
    """n articles from the corpora (alternating Reuters and BBC); with ``words``, each body is topped up
    with the following records' text until it has at least that many words."""
    reuters = [r for r in corpus("reuters21578-dev.jsonl") if r.get("body")]
    bbc = corpus("bbc-dev.jsonl")
    pool = [bbc[i // 2 % len(bbc)] if i % 2 else reuters[i // 2 % len(reuters)] for i in range(2 * max(n, 1) + 50)]
    mixed = []
    for i in range(n):
        src = pool[i]
        body, j = src["body"], i + 1
        while words and len(body.split()) < words:
            body += "\n\n" + pool[j % len(pool)]["body"]
            j += 1
        if words:  # cut at the words-th word, keeping the paragraphs before it
            cut = [m.end() for m in re.finditer(r"\S+", body)][words - 1 : words]
            body = body[: cut[0]] if cut else body
        mixed.append({"id": f"bench-{i}", "title": src["title"], "body": body + f"\n\nBench copy {i}."})
    return mixed


def bench_extract(n: int, words: int) -> None:
    from articles.extraction.pipeline import extract_article
    from articles.extraction.types import RawArticle

    recs = records(n, words)
    words = sum(len(r["body"].split()) for r in recs) / len(recs)
    for r in recs[:20]:  # warm-up: lazy-loaded gazetteer, model, language identifier
        extract_article(RawArticle(body=r["body"], title=r["title"]))
    samples = []
    started = time.perf_counter()
    for r in recs:
        t = time.perf_counter()
        extract_article(RawArticle(body=r["body"], title=r["title"]))
        samples.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - started
    print(row("extract_article (one core)", samples, f"{n / total:7.0f} articles/s, {words:.0f} words avg"))


def bench_import(n: int) -> None:
    tmp = tempfile.mkdtemp(prefix="newsarchive-bench-")
    os.environ["NEWSARCHIVE_DATA_DIR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from articles import services

    data = "\n".join(json.dumps(r) for r in records(n)).encode()
    started = time.perf_counter()
    result = services.articles_import(files=[("bench.jsonl", data)], origin="command")
    total = time.perf_counter() - started
    label = "bulk import (SQLite, with extraction)"
    print(f"{label:<38} n={n:>6}  {result.imported / total:7.0f} articles/s  ({result.summary()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--import-articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=500, help="top bodies up to this many words (0: as they are)")
    args = parser.parse_args()
    bench_extract(args.articles, args.words)
    if args.words:
        bench_extract(args.articles, 0)
    bench_import(args.import_articles)


if __name__ == "__main__":
    main()
