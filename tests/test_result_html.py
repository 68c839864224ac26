"""A result's meta line and tags built in Python (``presentation.article_meta_html`` / ``hit_tags_html``,
used by the search page) are exactly what the templates articles/_article_meta.html and
articles/_hit_tags.html render (still used by the browse and article pages)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from articles import presentation
from articles.models import Article, ArticleCountry, Country, Origin
from tests.factories import RECORDS

ODD = [
    {
        "id": "odd-1",
        "title": "Talks <b>in</b> Paris & Berlin",
        "body": "France, Germany, Italy, Spain, Portugal, Belgium, the Netherlands, Austria and Poland sent "
        "ministers to the talks in Paris on trade, farming, fishing and energy prices.",
        "published": "2020-02-29T23:30:00-05:00",
        "source": "Smith & Sons <Wire>",
        "section": "World > Europe",
        "authors": ["Ann O'Neil", 'Bob "Bo" Lee', "Cé <Zé>"],
    },
    {
        "id": "odd-2",
        "title": "",
        "body": "A short item with no date, no source and no tags at all, about nothing much.",
    },
    {
        "id": "odd-3",
        "title": "Undated note",
        "body": "Kenya said on Monday that its tea exports rose.",
        "source": "Wire Two",
        "authors": ["Single Author"],
    },
]


@pytest.mark.django_db
def test_python_meta_and_tags_equal_the_templates(make_articles):
    make_articles(*RECORDS, *ODD)
    ids = list(Article.objects.values_list("pk", flat=True))
    assert len(ids) == len(RECORDS) + len(ODD)
    seen_many_countries = False
    for articles in (Article.objects.results_by_id(ids), Article.objects.for_results().in_bulk(ids)):
        for article in articles.values():
            context = {"article": article}
            assert presentation.article_meta_html(article) == render_to_string("articles/_article_meta.html", context)
            assert presentation.hit_tags_html(article) == render_to_string("articles/_hit_tags.html", context)
            seen_many_countries |= len(article.live_countries()) > 6
    assert seen_many_countries, "one article has more countries than a result shows"


@pytest.mark.django_db
def test_escaping_of_names_from_the_database(make_articles):
    make_articles(RECORDS[0])
    article = Article.objects.get()
    Country.objects.filter(code="KE").update(name='Kenya <script>"x"</script>')
    ArticleCountry.objects.filter(article=article, country_id="TZ").update(origin=Origin.REMOVED)
    (loaded,) = Article.objects.results_by_id([article.pk]).values()
    html = presentation.hit_tags_html(loaded)
    assert html == render_to_string("articles/_hit_tags.html", {"article": loaded})
    assert "&lt;script&gt;&quot;x&quot;" in html and "<script>" not in html and "Tanzania" not in html
