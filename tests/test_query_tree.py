"""The query language as tables against our own tree (engine-neutral: no index, no database).

Every engine compiles these trees; tests/test_query.py runs the same language against an archive on
whichever engine is configured."""

from __future__ import annotations

import pytest

from articles.search import query as qt
from articles.search.query import (
    And,
    DateRange,
    Expansion,
    Filter,
    Fuzzy,
    Not,
    Nothing,
    Or,
    Phrase,
    Prefix,
    Term,
)


def T(text: str, field: str = "") -> Term:  # noqa: N802 - reads like the tree
    return Term(field, text)


@pytest.mark.parametrize(
    ("q", "tree"),
    [
        ("kenya", T("kenya")),  # one word
        ("kenya solar", And((T("kenya"), T("solar")))),  # all words required
        ("kenya AND solar", And((T("kenya"), T("solar")))),  # explicit AND is the same
        ("india OR pakistan", Or((T("india"), T("pakistan")))),  # OR
        ("a b OR c", Or((And((T("a"), T("b"))), T("c")))),  # AND binds tighter than OR
        ("india NOT cricket", And((T("india"), Not(T("cricket"))))),  # NOT
        ("india -cricket", And((T("india"), Not(T("cricket"))))),  # -word
        ("+india", T("india")),  # +word is just required
        ("well-known", T("well-known")),  # an inner hyphen is part of the word (the engine splits it)
        ('"border trade"', Phrase("", ("border", "trade"))),  # phrase
        ('"kenya"', T("kenya")),  # a one-word phrase is a word
        ("(a OR b) c", And((Or((T("a"), T("b"))), T("c")))),  # parentheses
        ("-(a OR b) c", And((Not(Or((T("a"), T("b")))), T("c")))),  # a negated group
        ("defen*", Prefix("", "defen")),  # prefix
        ("Defen*", Prefix("", "defen")),  # prefixes are lower-cased
        ("moroco~", Fuzzy("", "moroco", 1)),  # fuzzy: one edit by default
        ("moroco~2", Fuzzy("", "moroco", 2)),  # fuzzy with distance 2
        ("moroco~7", Fuzzy("", "moroco", 2)),  # at most 2 (with a note)
        ("title:parliament", T("parliament", "title")),  # a field
        ("by:odhiambo", T("odhiambo", "author")),  # an alias of author
        ('person:"rajnath singh"', Phrase("person", ("rajnath", "singh"))),  # a quoted name
        ("org:ministry*", Prefix("org", "ministry")),  # a prefix in a field
        ("title:(kenya OR uganda)", Or((T("kenya", "title"), T("uganda", "title")))),  # a field over a group
        ("source:reuters", T("reuters", "source")),  # source as a word field
        ("country:KE", Filter("country", "KE")),  # country by code
        ("country:ke", Filter("country", "KE")),  # lower-case code
        ("country:Morocco", Filter("country", "MA")),  # country by name
        ('country:"united kingdom"', Filter("country", "GB")),  # a quoted name
        ("country:Narnia", Nothing("No country is called 'Narnia': that part matches nothing.", "country:Narnia")),
        ("topic:sport", Filter("topic", "medtop:15000000")),  # topic by label word
        ("topic:15", Filter("topic", "medtop:15000000")),  # topic by number
        ("topic:medtop:04000000", Filter("topic", "medtop:04000000")),  # topic by code
        ("lang:FR", Filter("lang", "fr")),  # language, lower-cased
        ("published:2019..2021", DateRange(20190101, 20211231)),  # years
        ("published:2024-03", DateRange(20240301, 20240331)),  # a month
        ("published:2024-03-01..2024-03-15", DateRange(20240301, 20240315)),  # days
        ("published:2021..2019", DateRange(20190101, 20211231)),  # swapped
        ("published:2019..", DateRange(20190101, 99991231)),  # open end
        ("date:..2001", DateRange(1, 20011231)),  # open start, alias
        ("kenya -country:KE", And((T("kenya"), Not(Filter("country", "KE"))))),  # an excluded filter
        ("subject:budget", T("budget")),  # an unknown field: its value is searched (with a note)
        ("12:30", And((T("12"), T("30")))),  # not a field at all: the words
    ],
)
def test_parse_to_tree(q, tree):
    parsed = qt.parse(q)
    assert not parsed.fallback
    assert parsed.tree == tree


