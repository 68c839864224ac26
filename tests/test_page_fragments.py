"""The search page's facet lists and charts are built in Python and rendered once per result set: the same
HTML as the template markup they replace, and kept only while the index stays as it is."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import engines

from articles import charts, search
from articles.search.backend import Histogram
from articles.search.index import FacetValue
from articles.search.params import SearchParams
from tests.factories import RECORDS

# The markup the search page's facet partial and the histogram's bar loop had (the reference).
FACET_VALUE_TEMPLATE = """<li{% if v.selected %} class="selected"{% elif v.excluded %} class="excluded"{% endif %}>
  <a href="?{{ v.toggle_qs }}"{% if v.selected or v.excluded %} aria-pressed="true"{% endif %}>{% if v.excluded %}not {% endif %}{{ v.label }}</a>
  <span class="count">{% if v.estimated %}about {% endif %}{{ v.count }}</span>
  {% if not v.selected and not v.excluded %}<a class="exclude" href="?{{ v.exclude_qs }}" title="Exclude {{ v.label }}" aria-label="Exclude {{ v.label }}"><span aria-hidden="true">⊘</span></a>{% endif %}
</li>"""
BARS_TEMPLATE = """{% for bar in chart.bars %}<a href="{{ chart.base }}?{{ bar.qs }}" aria-label="{{ bar.label }}: {{ bar.count }} articles"><rect x="{{ bar.x }}" y="{{ bar.y }}" width="{{ bar.w }}" height="{{ bar.h }}"><title>{{ bar.label }}: {{ bar.count }}</title></rect><rect class="hit" x="{{ bar.x }}" y="0" width="{{ bar.w }}" height="{{ chart.baseline }}"></rect></a>{% endfor %}"""


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("selected", "excluded"),
    [(False, False), (True, False), (False, True)],  # plain, chosen, excluded
)
def test_facet_value_html_is_the_template_markup(selected, excluded):
    v = FacetValue("AT&T <Inc>", 'AT&T "<Inc>"', 1234, selected, excluded, "q=a%26b&org=AT%26T", "q=x&org=-AT")
    assert v.html == _render(FACET_VALUE_TEMPLATE, v=v)


@pytest.mark.parametrize(
    "hist",
    [
        Histogram("year", [(1987, 3), (1990, 1)], 2),
        Histogram("month", [(198703, 7), (198705, 1)], 0),
        Histogram("day", [(20040101, 1), (20040103, 5)], 0),
    ],
)
def test_histogram_bars_html_is_the_template_markup(hist):
    params = SearchParams(q='oil & "gas"', date_from=date(1980, 1, 1))
    chart = charts.histogram(hist, params, base="/x&y/")
    assert chart["bars_html"] == _render(BARS_TEMPLATE, chart=chart)


@pytest.mark.django_db
@pytest.mark.skipif(search.engine_name() != "whoosh", reason="an engine that keeps per-process state")
def test_facets_and_charts_are_rendered_once_per_result_set(client, make_articles, monkeypatch):
    from articles import views

    make_articles(*RECORDS)
    rendered = []
    real = views.render_to_string

    def counted(name, *args, **kwargs):
        rendered.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(views, "render_to_string", counted)
    first = client.get("/", {"q": "kenya", "size": 1}).content.decode()
    assert sorted(rendered) == ["articles/search.html#charts", "articles/search.html#facets"]
    second = client.get("/", {"q": "kenya", "size": 1, "page": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert len(rendered) == 2  # another page of the same search (here an htmx partial): kept
    facets = first[first.index('<details class="facets"') : first.index("</details>")]
    assert facets in second
    client.get("/", {"q": "kenya", "country": "KE"})
    assert len(rendered) == 4  # other parameters: rendered for them

    make_articles(
        {"id": "k9", "title": "Kenya plants trees", "body": "Kenya planted trees.", "published": "2024-01-02"}
    )
    after = client.get("/", {"q": "kenya", "size": 1}).content.decode()
    assert len(rendered) == 6  # the commit changed the index: rendered again, with the new counts
    assert after != first


def test_without_a_generation_nothing_is_kept():
    # The PostgreSQL engine keeps no state in web processes: it gives no generation, so nothing is kept.
    from articles import presentation

    calls = []
    for _ in range(2):
        assert presentation.rendered_once(None, ("x",), lambda: calls.append(1) or "a") == "a"
        assert presentation.rendered_once("g1", ("x",), lambda: calls.append(1) or "a") == "a"
    assert len(calls) == 3  # twice without a generation, once with one


@pytest.mark.django_db
def test_the_json_api_builds_no_links(client, make_articles, monkeypatch):
    # A program gets facet values and counts, not the page's toggle links: none is built for it.
    from articles.search import params

    make_articles(*RECORDS)

    def refused(*args, **kwargs):
        raise AssertionError("a facet link was built")

    monkeypatch.setattr(params.SearchParams, "toggled", refused)
    monkeypatch.setattr(params.SearchParams, "excluded", refused)
    body = client.get("/api/search/", {"q": "kenya", "country": "KE"}).json()
    assert body["total"] and body["facets"]["country"][0]["count"]
