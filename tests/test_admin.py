"""The staff-only upload page, through the test client."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from tests.factories import RECORDS

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/upload/"

PASTED = """Nation

City council approves new tram line for the river district

The vote ends a decade of debate over how to connect the eastern suburbs to the centre.

Jane Roe

The city council voted on Thursday to approve a new tram line linking the river district to the central station.

Supporters said the line would cut commuting times and reduce traffic on the old bridge.

Construction is expected to start next spring and take three years.
"""


def test_anonymous_user_cannot_upload(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(URL, {"text": PASTED})
    assert response.status_code == 302 and Article.objects.count() == 0


def test_non_staff_user_cannot_upload(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw-123456789")
    client.force_login(user)
    client.post(URL, {"text": PASTED})
    assert Article.objects.count() == 0


def test_staff_uploads_files_and_text_and_sees_a_report(admin_client, run_index_jobs):
    assert admin_client.get(URL).status_code == 200
    files = [
        SimpleUploadedFile("wire.jsonl", "\n".join(json.dumps(r) for r in RECORDS[:2]).encode()),
        SimpleUploadedFile("broken.jsonl", b'{"id": 1, "title": "x", "body": "y", "published": "someday"}\n{oops'),
    ]
    response = admin_client.post(
        URL, {"files": files, "text": PASTED, "source": "Upload Gazette", "published": "2024-02-01"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("status-imported") == 3 and html.count("status-failed") == 2
    article = Article.objects.get(title="City council approves new tram line for the river district")
    assert article.source.name == "Upload Gazette" and article.published_at.date().isoformat() == "2024-02-01"
    assert article.get_absolute_url() in html
    # Uploading the same again: duplicates, linked to the existing articles.
    files = [SimpleUploadedFile("wire.jsonl", "\n".join(json.dumps(r) for r in RECORDS[:2]).encode())]
    html = admin_client.post(URL, {"files": files}).content.decode()
    assert html.count("status-duplicate") == 2
    run_index_jobs()
    assert "tram" in admin_client.get("/?q=tram").content.decode()


def test_upload_needs_something(admin_client):
    html = admin_client.post(URL, {}).content.decode()
    assert "Choose at least one file, paste an article or give a feed URL." in html


def test_admin_pages_render(admin_client, make_articles):
    make_articles(*RECORDS)
    article = Article.objects.first()
    for url in [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/importbatch/",
        "/admin/articles/country/",
        "/admin/articles/topic/",
        "/admin/articles/entity/",
        "/admin/articles/articlecountry/",
        "/admin/articles/source/",
        "/admin/articles/article/?q=kenya",
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_feed_url_to_a_private_address_is_refused_with_a_clear_error(admin_client):
    # The SSRF guard: a feed URL that resolves to this machine is not fetched.
    html = admin_client.post(URL, {"feed_url": "http://127.0.0.1:9/feed.xml"}).content.decode()
    assert "The feed could not be fetched" in html
    assert Article.objects.count() == 0
