"""Pages around the search: real 404 and 500 pages with a search box, the favicon, browse headings."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.factories import RECORDS

pytestmark = pytest.mark.django_db


def test_404_page_has_a_search_box(client):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<form class="searchbox" role="search" action="/"' in html and 'name="q"' in html
    assert '<header class="site">' in html  # the site's own page, not a bare message


def test_500_page_has_a_search_box():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert 'action="/" method="get"' in html and 'name="q"' in html


def test_favicon(client):
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/help/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


def test_browse_headings_are_plain_words(client, make_articles):
    make_articles(
        dict(RECORDS[0], body=RECORDS[0]["body"] + " President William Ruto met the World Bank in Nairobi."),
    )
    html = client.get("/countries/KE/").content.decode()
    assert "People in these articles" in html and "Organisations in these articles" in html
    assert "Peoples" not in html and "Organisationss" not in html
