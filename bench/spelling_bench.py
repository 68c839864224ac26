"""'Did you mean' accuracy and latency on a built archive.

    NEWSARCHIVE_DATA_DIR=bench/.cache/20000 .venv/bin/python bench/spelling_bench.py

Reads bench/misspellings.txt (our own list of 50 misspellings of words frequent in the corpora) and
asks the search backend for a correction of each, as the search page does when a query finds little.
Prints how many came back right, and the median and p95 time per suggestion.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import row


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()
    from articles.search.index import get_backend

    pairs = []
    for line in (Path(__file__).parent / "misspellings.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            typo, right = line.split("\t")
            pairs.append((typo, right))
    backend = get_backend()
    print(f"archive: {backend.doc_count()} articles in {os.environ.get('NEWSARCHIVE_DATA_DIR', './var')}")
    backend.suggest("warmup")
    samples, good, wrong = [], 0, []
    for typo, right in pairs:
        t = time.perf_counter()
        got = backend.suggest(typo)
        samples.append((time.perf_counter() - t) * 1000)
        if (got or typo) == right:
            good += 1
        else:
            wrong.append(f"{typo}->{got}")
    print(row("suggest (one word)", samples, f"right {good}/{len(pairs)}"))
    if wrong:
        print("wrong:", ", ".join(wrong))


if __name__ == "__main__":
    main()
