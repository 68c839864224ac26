"""The advanced-search form: its boxes become an ordinary q, its result an ordinary search; and the
search box's autocomplete (an ARIA combobox driven by /suggest/)."""

from __future__ import annotations

import html as html_lib
import os
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from playwright.sync_api import expect

from articles.advanced import compose_query, decompose_query
from articles.search.params import SearchParams
from tests.factories import RECORDS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


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


@pytest.mark.parametrize(
    ("q", "boxes"),
    [
        ("kenya (solar OR trade) -maize", {"all": "kenya", "any": "solar trade", "none": "maize"}),  # as composed
        ('kenya "power plant"', {"all": "kenya", "phrase": "power plant"}),
        ('(a OR b) "x y" -z', {"all": "(a OR b)", "phrase": "x y", "none": "z"}),  # a group before the phrase
        ('x "a b" "c d"', {"all": 'x "a b"', "phrase": "c d"}),  # one phrase box: the last phrase
        ("(a OR b OR c) (d OR e)", {"all": "(a OR b OR c)", "any": "d e"}),  # one any box: the last group
        ("w -x y -z", {"all": "w -x y", "none": "z"}),  # only the trailing exclusions
        ("kenya -title:budget", {"all": "kenya", "none": "title:budget"}),  # "-field:word" composes back
        ('title:"x y" -z', {"all": 'title:"x y"', "none": "z"}),  # a field's phrase is not the phrase box
        ('"power plant" kenya', {"all": '"power plant" kenya'}),  # moved behind "all", q would change
        ('kenya "power  plant"', {"all": 'kenya "power  plant"'}),  # the box would change its spacing
        ('-"a b" w', {"all": '-"a b" w'}),  # an excluded phrase has no box
        ("w -(a OR b)", {"all": "w -(a OR b)"}),  # nor an excluded group
        ("(a b)", {"all": "(a b)"}),  # a group without OR is not "any"
        ("(or OR b)", {"all": "(or OR b)"}),  # "or" would be dropped from the any box
        ("kenya OR uganda -maize", {"all": "kenya OR uganda -maize"}),  # a top-level OR binds across boxes
        ("k AND j -x", {"all": "k AND j -x"}),  # likewise AND / NOT
        ("(a OR (b OR c))", {"all": "(a OR (b OR c))"}),  # nested brackets: whole
        ('"a b', {"all": '"a b'}),  # a lone quote: whole
        ("", {}),
    ],
)
def test_decompose_query(q, boxes):
    assert decompose_query(q) == {"all": "", "phrase": "", "any": "", "none": "", **boxes}


@pytest.mark.parametrize(
    "q", ["kenya (solar OR trade) -maize", 'kenya "power plant" -football', 'title:"x y" (a OR b) -c', "a OR b"]
)
def test_decomposed_boxes_compose_to_the_same_query(q):
    boxes = decompose_query(q)
    again = compose_query(
        all_words=boxes["all"], phrase=boxes["phrase"], any_words=boxes["any"], none_words=boxes["none"]
    )
    assert again == q


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


def field_value(html: str, name: str) -> str:
    tag = re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)
    return html_lib.unescape(re.search(r'value="([^"]*)"', tag).group(1))


def selected(html: str, select_id: str) -> list[str]:
    block = html[html.index(f'id="{select_id}"') :]
    block = block[: block.index("</select>")]
    return re.findall(r'<option value="([^"]*)" selected>', block)


