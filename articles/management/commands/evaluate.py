from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.extraction.evaluation import (
    Goal,
    Scored,
    confusion_matrix,
    confusions,
    field_prf,
    name_sets,
    prf,
    topic_accuracy,
)
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
CODES = list(IPTC_TOP_LEVEL)
REUTERS_TOPIC = "medtop:04000000"
SHORT_TOPICS = ("medtop:15000000", "medtop:04000000", "medtop:13000000")  # the classes other agencies label
LANGUAGES = ("de", "fr", "es", "it", "pt", "nl")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _gold(record: dict, reuters: dict[str, str | None]) -> tuple[set[str] | None, str | None]:
    countries: set[str] | None = None
    if isinstance(record.get("countries"), list):
        countries = {str(c).upper() for c in record["countries"]}
    elif isinstance(record.get("places"), list) and record["places"]:
        countries = {reuters[p] for p in record["places"] if reuters.get(p)}
    topic = record.get("topic")
    if not topic and record.get("category") in BBC_CATEGORIES:
        topic = BBC_CATEGORIES[record["category"]]
    if not topic and "places" in record and record.get("topics"):
        topic = REUTERS_TOPIC  # Reuters-21578 topics (earn, grain, crude...) are all economy news
    return countries, topic


def _names(record: dict, key: str) -> set[str] | None:
    if "places" in record:
        return None  # Reuters-21578 `people` are index codes ("volcker"), not names in the text
    value = record.get(key)
    return name_sets(str(v) for v in value) if isinstance(value, list) else None


def _kind(record: dict) -> str:
    if record.get("kind"):
        return str(record["kind"])
    if "places" in record:
        return "wire"  # Reuters-21578
    if "category" in record:
        return "bbc"
    return ""


def in_heldout_split(prefix: str, doc_id: object) -> bool:
    """The held-out split of scripts/train_topics.py: buckets 0-1 of sha1("<prefix>:<id>")."""
    return int(hashlib.sha1(f"{prefix}:{doc_id}".encode(), usedforsecurity=False).hexdigest()[:8], 16) % 10 < 2


def short_item(record: dict) -> dict:
    """The record as a short item: its title and the first two sentences of its body."""
    body = " ".join(str(record.get("body") or record.get("text") or "").split())
    return {**record, "body": " ".join(_SENTENCE.split(body, maxsplit=2)[:2]), "kind": "short"}


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _mentioned_f1(records: list[Scored]) -> tuple[float | None, int]:
    s = field_prf(records, "mentioned")
    return (s["f1"], s["articles"]) if s else (None, 0)


def _about_f1(kinds: tuple[str, ...]):
    def measure(records: list[Scored]) -> tuple[float | None, int]:
        s = field_prf([r for r in records if r.kind in kinds], "about")
        return (s["f1"], s["articles"]) if s else (None, 0)

    return measure


def _entities(metric: str):
    def measure(records: list[Scored]) -> tuple[float | None, int]:
        both = [_typed(r) for r in records if r.people is not None or r.organizations is not None]
        if not both:
            return None, 0
        s = prf([g for g, _ in both], [p for _, p in both])
        return s[metric], s["articles"]

    return measure


def _typed(r: Scored) -> tuple[set[str], set[str]]:
    """People and organisations as one label set ("P:name", "O:name"): the issue's overall figure."""
    gold: set[str] = set()
    pred: set[str] = set()
    for tag, pair in (("P", r.people), ("O", r.organizations)):
        if pair:
            gold |= {f"{tag}:{n}" for n in pair[0]}
            pred |= {f"{tag}:{n}" for n in pair[1]}
    return gold, pred


def _topic_goal(codes: tuple[str, ...] | None, kinds: tuple[str, ...]):
    def measure(records: list[Scored]) -> tuple[float | None, int]:
        return topic_accuracy([r for r in records if r.kind in kinds], codes)

    return measure


def _each_topic(records: list[Scored]) -> tuple[float | None, int]:
    """The worst per-topic top-1 over the 17 (only when every topic has gold articles)."""
    per = [topic_accuracy(records, (code,)) for code in CODES]
    if any(n == 0 for _, n in per):
        return None, min(n for _, n in per)
    return min(v for v, _ in per if v is not None), min(n for _, n in per)


def _per_language(records: list[Scored]) -> tuple[float | None, int]:
    counts = [sum(1 for r in records if r.language == lang) for lang in LANGUAGES]
    return (float(min(counts)), min(counts)) if any(counts) else (None, 0)


# The goals (issue 13), each measured where the labelled records allow it.
GOALS = (
    Goal("countries: wire news about-F1", 0.95, _about_f1(("wire",)), 10),
    Goal("countries: all listed vs mentioned F1", 0.86, _mentioned_f1, 10),
    Goal("topics: BBC-style articles top-1", 0.975, _topic_goal(None, ("bbc",)), 50),
    Goal(
        "topics: short items top-1 (sport, economy, science)", 0.86, _topic_goal(SHORT_TOPICS, ("brief", "short")), 10
    ),
    Goal("topics: every one of the 17, worst top-1", 0.70, _each_topic, 10),
    Goal("people+organisations: precision", 0.85, _entities("precision"), 10),
    Goal("people+organisations: recall", 0.75, _entities("recall"), 10),
    Goal("languages: articles measured in each of de fr es it pt nl", 15, _per_language, 15),
)


