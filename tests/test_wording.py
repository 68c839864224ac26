"""Small words that matter: singular and plural, "…" on snippets cut mid-sentence, topics by name."""

from __future__ import annotations

import re

import pytest

from articles.models import Topic
from articles.presentation import ellipsized
from tests.factories import RECORDS

pytestmark = pytest.mark.django_db


def test_summary_says_1_duplicate(make_articles):
    make_articles(*RECORDS[:2])
    again = make_articles(RECORDS[0])
    assert again.summary().startswith("0 imported, 1 duplicate, 0 failed")
    assert "2 duplicates," in make_articles(*RECORDS[:2]).summary()


BODY = "The port reopened on Monday. Dock workers said the cranes were repaired overnight. Ships queued outside."


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("The <mark>port</mark> reopened on Monday.", "The <mark>port</mark> reopened on Monday. …"),  # cut at its end
        ("workers said the <mark>cranes</mark> were", "… workers said the <mark>cranes</mark> were …"),  # mid-sentence
        (
            "Dock workers said the <mark>cranes</mark>",
            "Dock workers said the <mark>cranes</mark> …",
        ),  # a sentence start
        ("Ships <mark>queued</mark> outside.", "Ships <mark>queued</mark> outside."),  # the whole last sentence
        ("", ""),
    ],
)
def test_ellipsized(snippet, expected):
    assert ellipsized(snippet, BODY) == expected


def test_search_snippets_show_where_they_were_cut(client, make_articles):
    long = " ".join(f"Sentence {i} talks about the weather in the hills." for i in range(30))
    make_articles({"id": "s-1", "title": "Hills", "body": long + " Then the harbour pilots went on strike over pay."})
    html = client.get("/?q=pilots").content.decode()
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert snippet.startswith("… ") or snippet.startswith("Then")


def test_topics_page_lists_topics_by_name(client):
    # Own rows (a transactional test elsewhere may have flushed the migration's): codes and names disagree.
    for code, label in [
        ("medtop:01000000", "weather test"),
        ("medtop:02000000", "arts test"),
        ("medtop:03000000", "crime test"),
    ]:
        Topic.objects.update_or_create(code=code, defaults={"label": label})
    html = client.get("/topics/").content.decode()
    labels = re.findall(r'<a href="/topics/medtop:\d{8}/">([^<]+)</a>', html)
    assert len(labels) >= 3 and labels == sorted(labels, key=str.lower)


def test_a_search_with_no_match_says_why_the_filters_are_empty(client, make_articles):
    make_articles(
        {"id": "w-1", "title": "Harbour pilots strike", "body": "The harbour pilots went on strike over pay."}
    )
    html = client.get("/?q=zeppelin").content.decode()
    assert "No articles match. Try fewer words or remove a filter." in html
    assert "Nothing matches, so there is nothing to filter by." in html
    assert "Nothing matches, so there is nothing to filter by." not in client.get("/?q=pilots").content.decode()
