"""Search through the test client: results, facet counts against the database, filters, sorting."""

from __future__ import annotations

import re

import pytest
from django.db.models import Count

from articles.models import Article, ArticleCountry, ArticleTopic
from articles.search import index
from articles.search.params import SearchParams
from tests.factories import RECORDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(make_articles):
    result = make_articles(*RECORDS)
    assert result.imported == len(RECORDS), [line.error for line in result.lines]
    return result


def ids_in(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/articles/(\d+)/"', html)]


def search(client, qs: str):
    response = client.get("/?" + qs)
    assert response.status_code == 200
    return response


def test_empty_query_lists_newest_first_and_undated_last(client, archive):
    html = search(client, "").content.decode()
    titles = [a.title for a in Article.objects.in_bulk(ids_in(html)).values()]
    ordered = [Article.objects.get(pk=i).title for i in ids_in(html)]
    assert len(titles) == 4
    assert ordered[0] == "Kenya opens a solar power plant near Lake Turkana"  # 2023
    assert ordered[-1] == "Parliament debates the budget"  # undated sorts after dated ones


def test_oldest_keeps_undated_last(archive):
    page = index.search(SearchParams(sort="oldest"))
    titles = [h.article.title for h in page.hits]
    assert titles[0].startswith("Kenya and Tanzania") and titles[-1] == "Parliament debates the budget"


def test_words_are_all_required(client, archive):
    html = search(client, "q=kenya+solar").content.decode()
    assert [Article.objects.get(pk=i).title for i in ids_in(html)] == [
        "Kenya opens a solar power plant near Lake Turkana"
    ]


def test_accents_are_folded(archive):
    page = index.search(SearchParams(q="Sao Paulo"))
    assert [h.article.title for h in page.hits] == ["Brazil wins the football final in Sao Paulo"]
    assert "<mark" in page.hits[0].snippet_html


def test_snippet_escapes_stored_html(make_articles):
    make_articles(
        {"id": "x", "title": "Script test", "body": "Officials said <script>alert(1)</script> was found in the report."}
    )
    page = index.search(SearchParams(q="officials"))
    assert "<script>" not in page.hits[0].snippet_html
    assert "&lt;script&gt;" in page.hits[0].snippet_html


def _db_counts(model, field: str, article_ids: set[int]) -> dict[str, int]:
    rows = model.objects.filter(article_id__in=article_ids).values(field).annotate(n=Count("id"))
    return {r[field]: r["n"] for r in rows}


@pytest.mark.parametrize("qs", ["", "q=kenya", "q=minister", "q=the+OR+kenya"])
def test_facet_counts_equal_database_counts(archive, qs):
    from django.http import QueryDict

    params = SearchParams.from_querydict(QueryDict(qs))
    page = index.search(params, facets=("country", "topic"))
    matched = set(index.search(SearchParams(q=params.q, size=100), facets=()).results.ids)
    assert page.total == len(matched)
    got = {v.value: v.count for v in page.facets["country"]}
    assert got == _db_counts(ArticleCountry, "country_id", matched)
    got = {v.value: v.count for v in page.facets["topic"]}
    assert got == _db_counts(ArticleTopic, "topic_id", matched)


def test_country_filter_or_within_and_across(archive):
    ke = set(Article.objects.in_country("KE").values_list("pk", flat=True))
    br = set(Article.objects.in_country("BR").values_list("pk", flat=True))
    assert ke and br
    page = index.search(SearchParams.from_querydict({"country": ["KE", "BR"]}))
    assert {h.article.pk for h in page.hits} == ke | br
    # Each facet is counted with the other facets' filters only: KE stays countable while BR is chosen.
    counts = {v.value: v.count for v in page.facets["country"]}
    assert counts["KE"] == len(ke) and counts["BR"] == len(br)
    topic = ArticleTopic.objects.filter(article_id__in=ke).values_list("topic_id", flat=True).first()
    both = index.search(SearchParams.from_querydict({"country": ["KE"], "topic": [topic]}))
    expected = ke & set(Article.objects.with_topic(topic).values_list("pk", flat=True))
    assert {h.article.pk for h in both.hits} == expected


def test_excluded_value(archive):
    ke = set(Article.objects.in_country("KE").values_list("pk", flat=True))
    page = index.search(SearchParams.from_querydict({"country": ["-KE"]}))
    assert {h.article.pk for h in page.hits} == set(Article.objects.values_list("pk", flat=True)) - ke


def test_facet_links_toggle_filters(client, archive):
    html = search(client, "").content.decode()
    assert 'href="?country=KE"' in html
    html = search(client, "country=KE").content.decode()
    # The selected value's own link removes it again: back to the unfiltered search.
    assert re.search(r'<a href="\?" aria-pressed="true">Kenya</a>', html), "Kenya's link does not toggle it off"


def test_pagination(client, make_articles):
    make_articles(
        *[
            {
                "id": f"p{i}",
                "title": f"Harbour report number {i}",
                "body": f"The harbour saw {i} ships arrive today, officials said.",
            }
            for i in range(25)
        ]
    )
    first = ids_in(search(client, "q=harbour").content.decode())
    second = ids_in(search(client, "q=harbour&page=2").content.decode())
    assert len(first) == 20 and len(second) == 5 and not set(first) & set(second)
    assert ids_in(search(client, "q=harbour&page=9").content.decode()) == []


def test_htmx_request_gets_the_results_partial(client, archive):
    response = client.get("/?q=kenya", headers={"HX-Request": "true", "HX-Target": "results"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "Kenya" in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced quote',  # unbalanced quotes
        "(((kenya",  # unbalanced parentheses
        "title:",  # a field with no value
        "*" * 1000,  # a thousand wildcards
        "kenya " * 2000,  # a 12 kB query
        "\x00\x01\x1b[31m",  # control characters
        "AND OR NOT",  # only operators
        "the of and",  # only stop words
        "%s%n' OR 1=1 --",  # injection-looking text
    ],
)
def test_hostile_queries_are_never_a_server_error(client, archive, q):
    response = client.get("/", {"q": q})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "qs",
    ["page=-1", "size=abc", "country=%00", "topic=../../etc", "sort=%27", "from=2020-13-45", "country=" + "A" * 5000],
)
def test_hostile_parameters_are_never_a_server_error(client, archive, qs):
    assert client.get("/?" + qs).status_code == 200


