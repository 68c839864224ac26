"""Saved searches on the reader's account page, their unsubscribe link and their private feeds.

Thin views: each POST makes one service call and redirects back to ``/account/`` (so a reload never
repeats it); every control is a plain form, so the page works without JavaScript.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from articles import alerts, feeds
from articles.models import SavedSearch
from articles.search.params import SearchParams, clean_text
from articles.services import alerts as services_alerts

logger = logging.getLogger(__name__)


def _querydict(querystring: str) -> QueryDict:
    return QueryDict(querystring[:8000])


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _back(request: HttpRequest, *, done: str = "", error: str = "", pk: int | None = None) -> HttpResponse:
    """Back to the account page, at the search concerned, with what happened (a message in the session:
    text in the address could be made to say anything)."""
    if done:
        messages.success(request, done)
    if error:
        messages.error(request, error)
    return redirect(reverse("articles:account") + (f"#saved-{pk}" if pk else "#saved-searches"))


def describe(querystring: str) -> str:
    """A saved search in words: its query, then its filters, dates and order (also its default name)."""
    params = alerts.params_for(SavedSearch(querystring=querystring))
    parts = [params.q] if params.q else []
    parts += [
        f"{name} {', '.join(f.include + tuple('not ' + x for x in f.exclude))}" for name, f in params.filters.items()
    ]
    if params.date_from or params.date_to:
        parts.append(f"published {params.date_from or '…'} – {params.date_to or '…'}")
    if params.sort != "relevance":
        parts.append(params.sort + " first")
    return " · ".join(parts) or "All articles"


def saved_searches_context(request: HttpRequest) -> dict:
    """What /account/ shows of the reader's saved searches (rendered by access.account)."""
    rows = []
    for saved in SavedSearch.objects.filter(user=request.user):
        try:
            new = alerts.count_new(saved)
        except Exception:
            logger.exception("counting new articles failed for saved search %s", saved.pk)
            new = None  # the page says the count is unavailable; search itself may be down
        token = services_alerts.feed_token(saved)
        rows.append(
            {
                "saved": saved,
                "described": describe(saved.querystring),
                "new": new,
                "feed_url": request.build_absolute_uri(reverse("articles:feed-saved", args=[token])),
                "atom_url": request.build_absolute_uri(reverse("articles:feed-saved-atom", args=[token])),
            }
        )
    return {
        "saved_searches": rows,
        "frequencies": SavedSearch.Frequency.choices,
    }


@login_required
@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    """The search page's "Save search" button: keep the page's normalised parameters under a name."""
    querystring = alerts.normalised_querystring(_querydict(request.POST.get("qs", "")))
    name = clean_text(request.POST.get("name", ""), 200) or describe(querystring)[:100]
    try:
        saved = services_alerts.saved_search_create(user=request.user, name=name, querystring=querystring)
    except ValidationError as exc:
        return _back(request, error=f"Not saved: {_messages(exc)}")
    return _back(request, done=f"Saved “{saved.name}”.", pk=saved.pk)


@login_required
@require_POST
def saved_search_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename / change the e-mail frequency (one form), delete, or rotate the private feed's address."""
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    action = request.POST.get("action", "update")
    try:
        if action == "delete":
            services_alerts.saved_search_delete(saved=saved)
            return _back(request, done=f"Deleted “{saved.name}”.")
        if action == "rotate":
            services_alerts.saved_search_rotate_feed(saved=saved)
            done = f"New private feed address for “{saved.name}”; the old one no longer works."
            return _back(request, done=done, pk=pk)
        name = clean_text(request.POST.get("name", ""), 200)
        frequency = request.POST.get("frequency", saved.frequency)
        with transaction.atomic():  # one form: both changes are made, or neither
            if name != saved.name:
                saved = services_alerts.saved_search_rename(saved=saved, name=name)
            if frequency != saved.frequency:
                saved = services_alerts.saved_search_set_frequency(saved=saved, frequency=frequency)
    except ValidationError as exc:
        return _back(request, error=f"Not changed: {_messages(exc)}", pk=pk)
    return _back(request, done=f"Saved the changes to “{saved.name}”.", pk=pk)


@login_required
@require_safe  # GET and HEAD
def saved_search_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a saved search: its "new since you last looked" starts again from now.

    A GET that writes, on purpose: it is the link in the account page and in digests, and all it
    records is that its owner looked (as a mail client marks a message read when it is opened).
    """
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    services_alerts.saved_search_open(saved=saved)
    url = reverse("articles:search")
    return redirect(f"{url}?{saved.querystring}" if saved.querystring else url)


@csrf_exempt  # the signed token is the authority; mail clients' one-click unsubscribe posts without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop e-mails for one saved search, without signing in. GET asks (mail scanners follow links);
    POST does it."""
    saved = services_alerts.saved_search_for_unsubscribe(token)
    if saved is None:
        response = render(request, "articles/unsubscribe.html", {"invalid": True}, status=404)
    else:
        done = False
        if request.method == "POST":
            saved = services_alerts.saved_search_unsubscribe(saved=saved)
            done = True
        response = render(request, "articles/unsubscribe.html", {"saved": saved, "done": done})
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


# ----------------------------------------------------------------------------- private feeds


@dataclass(frozen=True)
class _Saved:
    saved: SavedSearch
    params: SearchParams


class SavedSearchFeed(feeds.SearchFeed):
    """A saved search as a feed at a signed address: no session or token needed, revoked by rotation.

    Feed instances serve every request, so what a request found travels in ``obj``, never on ``self``.
    """

    def get_object(self, request: HttpRequest, token: str) -> _Saved:
        saved = services_alerts.saved_search_for_feed(token)
        if saved is None:
            raise Http404("This private feed address is not valid (it may have been replaced).")
        params = replace(alerts.params_for(saved), sort="newest", page=1, size=feeds.feed_limit(request))
        return _Saved(saved, params)

    def title(self, obj: _Saved) -> str:
        return f"newsarchive: {obj.saved.name}"

    def description(self, obj: _Saved) -> str:
        return "Newest articles matching your saved search."

    def link(self, obj: _Saved) -> str:
        return super().link(obj.params)

    def items(self, obj: _Saved):
        return super().items(obj.params)


class SavedSearchAtomFeed(feeds.AtomFeed, SavedSearchFeed):
    pass


def private_feed(feed: feeds.Feed):
    view = feeds.conditional(feed)

    def private_feed_view(request: HttpRequest, token: str) -> HttpResponse:
        response = view(request, token)
        # The address is the secret: no shared cache may keep the feed, no crawler list it.
        response["Cache-Control"] = "private"
        response["X-Robots-Tag"] = "noindex"
        return response

    return private_feed_view
