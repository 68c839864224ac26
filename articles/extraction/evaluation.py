"""Scoring helpers for taggers: micro precision/recall/F1, name matching, topic confusion, goals.

Pure functions over parallel lists of label sets (one set per article); no Django. Used by
scripts/eval_countries.py, the tests and the ``evaluate`` management command.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


def prf(gold: list[set[str]], predicted: list[set[str]]) -> dict[str, float | int]:
    """Micro-averaged precision, recall and F1 over all articles.

    Returns ``{"precision", "recall", "f1", "support", "tp", "fp", "fn", "articles"}`` where
    support is the number of gold labels. Empty predictions give precision 0.0 rather than an
    error, and no gold labels give recall 0.0.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} articles, predicted {len(predicted)}")
    tp = fp = fn = 0
    for g, p in zip(gold, predicted, strict=True):
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "support": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "articles": len(gold),
    }


def confusions(gold: list[set[str]], predicted: list[set[str]], top: int = 10) -> dict[str, list[tuple[str, int]]]:
    """The labels most often predicted wrongly (false positives) and missed (false negatives).

    Returns ``{"false_positives": [(label, count), ...], "false_negatives": [...]}``, each
    the ``top`` most frequent, most frequent first (ties by label).
    """
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} articles, predicted {len(predicted)}")
    fps: Counter[str] = Counter()
    fns: Counter[str] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        fps.update(p - g)
        fns.update(g - p)

    def ranked(c: Counter[str]) -> list[tuple[str, int]]:
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:top]

    return {"false_positives": ranked(fps), "false_negatives": ranked(fns)}


_THE = re.compile(r"^(?:the|la|le|les|el|los|las|il|lo|der|die|das|de|het|o|a|os|as)\s+", re.IGNORECASE)


def normalise_name(name: str) -> str:
    """A person's or organisation's name as two labellers would agree on it: case, accents,
    punctuation, a leading article and a possessive do not count ("The Ministry of Defence's" ~
    "ministry of defence"; "Muñoz" ~ "Munoz")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w&]+", " ", text).strip()
    return _THE.sub("", text)


def name_sets(names: Iterable[str]) -> set[str]:
    return {n for n in (normalise_name(x) for x in names) if n}


def confusion_matrix(pairs: list[tuple[str, str]], codes: list[str]) -> list[list[int]]:
    """``matrix[i][j]``: articles of gold ``codes[i]`` whose top prediction was ``codes[j]``."""
    index = {c: i for i, c in enumerate(codes)}
    matrix = [[0] * len(codes) for _ in codes]
    for gold, pred in pairs:
        if gold in index and pred in index:
            matrix[index[gold]][index[pred]] += 1
    return matrix


@dataclass(frozen=True)
class Goal:
    """One target of the issue, measured on a subset of the labelled records."""

    name: str
    threshold: float
    # (records) -> (value, number of articles it rests on); value None when nothing to measure
    measure: Callable[[list[Scored]], tuple[float | None, int]]
    min_articles: int = 1


@dataclass
class Scored:
    """Gold and predicted labels of one labelled record (None: the record does not label it)."""

    kind: str = ""
    language: str = ""
    about: tuple[set[str], set[str]] | None = None
    mentioned: tuple[set[str], set[str]] | None = None
    topic: tuple[str, str] | None = None
    people: tuple[set[str], set[str]] | None = None
    organizations: tuple[set[str], set[str]] | None = None
    extra: dict = field(default_factory=dict)


def field_prf(records: list[Scored], name: str) -> dict[str, float | int] | None:
    pairs = [getattr(r, name) for r in records if getattr(r, name) is not None]
    if not pairs:
        return None
    return prf([g for g, _ in pairs], [p for _, p in pairs])


def topic_accuracy(records: list[Scored], codes: Iterable[str] | None = None) -> tuple[float | None, int]:
    wanted = set(codes) if codes is not None else None
    pairs = [r.topic for r in records if r.topic and (wanted is None or r.topic[0] in wanted)]
    if not pairs:
        return None, 0
    return sum(1 for g, p in pairs if g == p) / len(pairs), len(pairs)
