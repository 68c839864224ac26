"""The JSON API, every response validated against the OpenAPI description the app serves."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from articles import services
from articles.models import Article
from tests.factories import RECORDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def check(spec: dict, response, path: str, status: int) -> dict:
    """Assert the status and that the body matches the schema the description gives for it."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    schema = spec["paths"][path]["get"]["responses"][str(status)]["content"]["application/json"]["schema"]
    # OpenAPI 3.1 schemas are JSON Schema 2020-12; $refs resolve against the document's root.
    Draft202012Validator({**schema, "components": spec["components"]}).validate(response.json())
    return response.json()


def test_openapi_description_is_valid_json_schema(spec):
    assert spec["openapi"].startswith("3.1")
    for schema in spec["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    assert set(spec["paths"]) == {"/search/", "/articles/{id}/"}
    params = {p["name"] for p in spec["paths"]["/search/"]["get"]["parameters"]}
    assert params == {
        "q",
        "country",
        "topic",
        "source",
        "section",
        "lang",
        "year",
        "person",
        "org",
        "from",
        "to",
        "sort",
        "page",
        "size",
    }


def test_search(client, make_articles, spec):
    make_articles(*RECORDS)
    body = check(spec, client.get("/api/search/?q=kenya"), "/search/", 200)
    assert body["total"] == 2
    assert body["query"]["q"] == "kenya" and body["query"]["read"] and body["query"]["fallback"] is False
    first = body["results"][0]
    assert first["url"].startswith("http://testserver/articles/")
    assert "Kenya" in {c["name"] for c in first["countries"]}
    assert {f["value"]: f["count"] for f in body["facets"]["country"]}["KE"] == 2
    assert body["facets"]["topic"]
    assert body["next"] is None and body["previous"] is None


def test_search_filters_and_pages(client, make_articles, spec):
    stories = [
        {
            "id": f"p-{i}",
            "title": f"Kenya story {i}",
            "body": f"Kenya news number {i} from Nairobi.",
            "source": "Wire One",
            "published": f"2020-01-{i + 1:02d}",
        }
        for i in range(12)
    ]
    make_articles(*RECORDS, *stories)
    body = check(spec, client.get("/api/search/?country=KE&source=Wire+One&size=10"), "/search/", 200)
    assert body["total"] == 13 and len(body["results"]) == 10 and body["size"] == 10
    assert body["next"] == "http://testserver/api/search/?country=KE&source=Wire+One&size=10&page=2"
    body = check(spec, client.get(body["next"]), "/search/", 200)
    assert len(body["results"]) == 3 and body["next"] is None
    assert body["previous"] == "http://testserver/api/search/?country=KE&source=Wire+One&size=10"
    selected = [f for f in body["facets"]["source"] if f["selected"]]
    assert [f["value"] for f in selected] == ["Wire One"]


def test_query_read_and_fallback(client, make_articles, spec):
    make_articles(*RECORDS)
    body = check(spec, client.get("/api/search/?q=kenya OR brazil"), "/search/", 200)
    assert body["total"] == 3 and "OR" in body["query"]["read"]
    body = check(spec, client.get("/api/search/?q=(kenya"), "/search/", 200)
    assert isinstance(body["query"]["fallback"], bool)


def test_the_budget_note_reaches_api_clients(client, make_articles, spec):
    # Found under load (tests/test_budget_under_load.py): the page said a query was cut down, the API did not.
    make_articles(*RECORDS)
    fuzzy = "+".join(f"kenya{i}~2" for i in range(4))
    body = check(spec, client.get(f"/api/search/?q={fuzzy}"), "/search/", 200)
    assert any("too many wildcard or fuzzy words" in note for note in body["query"]["notes"]), body["query"]
    body = check(spec, client.get("/api/search/?q=kenya"), "/search/", 200)
    assert body["query"]["notes"] == []


@pytest.mark.parametrize("qs", ["size=5", "size=101", "page=x", "country=Kenya", "from=2020-13-01", "sort=best"])
def test_bad_parameters_are_400_with_messages(client, make_articles, spec, qs):
    make_articles(RECORDS[0])
    body = check(spec, client.get("/api/search/?" + qs), "/search/", 400)
    assert body["error"]["status"] == 400 and body["error"]["details"]


def test_article(client, make_articles, spec):
    make_articles(dict(RECORDS[0], authors=["Jane Doe"]))
    article = Article.objects.get()
    body = check(spec, client.get(f"/api/articles/{article.pk}/"), "/articles/{id}/", 200)
    assert body["id"] == article.pk and body["title"] == RECORDS[0]["title"] and body["authors"] == ["Jane Doe"]
    assert body["published"].startswith("2021-03-03T09:00:00")
    assert body["external_id"] == "w-1" and body["source"] == "Wire One"
    kenya = next(c for c in body["countries"] if c["code"] == "KE")
    assert kenya["evidence"] and kenya["salience"] > 0 and kenya["origin"] == "auto"
    assert body["topics"][0]["score"] > 0 and body["topics"][0]["evidence"]


def test_unknown_article_and_route_are_json_404(client, db, spec):
    body = check(spec, client.get("/api/articles/999999/"), "/articles/{id}/", 404)
    assert "999999" in body["error"]["message"]
    for url in ["/api/nothing/", "/api/articles/abc/", "/api/"]:
        response = client.get(url)
        assert response.status_code == 404 and response.json()["error"]["status"] == 404


def test_post_is_405(client, db):
    assert client.post("/api/search/").status_code == 405


def test_deleted_article_leaves_the_api(client, make_articles, run_index_jobs, spec):
    make_articles(*RECORDS)
    article = Article.objects.get(external_id="w-1")
    services.article_delete(article=article)
    run_index_jobs()
    check(spec, client.get(f"/api/articles/{article.pk}/"), "/articles/{id}/", 404)
    body = check(spec, client.get("/api/search/?q=kenya"), "/search/", 200)
    assert body["total"] == 1 and [r["id"] for r in body["results"]] != [article.pk]


def test_docs_page_is_rendered_from_the_schema_without_a_cdn(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "GET /search/" in html and "GET /articles/{id}/" in html and "SearchResults" in html
    assert '<script src="http' not in html and "cdn" not in html.lower()


def test_broken_index_is_a_json_503(client, db, spec, monkeypatch):
    from articles.search import index

    def broken(*args, **kwargs):
        raise OSError("index gone")

    monkeypatch.setattr(index, "search", broken)
    body = check(spec, client.get("/api/search/?q=kenya"), "/search/", 503)
    assert "unavailable" in body["error"]["message"]
