"""A one-word search with more matches than facets are counted exactly for (backend.FACET_EXACT) reads every
match of a few partitions only, and only the heads of the others (backend._Sample). The page must be the page
of the full ranking, and the near-duplicates collapsed on it and their counts stay exact; the total, facet
counts and histogram are the sample's, scaled, and say so."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from articles import search
from articles.search.params import FacetFilter, SearchParams

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL search engine runs only on PostgreSQL"
)

_PLACES = ["orchard", "granite", "violin", "saddle", "meadow", "copper", "thistle", "harvest", "beacon", "willow"]


def _records(n: int) -> list[dict]:
    """``n`` articles with the word: every other one in its title (a head), the others in the body only, a
    different number of times each; three sources and dates spread over three years."""
    out = []
    for i in range(n):
        place = f"{_PLACES[i % 10]} {_PLACES[(i // 10) % 10]}"
        head = i % 2 == 0
        out.append(
            {
                "id": f"s{i}",
                "title": f"Lantern fair at {place}" if head else f"Autumn fair at {place} number {i}",
                "body": f"Stalls at the {place} fair, entry {i}. " + "The lantern glowed. " * (1 + i % 7),
                "source": ["Quay Post", "Pier Herald", "Dock Weekly"][(i * 7) % 3],
                "published": (datetime.date(2019, 1, 1) + datetime.timedelta(days=17 * i)).isoformat(),
            }
        )
    return out


@pytest.fixture
def engine(settings):
    settings.NEWSARCHIVE_SEARCH_BACKEND = "postgres"
    from articles.search.postgres import backend, columns

    columns._COLUMNS.clear()
    backend._HEADS_SHORT.clear()
    yield backend
    columns._COLUMNS.clear()
    backend._HEADS_SHORT.clear()


def _partition_of(article_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM articles_search WHERE article_id = %s", [article_id])
        return cursor.fetchone()[0]


def _find(**params):
    return search.find(SearchParams(q="lantern", **params), facets=("source",), histogram=True)


def _sampled(engine, monkeypatch, first: str, exact: int = 5):
    """Sampling on, with ``first`` the partition read in full (the others in the order after it); above
    ``exact`` matches read, facets are counted on every k-th of those."""
    from articles.search.postgres import schema

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_search")  # the planner's estimate of the matches decides
    tables = list(schema.PARTITION_TABLES)
    k = tables.index(first)
    monkeypatch.setattr(schema, "PARTITION_TABLES", tuple(tables[k:] + tables[:k]))
    monkeypatch.setattr(engine, "FACET_EXACT", exact)
    monkeypatch.setattr(engine, "FACET_SAMPLE", 1)
    plans = []
    real = engine._sample_plan

    def spy(text):
        plans.append(real(text))
        return plans[-1]

    monkeypatch.setattr(engine, "_sample_plan", spy)
    calls.clear()
    return plans


calls: list[list[str]] = []  # each search statement's SQL per partition, while sampling is on


@pytest.fixture(autouse=True)
def _calls(monkeypatch):
    from articles.search.postgres import parallel

    real = parallel.match

    def spy(cursor, jobs, prepare, **kwargs):
        calls.append([sql for _, sql, _ in jobs])
        return real(cursor, jobs, prepare, **kwargs)

    monkeypatch.setattr(parallel, "match", spy)
    calls.clear()


def test_the_page_of_a_sampled_search_is_the_page_of_the_full_ranking(engine, make_articles, monkeypatch):
    from articles.models import Article
    from articles.search.postgres import schema, vectors

    make_articles(*_records(80))
    ids = {a.external_id: a.pk for a in Article.objects.all()}
    Article.objects.update(duplicate_of=None)  # whatever the import found alike: only the links below
    # A near-duplicate that is a head, under an original with the word in its body only; and a head original
    # with a body-only near-duplicate: reading only the heads of the partition of either body-only one misses it.
    Article.objects.filter(pk=ids["s4"]).update(duplicate_of=ids["s5"])
    Article.objects.filter(pk=ids["s7"]).update(duplicate_of=ids["s6"])
    # and the newest of all: a near-duplicate hidden under an original, and the newest nine after it all in the
    # same partition (a partition not read in full gives its newest few: one hidden leaves it short)
    Article.objects.filter(pk=ids["s38"]).update(duplicate_of=ids["s37"])
    vectors.write([ids["s4"], ids["s7"], ids["s38"]])
    crowded = _partition_of(ids["s38"])
    hidden = {"s4", "s7", "s38"}
    mates = [k for k in sorted(ids, key=lambda k: int(k[1:])) if k not in hidden and _partition_of(ids[k]) == crowded]
    assert len(mates) >= 10
    start = datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC)
    for n, key in enumerate(["s38", *mates[:10]]):
        when = start - datetime.timedelta(days=n)
        Article.objects.filter(pk=ids[key]).update(published_at=when, published_date=when.date())
    vectors.write(list(ids.values()))

    exact = {page: _find(page=page, size=3) for page in (1, 2, 3)}
    newest = {page: _find(page=page, size=3, sort="newest") for page in (1, 2, 3)}
    assert [ids[k] for k in mates[:9]] == [i for r in newest.values() for i in r.ids]  # s38 hidden under s37
    exact_search = search.find(SearchParams(q="lantern", size=15), facets=("source",))
    assert ids["s6"] in exact_search.ids
    assert exact[1].total == 80 and not exact[1].estimated and not exact[1].total_estimated
    assert ids["s4"] not in [i for r in exact.values() for i in r.ids]  # hidden under s5
    assert exact_search.similar.get(ids["s6"]) == 1

    body_only = {_partition_of(ids["s5"]), _partition_of(ids["s7"])}
    checked_rest = set()
    fell_back: dict[int, int] = {}  # margin -> how many searches read every match after a short partition
    for first in schema.PARTITION_TABLES:
        with monkeypatch.context() as m:
            plans = _sampled(engine, m, first)
            for page, want in exact.items():
                got = _find(page=page, size=3)
                assert got.ids == want.ids, (first, page)
                assert got.similar == want.similar, (first, page)
                assert got.total_estimated and got.estimated == {"source"} and got.histogram.estimated
            got = search.find(SearchParams(q="lantern", size=15), facets=("source",))
            assert got.ids == exact_search.ids and got.similar == exact_search.similar
            # newest first: every match of the sample's partition, the newest few of the others
            for margin in (engine.NEWEST_MARGIN, 0):  # 0: a hidden near-duplicate leaves a partition short
                m.setattr(engine, "NEWEST_MARGIN", margin)
                for page, want in newest.items():
                    calls.clear()
                    got = _find(page=page, size=3, sort="newest")
                    assert (got.ids, got.similar) == (want.ids, want.similar), (first, page, margin)
                    assert "ORDER BY s.published" in " ".join(calls[0])  # sampled first
                    fell_back[margin] = fell_back.get(margin, 0) + (len(calls) - 1)
            plan = plans[-1]
            assert plan is not None and plan.rest
            checked_rest |= body_only & set(plan.rest)
    assert checked_rest == body_only  # each body-only one was, in some plan, in a partition not read in full
    assert fell_back[engine.NEWEST_MARGIN] == 0 and fell_back[0] > 0


def test_sampled_counts_are_the_sample_scaled_and_shown_as_about(engine, make_articles, monkeypatch, client):
    from articles.search.postgres import schema

    make_articles(*_records(120))
    exact = _find()
    exact_filtered = _find(filters={"source": FacetFilter(include=("Quay Post",))})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text, substr(f, 8), count(*) FROM articles_search, unnest(facets) f"
            " WHERE document @@ to_tsquery('newsarchive_english', 'lantern') AND f LIKE 'source:%%' GROUP BY 1, 2"
        )
        per_partition = cursor.fetchall()
    first = max(schema.PARTITION_TABLES, key=lambda t: sum(n for p, _, n in per_partition if p == t))
    in_first = sum(n for p, _, n in per_partition if p == first)
    scale = len(schema.PARTITION_TABLES)  # one partition read in full
    with monkeypatch.context() as m:
        _sampled(engine, m, first, exact=in_first)  # the partition's matches all counted
        got = _find()
        assert got.total_estimated and got.total == in_first * scale and got.ids == exact.ids
        want = {s: round(n * scale) for p, s, n in per_partition if p == first}
        assert {c.value: c.count for c in got.facets["source"]} == want
        assert sum(c for _, c in got.histogram.bins) == pytest.approx(in_first * scale, abs=len(got.histogram.bins))

        # Quay Post's heads (every sixth article) fill its first page of 20
        m.setattr(engine, "FACET_EXACT", 5)  # its 40 matches are more than that too
        filtered = _find(filters={"source": FacetFilter(include=("Quay Post",))})
        assert filtered.total_estimated and filtered.total == want.get("Quay Post", 0)
        assert filtered.ids == exact_filtered.ids  # the page is still the full ranking's

        html = client.get("/", {"q": "lantern", "source": "Quay Post"}).content.decode()
        flat = " ".join(html.split())
        assert f"About {filtered.total} article" in flat and f"all about {filtered.total} matches" in flat  # export
        assert "estimated from a sample" in html
        api = client.get("/api/search/", {"q": "lantern", "source": "Quay Post"}).json()
        assert api["total_estimated"] is True and api["total"] == filtered.total
    assert client.get("/api/search/", {"q": "lantern"}).json()["total_estimated"] is False  # all read

    # More words' matches than the limit, but not more final matches: the total and the page are exact.
    with monkeypatch.context() as m:
        plans = _sampled(engine, m, first, exact=60)
        filtered = _find(filters={"source": FacetFilter(include=("Quay Post",))})
        assert not filtered.total_estimated and filtered.estimated == {"source"}  # its own counts: 120 matches'
        assert (filtered.total, filtered.ids) == (exact_filtered.total, exact_filtered.ids)
        assert plans and plans[-1] is not None and plans[-1].full == (first,)
        assert _find().total_estimated  # the 120 matches of the words alone are sampled


def _own_counts(table: str, name: str, filters: dict[str, FacetFilter]) -> dict[str, int]:
    """From the database: ``name``'s values among the words' matches in ``table`` that pass the other filters."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT facets FROM {table} WHERE document @@ to_tsquery('newsarchive_english', 'lantern')")
        rows = [set(row[0]) for row in cursor.fetchall()]

    def passes(row, facet, flt):
        wanted = not flt.include or any(f"{facet}:{v}" in row for v in flt.include)
        return wanted and not any(f"{facet}:{v}" in row for v in flt.exclude)

    counts: dict[str, int] = {}
    for row in rows:
        if all(passes(row, facet, flt) for facet, flt in filters.items() if facet != name):
            for value in row:
                if value.startswith(name + ":"):
                    counts[value.partition(":")[2]] = counts.get(value.partition(":")[2], 0) + 1
    return counts


