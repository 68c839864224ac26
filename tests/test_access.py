"""A private archive: sign-in for pages, a personal token for feeds, the API and exports."""

from __future__ import annotations

import hashlib

import pytest

from articles import services
from articles.models import ApiToken, Article
from articles.services import token_create, token_revoke
from tests.factories import RECORDS

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/?q=kenya",
    "/articles/{pk}/",
    "/countries/",
    "/countries/KE/",
    "/topics/",
    "/help/",
    "/opensearch.xml",
    "/sitemap.xml",
    "/account/",
    "/api/docs/",
]
FEEDS = ["/feeds/latest/", "/feeds/latest/atom/", "/feeds/search/?q=kenya", "/feeds/countries/KE/atom/"]
EXPORTS = ["/export/search.csv?q=kenya", "/export/search.jsonl?country=KE"]
API = ["/api/search/?q=kenya", "/api/articles/{pk}/", "/api/openapi.json"]
TOKEN_URLS = FEEDS + EXPORTS + API


@pytest.fixture
def private(settings, make_articles):
    settings.NEWSARCHIVE_PUBLIC = False
    make_articles(*RECORDS)
    return Article.objects.get(external_id="w-1").pk


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("reader", password="a long passphrase 1")


def with_token(url: str, token: str) -> str:
    return url + ("&" if "?" in url else "?") + "token=" + token


def test_anonymous_is_refused_everywhere(client, private):
    for url in PAGES:
        response = client.get(url.format(pk=private))
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    for url in FEEDS + EXPORTS:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"].startswith("Bearer")
    for url in [*API, "/api/nothing/", "/suggest/?q=ken"]:
        response = client.get(url.format(pk=private))
        assert response.status_code == 401, url
        assert response.json()["error"]["status"] == 401


def test_robots_and_admin_login_stay_open(client, private):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /\n" in response.content.decode() + "\n"
    assert "Sitemap" not in response.content.decode()
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("how", ["query", "bearer"])
def test_token_opens_feeds_api_and_exports(client, private, user, how):
    token = token_create(user=user)
    for url in TOKEN_URLS:
        url = url.format(pk=private)
        if how == "query":
            response = client.get(with_token(url, token))
        else:
            response = client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, url
        assert "Cookie" in response["Vary"] and "Authorization" in response["Vary"]
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_token_does_not_open_pages_or_suggestions(client, private, user):
    token = token_create(user=user)
    for url in PAGES:
        url = url.format(pk=private)
        assert client.get(with_token(url, token)).status_code == 302, url
        assert client.get(url, headers={"Authorization": f"Bearer {token}"}).status_code == 302, url
    assert client.get(with_token("/suggest/?q=ken", token)).status_code == 401


def test_bad_revoked_rotated_and_inactive_tokens_are_refused(client, private, user):
    assert client.get(with_token("/feeds/latest/", "na_nonsense")).status_code == 401
    assert client.get("/api/search/", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    old = token_create(user=user)
    new = token_create(user=user)  # rotation: the old one stops working
    assert client.get(with_token("/feeds/latest/", old)).status_code == 401
    assert client.get(with_token("/feeds/latest/", new)).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(with_token("/feeds/latest/", new)).status_code == 401
    user.is_active = True
    user.save()
    token_revoke(user=user)
    assert client.get(with_token("/feeds/latest/", new)).status_code == 401


def test_only_a_hash_is_stored(user):
    token = token_create(user=user)
    stored = ApiToken.objects.get(user=user)
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.key_hash


def test_signed_in_user_sees_everything(client, private, user):
    client.force_login(user)
    for url in PAGES + TOKEN_URLS + ["/suggest/?q=ken"]:
        assert client.get(url.format(pk=private)).status_code == 200, url


def test_account_page_creates_rotates_and_revokes(client, private, user):
    client.force_login(user)
    assert "You have no token" in client.get("/account/").content.decode()
    response = client.post("/account/", {"action": "create"})
    assert "no-store" in response["Cache-Control"]
    token = response.context["new_token"]
    assert token in response.content.decode()
    assert token not in client.get("/account/").content.decode()  # shown once only
    assert "You have a token" in client.get("/account/").content.decode()
    client.logout()
    assert client.get(with_token("/api/search/", token)).status_code == 200

    client.force_login(user)
    rotated = client.post("/account/", {"action": "create"}).context["new_token"]
    client.post("/account/", {"action": "revoke"})
    client.logout()
    for t in (token, rotated):
        assert client.get(with_token("/api/search/", t)).status_code == 401


def test_account_page_needs_sign_in_even_when_public(client, db):
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_public_archive_serves_anonymous_readers(client, make_articles):
    make_articles(*RECORDS)
    pk = Article.objects.get(external_id="w-1").pk
    for url in PAGES + TOKEN_URLS + ["/suggest/?q=ken", "/robots.txt"]:
        if url == "/account/":
            continue
        assert client.get(url.format(pk=pk)).status_code == 200, url


def test_deleted_article_leaves_the_pages(client, make_articles, run_index_jobs):
    make_articles(*RECORDS)
    article = Article.objects.get(external_id="w-1")
    page = article.get_absolute_url()
    services.article_delete(article=article)
    run_index_jobs()
    assert client.get(page).status_code == 404
    for url in ["/?q=kenya", "/countries/KE/", "/sitemap.xml"]:
        html = client.get(url).content.decode()
        assert f'{page}"' not in html and f"{page}<" not in html, url
        assert RECORDS[2]["title"] in html or "/articles/" in html, url


def test_a_reader_who_is_not_staff_can_sign_in_to_a_private_archive(client, settings, django_user_model, make_articles):
    settings.NEWSARCHIVE_PUBLIC = False
    make_articles(*RECORDS[:1])
    django_user_model.objects.create_user("reader", password="a-long-reader-pass")
    response = client.get("/?q=kenya")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get(response["Location"]).status_code == 200  # the sign-in page itself is open
    response = client.post(
        "/accounts/login/", {"username": "reader", "password": "a-long-reader-pass", "next": "/?q=kenya"}
    )
    assert response.status_code == 302 and response["Location"] == "/?q=kenya"
    assert client.get("/?q=kenya").status_code == 200
    assert client.get("/account/").status_code == 200  # where the reader gets a token
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302
