"""Web defects found by the fault probe: stored control characters and markup in feeds, NUL characters
in addresses (PostgreSQL), HEAD requests, and upload limits that answered a bare "Bad Request"."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, ImportBatch
from tests.factories import RECORDS
from tests.feedcheck import parse

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def hostile(make_articles, run_index_jobs):
    """An article whose text was stored before the normaliser: control characters and markup."""
    make_articles(*RECORDS[:2])
    article = Article.objects.get(external_id="w-1")
    Article.objects.filter(pk=article.pk).update(
        title="Border\x0b trade\x01 rules",
        standfirst="Customs <script>alert('x')</script> & tea\x1f lorries",
        authors=["Ilse\x02 Marwick"],
    )
    article.refresh_from_db()
    from articles import services

    services.article_reindex(article_ids=[article.pk])
    run_index_jobs()
    return article


@pytest.mark.parametrize("url", ["/feeds/latest/", "/feeds/search/?q=border", "/feeds/countries/KE/"])
def test_a_stored_control_character_does_not_break_a_feed(client, hostile, url):
    for kind, address in (("rss", url), ("atom", url.replace("/?", "/atom/?") if "?" in url else url + "atom/")):
        feed = parse(client, address, kind)
        titles = [entry.title for entry in feed.entries]
        assert "Border trade rules" in titles, titles


def test_feeds_send_the_text_as_text_not_as_html(client, hostile):
    rss = ET.fromstring(client.get("/feeds/latest/").content)
    descriptions = [item.findtext("description") for item in rss.iter("item")]
    mine = next(d for d in descriptions if "Customs" in d)
    # The reader renders the description as HTML: the stored markup arrives escaped, as characters.
    assert "<script>" not in mine and "&lt;script&gt;alert('x')&lt;/script&gt; &amp; tea lorries" in mine
    atom = client.get("/feeds/latest/atom/").content
    assert b'type="html"' not in atom
    summaries = [e for e in ET.fromstring(atom).iter(f"{ATOM}summary")]
    assert summaries and all(s.get("type") == "text" for s in summaries)
    assert any("<script>alert('x')</script> & tea lorries" in (s.text or "") for s in summaries)
    entry = next(e for e in parse(client, "/feeds/latest/atom/", "atom").entries if "Customs" in e.summary)
    assert entry.summary_detail.type == "text/plain"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        # JSON endpoints refuse a bad value; pages, feeds and exports forgive it (the NUL is removed).
        ("/suggest/?q=%00", 400),
        ("/api/search/?q=%00", 400),
        ("/api/search/?country%00=KE", 400),
        ("/?q=kenya%00", 200),
        ("/?country=%00KE", 200),
        ("/export/search.csv?q=a%00b", 200),
        ("/feeds/search/?q=%00", 200),
        ("/articles/1%00/", 404),
        ("/countries/K%00/", 404),
        ("/topics/medtop:%0015000000/", 404),
    ],
)
def test_a_nul_character_in_an_address_is_a_clean_4xx(client, make_articles, url, status):
    make_articles(RECORDS[0])
    response = client.get(url)
    assert response.status_code == status
    if url.startswith(("/api/", "/suggest/")):
        assert response.json()["error"]["status"] == status


def test_a_page_reads_its_parameters_without_the_nul(client, make_articles):
    make_articles(*RECORDS[:2])
    assert client.get("/?country=K%00E").context["page"].total == 1
    assert "text/csv" in client.get("/export/search.csv?q=kenya%00").headers["Content-Type"]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?q=kenya",
        "/help/",
        "/countries/",
        "/countries/KE/",
        "/topics/",
        "/api/search/?q=kenya",
        "/api/openapi.json",
        "/export/search.csv?q=kenya",
        "/export/search.jsonl",
        "/opensearch.xml",
        "/suggest/?q=ken",
        "/feeds/latest/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_head_works_wherever_get_does(client, make_articles, url):
    make_articles(*RECORDS[:2])
    get, head = client.get(url), client.head(url)
    assert get.status_code == 200 and head.status_code == 200, (get.status_code, head.status_code)
    body = b"".join(head.streaming_content) if head.streaming else head.content
    assert body == b"" and head["Content-Type"] == get["Content-Type"]


def test_an_article_page_answers_head(client, make_articles):
    make_articles(RECORDS[0])
    assert client.head(Article.objects.get().get_absolute_url()).status_code == 200


UPLOAD = "/admin/articles/article/upload/"


def test_pasted_text_over_the_limit_gets_the_form_back_with_the_reason(admin_client, settings):
    settings.NEWSARCHIVE_MAX_UPLOAD_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000_000
    response = admin_client.post(UPLOAD, {"text": "Quarry strike continues. " * 100_000}, follow=True)
    assert response.status_code == 200 and response.redirect_chain == [(UPLOAD, 303)]
    html = response.content.decode()
    assert "The upload is larger than the limit of 2 MB at once" in html and 'name="files"' in html
    assert Article.objects.count() == 0


def test_too_many_files_get_the_form_back_with_the_reason(admin_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    files = [SimpleUploadedFile(f"n{i}.txt", b"Ferry timetable changes\n\nThe ferry leaves later.") for i in range(4)]
    response = admin_client.post(UPLOAD, {"files": files}, follow=True)
    assert response.status_code == 200
    assert "At most 3 files can be uploaded at once" in response.content.decode()


def test_the_request_limit_is_the_documented_upload_limit(settings):
    # Pasted text used to stop at Django's 10 MB default while the README promises 50 MB.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.NEWSARCHIVE_MAX_UPLOAD_BYTES == 50 * 1024 * 1024


def test_an_oversized_post_elsewhere_is_a_plain_400_that_says_why(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/accounts/login/", {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 400 and b"larger than the limit" in response.content


def test_an_empty_file_is_refused_alone_and_the_others_import(admin_client):
    # The hostile tally: an empty file used to refuse the whole upload ("The submitted file is empty").
    files = [
        SimpleUploadedFile("empty.txt", b""),
        SimpleUploadedFile("ferry.txt", b"Ferry timetable changes\n\nThe ferry to the island leaves an hour later."),
    ]
    response = admin_client.post(UPLOAD, {"files": files})
    assert response.status_code == 200
    assert Article.objects.filter(title="Ferry timetable changes").exists()
    [batch] = ImportBatch.objects.all()
    failed = [line for line in batch.report if line["status"] == "failed"]
    assert [line["file"] for line in failed] == ["empty.txt"] and "empty" in failed[0]["error"]


def test_a_nul_in_pasted_text_is_dropped_not_a_form_error(admin_client):
    text = "Quarry\x00 strike ends\n\nThe quarry workers went back on Monday after a week."
    response = admin_client.post(UPLOAD, {"text": text})
    assert response.status_code == 200 and "Null characters" not in response.content.decode()
    assert Article.objects.filter(title="Quarry strike ends").exists()