def test_unparseable_query_falls_back_and_says_so(client, archive):
    kenya = set(Article.objects.filter(title__icontains="kenya").values_list("pk", flat=True))
    page = index.search(SearchParams(q="kenya AND"))  # a dangling operator: searched as its words
    assert page.results.fallback and page.results.query_read == "kenya"
    assert {h.article.pk for h in page.hits} == kenya
    page = index.search(SearchParams(q="title:"))  # a field without a value: its name is the word
    assert page.results.fallback and page.results.query_read == "title"
    html = client.get("/", {"q": "kenya AND"}).content.decode()
    assert "could not be read as written" in html


def test_article_and_browse_pages(client, archive):
    article = Article.objects.get(external_id="w-1")
    html = client.get(article.get_absolute_url()).content.decode()
    assert article.title in html and "Kenya" in html
    assert client.get("/countries/KE/").status_code == 200
    assert client.get("/countries/ke/").status_code == 301
    assert client.get("/countries/ZZ/").status_code == 404
    assert client.get("/countries/").status_code == 200
    assert client.get("/topics/").status_code == 200
    topic = ArticleTopic.objects.first().topic_id
    assert client.get(f"/topics/{topic}/").status_code == 200
    assert client.get("/topics/medtop:99999999/").status_code == 404
    assert client.get("/articles/999999/").status_code == 404
    assert client.get("/help/").status_code == 200


def test_missing_index_is_not_a_server_error(client, archive, settings, tmp_path):
    settings.INDEX_DIR = tmp_path / "elsewhere" / "index"  # an empty index: pages still render
    assert client.get("/?q=kenya").status_code == 200


def test_facets_across_segments_and_deletions(make_articles, run_index_jobs):
    """Each import commits its own segment; per-segment caches must add up, and a deletion in an old
    segment must disappear from counts and filters."""
    from articles import services

    for record in RECORDS:
        make_articles(record)  # one index commit (one segment) each
    first = index.search(SearchParams(), facets=("country",))
    services.article_delete(article=Article.objects.get(external_id="w-1"))
    make_articles(
        {"id": "z", "title": "Tanzania port expands", "body": "Dar es Salaam port in Tanzania grew, officials said."}
    )
    page = index.search(SearchParams(), facets=("country", "topic"))
    matched = set(Article.objects.values_list("pk", flat=True))
    assert page.total == len(matched) == 4
    assert {v.value: v.count for v in page.facets["country"]} == _db_counts(ArticleCountry, "country_id", matched)
    assert {v.value: v.count for v in page.facets["topic"]} == _db_counts(ArticleTopic, "topic_id", matched)
    tz = index.search(SearchParams.from_querydict({"country": ["TZ"]}), facets=())
    assert {h.article.external_id for h in tz.hits} == {"z"}
    assert first.total == 4
