"""'Did you mean' accuracy and latency on a built archive.

    NEWSARCHIVE_DATA_DIR=bench/.cache/20000 .venv/bin/python bench/spelling_bench.py [--file LIST]

Reads bench/misspellings.txt (our own list of 50 misspellings of words frequent in the corpora), or the
list given with --file (e.g. misspellings-heldout.txt, 30 more, not used for tuning; a bare name is
looked up beside this script), and
asks the search backend for a correction of each, as the search page does when a query finds little.
Prints how many came back right, and the median and p95 time per suggestion.
"""

from __future__ import annotations

import argparse
import os
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
