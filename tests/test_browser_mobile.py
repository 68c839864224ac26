"""Chromium at 375 and 1440 px: results first on a phone, filters in a disclosure, charts below; a skip
link; few Tabs from the box to the first result; a 24×24 exclude target; API docs within the screen."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.factories import RECORDS
from tests.test_browser_search import HARVEST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def archive(make_articles):
    make_articles(*RECORDS, *HARVEST)


def top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def test_phone_shows_results_first_and_filters_in_a_closed_disclosure(page, live_server, archive):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/?q=kenya+OR+harvest&country=KE")
    first = top(page, "ol.results > li")
    assert first < 360, first  # the first result is on the first screen, under the box and the count
    assert top(page, ".charts") > first  # map and histogram below the results
    filters = page.locator("details#filters")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.locator("#filters .facet a").first).to_be_hidden()
    page.locator("#filters > summary").click()
    expect(page.locator("#filters .facet a").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_wide_screen_shows_filters_beside_and_charts_above_the_results(page, live_server, archive):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + "/?q=kenya+OR+harvest")
    expect(page.locator("#filters .facet a").first).to_be_visible()
    expect(page.locator("#filters > summary")).to_be_hidden()
    assert top(page, ".charts") < top(page, "ol.results > li")
    facet_box = page.locator("#filters").bounding_box()
    assert facet_box["x"] + facet_box["width"] < page.locator("ol.results").bounding_box()["x"]  # the left column


@pytest.mark.parametrize("width", [375, 1440])
def test_skip_link_goes_to_the_results(page, live_server, archive, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/?q=harvest")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "hits"
    page.keyboard.press("Tab")  # the next stop is inside the results
    assert page.evaluate("!!document.activeElement.closest('#hits')")


def test_few_tabs_from_the_box_to_the_first_result(page, live_server, archive):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + "/?q=kenya+OR+harvest")
    page.focus("#q")
    first_result = page.locator("ol.results > li h3 a").first
    tabs = 0
    while tabs < 40 and not page.evaluate("document.activeElement.closest('ol.results li h3') !== null"):
        page.keyboard.press("Tab")
        tabs += 1
    expect(first_result).to_be_focused()
    assert tabs <= 12, tabs  # not every facet and histogram bar first


def test_exclude_control_is_a_labelled_24px_target(page, live_server, archive):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + "/?q=kenya")
    exclude = page.locator("#filters a.exclude").first
    box = exclude.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, box
    assert exclude.get_attribute("aria-label").startswith("Exclude ")
    assert exclude.inner_text().strip() != "−"  # not a minus sign beside the count


def test_api_docs_fit_a_phone_and_are_linked_from_the_footer(page, live_server, archive):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/")
    page.locator("footer.site a", has_text="JSON API").click()
    page.wait_for_url("**/api/docs/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("width", [375, 1440])
def test_batch_report_fits_the_screen(page, live_server, admin_user, width):
    from articles.models import ImportBatch

    # Failure reasons as the importer writes them: long dates and URLs with no space to break at, a long
    # file name on every line.
    name = "wire-archive-" + "second-half-complete-dump-" * 3 + "final.jsonl"
    url = "https://archive.example.org/wire/1987/03/" + "commodities-desk-overnight-summary-" * 4 + "final.html"
    report = [
        {"status": "failed", "file": name, "position": i, "title": "", "error": f"published: unrecognised date {url!r}"}
        for i in range(1, 6)
    ] + [
        {"status": "imported", "file": name, "position": i, "title": f"Story {i}", "article_id": None}
        for i in range(6, 40)
    ]
    batch = ImportBatch.objects.create(total=39, imported=34, failed=5, report=report, files=[name], origin="command")
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/importbatch/{batch.pk}/change/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")  # pytest-django's admin_user
    page.press("#id_password", "Enter")
    page.wait_for_url(f"**/importbatch/{batch.pk}/change/")
    reason = page.locator("#report td", has_text="unrecognised date").first
    expect(reason).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    box = reason.bounding_box()
    # Not implied by the page width above: a table inside its own scroll container (overflow: auto) keeps
    # the page within the screen while its cells run past the right edge, and this line then fails.
    assert box["x"] >= 0 and box["x"] + box["width"] <= width  # the reason wraps within the screen
    lines = "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"
    for status in ("failed", "imported"):  # each status word on one line, not broken inside
        assert page.locator(f"#report td.status-{status}").first.evaluate(lines) == 1
