"""RSS 2.0 and Atom feeds: declarative, reusing SearchParams and the same search call as the pages.

Every feed answers conditional GETs (ETag / Last-Modified, 304): see ``conditional``.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.http import http_date
from django.views.decorators.http import condition

from articles.models import Article, Country, Topic
from articles.search import index
from articles.search.params import FacetFilter, SearchParams

FEED_SIZE = 50
MAX_FEED_SIZE = 200
# RFC 4151 tag URIs for Atom ids: independent of the host name the archive is reached by, so that a
# reader never sees the same article twice. The date only has to be one the authority held the name.
TAG_AUTHORITY = "tag:newsarchive,2025"


# Characters XML 1.0 cannot carry (C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF):
# one stored before the text normaliser existed made Django's XML writer raise, i.e. a 500 for every
# feed that listed the article. Stripped from everything a feed writes, whatever its origin.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value):
    if isinstance(value, str):
        return XML_ILLEGAL.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(v) for v in value)
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}
    return value


class PlainTextRss(Rss201rev2Feed):
    """RSS whose descriptions are the article's text: readers render an RSS description as HTML, so the
    text is HTML-escaped once and a stored ``<script>`` reaches them as the characters, not as markup."""

    def add_item_elements(self, handler, item) -> None:
        if item["description"] is not None:
            item = {**item, "description": html.escape(item["description"], quote=False)}
        super().add_item_elements(handler, item)


class PlainTextAtom(Atom1Feed):
    """Atom whose summaries are ``type="text"`` (Django writes ``type="html"``): the archive's text is
    text, and stored markup must never be rendered by a feed reader."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def feed_limit(request: HttpRequest) -> int:
    """``?limit=`` from 1 to 200 (default 50); a bad value gives the default, never an error."""
    try:
        return min(max(int(request.GET.get("limit", FEED_SIZE)), 1), MAX_FEED_SIZE)
    except ValueError:
        return FEED_SIZE


class ArticleFeed(Feed):
    feed_type = PlainTextRss
    author_name = "newsarchive"  # Atom needs an author for entries that have none

    def get_feed(self, obj, request: HttpRequest):
        feed = super().get_feed(obj, request)
        # Django's self link is request.path; a search feed's identity is its query string (less any token,
        # which must not be copied into a document that readers may share).
        query = request.GET.copy()
        query.pop("token", None)
        if query:
            feed.feed["feed_url"] = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        feed.feed = xml_safe(feed.feed)
        feed.items = [xml_safe(item) for item in feed.items]
        return feed

    def item_title(self, item: Article) -> str:
        return item.title or "(untitled)"

    def item_description(self, item: Article) -> str:
        text = item.standfirst or item.body[:500]
        if item.published_at is None:
            # Readers show an item's date; an undated article must not pass for news of the day it arrived.
            return f"Undated (received {item.ingested_at:%d %b %Y}). {text}"
        return text

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        return f"newsarchive:article:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Article):
        # Only a real publication date: RSS's pubDate and Atom's <published> are optional, so an undated
        # article has neither (feed readers then place it when they first saw it). In the publisher's
        # offset, so that the date a reader shows is the publisher's day (the same instant).
        return item.published_local

    def item_updateddate(self, item: Article):
        # Atom requires <updated>: for an undated article this is when the archive received or changed it.
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        return ", ".join(item.authors) or None

    def item_categories(self, item: Article) -> list[str]:
        undated = ["undated"] if item.published_at is None else []
        return [c.country.name for c in item.live_countries()] + [t.topic.label for t in item.live_topics()] + undated


class AtomFeed:
    """Mixin: the same feed in Atom, with tag: URIs as entry ids."""

    feed_type = PlainTextAtom

    def subtitle(self, obj) -> str:
        return self.description(obj) if callable(self.description) else self.description

    def item_guid(self, item: Article) -> str:
        return f"{TAG_AUTHORITY}:article:{item.pk}"


class LatestFeed(ArticleFeed):
    title = "newsarchive: latest articles"
    description = "The newest articles in the archive."

    def get_object(self, request: HttpRequest) -> int:
        return feed_limit(request)

    def link(self) -> str:
        return reverse("articles:search")

    def items(self, limit: int) -> list[Article]:
        return list(Article.objects.for_display().newest_first()[:limit])


