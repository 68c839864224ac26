from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.extraction.evaluation import confusions, prf
from articles.extraction.formats import read_records
from articles.extraction.pipeline import extract_article
from articles.extraction.topics import IPTC_TOP_LEVEL
from articles.extraction.types import RawArticle

DATA = Path(__file__).resolve().parents[2] / "extraction" / "data"
# Labelled corpora name their labels differently; these map them onto ours (documented in README).
BBC_CATEGORIES = {
    "business": "medtop:04000000",
    "entertainment": "medtop:01000000",
    "politics": "medtop:11000000",
    "sport": "medtop:15000000",
    "tech": "medtop:13000000",
}


def _gold(record: dict, reuters: dict[str, str | None]) -> tuple[set[str] | None, str | None]:
    countries: set[str] | None = None
    if isinstance(record.get("countries"), list):
        countries = {str(c).upper() for c in record["countries"]}
    elif isinstance(record.get("places"), list) and record["places"]:
        countries = {reuters[p] for p in record["places"] if reuters.get(p)}
    topic = record.get("topic")
    if not topic and record.get("category") in BBC_CATEGORIES:
        topic = BBC_CATEGORIES[record["category"]]
    return countries, topic


def _mentioned(record: dict) -> set[str] | None:
    """Every country the text names or implies (`mentioned`), when the record lists them."""
    if isinstance(record.get("mentioned"), list):
        return {str(c).upper() for c in record["mentioned"]}
    return None


class Command(BaseCommand):
    help = (
        "Score extraction against labelled JSON Lines: the import format plus `countries` (ISO codes the "
        "article is about) and/or `topic` (medtop:...). Reuters `places` and BBC `category` are mapped. "
        "Prints precision, recall, F1 of `about` countries (and of all listed countries), top-1 topic "
        "accuracy, and the worst confusions. Records that also carry `mentioned` (every country the text names "
        "or implies) are scored for all listed countries against it; --per-topic adds accuracy per gold topic."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="Labelled JSON Lines file.")
        parser.add_argument("--limit", type=int, default=0, help="Score only the first N labelled records.")
        parser.add_argument("--every", type=int, default=1, help="Score every Nth record (a quick sample).")
        parser.add_argument("--top", type=int, default=8, help="How many confusions to list.")
        parser.add_argument("--per-topic", action="store_true", help="Also print top-1 accuracy for each gold topic.")

    def handle(self, *args, path: str, limit: int, every: int, top: int, per_topic: bool = False, **options) -> None:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file")
        reuters = json.loads((DATA / "reuters_places.json").read_text())
        reuters = reuters.get("places", reuters)
        lines = [line for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
        gold_about: list[set[str]] = []
        pred_about: list[set[str]] = []
        pred_all: list[set[str]] = []
        gold_mentioned: list[set[str]] = []
        pred_mentioned: list[set[str]] = []
        topic_pairs: list[tuple[str, str]] = []
        unreadable = 0
        for n, line in enumerate(lines):
            if n % max(every, 1):
                continue
            record = json.loads(line)
            countries, topic = _gold(record, reuters)
            mentioned = _mentioned(record)
            if countries is None and topic is None and mentioned is None:
                continue
            raws = [r for r in read_records(line.encode("utf-8"), "x.jsonl") if isinstance(r, RawArticle)]
            if not raws:
                unreadable += 1
                continue
            item = extract_article(raws[0])
            if countries is not None:
                gold_about.append(countries)
                pred_about.append({c.code for c in item.countries if c.about})
                pred_all.append({c.code for c in item.countries})
            if mentioned is not None:
                gold_mentioned.append(mentioned)
                pred_mentioned.append({c.code for c in item.countries})
            if topic:
                topic_pairs.append((topic, item.topics[0].code if item.topics else ""))
            if limit and max(len(gold_about), len(gold_mentioned), len(topic_pairs)) >= limit:
                break
        out = self.stdout
        if gold_about:
            about = prf(gold_about, pred_about)
            listed = prf(gold_about, pred_all)
            out.write(f"countries ({about['articles']} articles, {about['support']} gold labels)")
            out.write(
                f"  about:  precision {about['precision']:.3f}  recall {about['recall']:.3f}  F1 {about['f1']:.3f}"
            )
            out.write(
                f"  listed: precision {listed['precision']:.3f}  recall {listed['recall']:.3f}  F1 {listed['f1']:.3f}"
            )
            worst = confusions(gold_about, pred_about, top=top)
            out.write("  most frequent false positives: " + ", ".join(f"{c} {n}" for c, n in worst["false_positives"]))
            out.write("  most frequent misses:          " + ", ".join(f"{c} {n}" for c, n in worst["false_negatives"]))
        if gold_mentioned:
            if not gold_about:
                out.write(f"countries ({len(gold_mentioned)} articles)")
            m = prf(gold_mentioned, pred_mentioned)
            out.write(
                f"  all listed vs mentioned: precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
                f"F1 {m['f1']:.3f}  ({m['articles']} articles, {m['support']} mentioned)"
            )
            worst = confusions(gold_mentioned, pred_mentioned, top=top)
            out.write("    listed but not mentioned: " + ", ".join(f"{c} {n}" for c, n in worst["false_positives"]))
            out.write("    mentioned but not listed: " + ", ".join(f"{c} {n}" for c, n in worst["false_negatives"]))
        if topic_pairs:
            right = sum(1 for g, p in topic_pairs if g == p)
            out.write(f"topics ({len(topic_pairs)} articles): top-1 accuracy {right / len(topic_pairs):.3f}")
            wrong: dict[tuple[str, str], int] = {}
            for g, p in topic_pairs:
                if g != p:
                    wrong[(g, p)] = wrong.get((g, p), 0) + 1
            worst_topics = sorted(wrong.items(), key=lambda kv: -kv[1])[:top]
            out.write(
                "  worst confusions (gold -> predicted): " + ", ".join(f"{g}->{p} {n}" for (g, p), n in worst_topics)
            )
            if per_topic:
                predicted: dict[str, int] = {}
                for _, p in topic_pairs:
                    predicted[p] = predicted.get(p, 0) + 1
                for code, label in IPTC_TOP_LEVEL.items():
                    gold_n = sum(1 for g, _ in topic_pairs if g == code)
                    if not gold_n and not predicted.get(code):
                        continue
                    hits = sum(1 for g, p in topic_pairs if g == code and p == code)
                    accuracy = f"{hits / gold_n:.3f}" if gold_n else "-"
                    out.write(
                        f"  topic {code}: accuracy {accuracy} ({hits}/{gold_n})  "
                        f"predicted {predicted.get(code, 0)}  {label}"
                    )
        if unreadable:
            out.write(f"{unreadable} labelled records could not be read")
        if not gold_about and not gold_mentioned and not topic_pairs:
            raise CommandError("no labelled records found (expected `countries`, `mentioned` and/or `topic` keys)")
