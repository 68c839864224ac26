"""RSS 2.0 feeds: declarative, reusing SearchParams and the same search call as the page."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from articles.models import Article
from articles.search import index
from articles.search.params import SearchParams

FEED_SIZE = 50


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def item_title(self, item: Article) -> str:
        return item.title or "(untitled)"

    def item_description(self, item: Article) -> str:
        return item.standfirst or item.body[:500]

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        return f"newsarchive:article:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Article):
        return item.date

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        return ", ".join(item.authors) or None

    def item_categories(self, item: Article) -> list[str]:
        return [c.country.name for c in item.live_countries()] + [t.topic.label for t in item.live_topics()]


class LatestFeed(ArticleFeed):
    title = "newsarchive: latest articles"
    description = "The newest articles in the archive."

    def link(self) -> str:
        return reverse("articles:search")

    def items(self) -> list[Article]:
        return list(Article.objects.for_display().newest_first()[:FEED_SIZE])


class SearchFeed(ArticleFeed):
    """Any search as a feed: the search page's parameters, newest first."""

    def get_object(self, request: HttpRequest) -> SearchParams:
        params = SearchParams.from_querydict(request.GET)
        return replace(params, sort="newest", page=1, size=FEED_SIZE)

    def title(self, obj: SearchParams) -> str:
        read = obj.q or "all articles"
        filters = "; ".join(
            f"{k}: {', '.join(v.include + tuple('-' + x for x in v.exclude))}" for k, v in obj.filters.items()
        )
        return f"newsarchive search: {read}" + (f" ({filters})" if filters else "")

    def description(self, obj: SearchParams) -> str:
        return "Newest articles matching this search."

    def link(self, obj: SearchParams) -> str:
        qs = obj.querystring(page=False).replace("sort=newest", "").strip("&")
        return reverse("articles:search") + (f"?{qs}" if qs else "")

    def items(self, obj: SearchParams) -> list[Article]:
        return [hit.article for hit in index.search(obj, facets=(), highlight=False).hits]
