"""The Whoosh engine's "did you mean" structure: a deletion-neighbourhood index over the vocabulary that
finds exactly the words an edit-distance walk would, cached per segment. Skipped on other engines."""

from __future__ import annotations

import random

import pytest

from articles import search

pytestmark = pytest.mark.skipif(search.engine_name() != "whoosh", reason="the Whoosh engine's own structure")


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _vocabulary(rng: random.Random, n: int) -> list[str]:
    # Words close to each other on purpose (a small alphabet), of every length from 1 to 14.
    return sorted({"".join(rng.choice("aeinrst") for _ in range(rng.randint(1, 14))) for _ in range(n)})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_neighbours_are_exactly_the_words_within_the_distance(seed):
    from articles.search.whoosh import spelling

    rng = random.Random(seed)
    words = _vocabulary(rng, 800)
    half = len(words) // 2
    # Two segments, one word in both (its frequencies add up).
    vocab = spelling.Vocabulary(
        [
            spelling.SegmentVocabulary.of(words[:half], [1] * half),
            spelling.SegmentVocabulary.of(words[half - 1 :], [2] * (len(words) - half + 1)),
        ]
    )
    probes = rng.sample(words, 40) + [
        "".join(rng.choice("aeinrst") for _ in range(rng.randint(2, 12))) for _ in range(40)
    ]
    for probe in probes:
        for maxdist in (1, 2):
            expected = {w for w in words if w[:1] == probe[:1] and _levenshtein(probe, w) <= maxdist}
            assert set(vocab.within(probe, maxdist)) == expected, (probe, maxdist)
    shared = words[half - 1]
    assert vocab.frequency(shared) == 3
    assert vocab.within(shared, 0, floor=3) == {shared: 3}
    assert vocab.within(shared, 0, floor=4) == {}


def test_a_commit_builds_only_the_new_segment(make_articles):
    from articles.search.whoosh.backend import spelling_vocabulary
    from articles.search.whoosh.columns import reader_state

    body = "The harbour authority and the harbour workers met at the harbour."
    make_articles(*[{"id": f"h{i}", "title": f"Harbour report {i}", "body": body} for i in range(3)])
    backend = search.get_backend()
    assert backend.suggest("harbuor") == "harbour"
    before = spelling_vocabulary(reader_state()).parts
    assert len(before) == 1

    make_articles(
        *[{"id": f"g{i}", "title": f"Glacier survey {i}", "body": "The glacier retreated."} for i in range(2)]
    )
    assert backend.suggest("glaceir harbuor") == "glacier harbour"  # the new segment's words are found
    after = spelling_vocabulary(reader_state()).parts
    assert any(part is before[0] for part in after)  # the older segment's vocabulary was kept, not rebuilt


@pytest.mark.django_db
def test_a_worker_builds_the_vocabulary_before_it_serves(make_articles, monkeypatch):
    """newsarchive/wsgi.py calls ``search.warm_up()``: the first query that finds little does not pay for the
    vocabulary (1.7 s at 100k articles). A broken index does not stop the worker from starting."""
    from articles.search.whoosh import backend, columns
    from articles.search.whoosh.execute import POSTINGS, warm_postings
    from tests.factories import RECORDS

    make_articles(*RECORDS)
    assert "spelling" not in columns.reader_state().derived
    POSTINGS.clear()
    search.warm_up()
    state = columns.reader_state()
    assert "spelling" in state.derived
    assert POSTINGS.nbytes > 0  # the commonest words' postings, read before the first query

    # The most frequent terms first, at most terms_per_field of each field.
    POSTINGS.clear()
    assert warm_postings(state, ("text",), terms_per_field=1) == 1
    ((key, _),) = POSTINGS._items.items()
    frequencies = {t: state.searcher.doc_frequency("text", t) for t in state.searcher.lexicon("text")}
    assert key[-2] == "text" and frequencies[key[-1]] == max(frequencies.values())

    def broken():
        raise OSError("the index directory cannot be read")

    monkeypatch.setattr(backend, "reader_state", broken)
    search.warm_up()  # logged, not raised
