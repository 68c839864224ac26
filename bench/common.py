"""Shared helpers for the benchmarks: corpus loading and percentile printing."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"


def corpus(name: str) -> list[dict]:
    path = CORPORA / name
    if not path.exists():
        sys.exit(f"skipped: {path} is absent (the corpora live in ../shared beside the project)")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    median = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return median, p95


def row(label: str, samples_ms: list[float], extra: str = "") -> str:
    median, p95 = percentiles(samples_ms)
    return f"{label:<38} n={len(samples_ms):>6}  median {median:8.2f} ms  p95 {p95:8.2f} ms  {extra}"
