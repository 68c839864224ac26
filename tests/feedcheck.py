"""Fetch a feed through the test client and parse it with feedparser, as a feed reader would."""

from __future__ import annotations

import feedparser

CONTENT_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def parse(client, url: str, kind: str = "rss", **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith(CONTENT_TYPES[kind])
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    return feed
