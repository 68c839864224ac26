"""Pasted text in twelve site layouts of our own writing, modelled on news sites of different
countries (issue 12). Each gives its expected title, section, authors, first and last body
paragraph, and words that must not reach the body (widgets, related blocks)."""

from __future__ import annotations

import pytest

from articles.extraction.formats.text import read_text

LAYOUTS = {
    # 1. UK broadsheet: breadcrumb, title, standfirst, "By X, Y Correspondent", date with BST, share row
    "uk_broadsheet": (
        "News > UK > Transport\n\nRail strike called off after late-night talks\n\n"
        "Unions and operators reach a deal hours before the walkout was due to begin\n\n"
        "By Harriet Colwell, Transport Correspondent\n\nPublished 14 March 2024, 06:30 BST\n\n"
        "Share\n\nFacebook\n\nTwitter\n\n"
        "A national rail strike planned for Thursday has been called off after talks that ran past midnight.\n\n"
        "The union said members would vote on the offer next week, and services would run as normal.\n\n"
        "Related Topics\n\nRail travel\n\nTrade unions\n",
        "Rail strike called off after late-night talks",
        "Transport",
        ("Harriet Colwell",),
        "A national rail strike",
        "The union said members",
        ["Rail travel", "Trade unions", "Facebook"],
    ),
    # 2. Indian daily: section kicker, title, "Written by", IST date, "Also Read:" inline, dateline with colon
    "india_daily": (
        "India\n\nMonsoon arrives early in Kerala, IMD says rains will be normal\n\n"
        "Written by Anjali Menon | Thiruvananthapuram | Updated: June 1, 2024 10:15 IST\n\n"
        "THIRUVANANTHAPURAM: The southwest monsoon reached the Kerala coast two days ahead of schedule on Saturday.\n\n"
        "Also Read: Heatwave grips northern plains as temperatures cross 45 degrees\n\n"
        "The weather office said rainfall this season was expected to be close to the long-period average.\n\n"
        "Most Read\n\nStock markets open higher on budget hopes\n\nCricket team announced for the tour\n",
        "Monsoon arrives early in Kerala, IMD says rains will be normal",
        "India",
        ("Anjali Menon",),
        "The southwest monsoon reached",
        "The weather office said",
        ["Heatwave grips", "Stock markets open", "Cricket team"],
    ),
    # 3. US wire story: "(AP) —" dateline, "By JANE DOE Associated Press", trailing "___" note
    "us_wire": (
        "Wildfire forces evacuations in Northern California\n\n"
        "By MARK ELLISON and RUTH OKAFOR Associated Press\n\nJuly 9, 2024, 4:12 PM ET\n\n"
        "SACRAMENTO, Calif. (AP) — Thousands of residents were ordered to leave their homes on Tuesday as a wildfire spread "
        "through dry hills north of the city.\n\n"
        "Firefighters said strong winds had pushed the flames across a highway in the afternoon.\n\n"
        "Advertisement\n\n"
        "Officials expected the evacuation orders to stay in place at least until the weekend.\n",
        "Wildfire forces evacuations in Northern California",
        "",
        ("Mark Ellison", "Ruth Okafor"),
        "Thousands of residents",
        "Officials expected",
        ["Advertisement"],
    ),
    # 4. German news site: kicker with colon, title, "Von X", date "15.03.2024, 08:00 Uhr", "Mehr zum Thema"
    "german_site": (
        "Politik\n\nBundestag beschließt neues Heizungsgesetz\n\nVon Katrin Albers\n\n15 März 2024\n\n"
        "Der Bundestag hat am Freitag nach langer Debatte das neue Gebäudeenergiegesetz beschlossen.\n\n"
        "Die Opposition kündigte an, gegen das Gesetz vor dem Verfassungsgericht zu klagen.\n\n"
        "Mehr zum Thema\n\nWas das Gesetz für Mieter bedeutet\n\nSo funktioniert eine Wärmepumpe\n",
        "Bundestag beschließt neues Heizungsgesetz",
        "Politik",
        ("Katrin Albers",),
        "Der Bundestag hat",
        "Die Opposition kündigte",
        ["Was das Gesetz", "Wärmepumpe"],
    ),
    # 5. French daily: "Par X", "Publié le ... à ...", "Lire aussi :" inline, "Partager"
    "french_daily": (
        "International\n\nLes négociations sur le climat reprennent à Bonn\n\nPar Claire Dubois\n\n"
        "Publié le 3 juin 2024 à 09h30\n\nPartager\n\n"
        "Les délégués de près de deux cents pays se retrouvent à Bonn pour préparer la prochaine conférence.\n\n"
        "Lire aussi : La sécheresse menace les récoltes en Espagne\n\n"
        "Les discussions porteront surtout sur le financement de l'adaptation des pays les plus pauvres.\n",
        "Les négociations sur le climat reprennent à Bonn",
        "International",
        ("Claire Dubois",),
        "Les délégués de près",
        "Les discussions porteront",
        ["sécheresse", "Partager"],
    ),
    # 6. Spanish daily: "Por X", agency dateline "MADRID (EFE).-", "Noticias relacionadas"
    "spanish_daily": (
        "Economía\n\nEl paro baja en mayo hasta su nivel más bajo desde 2008\n\nPor Lucía Ferrer\n\n"
        "MADRID, 4 Jun (EFE) - El número de desempleados bajó en mayo en casi sesenta mil personas, según los datos oficiales.\n\n"
        "El Gobierno atribuyó la mejora al turismo y a la construcción.\n\n"
        "Noticias relacionadas\n\nLa inflación se modera en mayo\n\nEl Banco de España eleva su previsión\n",
        "El paro baja en mayo hasta su nivel más bajo desde 2008",
        "Economía",
        ("Lucía Ferrer",),
        "El número de desempleados",
        "El Gobierno atribuyó",
        ["La inflación se modera", "Banco de España"],
    ),
    # 7. Australian site: title first, author on its own line without "By", "Updated" date, "Read more" links
    "australia": (
        "Great Barrier Reef suffers fifth mass bleaching in eight years\n\nSophie Nguyen\n\n"
        "Updated 8 March 2024, 11:02 AEDT\n\n"
        "Aerial surveys have found widespread bleaching across the southern part of the reef, scientists said on Friday.\n\n"
        "Read more: Why warmer oceans bleach coral reefs\n\n"
        "The reef authority said it would carry out further surveys in the coming weeks.\n\n"
        "Follow us on Facebook\n",
        "Great Barrier Reef suffers fifth mass bleaching in eight years",
        "",
        ("Sophie Nguyen",),
        "Aerial surveys have found",
        "The reef authority said",
        ["Why warmer oceans", "Follow us"],
    ),
    # 8. Kenyan daily: lines separated by single newlines (no blank lines), "By X", "NAIROBI, Kenya, Mar 5 -"
    "kenya_single_newlines": (
        "Business\nKenya shilling steadies as central bank holds rate\nBy Peter Mwangi\nMarch 5, 2024\n"
        "NAIROBI, Mar 5 - The Kenyan shilling held steady against the dollar on Tuesday after the central bank kept its "
        "benchmark rate unchanged.\n"
        "Traders said demand from importers had eased after the end of the month.\n"
        "You may also like\nTea exports rise on strong demand\nFuel prices unchanged for March\n",
        "Kenya shilling steadies as central bank holds rate",
        "Business",
        ("Peter Mwangi",),
        "The Kenyan shilling held",
        "Traders said demand",
        ["Tea exports", "Fuel prices"],
    ),
    # 9. Brazilian portal: "Por X — São Paulo", date "12/04/2024 14h30", "LEIA TAMBÉM" block in caps
    "brazil_portal": (
        "Política\n\nSenado aprova reforma tributária em segundo turno\n\nPor Ricardo Lima — Brasília\n\n"
        "O Senado aprovou nesta quarta-feira, em segundo turno, o texto da reforma tributária.\n\n"
        "LEIA TAMBÉM\n\nCâmara deve votar o texto na próxima semana\n\nO que muda nos impostos\n\n"
        "A proposta segue agora para a Câmara dos Deputados, que precisa confirmar as mudanças.\n",
        "Senado aprova reforma tributária em segundo turno",
        "Política",
        ("Ricardo Lima",),
        "O Senado aprovou",
        "A proposta segue agora",
        ["Câmara deve votar", "O que muda"],
    ),
    # 10. Japanese English-language daily: "JIJI" credit, caption with photo credit, "Related Tags"
    "japan_english": (
        "Society\n\nTokyo to expand free school meals to all public junior high schools\n\n"
        "Students eat lunch at a school in Tokyo. Photo: Jiji Press\n\n"
        "JIJI\n\nMarch 22, 2024\n\n"
        "The Tokyo metropolitan government will cover the cost of school lunches at all public junior high schools from April.\n\n"
        "The measure is expected to save families about 50,000 yen a year per child.\n\n"
        "Related Tags\n\nEducation\n\nTokyo\n",
        "Tokyo to expand free school meals to all public junior high schools",
        "Society",
        (),
        "The Tokyo metropolitan government",
        "The measure is expected",
        ["Related Tags", "Students eat lunch"],
    ),
    # 11. Nigerian daily: title in upper case, byline with email, "Tags:" line, comments count
    "nigeria_daily": (
        "NEWS\n\nFG UNVEILS NEW MINIMUM WAGE PROPOSAL\n\nBy Chinedu Okeke, Abuja\n\n"
        "June 20, 2024\n\n12 Comments\n\n"
        "The Federal Government on Thursday presented a new minimum wage proposal to organised labour in Abuja.\n\n"
        "Labour leaders said they would study the offer and respond within a week.\n\n"
        "Tags: Labour, Minimum wage\n\nLeave a comment\n",
        "FG UNVEILS NEW MINIMUM WAGE PROPOSAL",
        "NEWS",
        ("Chinedu Okeke",),
        "The Federal Government on Thursday",
        "Labour leaders said",
        ["Tags:", "Comments", "Leave a comment"],
    ),
    # 12. Canadian site with a live-blog style timestamp row and "Trending" list, CRLF line ends
    "canada_crlf": (
        "Canada\r\n\r\nOttawa announces new housing fund for first-time buyers\r\n\r\n"
        "Amira Haddad · The Canadian Press\r\n\r\nPosted: Apr 2, 2024 7:00 AM ET | Last Updated: 3 hours ago\r\n\r\n"
        "The federal government announced a new fund on Tuesday to help first-time buyers with their down payments.\r\n\r\n"
        "The housing minister said the program would open to applications in the summer.\r\n\r\n"
        "Trending\r\n\r\nStorm warnings issued for the Maritimes\r\n\r\nHockey playoffs schedule released\r\n",
        "Ottawa announces new housing fund for first-time buyers",
        "Canada",
        ("Amira Haddad",),
        "The federal government announced",
        "The housing minister said",
        ["Storm warnings", "Hockey playoffs"],
    ),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_pasted_layout(layout: str) -> None:
    text, title, section, authors, first, last, absent = LAYOUTS[layout]
    article = read_text(text)
    paragraphs = article.body.split("\n\n")
    assert article.title == title
    assert article.section == section
    assert article.authors == authors
    assert paragraphs[0].startswith(first), paragraphs[0]
    assert paragraphs[-1].startswith(last), paragraphs[-1]
    for word in absent:
        assert word not in article.body, word


def test_an_unpunctuated_standfirst_under_the_title_is_the_standfirst() -> None:
    article = read_text(LAYOUTS["uk_broadsheet"][0])
    assert article.standfirst == "Unions and operators reach a deal hours before the walkout was due to begin"


def test_bylines_in_other_languages_and_names_with_accents() -> None:
    assert read_text(LAYOUTS["german_site"][0]).authors == ("Katrin Albers",)
    assert read_text(
        "Titre de l'article ici\n\nPar Zoé Lefèvre\n\nLe texte de l'article commence ici et continue."
    ).authors == ("Zoé Lefèvre",)


_WIRE = (
    "Lawmakers in the state capital said on Friday that a budget for New\nJersey approved that day raises spending on schools and\n"
    "roads by four percent, after weeks of talks between the governor and\nthe legislature.\n"
    "    The governor is expected to sign the bill on Monday, his office said in\n"
    "a statement, adding that the measure would take effect in July once the\nsenate had voted.\n"
)


def test_hard_wrapped_wire_text_in_jsonl_is_unwrapped_with_its_paragraphs() -> None:
    import json

    from articles.extraction.formats import read_records

    [raw] = list(read_records(json.dumps({"title": "Budget", "body": _WIRE}).encode(), "a.jsonl"))
    assert raw.body.split("\n\n") == [
        "Lawmakers in the state capital said on Friday that a budget for New Jersey approved that day raises "
        "spending on schools and roads by four percent, after weeks of talks between the governor and the "
        "legislature.",
        "The governor is expected to sign the bill on Monday, his office said in a statement, adding that the "
        "measure would take effect in July once the senate had voted.",
    ]


def test_unwrapped_text_is_left_alone() -> None:
    from articles.extraction.formats.text import unwrap_text

    text = "One paragraph per line, as web pages give it.\nA second one.\n\nAnd a third."
    assert unwrap_text(text) == text


def test_state_abbreviation_datelines() -> None:
    article = read_text(
        "Budget passes\n\nTRENTON, N.J. (Reuters) - Lawmakers approved the budget on Friday after talks."
    )
    assert article.dateline == "TRENTON"
    assert article.body.startswith("Lawmakers approved")
