"""Scoring helpers for taggers: micro precision/recall/F1 and the most frequent confusions.

Pure functions over parallel lists of label sets (one set per article); no Django. Used by
scripts/eval_countries.py, the tests and the ``evaluate`` management command.
"""

from __future__ import annotations

from collections import Counter


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