class SearchFeed(ArticleFeed):
    """Any search as a feed: the search page's parameters, newest first."""

    def get_object(self, request: HttpRequest) -> SearchParams:
        params = SearchParams.from_querydict(request.GET)
        # replace() skips the page's 100-per-page bound on purpose: a feed may hold up to MAX_FEED_SIZE.
        return replace(params, sort="newest", page=1, size=feed_limit(request))

    def title(self, obj: SearchParams) -> str:
        read = obj.q or "all articles"
        filters = "; ".join(
            f"{k}: {', '.join(v.include + tuple('-' + x for x in v.exclude))}" for k, v in obj.filters.items()
        )
        return f"newsarchive search: {read}" + (f" ({filters})" if filters else "")

    def description(self, obj: SearchParams) -> str:
        return "Newest articles matching this search."

    def link(self, obj: SearchParams) -> str:
        qs = replace(obj, sort="relevance", size=20).querystring(page=False)
        return reverse("articles:search") + (f"?{qs}" if qs else "")

    def items(self, obj: SearchParams) -> list[Article]:
        return [hit.article for hit in index.search(obj, facets=(), highlight=False).hits]


class CountryFeed(SearchFeed):
    def get_object(self, request: HttpRequest, code: str) -> SearchParams:
        country = get_object_or_404(Country, code=code.upper())
        return SearchParams(filters={"country": FacetFilter((country.code,))}, sort="newest", size=feed_limit(request))

    def title(self, obj: SearchParams) -> str:
        return f"newsarchive: {Country.objects.get(code=obj.include('country')[0]).name}"

    def description(self, obj: SearchParams) -> str:
        return "Newest articles tagged with this country."

    def link(self, obj: SearchParams) -> str:
        return reverse("articles:country", args=obj.include("country"))


class TopicFeed(SearchFeed):
    def get_object(self, request: HttpRequest, code: str) -> SearchParams:
        params = SearchParams.from_querydict({"topic": [code]})
        if not params.include("topic"):
            raise Http404("Not an IPTC Media Topic code.")
        topic = get_object_or_404(Topic, code=params.include("topic")[0])
        return replace(params, sort="newest", size=feed_limit(request), filters={"topic": FacetFilter((topic.code,))})

    def title(self, obj: SearchParams) -> str:
        return f"newsarchive: {Topic.objects.get(code=obj.include('topic')[0]).label}"

    def description(self, obj: SearchParams) -> str:
        return "Newest articles on this topic."

    def link(self, obj: SearchParams) -> str:
        return reverse("articles:topic", args=obj.include("topic"))


class LatestAtomFeed(AtomFeed, LatestFeed):
    pass


class SearchAtomFeed(AtomFeed, SearchFeed):
    pass


class CountryAtomFeed(AtomFeed, CountryFeed):
    pass


class TopicAtomFeed(AtomFeed, TopicFeed):
    pass


# ----------------------------------------------------------------------------- conditional GET


def _archive_state(request: HttpRequest) -> tuple[datetime, int] | None:
    """When the archive's searchable content last changed, and how many articles it holds.

    One cheap answer for every feed (not per feed: that would cost the search a 304 is meant to save).
    The last finished index job moves it on deletions, which leave no updated_at behind. While index
    jobs are pending, the index is behind the database, so no validator is given at all: a reader must
    not keep a 304 for content the index has not caught up with yet.
    """
    if not hasattr(request, "_feed_state"):
        from django_tasks_db.models import DBTaskResult

        articles = Article.objects.aggregate(latest=Max("updated_at"), n=Count("id"))
        indexed = DBTaskResult.objects.filter(task_path=index.INDEX_TASK_PATH).aggregate(latest=Max("finished_at"))
        stamps = [t for t in (articles["latest"], indexed["latest"]) if t is not None]
        state = None if index.pending_jobs() or not stamps else (max(stamps), articles["n"])
        request._feed_state = state  # etag and last_modified both ask; compute once per request
    return request._feed_state


def _etag(request: HttpRequest, *args, **kwargs) -> str | None:
    state = _archive_state(request)
    if state is None:
        return None
    # The query string is part of the ETag: two searches of one archive state are different feeds.
    key = f"{request.path}?{request.META.get('QUERY_STRING', '')}|{state[0].isoformat()}|{state[1]}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _last_modified(request: HttpRequest, *args, **kwargs) -> datetime | None:
    state = _archive_state(request)
    return state[0] if state else None


def conditional(feed: Feed) -> Callable[..., HttpResponse]:
    """A feed as a view that answers If-None-Match / If-Modified-Since with 304 Not Modified."""
    view = condition(etag_func=_etag, last_modified_func=_last_modified)(feed)

    def conditional_feed(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        modified = _last_modified(request)
        if modified is not None and response.status_code == 200:
            # The syndication view sets Last-Modified from its newest item; the 304 check above uses the
            # archive's state (which also moves when the index catches up). A reader must be sent the
            # value it will be compared with, or a job finishing a second later makes 304 flaky.
            response.headers["Last-Modified"] = http_date(modified.timestamp())
        return response

    return conditional_feed
