"""What a reader sees of an article: in results (source, byline, tags as links) and on its page
(evidence marked in the text, people and organisations linked to their searches, citations, JSON)."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from articles.models import Article

TRADE = {
    "id": "t-1",
    "title": "Ghana and Togo open a new border market",
    "body": "ACCRA, May 4 - Ghana and Togo opened a market at their shared border on Friday. Traders from Ghana "
    "said the market would cut the cost of moving cocoa and yams. President Nana Akufo-Addo said the African "
    "Development Bank had paid for the roads.\n\nOfficials in Togo welcomed the plan.",
    "published": "2021-05-04T08:00:00Z",
    "source": "Coast Courier",
    "authors": ["Ama Mensah", "Kofi Boateng"],
}
UNDATED = {"id": "t-2", "title": "Markets in Lome", "body": "Traders in Lome, Togo, sold fish and cloth at the port."}


@pytest.fixture
def trade(make_articles):
    make_articles(TRADE, UNDATED)
    return Article.objects.get(external_id="t-1")


@pytest.mark.django_db
def test_results_show_source_byline_and_tags_as_links(client, trade):
    html = client.get("/?q=market").content.decode()
    hit = html[html.index('<ol class="results"') :]
    assert "Coast Courier" in hit and "By Ama Mensah, Kofi Boateng" in hit
    assert 'href="/countries/GH/"' in hit and 'href="/countries/TG/"' in hit
    assert re.search(r'href="/topics/medtop:\d{8}/"', hit)


@pytest.mark.django_db
def test_article_page_marks_evidence_in_the_text(client, trade):
    html = client.get(trade.get_absolute_url()).content.decode()
    assert "chars " not in html  # offsets are for machines: the text itself is marked
    body = html[html.index('id="body"') : html.index("</div>", html.index('id="body"'))]
    assert '<mark class="evidence" id="m-country-GH-1" data-tag="country-GH">ACCRA</mark>' in body
    assert body.count('data-tag="country-GH"') == 3 and body.count("<p>") == 2  # paragraphs kept
    assert 'href="#m-country-GH-1" data-tag="country-GH"' in html  # the tag's link to its first mention


@pytest.mark.django_db
def test_article_page_links_people_and_organisations_to_their_searches(client, trade):
    html = client.get(trade.get_absolute_url()).content.decode()
    assert 'href="/?q=person%3A%22Nana+Akufo-Addo%22"' in html
    people = client.get("/?q=person%3A%22Nana+Akufo-Addo%22").content.decode()
    assert trade.get_absolute_url() in people


@pytest.mark.django_db
def test_article_page_offers_citations_and_json(client, trade):
    html = client.get(trade.get_absolute_url()).content.decode()
    assert (
        "Mensah, A., &amp; Boateng, K. (2021, May 4). Ghana and Togo open a new border market. Coast Courier." in html
    )
    assert "Ama Mensah, Kofi Boateng. “Ghana and Togo open a new border market.” Coast Courier, May 4, 2021." in html
    assert f"@article{{mensah-2021-{trade.pk}," in html
    assert f'href="/api/articles/{trade.pk}/"' in html
    undated = client.get(Article.objects.get(external_id="t-2").get_absolute_url()).content.decode()
    assert "(n.d.). Markets in Lome." in undated


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_clicking_a_tag_highlights_its_mentions_and_scrolls_to_the_first(page, live_server, make_articles):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    long_body = TRADE["body"] + "\n\n" + "\n\n".join(f"Paragraph {i} about cocoa prices and roads." for i in range(60))
    make_articles(dict(TRADE, body=long_body + "\n\nThe last word went to Togo's trade minister."))
    article = Article.objects.get()
    page.set_viewport_size({"width": 1440, "height": 700})
    page.goto(live_server.url + article.get_absolute_url())
    togo = page.locator("mark.evidence[data-tag='country-TG']")
    expect(togo).to_have_count(3)
    page.locator("aside.tags a.show-evidence[data-tag='country-TG']").click()
    for i in range(3):
        expect(togo.nth(i)).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator("mark.evidence.active")).to_have_count(3)  # Ghana's mentions are not highlighted
    expect(togo.first).to_be_in_viewport()


@pytest.mark.django_db
def test_a_country_inside_an_organisation_name_is_marked_too(client, make_articles):
    make_articles(
        {
            "id": "n-1",
            "title": "Loan for a port",
            "body": "The Development Bank of Ghana lent money for a new port, officials in Accra said on Monday.",
            "published": "2022-01-10",
        }
    )
    article = Article.objects.get()
    html = client.get(article.get_absolute_url()).content.decode()
    body = html[html.index('id="body"') : html.index("</div>", html.index('id="body"'))]
    body = re.sub(r'<mark [^>]*data-tag="topic-\d+">([^<]*)</mark>', r"\1", body)  # topic words: not the point here
    if 'data-tag="entity-' in body:  # the organisation was found: Ghana is marked inside its mark
        assert re.search(
            r'<mark [^>]*data-tag="entity-\d+">[^<]*<mark [^>]*data-tag="country-GH">Ghana</mark></mark>', body
        )
    assert 'data-tag="country-GH">Ghana</mark>' in body


def marks_of(html: str, key: str) -> list[str]:
    """The text of each mark of one tag (up to its first inner mark's end: enough for single words)."""
    return [
        re.sub(r"<[^>]+>", "", m)
        for m in re.findall(rf'<mark class="evidence" id="m-{key}-\d+" data-tag="{key}">(.*?)</mark>', html)
    ]


@pytest.mark.django_db
def test_article_page_marks_each_topic_s_evidence_words_in_the_text(client, trade):
    from articles.extraction.topics import tokens

    link = trade.topics.get()
    key = "topic-" + link.topic_id.removeprefix("medtop:")
    # The classifier's words for this story (its model decides them) include these three.
    assert {"market", "trader", "cocoa"} <= set(link.evidence)
    html = client.get(trade.get_absolute_url()).content.decode()
    title = html[html.index('<h1 id="article-title">') : html.index("</h1>")]
    body = html[html.index('id="body"') : html.index("</div>", html.index('id="body"'))]
    assert marks_of(title, key) == ["market"]  # the headline is evidence too
    marked = marks_of(body, key)
    assert marked.count("market") == 2 and "Traders" in marked and "cocoa" in marked  # word forms, not terms
    assert all(" ".join(tokens(m)) in link.evidence for m in marked)  # nothing else is marked
    assert "<p>" in body and body.count("<p>") == 2  # the marks did not break the paragraphs
    n = len(marked) + 1
    assert (
        f'href="#m-{key}-1" data-tag="{key}" aria-controls="article-title body">show its {n} words in the text' in html
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("how", ["click", "keyboard"])
def test_a_topic_s_words_are_highlighted_and_the_first_scrolled_to(page, live_server, make_articles, how):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    long_body = TRADE["body"] + "\n\n" + "\n\n".join(f"Paragraph {i} about the weather and roads." for i in range(60))
    make_articles(dict(TRADE, title="Border opened", body=long_body + "\n\nThe cocoa traders went home."))
    article = Article.objects.get()
    key = "topic-" + article.topics.get().topic_id.removeprefix("medtop:")
    page.set_viewport_size({"width": 1440, "height": 700})
    page.goto(live_server.url + article.get_absolute_url())
    words = page.locator(f"mark.evidence[data-tag='{key}']")
    expect(words.first).to_be_attached()
    count = words.count()
    assert count >= 3
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(words.first).not_to_be_in_viewport()
    show = page.locator(f"aside.tags a.show-evidence[data-tag='{key}']")
    if how == "click":
        show.click()
    else:
        show.focus()  # reached by Tab like any link; Enter follows it
        page.keyboard.press("Enter")
    expect(page.locator(f"mark.evidence.active[data-tag='{key}']")).to_have_count(count)
    expect(page.locator("mark.evidence.active")).to_have_count(count)  # the countries' marks are not lit
    expect(words.first).to_be_in_viewport()
    expect(words.first).to_be_focused()
    expect(show).to_have_attribute("aria-pressed", "true")
