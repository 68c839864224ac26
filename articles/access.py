"""Who may read the archive.

A public archive (``NEWSARCHIVE_PUBLIC``, the default) serves everyone. A private one needs a signed-in
user; feeds, the JSON API and exports also accept a personal token (``?token=…`` or
``Authorization: Bearer …``) because feed readers and scripts cannot sign in. HTML pages never accept a
token: a token in a page's URL would end up in browser history and Referer headers.

The admin keeps Django's own authentication; static files are served by whitenoise before this runs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_http_methods

from articles.models import ApiToken
from articles.services.tokens import TOKEN_PREFIX, hash_token, token_create, token_revoke, token_used

# Paths where a token stands in for a session, and how each refuses an anonymous request.
TOKEN_PATHS = ("/feeds/", "/api/", "/export/")
# Always open: the admin has its own login; robots.txt tells crawlers to stay out of a private archive.
# A saved search's private feed and its unsubscribe link carry a signature their views check instead.
OPEN_PATHS = (
    "/admin/",
    "/accounts/login/",
    "/accounts/logout/",
    "/robots.txt",
    "/static/",
    "/feeds/saved/",
    "/alerts/unsubscribe/",
)
# JSON endpoints answer 401 instead of redirecting to a login page nobody will see.
JSON_PATHS = ("/api/", "/suggest/")
# HTML pages under those prefixes: a person reads them, so they behave like every other page.
PAGE_PATHS = ("/api/docs/",)
# last_used_at is written at most this often, so that a busy feed reader does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def may_read(user) -> bool:
    """Whether this account may read the archive (and so receive its digests and private feeds)."""
    return bool(user.is_active and (settings.NEWSARCHIVE_PUBLIC or user.is_authenticated))


def user_for_token(raw: str):
    """The active user a token belongs to, else None (and record when the token was last used)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token_used(token=token)
    return token.user


def token_from_request(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.GET.get("token", "").strip()


def _refuse(request: HttpRequest, path: str) -> HttpResponse:
    if path.startswith(PAGE_PATHS):
        return redirect_to_login(request.get_full_path())
    if path.startswith(JSON_PATHS):
        response: HttpResponse = JsonResponse(
            {"error": {"status": 401, "message": "Sign in, or send your token as 'Authorization: Bearer …'."}},
            status=401,
        )
    elif path.startswith(TOKEN_PATHS):
        response = HttpResponse(
            "This archive is private: add ?token=<your token> (see /account/) or sign in.\n",
            status=401,
            content_type="text/plain; charset=utf-8",
        )
    else:
        return redirect_to_login(request.get_full_path())
    response["WWW-Authenticate"] = 'Bearer realm="newsarchive"'
    return response


class AccessMiddleware:
    """Refuse anonymous requests to a private archive; let tokens in where they apply."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.NEWSARCHIVE_PUBLIC:
            return self.get_response(request)
        path = request.path_info
        if path.startswith(OPEN_PATHS):
            return self.get_response(request)
        if not request.user.is_authenticated:
            tokens_apply = path.startswith(TOKEN_PATHS) and not path.startswith(PAGE_PATHS)
            raw = token_from_request(request) if tokens_apply else ""
            user = user_for_token(raw) if raw else None
            if user is None:
                return _refuse(request, path)
            request.user = user
        response = self.get_response(request)
        # What a private archive serves depends on who asks: no shared cache may keep it.
        patch_vary_headers(response, ("Cookie", "Authorization"))
        response.headers.setdefault("Cache-Control", "private")
        return response


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's page: create, rotate or revoke the personal token."""
    new_token = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            new_token = token_create(user=request.user)
        elif action == "revoke":
            token_revoke(user=request.user)
    token = ApiToken.objects.filter(user=request.user).first()
    # Imported here: alerts_views imports services.alerts, which imports this module.
    from articles.alerts_views import saved_searches_context

    response = render(
        request,
        "articles/account.html",
        {
            "token": token,
            "new_token": new_token,
            "public": settings.NEWSARCHIVE_PUBLIC,
            **saved_searches_context(request),
        },
    )
    add_never_cache_headers(response)  # the page may show a token in clear
    return response
