"""Wire-copy rules of the country tagger's ``about`` decision (issue 13, wire about-F1).

Every sentence here is invented for these tests; none is copied from a corpus.
"""

from __future__ import annotations

import pytest

from articles.extraction.countries import tag_countries


def about(body: str, **kw: object) -> set[str]:
    return {t.code for t in tag_countries(body, **kw) if t.about}


def listed(body: str, **kw: object) -> set[str]:
    return {t.code for t in tag_countries(body, **kw)}


# (title, dateline, body, expected about, expected listed) -- a country naming a currency
@pytest.mark.parametrize(
    ("title", "dateline", "body", "expected", "expected_listed"),
    [
        # a bond's currency in the title is no subject
        (
            "ACME FINANCE ISSUES 50 MLN CANADIAN DLR BOND",
            "LONDON, June 4 -",
            "Acme Finance is issuing a 50 mln dlr bond due 1995 paying 9 pct, lead manager Fictive "
            "Bank said. The bond is priced at 101 and will be listed in Luxembourg.",
            {"GB"},
            {"GB", "CA", "LU"},
        ),
        # the same with a country's name instead of a demonym
        (
            "ZETA BANK PLANS 30 MLN NEW ZEALAND DLR NOTES",
            "FRANKFURT, June 4 -",
            "Zeta Bank plans to raise 30 mln dlrs through a note issue, a spokesman said.",
            {"DE"},
            {"DE", "NZ"},
        ),
        # currency mentions in the body count half: three of them do not make Australia a subject
        (
            "",
            "",
            "PARIS (AFP) - Carmaker Exemplar said on Tuesday it would sell bonds worth 300 million "
            "Australian dollars. Bankers said the Australian dollar tranche was well received, "
            "and a second Australian dollar deal could follow in the autumn.",
            {"FR"},
            {"FR", "AU"},
        ),
        # a demonym before a word that is only a currency after a demonym ("marks", "won")
        (
            "",
            "",
            "TOKYO (Kyodo) - A trading house repaid loans of 40 million West German marks on Monday. "
            "Dealers said West German marks were in demand, and more West German marks loans are due.",
            {"JP"},
            {"JP", "DE"},
        ),
    ],
)
def test_currency_is_no_subject(
    title: str, dateline: str, body: str, expected: set[str], expected_listed: set[str]
) -> None:
    assert about(body, title=title, dateline=dateline) == expected
    assert listed(body, title=title, dateline=dateline) == expected_listed


# Guards: cases the currency rule must leave alone (they held before it too).
@pytest.mark.parametrize(
    ("title", "dateline", "body", "expected", "expected_listed"),
    [
        # but a name before the same word is a verb: "Korea won", "Japan marks"
        (
            "",
            "",
            "SEOUL (Yonhap) - South Korea won its bid to host the games, officials said. South Korea "
            "will now build a new stadium, and South Korea expects a tourism boost.",
            {"KR"},
            {"KR"},
        ),
        # a country's name before "dollar" in the title is still the subject when the body is about it
        (
            "AUSTRALIAN DOLLAR FALLS AS CANBERRA CUTS RATES",
            "SYDNEY, June 4 -",
            "The Australian dollar fell after the Reserve Bank of Australia cut its cash rate.",
            {"AU"},
            {"AU"},
        ),
    ],
)
def test_currency_rule_guards(
    title: str, dateline: str, body: str, expected: set[str], expected_listed: set[str]
) -> None:
    assert about(body, title=title, dateline=dateline) == expected
    assert listed(body, title=title, dateline=dateline) == expected_listed


# (dateline, expected about) -- dateline spellings that resolve to their country
@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("BLUEFIELD, W. Va., May 6 -", {"US"}),  # an abbreviation with a space and its dot
        ("HORSHAM, Penn., May 6 -", {"US"}),  # the longer Pennsylvania abbreviation
        ("BANGOR, Me., May 6 -", {"US"}),  # Maine's abbreviation
        ("PINE HOLLOW, MA., May 6 -", {"US"}),  # a postal code, as press releases write them
        ("CEDAR NOTCH, AR (BUSINESS WIRE) -", {"US"}),
        ("LAKE PLACID, N.Y. May 6 -", {"US"}),  # no comma before the date
        ("JOHANNESBURG May 6 -", {"ZA"}),
        ("GREENWICH Conn., May 6 -", {"US"}),  # no comma before the state
        ("ST LOUIS, May 6 -", {"US"}),  # "St" without its dot
        ("SAINT LOUIS, May 6 -", {"US"}),
        ("FT. WORTH, May 6 -", {"US"}),  # "Ft." for Fort
        ("DUESSELDORF, May 6 -", {"DE"}),  # an umlaut written out
        ("ZUERICH, May 6 (dpa) -", {"CH"}),
        ("***LONDON, May 6 -", {"GB"}),  # marks before the place
    ],
)
def test_dateline_spellings(dateline: str, expected: set[str]) -> None:
    assert about("The company said sales rose in the quarter.", dateline=dateline) == expected


