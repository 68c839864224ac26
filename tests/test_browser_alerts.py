"""Saved searches in the real Chromium: sign in, save the search typed (live, through htmx), rename it
with the keyboard, choose e-mails, delete it; the same with JavaScript off; the account page at phone width."""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from articles.models import SavedSearch
from tests.factories import RECORDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
PASSWORD = "a long passphrase for the browser"


@pytest.fixture
def archive(make_articles, django_user_model):
    make_articles(*RECORDS)
    django_user_model.objects.create_user("reader", email="reader@example.net", password=PASSWORD)


def sign_in(page, live_server, next_path: str = "/") -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={quote(next_path)}")
    page.fill("input[name=username]", "reader")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}{next_path}")


def test_save_rename_choose_emails_and_delete(page, live_server, archive):
    sign_in(page, live_server)
    page.fill("#q", "football")  # the results (and the save form with them) update without a page load
    expect(page.locator("ol.results > li")).to_have_count(1)
    expect(page.locator("form.save-search input[name=qs]")).to_have_value("q=football")
    page.click("form.save-search button")
    page.wait_for_url("**/account/**")
    expect(page.locator("[role=status]")).to_contain_text("Saved “football”.")
    expect(page.locator("ul.saved-searches > li")).to_have_count(1)
    assert SavedSearch.objects.get().querystring == "q=football"

    name = page.locator("ul.saved-searches input[name=name]")
    name.fill("Football finals")
    name.press("Enter")  # the keyboard: Enter submits the first button, "Save changes"
    expect(page.locator("a.saved-open")).to_have_text("Football finals")
    page.select_option("ul.saved-searches select[name=frequency]", "weekly")
    page.click("text=Save changes")
    expect(page.locator("ul.saved-searches select[name=frequency]")).to_have_value("weekly")
    assert SavedSearch.objects.get().frequency == "weekly"

    page.click("a.saved-open")
    page.wait_for_url("**/?q=football")
    expect(page.locator("ol.results > li")).to_have_count(1)
    page.click("header >> text=Account")
    page.click("ul.saved-searches button:has-text('Delete')")
    expect(page.locator("[role=status]")).to_contain_text("Deleted “Football finals”.")
    expect(page.locator("ul.saved-searches")).to_have_count(0)
    assert not SavedSearch.objects.exists()


def test_saved_searches_work_with_javascript_off(browser, live_server, archive):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "/?q=kenya")
    page.fill("#save-search-name", "Kenya")
    page.press("#save-search-name", "Enter")
    page.wait_for_url("**/account/**")
    expect(page.locator("a.saved-open")).to_have_text("Kenya")
    page.locator("ul.saved-searches input[name=name]").fill("Kenya, all of it")
    page.click("text=Save changes")
    expect(page.locator("a.saved-open")).to_have_text("Kenya, all of it")
    page.click("text=Private feed")  # <details> opens without JavaScript
    old = page.locator(".saved-feed a").first.get_attribute("href")
    page.click("text=Replace the feed address")
    page.click("text=Private feed")
    assert page.locator(".saved-feed a").first.get_attribute("href") != old
    page.click("ul.saved-searches button:has-text('Delete')")
    expect(page.locator("ul.saved-searches")).to_have_count(0)
    context.close()


@pytest.mark.parametrize("width", [375, 1440])
def test_account_page_fits_the_screen(page, live_server, archive, width, django_user_model):
    from articles.services import alerts as services_alerts

    reader = django_user_model.objects.get(username="reader")
    for qs, name in (("q=kenya&country=KE&country=TZ&sort=newest", "Kenya and Tanzania, newest first"), ("", "")):
        services_alerts.saved_search_create(user=reader, name=name or "Everything", querystring=qs)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "/account/")
    expect(page.locator("ul.saved-searches > li")).to_have_count(2)
    page.click("ul.saved-searches details summary >> nth=0")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    if os.environ.get("NEWSARCHIVE_SCREENSHOTS"):  # for a person to look at; never committed
        page.screenshot(path=f"{os.environ['NEWSARCHIVE_SCREENSHOTS']}/account-{width}.png", full_page=True)
