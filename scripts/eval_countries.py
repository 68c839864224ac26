"""Score the country tagger against Reuters-21578 places (development tool).

    .venv/bin/python scripts/eval_countries.py [path/to/reuters21578-dev.jsonl] [--every N]
        [--errors K]

Gold labels are the record's ``places`` mapped to ISO codes by data/reuters_places.json;
predictions are the countries tagged ``about``. Records without places are skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.extraction.countries import tag_countries  # noqa: E402
from articles.extraction.evaluation import confusions, prf  # noqa: E402

DEFAULT = ROOT.parent / "shared/corpora/reuters21578-dev.jsonl"
PLACES = json.loads((ROOT / "articles/extraction/data/reuters_places.json").read_text())["places"]


def gold_codes(places: list[str]) -> set[str]:
    return {PLACES[p] for p in places if PLACES.get(p)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--every", type=int, default=1, help="use every Nth record")
    ap.add_argument("--errors", type=int, default=0, help="print K wrong records")
    args = ap.parse_args()
    gold: list[set[str]] = []
    pred: list[set[str]] = []
    wrong = []
    elapsed = 0.0
    words = 0
    with open(args.path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % args.every:
                continue
            rec = json.loads(line)
            if not rec.get("places"):
                continue
            t0 = time.perf_counter()
            tags = tag_countries(rec["body"], title=rec["title"], dateline=rec["dateline"])
            elapsed += time.perf_counter() - t0
            words += len(rec["body"].split())
            g = gold_codes(rec["places"])
            p = {t.code for t in tags if t.about}
            gold.append(g)
            pred.append(p)
            if g != p:
                wrong.append((rec, g, p, tags))
    s = prf(gold, pred)
    print(
        f"articles {s['articles']}  P {s['precision']:.4f}  R {s['recall']:.4f}  "
        f"F1 {s['f1']:.4f}  (tp {s['tp']} fp {s['fp']} fn {s['fn']})"
    )
    n = len(gold)
    print(f"speed: {1000 * elapsed / n:.3f} ms/article, {1000 * elapsed / max(words, 1) * 500:.3f} ms per 500 words")
    c = confusions(gold, pred, top=15)
    print("false positives:", c["false_positives"])
    print("false negatives:", c["false_negatives"])
    for rec, g, p, tags in wrong[: args.errors]:
        print("-" * 80)
        print(rec["id"], rec["dateline"], "|", rec["title"], "| gold", sorted(g), "pred", sorted(p))
        for t in tags:
            ev = ", ".join(e.text for e in t.evidence[:6])
            print(f"   {t.code} about={t.about} sal={t.salience} m={t.mentions} {t.methods} [{ev}]")


if __name__ == "__main__":
    main()
