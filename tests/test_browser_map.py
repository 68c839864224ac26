"""Chromium: the map colours every country with matches, points only where a click does something,
names countries, has a legend, and logs no Content-Security-Policy error."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

COUNTRIES = {
    "PE": "Peru", "CL": "Chile", "KE": "Kenya", "GH": "Ghana", "NO": "Norway", "JP": "Japan", "IN": "India",
    "EG": "Egypt", "CA": "Canada", "MX": "Mexico", "BR": "Brazil", "ES": "Spain", "VN": "Vietnam",
}  # fmt: skip


@pytest.fixture
def archive(make_articles):
    make_articles(
        *(
            {
                "id": f"c-{code}",
                "title": f"Fishing fleet of {name} returns with a record catch",
                "body": f"The fishing fleet of {name} returned to port with a record catch, the fisheries ministry "
                f"of {name} said on Monday. Fishermen in {name} said the season had been calm.",
                "published": f"2021-0{i % 9 + 1}-11",
            }
            for i, (code, name) in enumerate(COUNTRIES.items())
        )
    )


def test_map_colours_every_country_with_matches_and_names_them(page, live_server, archive):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + "/?q=fishing")
    classes = page.locator("svg.worldmap").get_attribute("class")
    assert all(f"map-{code.lower()}-" in classes for code in COUNTRIES), classes  # 13 > the ten listed
    matched = page.locator("svg.worldmap .has-matches")
    expect(matched).to_have_count(len(COUNTRIES))  # inlined by map.js
    peru = page.locator("svg.worldmap [data-code='PE']")
    expect(peru.locator("title")).to_have_text("Peru: 1 article")
    assert peru.evaluate("e => getComputedStyle(e).cursor") == "pointer"
    france = page.locator("svg.worldmap [data-code='FR']")
    assert france.evaluate("e => getComputedStyle(e).cursor") != "pointer"  # no matches, no click
    assert france.locator("title").count() == 0
    # The inlined shapes are coloured by the stylesheet (the inline styles are gone).
    assert peru.evaluate("e => getComputedStyle(e).fill") != france.evaluate("e => getComputedStyle(e).fill")
    expect(page.locator("figure.map .map-legend li")).not_to_have_count(0)
    page.wait_for_timeout(300)
    assert errors == []