class Command(BaseCommand):
    help = (
        "Score extraction against labelled JSON Lines: the import format plus any of `countries` (ISO codes "
        "the article is about), `mentioned` (every country named), `topic` (medtop:...), `people`, "
        "`organizations`, `language` and `kind` (wire, local, feature, sport, business, science, opinion, "
        "brief...). Reuters `places` and BBC `category` are mapped. Prints P/R/F1 of about and of all listed "
        "countries, top-1 topic accuracy with the 17x17 confusion matrix, P/R/F1 of people and organisations, "
        "the same per kind of source and per language, and every goal of the issue with met/missed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="Labelled JSON Lines file.")
        parser.add_argument("--limit", type=int, default=0, help="Score only the first N labelled records.")
        parser.add_argument("--every", type=int, default=1, help="Score every Nth record (a quick sample).")
        parser.add_argument("--top", type=int, default=8, help="How many confusions to list.")
        parser.add_argument("--per-topic", action="store_true", help="Also print top-1 accuracy for each gold topic.")
        parser.add_argument(
            "--heldout",
            metavar="PREFIX",
            default="",
            help="Keep only the records in the topic trainer's held-out split for ids '<PREFIX>:<id>' "
            "(e.g. bbc, reuters): the only fair way to score a training corpus.",
        )
        parser.add_argument(
            "--short", action="store_true", help="Score each record as a short item: title + first two sentences."
        )

    def handle(
        self,
        *args,
        path: str,
        limit: int,
        every: int,
        top: int,
        per_topic: bool = False,
        heldout: str = "",
        short: bool = False,
        **options,
    ) -> None:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file")
        if every < 1 or limit < 0:
            raise CommandError("--every must be at least 1 and --limit at least 0")
        reuters = json.loads((DATA / "reuters_places.json").read_text())
        reuters = reuters.get("places", reuters)
        try:
            lines = [line for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: not UTF-8 text ({exc})") from exc
        records: list[Scored] = []
        unreadable = 0
        for n, line in enumerate(lines):
            if n % every:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                unreadable += 1
                continue
            if not isinstance(record, dict):
                unreadable += 1
                continue
            if heldout and not in_heldout_split(heldout, record.get("id")):
                continue
            if short:
                record = short_item(record)
            scored = self._score(record, reuters)
            if scored is None:
                continue
            if scored is False:
                unreadable += 1
                continue
            records.append(scored)
            if limit and len(records) >= limit:
                break
        if not records:
            raise CommandError(
                "no labelled records found (expected `countries`, `mentioned`, `topic`, `people` and/or "
                "`organizations` keys)"
            )
        self._report(records, top=top, per_topic=per_topic)
        if unreadable:
            self.stdout.write(f"{unreadable} labelled records could not be read")

    def _score(self, record: dict, reuters: dict) -> Scored | bool | None:
        countries, topic = _gold(record, reuters)
        mentioned = {str(c).upper() for c in record["mentioned"]} if isinstance(record.get("mentioned"), list) else None
        people, orgs = _names(record, "people"), _names(record, "organizations")
        if countries is None and topic is None and mentioned is None and people is None and orgs is None:
            return None
        line = json.dumps(record, ensure_ascii=False)
        raws = [r for r in read_records(line.encode("utf-8"), "x.jsonl") if isinstance(r, RawArticle)]
        if not raws:
            return False
        item = extract_article(raws[0])
        codes = {c.code for c in item.countries}
        return Scored(
            kind=_kind(record),
            language=str(record.get("language") or item.language or ""),
            about=(countries, {c.code for c in item.countries if c.about}) if countries is not None else None,
            mentioned=(mentioned, codes) if mentioned is not None else None,
            topic=(topic, item.topics[0].code if item.topics else "") if topic else None,
            people=(people, name_sets(p.name for p in item.people)) if people is not None else None,
            organizations=(orgs, name_sets(o.name for o in item.organizations)) if orgs is not None else None,
            extra={"listed": codes},
        )

    def _report(self, records: list[Scored], *, top: int, per_topic: bool) -> None:
        out = self.stdout
        about = field_prf(records, "about")
        if about:
            gold = [r.about[0] for r in records if r.about]
            listed = prf(gold, [r.extra["listed"] for r in records if r.about])
            out.write(f"countries ({about['articles']} articles, {about['support']} gold labels)")
            out.write(
                f"  about:  precision {about['precision']:.3f}  recall {about['recall']:.3f}  F1 {about['f1']:.3f}"
            )
            out.write(
                f"  listed: precision {listed['precision']:.3f}  recall {listed['recall']:.3f}  F1 {listed['f1']:.3f}"
            )
            worst = confusions(gold, [r.about[1] for r in records if r.about], top=top)
            out.write("  most frequent false positives: " + ", ".join(f"{c} {n}" for c, n in worst["false_positives"]))
            out.write("  most frequent misses:          " + ", ".join(f"{c} {n}" for c, n in worst["false_negatives"]))
        mentioned = field_prf(records, "mentioned")
        if mentioned:
            if not about:
                out.write(f"countries ({mentioned['articles']} articles)")
            out.write(
                f"  all listed vs mentioned: precision {mentioned['precision']:.3f}  recall {mentioned['recall']:.3f}  "
                f"F1 {mentioned['f1']:.3f}  ({mentioned['articles']} articles, {mentioned['support']} mentioned)"
            )
            pairs = [r.mentioned for r in records if r.mentioned]
            worst = confusions([g for g, _ in pairs], [p for _, p in pairs], top=top)
            out.write("    listed but not mentioned: " + ", ".join(f"{c} {n}" for c, n in worst["false_positives"]))
            out.write("    mentioned but not listed: " + ", ".join(f"{c} {n}" for c, n in worst["false_negatives"]))
        topic_pairs = [r.topic for r in records if r.topic]
        if topic_pairs:
            self._topics(topic_pairs, top=top, per_topic=per_topic)
        for label, name in (("people", "people"), ("organisations", "organizations")):
            s = field_prf(records, name)
            if s:
                out.write(
                    f"{label} ({s['articles']} articles, {s['support']} gold names): precision {s['precision']:.3f}  "
                    f"recall {s['recall']:.3f}  F1 {s['f1']:.3f}"
                )
                pairs = [getattr(r, name) for r in records if getattr(r, name) is not None]
                worst = confusions([g for g, _ in pairs], [p for _, p in pairs], top=top)
                out.write("  found, not labelled: " + "; ".join(f"{c} {n}" for c, n in worst["false_positives"]))
                out.write("  labelled, not found: " + "; ".join(f"{c} {n}" for c, n in worst["false_negatives"]))
        for title, key in (("by kind of source", "kind"), ("by language", "language")):
            groups = sorted({getattr(r, key) for r in records})
            if len(groups) > 1 or (groups and groups[0]):
                self._groups(records, title, key, groups)
        self._goals(records)

    def _topics(self, topic_pairs: list[tuple[str, str]], *, top: int, per_topic: bool) -> None:
        out = self.stdout
        right = sum(1 for g, p in topic_pairs if g == p)
        out.write(f"topics ({len(topic_pairs)} articles): top-1 accuracy {right / len(topic_pairs):.3f}")
        wrong: dict[tuple[str, str], int] = {}
        for g, p in topic_pairs:
            if g != p:
                wrong[(g, p)] = wrong.get((g, p), 0) + 1
        worst_topics = sorted(wrong.items(), key=lambda kv: -kv[1])[:top]
        out.write("  worst confusions (gold -> predicted): " + ", ".join(f"{g}->{p} {n}" for (g, p), n in worst_topics))
        if not per_topic:
            return
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
                f"  topic {code}: accuracy {accuracy} ({hits}/{gold_n})  predicted {predicted.get(code, 0)}  {label}"
            )
        matrix = confusion_matrix(topic_pairs, CODES)
        out.write("  confusion matrix (rows gold, columns predicted; 01..17 = medtop:NN000000):")
        out.write("       " + " ".join(f"{i + 1:>3}" for i in range(len(CODES))))
        for i, row in enumerate(matrix):
            out.write(f"    {i + 1:>2} " + " ".join(f"{n:>3}" if n else "  ." for n in row))

    def _groups(self, records: list[Scored], title: str, key: str, groups: list[str]) -> None:
        out = self.stdout
        out.write(f"{title}: articles | about F1 | listed-vs-mentioned F1 | topic top-1 | people P/R/F1 | orgs P/R/F1")
        for group in groups:
            part = [r for r in records if getattr(r, key) == group]
            about, mentioned = field_prf(part, "about"), field_prf(part, "mentioned")
            accuracy, _ = topic_accuracy(part)
            cells = [
                _fmt(about["f1"] if about else None),
                _fmt(mentioned["f1"] if mentioned else None),
                _fmt(accuracy),
            ]
            for name in ("people", "organizations"):
                s = field_prf(part, name)
                cells.append("/".join(_fmt(s[m]) for m in ("precision", "recall", "f1")) if s else "-")
            out.write(f"  {group or '(none)':<10} {len(part):>4} | " + " | ".join(cells))

    def _goals(self, records: list[Scored]) -> None:
        out = self.stdout
        out.write("goals (issue 13; measured on this file):")
        for goal in GOALS:
            value, n = goal.measure(records)
            if value is None or n < goal.min_articles:
                out.write(
                    f"  not measured  {goal.name} >= {goal.threshold:g} (needs {goal.min_articles} articles, has {n})"
                )
                continue
            verdict = "met   " if value >= goal.threshold else "MISSED"
            shown = f"{value:.0f}" if goal.threshold >= 1 else f"{value:.3f}"
            out.write(f"  {verdict}        {goal.name} >= {goal.threshold:g}: {shown} ({n} articles)")