@pytest.mark.django_db
def test_advanced_page_prefills_every_field_from_the_search(client, make_articles):
    make_articles(*RECORDS)
    qs = (
        "q=kenya+%22power+plant%22+(solar+OR+trade)+-maize&country=KE&country=BR&country=-TZ&topic=medtop:15000000"
        "&source=Daily+Planet&section=Science&lang=en&from=2020-01-01&to=2023-12-31&sort=newest&person=Amara+Okafor"
        "&year=2023&size=50"
    )
    html = client.get("/advanced/?" + qs).content.decode()
    assert {box: field_value(html, box) for box in ("all", "phrase", "any", "none")} == {
        "all": "kenya",
        "phrase": "power plant",
        "any": "solar trade",
        "none": "maize",
    }
    assert (field_value(html, "from"), field_value(html, "to"), field_value(html, "section")) == (
        "2020-01-01",
        "2023-12-31",
        "Science",
    )
    assert selected(html, "adv-country") == ["KE"]
    assert selected(html, "adv-topic") == ["medtop:15000000"]
    assert selected(html, "adv-source") == ["Daily Planet"]
    assert selected(html, "adv-lang") == ["en"]
    assert selected(html, "adv-sort") == ["newest"]
    # What the form has no field for is kept, ticked, with its own parameter.
    kept = re.findall(r'type="checkbox" name="([^"]+)" value="([^"]+)" checked><label [^>]*>([^<]+)<', html)
    assert kept == [
        ("country", "BR", "Country: Brazil"),
        ("country", "-TZ", "Not country: Tanzania"),
        ("year", "2023", "Year: 2023"),
        ("person", "Amara Okafor", "Person: Amara Okafor"),
    ]
    assert '<input type="hidden" name="size" value="50">' in html


@pytest.mark.django_db
def test_submitting_the_prefilled_form_gives_the_same_search(client, make_articles):
    make_articles(*RECORDS)
    qs = "q=kenya+(solar+OR+trade)+-maize&country=KE&country=-TZ&source=Daily+Planet&lang=en&from=2020-01-01"
    html = client.get("/advanced/?" + qs).content.decode()
    form = html[html.index('<form class="advanced"') : html.index("</form>", html.index('<form class="advanced"'))]
    submitted = []  # what a browser sends: every named input and each select's chosen option (or its first)
    for tag in re.findall(r"<input [^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if name and ('type="checkbox"' not in tag or " checked" in tag):
            value = re.search(r'value="([^"]*)"', tag)
            submitted.append((name.group(1), html_lib.unescape(value.group(1)) if value else ""))
    for name, options in re.findall(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = (
            re.findall(r'<option value="([^"]*)" selected>', options)
            or re.findall(r'<option value="([^"]*)"', options)[:1]
        )
        submitted.append((name, html_lib.unescape(chosen[0])))
    response = client.get("/", submitted)
    again = SearchParams.from_querydict(QueryDict(urlsplit(response["Location"]).query))
    assert again.to_pairs() == SearchParams.from_querydict(QueryDict(qs)).to_pairs()


@pytest.mark.django_db
def test_advanced_link_follows_the_search_as_it_changes(client, make_articles):
    make_articles(*RECORDS)
    # A facet clicked or a query typed updates the results by htmx: the link beside the box, outside the
    # results, is swapped with them, so it carries the search now shown rather than the one first loaded.
    html = client.get("/?q=kenya&country=KE", headers={"HX-Request": "true"}).content.decode()
    assert re.search(r'<a [^>]*id="advanced-link" href="/advanced/\?q=kenya&amp;country=KE" hx-swap-oob="true">', html)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_advanced_search_from_a_faceted_search_and_back(page, live_server, make_articles):
    make_articles(*RECORDS)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + "/?q=kenya+%22solar+power%22+-maize&sort=newest")
    expect(page.locator("ol.results > li")).to_have_count(1)
    page.click("#filters >> text=Germany")  # a facet, applied by htmx: the page is not reloaded
    page.wait_for_url("**country=DE**")
    expect(page.locator("#filters li.selected")).to_have_count(1)
    search_url = page.url
    page.click("#searchform >> text=Advanced search")  # the link beside the box
    page.wait_for_url("**/advanced/**")
    expect(page.locator("#adv-all")).to_have_value("kenya")
    expect(page.locator("#adv-phrase")).to_have_value("solar power")
    expect(page.locator("#adv-any")).to_have_value("")
    expect(page.locator("#adv-none")).to_have_value("maize")
    expect(page.locator("#adv-country")).to_have_value("DE")
    expect(page.locator("#adv-sort")).to_have_value("newest")
    page.click("form.advanced button[type=submit]")
    page.wait_for_url(lambda url: urlsplit(url).path == "/" and "country=" in url)

    def params(url: str) -> list:
        return SearchParams.from_querydict(QueryDict(urlsplit(url).query)).to_pairs()

    assert params(page.url) == params(search_url)
    expect(page.locator("#q")).to_have_value('kenya "solar power" -maize')
    expect(page.locator("ol.results > li")).to_have_count(1)
    expect(page.locator("#filters li.selected")).to_have_count(1)
