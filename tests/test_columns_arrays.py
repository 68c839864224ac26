"""The array steps of the PostgreSQL engine's counting (``articles.search.postgres.columns``), checked
against plain Python on random rows: no database needed."""

from __future__ import annotations

import numpy as np
import pytest

from articles.search.postgres import columns


def _reference_gather(values, starts, lens):
    out, rows = [], []
    for row, (start, length) in enumerate(zip(starts.tolist(), lens.tolist(), strict=True)):
        out += values[start : start + length].tolist()
        rows += [row] * length
    return out, rows


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("reuse", [False, True])
def test_gather_gives_each_rows_values_in_order(seed, reuse):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 500, 300).astype(np.int32)
    scratch = columns._Scratch() if reuse else None
    for _ in range(3):  # the scratch arrays grow and shrink between uses
        n = int(rng.integers(0, 60))
        lens = rng.integers(0, 6, n) * (rng.random(n) > 0.3)  # empty rows too, first and last included
        starts = rng.integers(0, 290, n)
        got_values, got_rows = columns._gather(values, starts, lens, scratch)
        want_values, want_rows = _reference_gather(values, starts, lens)
        assert got_values.tolist() == want_values
        assert got_rows.tolist() == want_rows


@pytest.mark.parametrize("seed", range(30))
def test_top_is_the_head_of_the_full_sort_when_many_tie(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3000))
    primary = rng.choice(np.array([-3.0, -2.5, -1.0, -0.5], np.float32), n, p=[0.01, 0.04, 0.15, 0.8])
    secondary = rng.permutation(n).astype(np.int64) * 7  # unique, as the article ids are
    count = int(rng.integers(1, 600))
    want = np.lexsort((secondary, primary))[:count]
    assert columns._top(primary, secondary, count).tolist() == want.tolist()
