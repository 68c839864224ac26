"""Browser integration: OpenSearch description and suggestions, sitemap, robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import quote, urlsplit

import pytest

from articles.models import Article
from articles.opensearch import MAX_SUGGESTIONS
from tests.factories import RECORDS

pytestmark = pytest.mark.django_db

OS = "{http://a9.com/-/spec/opensearch/1.1/}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def templates(client) -> dict[str, str]:
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{OS}OpenSearchDescription"
    assert root.findtext(f"{OS}ShortName") == "newsarchive"
    assert root.findtext(f"{OS}InputEncoding") == "UTF-8"
    return {url.get("type"): url.get("template") for url in root.findall(f"{OS}Url") if url.get("rel") != "self"}


def local(url: str) -> str:
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "testserver"  # absolute, as the spec requires
    return parts.path + "?" + parts.query


def test_description_template_returns_results(client, make_articles):
    make_articles(*RECORDS)
    found = templates(client)
    html = client.get(local(found["text/html"].replace("{searchTerms}", quote("kenya solar")))).content.decode()
    assert "1 article for" in html
    assert f'href="{Article.objects.get(external_id="w-3").get_absolute_url()}"' in html


def test_description_suggestions_template_returns_suggestions(client, make_articles):
    make_articles(*RECORDS)
    url = templates(client)["application/x-suggestions+json"].replace("{searchTerms}", "ken")
    response = client.get(local(url))
    assert response["Content-Type"].startswith("application/x-suggestions+json")
    query, completions = response.json()
    assert query == "ken"
    assert set(completions) >= {RECORDS[0]["title"], RECORDS[2]["title"], "Kenya"}


def test_suggestions_come_from_titles_then_vocabulary(client, make_articles):
    make_articles(*RECORDS)
    _, completions = client.get("/suggest/?q=KENYA").json()
    # Newest title first, then the country's name from the archive's vocabulary.
    assert completions == [RECORDS[2]["title"], RECORDS[0]["title"], "Kenya"]
    assert client.get("/suggest/?q=Daily").json() == ["Daily", ["Daily Planet"]]  # a source


def test_suggestions_are_capped(client, make_articles):
    make_articles(*[{"id": f"k-{i}", "title": f"Kenya story {i}", "body": f"Story {i} about tea."} for i in range(15)])
    _, completions = client.get("/suggest/?q=kenya").json()
    assert len(completions) == MAX_SUGGESTIONS
    query, completions = client.get("/suggest/?q=" + "x" * 5000).json()
    assert len(query) == 100 and completions == []


@pytest.mark.parametrize("q", ["", "   ", "%25", "_", "nothing-like-it"])
def test_suggestions_for_empty_or_odd_prefixes(client, make_articles, q):
    make_articles(*RECORDS)
    query, completions = client.get("/suggest/", {"q": q}).json()
    assert query == q.strip() and completions == []


def test_sitemap_lists_article_pages(client, make_articles):
    make_articles(*RECORDS)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert len(locs) == len(RECORDS) and all(loc.startswith("http://testserver/articles/") for loc in locs)
    assert all(u.findtext(f"{SITEMAP}lastmod") for u in root.findall(f"{SITEMAP}url"))
    index = ET.fromstring(client.get("/sitemap-index.xml").content)
    assert [s.findtext(f"{SITEMAP}loc") for s in index.findall(f"{SITEMAP}sitemap")] == [
        "http://testserver/sitemap-articles.xml"
    ]
    assert client.get("/sitemap-articles.xml").status_code == 200
    assert client.get("/sitemap.xml?p=2").status_code == 404  # one page until 50,000 articles


def test_robots_points_at_the_sitemap(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "User-agent: *" in text and "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /\n" not in text
