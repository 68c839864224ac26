"""The sitemap of article pages (django.contrib.sitemaps paginates it: ``?p=2`` …)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from articles.models import Article


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        # Ordered by id so that pages stay stable while articles are added.
        return Article.objects.only("id", "updated_at").order_by("id")

    def lastmod(self, item: Article):
        return item.updated_at


SITEMAPS = {"articles": ArticleSitemap}