# (title, dateline, body, expected about, expected listed) -- a place inside a company's name
@pytest.mark.parametrize(
    ("title", "dateline", "body", "expected", "expected_listed"),
    [
        # a corporate suffix ends the name: the country is a mention, not the subject
        (
            "FRANCE GROWTH FUND INC SETS FIRST DIVIDEND",
            "NEW YORK, June 4 -",
            "France Growth Fund Inc said its board declared a first dividend of 12 cts a share.",
            {"US"},
            {"US", "FR"},
        ),
        # a stock ticker after the name, in the body: three mentions stay weak evidence
        (
            "",
            "",
            "CHICAGO (AP) - Bermuda Star Cruises <BSC> said it would buy two ships. Bermuda Star "
            "Cruises <BSC> shares rose, and Bermuda Star Cruises <BSC> said the deal would close "
            "in August.",
            {"US"},
            {"US", "BM"},
        ),
        # an exchange ticker in brackets, as press releases write it
        (
            "Zambia Copper Mines (NYSE: ZCM) reports record quarter",
            "BOSTON, June 4 (BUSINESS WIRE) -",
            "Zambia Copper Mines (NYSE: ZCM) said revenue rose 12 percent in the quarter.",
            {"US"},
            {"US", "ZM"},
        ),
    ],
)
def test_place_in_company_name(
    title: str, dateline: str, body: str, expected: set[str], expected_listed: set[str]
) -> None:
    assert about(body, title=title, dateline=dateline) == expected
    assert listed(body, title=title, dateline=dateline) == expected_listed


# Guards: the company rule leaves these alone.
@pytest.mark.parametrize(
    ("title", "dateline", "body", "expected"),
    [
        # a possessive ends the name: Japan is the subject
        (
            "",
            "",
            "TOKYO (Kyodo) - Japan's Example Motor Co said exports fell. Japan's trade ministry said "
            "Japan would review the figures.",
            {"JP"},
        ),
        # an all-capitals headline: the ticker names the other firm, not the Hong Kong one
        (
            "HONG KONG FIRM BOOSTS STAKE IN ACME <ACM>",
            "WASHINGTON, June 4 -",
            "A Hong Kong investment firm raised its stake in Acme Corp to 9.8 pct, a filing showed.",
            {"US", "HK"},
        ),
    ],
)
def test_company_rule_guards(title: str, dateline: str, body: str, expected: set[str]) -> None:
    assert about(body, title=title, dateline=dateline) == expected


# (title, dateline, body, expected about, expected listed) -- agreements and groups named after a place
@pytest.mark.parametrize(
    ("title", "dateline", "body", "expected", "expected_listed"),
    [
        # a headline naming an accord after the city where it was made
        (
            "TOKYO ACCORD HOLDS, MINISTER SAYS",
            "WASHINGTON, June 4 -",
            "The Treasury secretary said the Tokyo accord on currencies was holding.",
            {"US"},
            {"US", "JP"},
        ),
        # a round of trade talks named after a country
        (
            "",
            "",
            "SEOUL (Yonhap) - South Korea urged faster progress in the Uruguay Round of trade talks. "
            "Officials said the Uruguay Round could help exporters, and that the Uruguay Round "
            "should end this year.",
            {"KR"},
            {"KR", "UY"},
        ),
        # agreements named after a capital, however often they are named
        (
            "",
            "",
            "KYIV (AFP) - Ukraine said the Minsk agreements had failed. The Minsk agreements set "
            "out a ceasefire, critics of the Minsk agreements said, and the Minsk agreements never "
            "took effect.",
            {"UA"},
            {"UA", "BY"},
        ),
    ],
)
def test_named_after_a_place(
    title: str, dateline: str, body: str, expected: set[str], expected_listed: set[str]
) -> None:
    assert about(body, title=title, dateline=dateline) == expected
    assert listed(body, title=title, dateline=dateline) == expected_listed


# an amount of money in a country's currency names no subject, however many amounts there are
@pytest.mark.parametrize(
    ("body", "expected", "expected_listed"),
    [
        (
            "TOKYO (Kyodo) - Example Trading raised 40 million U.S. dollars in a loan and 20 million "
            "U.S. dollars in notes. It will repay 30 million U.S. dollars in May, 10 million U.S. "
            "dollars in June and 15 mln U.S. dlrs next year.",
            {"JP"},
            {"JP", "US"},
        ),
        (
            "SINGAPORE (AFP) - A shipping group borrowed 500 million Hong Kong dollars, then 200 "
            "million Hong Kong dollars, and said another 300 million Hong Kong dollars and 2 billion "
            "Hong Kong dollars would follow.",
            {"SG"},
            {"SG", "HK"},
        ),
    ],
)
def test_amount_of_money(body: str, expected: set[str], expected_listed: set[str]) -> None:
    assert about(body) == expected
    assert listed(body) == expected_listed
