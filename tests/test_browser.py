"""Real Chromium (Debian's, through pytest-playwright): live search without a page load, and the
same search with JavaScript off."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.factories import RECORDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture
def archive(make_articles):
    make_articles(*RECORDS)


def test_typing_a_query_updates_results_without_a_page_load(page, live_server, archive):
    # expect() polls from Python: wait_for_function would need eval, which our CSP rightly forbids.
    page.goto(live_server.url + "/")
    page.evaluate("window.__marker = 'same page'")
    expect(page.locator("ol.results > li")).to_have_count(4)
    page.fill("#q", "football")
    expect(page.locator("ol.results > li")).to_have_count(1)
    assert "Brazil wins the football final" in page.inner_text("ol.results")
    assert page.evaluate("window.__marker") == "same page"  # no page load happened
    assert "q=football" in page.url  # the URL was pushed
    page.click("text=Brazil")  # a facet: the country filter
    page.wait_for_url("**country=BR**")
    assert page.evaluate("window.__marker") == "same page"
    expect(page.locator("aside.facets li.selected")).to_have_count(1)
    page.go_back()
    page.wait_for_url(lambda url: "country=BR" not in url)
    expect(page.locator("aside.facets li.selected")).to_have_count(0)


def test_search_works_with_javascript_off(browser, live_server, archive):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.fill("#q", "kenya")
    page.press("#q", "Enter")
    page.wait_for_url("**q=kenya**")
    expect(page.locator("ol.results > li")).to_have_count(2)
    page.click("aside.facets >> text=Tanzania")
    page.wait_for_url("**country=TZ**")
    expect(page.locator("ol.results > li")).to_have_count(1)
    context.close()


def test_clicking_a_country_on_the_map_filters_by_it(page, live_server, archive):
    page.goto(live_server.url + "/?q=football")
    country = page.locator("figure.map svg [data-code='BR']")
    expect(country).to_have_count(1)  # the cached map was inlined by map.js
    # Brazil's first path is a tiny island: send the click to the country's shape group itself.
    country.dispatch_event("click")
    page.wait_for_url("**country=BR**")
    expect(page.locator("ul.chips")).to_contain_text("Brazil")


def test_the_map_is_coloured_without_javascript(browser, live_server, archive):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/?q=kenya")
    classes = page.locator("svg.worldmap").get_attribute("class")
    assert "map-ke-" in classes and "map-tz-" in classes  # colours come from classes on the page
    context.close()


def test_person_and_org_facets_narrow_the_results(page, live_server, make_articles):
    from tests.test_facets_people import PEOPLE_RECORDS

    make_articles(*RECORDS, *PEOPLE_RECORDS)
    page.goto(live_server.url + "/?q=kenya")
    expect(page.locator("ol.results > li")).to_have_count(4)  # two from RECORDS, two from the harbour town
    page.locator("section.facet-person").get_by_role("link", name="Lindiwe Dube", exact=True).click()
    page.wait_for_url("**person=Lindiwe+Dube**")
    expect(page.locator("ol.results > li")).to_have_count(2)
    page.locator("section.facet-org").get_by_role("link", name="Port Authority of Durban", exact=True).click()
    page.wait_for_url("**org=Port+Authority+of+Durban**")
    expect(page.locator("ol.results > li")).to_have_count(1)
    assert "Harbour strike ends" in page.inner_text("ol.results")
    expect(page.locator("ul.chips")).to_contain_text("Lindiwe Dube")


def test_person_facet_on_a_browse_page_leads_to_the_narrowed_search(page, live_server, make_articles):
    from tests.test_facets_people import PEOPLE_RECORDS

    make_articles(*PEOPLE_RECORDS)
    page.goto(live_server.url + "/countries/KE/")
    page.locator("section.facet-org").get_by_role("link", name="Port Authority of Durban", exact=True).click()
    page.wait_for_url("**org=Port+Authority+of+Durban**")
    expect(page.locator("ol.results > li")).to_have_count(1)