@pytest.mark.parametrize(
    ("q", "words"),
    [
        ("kenya AND", ("kenya",)),  # a dangling operator
        ('"unbalanced quote', ("unbalanced", "quote")),  # an unbalanced quote
        ("(((kenya", ("kenya",)),  # unbalanced parentheses
        ("kenya)", ("kenya",)),  # a stray closing one
        ("title:", ("title",)),  # a field with no value
        ("(" * 30 + "kenya" + ")" * 30, ("kenya",)),  # nested too deep
        ("OR kenya", ("kenya",)),  # an operator first
    ],
)
def test_unreadable_queries_fall_back_to_their_words(q, words):
    parsed = qt.parse(q)
    assert parsed.fallback
    expected = Term("", words[0]) if len(words) == 1 else And(tuple(Term("", w) for w in words))
    assert parsed.tree == expected


@pytest.mark.parametrize(
    ("q", "read"),
    [
        ("kenya -solar country:KE", "kenya AND NOT solar AND country:KE"),
        ("(a OR b) c", "(a OR b) AND c"),
        ("topic:sport", "topic:medtop:15000000"),
        ("published:2024-03", "published:2024-03-01..2024-03-31"),
        ('person:"Rajnath Singh"', 'person:"Rajnath Singh"'),
        ("defen* moroco~2", "defen* AND moroco~2"),
        ("country:Narnia", "country:Narnia (matches nothing)"),
    ],
)
def test_read_as(q, read):
    assert qt.parse(q).read == read


@pytest.mark.parametrize(
    ("q", "note"),
    [
        ("country:Narnia", "No country"),  # unknown values are explained
        ("k*", "wildcard needs at least"),  # a one-letter prefix is refused
        ("a*b", "may only end a word"),  # inner wildcards are refused
        ("nosuch:thing", "no field 'nosuch'"),  # an unknown field is read as words
        ("published:soon", "dates are written"),  # an unreadable date
        (" ".join(f"w{i}" for i in range(100)), "cut to its first 64"),  # too many terms
    ],
)
def test_bounds_explain_themselves(q, note):
    parsed = qt.parse(q)
    assert any(note in n for n in parsed.notes), parsed.notes


def test_too_many_terms_keeps_the_first():
    parsed = qt.parse(" ".join(f"w{i}" for i in range(100)))
    kept = [leaf.text for leaf, _ in qt.leaves(parsed.tree)]
    assert kept == [f"w{i}" for i in range(qt.MAX_LEAVES)]


class Vocabulary:
    """A fake engine vocabulary that records what it was asked (the budget is engine-neutral)."""

    def __init__(self, per_call: int = 5):
        self.calls: list[tuple[str, str, str, int, int]] = []
        self.per_call = per_call

    def __call__(self, field, kind, text, limit, distance=0):
        self.calls.append((field, kind, text, limit, distance))
        return [f"{text}{i}" for i in range(min(self.per_call, limit))]


def test_bound_expands_prefix_and_fuzzy():
    vocab = Vocabulary()
    parsed = qt.bound(qt.parse("title:defen* moroco~2 kenya"), vocab)
    assert parsed.tree == And(
        (
            Expansion("title", "prefix", "defen", 0, tuple(f"defen{i}" for i in range(5))),
            Expansion("", "fuzzy", "moroco", 2, tuple(f"moroco{i}" for i in range(5))),
            T("kenya"),
        )
    )
    assert [c[:3] for c in vocab.calls] == [("title", "prefix", "defen"), ("", "fuzzy", "moroco")]


def test_budget_is_counted_across_the_whole_query():
    # 64 "word~2" terms used to cost seconds each; the budget expands only the first few.
    vocab = Vocabulary()
    parsed = qt.bound(qt.parse(" ".join(f"word{i}~2" for i in range(64))), vocab)
    expanded = [leaf for leaf, _ in qt.leaves(parsed.tree) if isinstance(leaf, Expansion)]
    plain = [leaf for leaf, _ in qt.leaves(parsed.tree) if isinstance(leaf, Term)]
    assert len(vocab.calls) == len(expanded) == qt.MAX_EXPANDING // qt.FUZZY2_COST
    assert len(plain) == 64 - len(expanded) and plain[0] == T(f"word{len(expanded)}")
    assert any("too many wildcard or fuzzy" in n for n in parsed.notes)


def test_budget_caps_the_words_of_all_expansions():
    vocab = Vocabulary(per_call=1000)
    parsed = qt.bound(qt.parse(" ".join(f"ab{i}*" for i in range(10))), vocab)
    words = sum(len(leaf.terms) for leaf, _ in qt.leaves(parsed.tree) if isinstance(leaf, Expansion))
    assert words == qt.EXPANSION_BUDGET
    assert all(limit <= qt.MAX_EXPANSIONS + 1 for _, _, _, limit, _ in vocab.calls)
    assert any("matches too many words" in n for n in parsed.notes)


def test_empty_query_lists_everything():
    assert qt.parse("").tree is None and qt.parse("  ***  ").tree is None