def test_a_filtered_search_counts_its_final_matches_exactly_and_estimates_the_filters_own_counts(
    engine, make_articles, monkeypatch, client
):
    """A common word filtered to a few of its matches: every final match is read (the total, the page, the
    near-duplicates, the histogram and the facets not filtered are exact), and a filtered facet's own counts,
    which count more matches than facets are counted exactly for, are one partition's, scaled."""
    from articles.models import Article
    from articles.search.postgres import schema, vectors

    make_articles(*_records(120))
    ids = {a.external_id: a.pk for a in Article.objects.all()}
    Article.objects.update(duplicate_of=None)
    Article.objects.filter(pk=ids["s3"]).update(duplicate_of=ids["s0"])  # both from Quay Post
    vectors.write(list(ids.values()))
    facets = ("source", "year")
    cases = [
        {"source": FacetFilter(include=("Quay Post",))},  # 40 of the 120
        {"source": FacetFilter(include=("Quay Post",)), "year": FacetFilter(exclude=("2020",))},
    ]

    def find(filters, **kw):
        return search.find(SearchParams(q="lantern", filters=filters, **kw), facets=facets, histogram=True)

    exact = {i: {sort: find(f, sort=sort) for sort in ("relevance", "newest")} for i, f in enumerate(cases)}
    browse_exact = search.find(SearchParams(q="", filters=cases[1]), facets=facets, histogram=True)
    assert exact[0]["relevance"].similar.get(ids["s0"]) == 1
    scale = len(schema.PARTITION_TABLES)
    for first in schema.PARTITION_TABLES:
        with monkeypatch.context() as m:
            plans = _sampled(engine, m, first, exact=45)
            for i, filters in enumerate(cases):
                for sort, want in exact[i].items():
                    calls.clear()
                    engine._HEADS_SHORT.clear()  # the heads' statements first (case 1's heads do not fill the page)
                    got = find(filters, sort=sort)
                    assert plans[-1] is not None and plans[-1].full == (first,), (i, sort)
                    assert (got.total, got.shown, got.ids, got.similar) == (
                        want.total,
                        want.shown,
                        want.ids,
                        want.similar,
                    )
                    assert not got.total_estimated and got.histogram == want.histogram
                    assert got.estimated == set(filters), (i, sort)
                    for name in facets:
                        counts = {c.value: c.count for c in got.facets[name]}
                        if name in filters:
                            own = {v: n * scale for v, n in _own_counts(first, name, filters).items()}
                            # a value the filter includes: every match of it that counts is a final match, read
                            own.update(
                                {c.value: c.count for c in want.facets[name] if c.value in filters[name].include}
                            )
                            assert counts == own, (first, i, sort, name)
                        else:
                            assert counts == {c.value: c.count for c in want.facets[name]}
                    if i == 0:  # the partitions not sampled read the final matches only: the filter is in their SQL
                        every = [sql.rpartition(" WHERE ")[2] for sql in calls[0]]
                        # every partition is read in full, its heads ranked as they are read: no heads' statement
                        assert not [sql for sql in every if "s.head @@" in sql], every
                        assert ["s.facets &&" in sql for sql in every] == [False, True, True, True], every

            # no words: two facet filters (the rows that count for a facet pass all but one of them)
            two, planned = cases[1], len(plans)
            got = search.find(SearchParams(q="", filters=two), facets=facets, histogram=True)
            want = browse_exact
            assert (got.total, got.ids, got.histogram) == (want.total, want.ids, want.histogram)
            assert plans[planned:] == [plans[-1]] and plans[-1] is not None  # narrowed
            assert got.estimated == set(two)  # the filters' own counts only

            html = " ".join(client.get("/", {"q": "lantern", "source": "Quay Post"}).content.decode().split())
            assert f"{exact[0]['relevance'].total} articles for" in html and "About " not in html
            assert "estimated from a sample" not in html
            api = client.get("/api/search/", {"q": "lantern", "source": "Quay Post", "facet": "source"}).json()
            assert api["total_estimated"] is False and api["total"] == exact[0]["relevance"].total
