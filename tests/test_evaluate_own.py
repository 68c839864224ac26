"""The held-out labelled set written for this project (eval/labelled.jsonl) must not regress.

The floors are the figures measured when the set was written (see eval/README.md) minus 0.05; the
taggers were not tuned on these articles, so the floors are a guard against regressions, not targets.
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

LABELLED = Path(__file__).resolve().parents[1] / "eval" / "labelled.jsonl"
MARGIN = 0.05
# Measured on the committed taggers when the set was written.
MEASURED = {
    "about_precision": 0.829,
    "about_recall": 0.819,
    "about_f1": 0.824,
    "mentioned_precision": 0.915,
    "mentioned_recall": 0.994,
    "mentioned_f1": 0.953,
    "topic_top1": 0.550,
}
_PRF = r"precision ([0-9.]+)\s+recall ([0-9.]+)\s+F1 ([0-9.]+)"


def _figures(out: str) -> dict[str, float]:
    about = re.search(r"^  about:\s+" + _PRF, out, re.MULTILINE)
    mentioned = re.search(r"^  all listed vs mentioned:\s+" + _PRF, out, re.MULTILINE)
    topic = re.search(r"^topics \((\d+) articles\): top-1 accuracy ([0-9.]+)", out, re.MULTILINE)
    assert about and mentioned and topic, out
    return {
        "about_precision": float(about[1]),
        "about_recall": float(about[2]),
        "about_f1": float(about[3]),
        "mentioned_precision": float(mentioned[1]),
        "mentioned_recall": float(mentioned[2]),
        "mentioned_f1": float(mentioned[3]),
        "topic_top1": float(topic[2]),
    }


@pytest.mark.django_db
def test_own_heldout_set_does_not_regress():
    out = StringIO()
    call_command("evaluate", str(LABELLED), "--per-topic", stdout=out)
    text = out.getvalue()
    assert "countries (60 articles" in text and "topics (60 articles)" in text
    # one accuracy line for each of the 17 IPTC topics (every topic has gold articles in the set)
    assert len(re.findall(r"^  topic medtop:\d{8}: accuracy [0-9.]+ \(\d+/\d+\)", text, re.MULTILINE)) == 17
    figures = _figures(text)
    low = {name: value for name, value in figures.items() if value < MEASURED[name] - MARGIN}
    assert not low, f"below the measured figures minus {MARGIN}: {low}\n{text}"
