"""The advanced-search form: its boxes become an ordinary q, its result an ordinary search; and the
search box's autocomplete (an ARIA combobox driven by /suggest/)."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from articles.advanced import compose_query
from tests.factories import RECORDS


@pytest.mark.parametrize(
    ("boxes", "q"),
    [
        ({"all_words": "solar power"}, "solar power"),  # all the words, as typed
        ({"phrase": 'power "plant'}, '"power plant"'),  # one phrase; stray quotes dropped
        ({"any_words": "kenya tanzania"}, "(kenya OR tanzania)"),  # any: an OR group
        ({"any_words": "kenya"}, "kenya"),  # one word needs no group
        ({"any_words": "kenya OR (brazil)"}, "(kenya OR brazil)"),  # operators and brackets typed are not words
        ({"none_words": "cricket -football"}, "-cricket -football"),  # none: each word excluded
        ({"q": "title:budget", "all_words": "vote", "none_words": "tax"}, "title:budget vote -tax"),  # after q
        ({}, ""),
    ],
)
def test_compose_query(boxes, q):
    assert compose_query(**boxes) == q


def redirect_params(response) -> dict:
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/"
    return parse_qs(url.query)


@pytest.mark.django_db
def test_the_form_submits_to_an_ordinary_search(client, make_articles):
    make_articles(*RECORDS)
    response = client.get(
        "/?all=kenya&phrase=&any=solar+trade&none=maize&from=2020-01-01&to=&source=&section=&country=KE&topic=&lang=en"
    )
    assert redirect_params(response) == {
        "q": ["kenya (solar OR trade) -maize"],
        "from": ["2020-01-01"],
        "country": ["KE"],
        "lang": ["en"],
    }
    html = client.get(response["Location"]).content.decode()
    assert "power plant near Lake Turkana" in html and "agree on new border" not in html  # -maize


@pytest.mark.django_db
def test_advanced_page_is_linked_beside_the_box_and_lists_the_archive_s_values(client, make_articles):
    make_articles(*RECORDS)
    search = client.get("/?q=kenya").content.decode()
    assert 'href="/advanced/?q=kenya">Advanced search</a>' in search
    assert (
        'href="/advanced/?country=KE&amp;sort=newest">Advanced search</a>'
        in client.get("/countries/KE/").content.decode()
    )
    page = client.get("/advanced/?q=kenya").content.decode()
    assert 'action="/" method="get"' in page
    assert 'name="all" type="text" value="kenya"' in page  # prefilled from the search
    assert '<option value="BR">Brazil</option>' in page and '<option value="Daily Planet">Daily Planet</option>' in page
    assert "medtop:15000000" in page  # topics by name, all of them


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_autocomplete_is_a_keyboard_combobox(page, live_server, make_articles):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    make_articles(*RECORDS)
    page.goto(live_server.url + "/")
    box = page.locator("#q")
    expect(box).to_have_attribute("role", "combobox")
    page.type("#q", "Ken", delay=30)
    options = page.locator("#q-suggestions [role=option]")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "q-suggestion-0")
    chosen = options.first.inner_text()
    page.keyboard.press("Enter")
    expect(box).to_have_value(chosen)
    expect(page.locator("#q-suggestions")).to_be_hidden()
    page.wait_for_url(lambda url: "q=" in url)
    page.type("#q", " x", delay=30)
    page.keyboard.press("Escape")
    expect(page.locator("#q-suggestions")).to_be_hidden()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_javascript_the_box_is_plain(browser, live_server, make_articles):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    make_articles(*RECORDS)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/advanced/")
    page.fill("#adv-any", "solar football")
    page.select_option("#adv-country", "BR")
    page.click("form.advanced button[type=submit]")
    page.wait_for_url("**country=BR**")
    assert page.locator("#q").get_attribute("role") is None
    assert page.locator("#q").input_value() == "(solar OR football)"
    expect(page.locator("ol.results > li")).to_have_count(1)
    context.close()
