"""Tests for the IPTC Media Topics classifier (articles/extraction/topics.py).

The short texts below were written for these tests in the style of agency wire items (a headline
plus two sentences); none is taken from a corpus.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from articles.extraction.topics import (
    IPTC_TOP_LEVEL,
    TAG_THRESHOLD,
    classify_topics,
    in_english,
    score_topics,
    term_spans,
)
from articles.extraction.types import TopicTag

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DEV_SET = Path(__file__).resolve().parents[1] / "scripts" / "topics_dev.jsonl"
# Top-1 on scripts/topics_dev.jsonl (285 hand-written items, 11-23 per topic) was 0.958 (273/285)
# with the round-4 weights. Since issue 13 round 5 the trainer also learns from it (--train-dev), so
# it now fits 285/285 and these two tests check that the weights were trained with it; the test of
# accuracy on unseen text is test_style_dev_set_accuracy.
DEV_SET_MIN = 0.97
STYLE_SET = DEV_SET.with_name("topics_dev_style.jsonl")
# scripts/topics_dev_style.jsonl (132 local, feature, opinion and brief items, never trained on):
# 0.727 with the round-4 weights, 0.864 (114/132; half A 64/74, half B 50/58) now; minus ~0.02.
STYLE_SET_MIN = 0.84
LIFESTYLE_SET = DEV_SET.with_name("topics_dev_lifestyle.jsonl")
# scripts/topics_dev_lifestyle.jsonl (26 lifestyle, 10 science items in the same styles, issue 13
# round 6): half A (odd ids) is trained on (--train-lifestyle) and fits 18/18; half B (even ids,
# never trained on) 17/18, as with the weights before round 6 (the items of B were easy for them).
LIFESTYLE_SET_MIN = {"A": 0.95, "B": 0.85}
# Issue 13's goal, on the dev set: every topic at least 10 items and top-1 >= 0.70 (weakest now:
# human interest 17/23 = 0.74).
DEV_TOPIC_MIN_ITEMS = 10
DEV_TOPIC_MIN = 0.70

BBC_MAP = {
    "business": "medtop:04000000",
    "entertainment": "medtop:01000000",
    "politics": "medtop:11000000",
    "sport": "medtop:15000000",
    "tech": "medtop:13000000",
}
# Measured 0.9493 on this split (0.968 mean over 5 folds) when the weights were last trained
# (docs/topics.md; 0.9426 before issue 13's round 4); the margin absorbs retraining noise on ~300
# articles (one article is 0.34 points).
BBC_HELDOUT_MIN = 0.945

SPORT = "medtop:15000000"
BUSINESS = "medtop:04000000"
TECH = "medtop:13000000"
POLITICS = "medtop:11000000"
CONFLICT = "medtop:16000000"

SHORT_TEXTS = [
    # sport: US baseball, none of its words are BBC football vocabulary
    (
        "Yankees rally past Red Sox in ninth",
        "Alex Torres hit a two-run homer in the ninth inning as New York came from behind to beat Boston 5-4. "
        "The win moved the Yankees two games clear in the division race.",
        SPORT,
    ),
    # sport: American football
    (
        "Quarterback throws three touchdowns in rout",
        "The rookie quarterback passed for 310 yards and three touchdowns as the Eagles crushed Dallas 38-10. "
        "The defence forced four turnovers.",
        SPORT,
    ),
    # sport: tennis, European style
    (
        "Top seed knocked out in second round",
        "The world number one lost in straight sets to an unseeded qualifier on Wednesday. "
        "It is her earliest exit from a grand slam in four years.",
        SPORT,
    ),
    # sport: football transfer news
    (
        "Striker completes move to Italian club",
        "The 24-year-old forward signed a four-year contract after passing a medical on Tuesday. "
        "His former club confirmed the transfer fee was undisclosed.",
        SPORT,
    ),
    # business: company results
    (
        "Retailer's quarterly profit beats forecasts",
        "The chain said net income rose 12 percent to $412 million as online sales grew. "
        "Its shares rose 4 percent in early trading.",
        BUSINESS,
    ),
    # business: central bank
    (
        "Central bank holds interest rates steady",
        "Policymakers kept the benchmark rate at 4.5 percent, citing easing inflation. "
        "Economists had expected no change before the summer.",
        BUSINESS,
    ),
    # business: oil market
    (
        "Oil climbs as supply concerns grow",
        "Crude futures rose more than $1 a barrel after OPEC signalled it would keep output cuts in place. "
        "Traders also watched falling US inventories.",
        BUSINESS,
    ),
    # business: merger
    (
        "Drugmaker agrees $9 billion takeover",
        "The company will pay $45 a share in cash for its smaller rival, a 30 percent premium. "
        "The boards of both firms approved the deal, which needs regulatory clearance.",
        BUSINESS,
    ),
    # tech: software
    (
        "Microsoft patches critical Windows flaw",
        "The software maker released an update for a bug that let attackers take control of computers. "
        "Users were urged to install the fix at once.",
        TECH,
    ),
    # science: space
    (
        "Probe sends first images from Saturn's moon",
        "The NASA spacecraft captured pictures of icy plains as it flew past Titan. "
        "Scientists said the data could show whether the moon has liquid methane lakes.",
        TECH,
    ),
    # science: biology research
    (
        "Researchers map genome of ancient wheat",
        "A team of scientists sequenced the DNA of a wild grass grown 10,000 years ago. "
        "The study, published in a journal, may help breeders develop hardier crops.",
        TECH,
    ),
    # tech: mobile/internet
    (
        "New smartphone chip promises longer battery life",
        "The processor, built on a smaller manufacturing process, uses 30 percent less power. "
        "Handset makers are expected to ship devices with it next year.",
        TECH,
    ),
    # politics: election
    (
        "Opposition leads polls ahead of general election",
        "The main opposition party is five points ahead with two weeks to go before voters choose a new parliament. "
        "The prime minister said he was confident of a comeback.",
        POLITICS,
    ),
    # politics: legislation
    (
        "Senate passes immigration bill",
        "Lawmakers voted 62-38 to approve the measure after weeks of debate. "
        "The bill now goes to the House, where its fate is uncertain.",
        POLITICS,
    ),
    # health
    (
        "Measles cases rise as vaccination rates fall",
        "Health officials reported 120 infections this year, most in children who had not been vaccinated. "
        "Doctors urged parents to check their children's records.",
        "medtop:07000000",
    ),
    # health: hospitals
    (
        "Hospitals struggle with winter flu surge",
        "Emergency wards are treating record numbers of patients with influenza. "
        "Some hospitals have postponed surgery to free beds.",
        "medtop:07000000",
    ),
    # weather
    (
        "Heavy snow and freezing temperatures forecast",
        "Forecasters warned of up to 30 cm of snow on high ground and temperatures of minus 10 degrees. "
        "A weather warning is in place until Friday.",
        "medtop:17000000",
    ),
    # weather: heatwave
    (
        "Heatwave brings hottest day of the year",
        "Temperatures reached 38 degrees Celsius in the south on Sunday. "
        "The national weather service expects thunderstorms to end the hot spell.",
        "medtop:17000000",
    ),
    # crime
    (
        "Man charged with murder after stabbing",
        "Police arrested a 32-year-old man at his home on Saturday. He will appear before magistrates on Monday.",
        "medtop:02000000",
    ),
    # crime: fraud trial
    (
        "Former banker jailed for fraud",
        "A judge sentenced the ex-trader to seven years in prison after a jury found him guilty of fraud. "
        "Prosecutors said he stole from clients over a decade.",
        "medtop:02000000",
    ),
    # conflict
    (
        "Rebels shell city as ceasefire collapses",
        "Fighting resumed on Tuesday as rebel forces pounded army positions with artillery. "
        "Dozens of soldiers were killed, the military said.",
        CONFLICT,
    ),
    # conflict: air strikes
    (
        "Air strikes hit militant bases",
        "Warplanes struck insurgent camps near the border overnight. "
        "The army said the offensive would continue until the militants surrendered.",
        CONFLICT,
    ),
    # disaster: earthquake
    (
        "Earthquake kills dozens in mountain region",
        "A magnitude 6.8 quake flattened villages, and rescuers are searching the rubble for survivors. "
        "The death toll is expected to rise.",
        "medtop:03000000",
    ),
    # disaster: transport accident
    (
        "Train derails, injuring 40",
        "Several carriages left the track near the station on Sunday morning. "
        "Emergency services took the injured to hospital and the line remains closed.",
        "medtop:03000000",
    ),
    # religion
    (
        "Pope calls for peace in Easter message",
        "Speaking to thousands of pilgrims in St Peter's Square, the pontiff urged believers to pray for the victims of war. "
        "Churches around the world held services.",
        "medtop:12000000",
    ),
    # religion: Ramadan
    (
        "Muslims begin Ramadan fast",
        "Millions of Muslims began the holy month of fasting and prayer on Thursday. "
        "Mosques were crowded for evening prayers.",
        "medtop:12000000",
    ),
    # education
    (
        "Teachers warn of crowded classrooms",
        "Schools are short of staff as pupil numbers rise, the headteachers' association said. "
        "Some primary classes now have more than 35 children.",
        "medtop:05000000",
    ),
    # education: universities
    (
        "Universities raise tuition fees",
        "Students will pay up to 20 percent more from next autumn, college leaders said. "
        "Student groups said the rise would deter poorer applicants.",
        "medtop:05000000",
    ),
    # environment
    (
        "Rainforest loss accelerates, satellite data show",
        "Deforestation in the Amazon rose by a fifth last year as land was cleared for cattle. "
        "Conservation groups said endangered species were losing their habitat.",
        "medtop:06000000",
    ),
    # environment: emissions
    (
        "Carbon emissions hit record despite climate pledges",
        "Global emissions of greenhouse gases rose again last year, driven by coal. "
        "Campaigners said governments were failing to tackle climate change.",
        "medtop:06000000",
    ),
    # labour: strike
    (
        "Rail workers walk out in pay dispute",
        "Members of the union began a 48-hour strike after talks on wages broke down. "
        "Union leaders said further industrial action was likely.",
        "medtop:09000000",
    ),
    # labour: minimum wage
    (
        "Minimum wage to rise for low-paid workers",
        "Employers will have to pay at least 11 an hour from April. "
        "Unions welcomed the increase but said it did not go far enough.",
        "medtop:09000000",
    ),
    # arts: film
    (
        "Director's new film tops box office",
        "The thriller took 40 million dollars in its opening weekend. Critics praised the lead actress's performance.",
        "medtop:01000000",
    ),
    # lifestyle: travel
    (
        "Travellers flock to island resorts",
        "Hotels and beach resorts report bookings up 20 percent for the summer holiday season. "
        "Tourists are spending more on dining and spa visits.",
        "medtop:10000000",
    ),
    # lifestyle: hobbies, food and leisure in local-brief style (issue 13, round 6 lexicon); written
    # for this test, none of them in a dev set
    (
        "Crochet and embroidery group seeks new members",
        "The Thursday crochet group at the town library has outgrown its table. Members bring yarn and "
        "hooks and teach beginners; this season they are making blankets for the animal shelter.",
        "medtop:10000000",
    ),
    (
        "Orchard opens for apple picking",
        "Hill Road Orchard opens for apple picking on Saturday. Visitors can take a hayride to the trees, "
        "press cider and buy pies at the farm stand. Entry is $6 per car.",
        "medtop:10000000",
    ),
    (
        "Winery adds Friday tasting nights",
        "A winery outside town will hold wine tasting nights every Friday through October, pairing five "
        "local wines with cheese from a nearby dairy.",
        "medtop:10000000",
    ),
    # society: refugees and poverty
    (
        "Homelessness rises as families struggle",
        "The number of homeless families in temporary housing rose by a tenth, charities said. "
        "Campaigners blamed poverty and high rents.",
        "medtop:14000000",
    ),
]

# The defence MoU story: diplomacy about the military, not a war and not business.
DEFENCE_MOU = (
    "Two nations sign defence cooperation pact",
    "The defence ministers of the two countries met in the capital on Monday and signed a memorandum "
    "of understanding on defence cooperation. The agreement covers military training, joint exercises, "
    "counter-terrorism and maritime security, and paves the way for collaboration between their defence "
    "industries. The ministers said the pact reflected the growing strategic partnership between their "
    "governments, and announced a new defence wing at the embassy.",
)


@pytest.mark.parametrize(("title", "body", "expected"), SHORT_TEXTS)
def test_short_wire_items_land_on_their_topic(title: str, body: str, expected: str) -> None:
    top = score_topics(title, body)[0]
    assert top.code == expected, (top, score_topics(title, body)[1])


def test_defence_mou_is_politics_or_conflict() -> None:
    top = score_topics(*DEFENCE_MOU)[0]
    assert top.code in {"medtop:16000000", "medtop:11000000"}, top


def test_labels_are_iptc_in_code_order() -> None:
    codes = list(IPTC_TOP_LEVEL)
    assert codes == [f"medtop:{n:02d}000000" for n in range(1, 18)]
    assert IPTC_TOP_LEVEL["medtop:16000000"] == "conflict, war and peace"
    assert IPTC_TOP_LEVEL["medtop:03000000"] == "disaster, accident and emergency incident"


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("", ""),  # empty article: still 17 scores, the prior decides
        ("!!! 2024 $5", "12,000 -- 3.5%"),  # no words at all
        ("Yankees", ""),  # title only
        ("x" * 50, "é ü ß 東京"),  # non-English / junk letters
    ],
)
def test_score_topics_shape(title: str, body: str) -> None:
    tags = score_topics(title, body)
    assert len(tags) == 17
    assert {t.code for t in tags} == set(IPTC_TOP_LEVEL)
    assert all(isinstance(t, TopicTag) and 0.0 <= t.score <= 1.0 for t in tags)
    assert [t.score for t in tags] == sorted((t.score for t in tags), reverse=True)
    assert sum(t.score for t in tags) == pytest.approx(1.0, abs=1e-6)
    assert all(t.label == IPTC_TOP_LEVEL[t.code] for t in tags)


def test_evidence_words_come_from_the_text() -> None:
    title, body, _ = SHORT_TEXTS[0]
    top = score_topics(title, body)[0]
    assert 1 <= len(top.evidence) <= 5
    # Evidence is normalised (lower case, plural folded), so compare against the lower-cased text.
    text = f"{title} {body}".lower()
    assert all(word.split()[0] in text for word in top.evidence)


def test_classify_topics_is_top_plus_those_over_threshold() -> None:
    for title, body, _ in SHORT_TEXTS:
        ranked = score_topics(title, body)
        tags = classify_topics(title, body)
        assert tags[0] == ranked[0]
        assert list(tags[1:]) == [t for t in ranked[1:] if t.score >= TAG_THRESHOLD]


def _is_heldout(doc_id: str) -> bool:
    # Same rule as scripts/train_topics.py split_bucket(): buckets 0-1 of a sha1 of the id never train.
    return int(hashlib.sha1(doc_id.encode()).hexdigest()[:8], 16) % 10 < 2


@pytest.mark.corpus
def test_bbc_heldout_accuracy() -> None:
    path = CORPORA / "bbc-dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found: the shared corpora sit beside the repo only on dev machines")
    seen: set[tuple[str, str]] = set()
    total = correct = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            key = (doc["title"].strip(), doc["body"].strip())
            if key in seen:  # the training script dedupes before splitting; do the same
                continue
            seen.add(key)
            if not _is_heldout(f"bbc:{doc['id']}"):
                continue
            total += 1
            correct += score_topics(doc["title"], doc["body"])[0].code == BBC_MAP[doc["category"]]
    assert total > 200
    assert correct / total >= BBC_HELDOUT_MIN, f"{correct}/{total}"


def test_dev_set_accuracy() -> None:
    """The hand-written dev set: news items with generic economy words ("percent", "state",
    "company") whose subject is another topic. Before it existed, half of such items went to economy."""
    docs = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(docs) >= 150
    assert {d["topic"] for d in docs} == set(IPTC_TOP_LEVEL)
    wrong = [(d["id"], top.code) for d in docs if (top := score_topics(d["title"], d["body"])[0]).code != d["topic"]]
    accuracy = 1 - len(wrong) / len(docs)
    assert accuracy >= DEV_SET_MIN, (accuracy, wrong)


def test_style_dev_set_accuracy() -> None:
    """Local news, features, opinion and briefs, many full of money and numbers that are not
    economy (a lottery win, a fundraiser, festival ticket sales): the round-4 weights sent them to
    economy and scored 0.727."""
    docs = [json.loads(line) for line in STYLE_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(docs) >= 120
    assert {d["topic"] for d in docs} == set(IPTC_TOP_LEVEL)
    pred = {d["id"]: score_topics(d["title"], d["body"])[0].code for d in docs}
    wrong = [(d["id"], pred[d["id"]]) for d in docs if pred[d["id"]] != d["topic"]]
    assert 1 - len(wrong) / len(docs) >= STYLE_SET_MIN, wrong
    economy = sum(code == "medtop:04000000" for code in pred.values())
    assert economy <= 2 * sum(d["topic"] == "medtop:04000000" for d in docs), economy


@pytest.mark.parametrize("half", ["A", "B"])
def test_lifestyle_dev_set_accuracy(half: str) -> None:
    """Lifestyle (food, hobbies, gardening, travel) and science items in local, feature, opinion and
    brief style; half A is training data, so its floor checks that the weights were trained with it."""
    docs = [json.loads(line) for line in LIFESTYLE_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {d["topic"] for d in docs} == {"medtop:10000000", "medtop:13000000"}
    part = [d for d in docs if (int(d["id"][-2:]) % 2 == 1) == (half == "A")]
    assert len(part) == 18
    wrong = [(d["id"], top.code) for d in part if (top := score_topics(d["title"], d["body"])[0]).code != d["topic"]]
    assert 1 - len(wrong) / len(part) >= LIFESTYLE_SET_MIN[half], wrong


def test_dev_set_every_topic() -> None:
    """Each of the 17 topics has at least 10 dev items and none scores below 0.70 top-1."""
    docs = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    total = Counter(d["topic"] for d in docs)
    right = Counter(d["topic"] for d in docs if score_topics(d["title"], d["body"])[0].code == d["topic"])
    assert set(total) == set(IPTC_TOP_LEVEL)
    assert min(total.values()) >= DEV_TOPIC_MIN_ITEMS, total
    low = {code: f"{right[code]}/{n}" for code, n in total.items() if right[code] / n < DEV_TOPIC_MIN}
    assert not low, low


@pytest.mark.parametrize(
    ("text", "terms", "found"),
    [
        ("Strikes spread; a strike ended.", ["strike"], {"strike": ["Strikes", "strike"]}),  # plural folded
        ("The companies merged.", ["company"], {"company": ["companies"]}),  # -ies -> -y
        (
            "Interest rates and an interest-rate cut.",
            ["interest rate"],
            {"interest rate": ["Interest rates", "interest-rate"]},
        ),
        (
            "The minister of finance spoke.",
            ["minister finance"],
            {"minister finance": ["minister of finance"]},
        ),  # stop words skipped
        ("Rates rose 5 mln dlrs.", ["million", "dollar"], {"million": ["mln"], "dollar": ["dlrs"]}),  # agency aliases
        ("The bus and the crisis.", ["bu", "crisi"], {}),  # "-us" and "-is" are not plurals
        ("Marketing is not a market.", ["market"], {"market": ["market"]}),  # whole words only
        ("İstanbul traders met.", ["trader"], {"trader": ["traders"]}),  # a letter lower-cased to two keeps offsets
        ("No evidence here.", [], {}),
    ],
)
def test_term_spans_find_the_word_forms_of_evidence_terms(text, terms, found) -> None:
    spans = term_spans(text, terms)
    assert {term: [text[a:b] for a, b in places] for term, places in spans.items()} == found


def test_term_spans_find_every_evidence_term_of_a_scored_text() -> None:
    for title, body, _ in SHORT_TEXTS[:10]:
        top = score_topics(title, body)[0]
        spans = term_spans(f"{title}\n{body}", top.evidence)
        assert set(spans) == set(top.evidence)  # each evidence word has a form in the text


# Written for this test in each language (invented items, one per topic family): an article in
# another language is read through its topic vocabulary (data/topics_i18n.json) before the model.
I18N_CASES = [
    ("de", "Landtagswahl: Partei der Ministerpräsidentin verliert, Koalition wackelt", "medtop:11000000"),
    ("de", "Waldbrand: Feuerwehr rettet Bewohner, zwei Verletzte", "medtop:03000000"),
    ("de", "Lokführer im Streik: Gewerkschaft fordert höhere Löhne", "medtop:09000000"),
    ("fr", "Le tribunal condamne l'ancien maire pour fraude", "medtop:02000000"),
    ("fr", "Canicule : Météo-France prévoit des températures de 40 degrés", "medtop:17000000"),
    ("es", "El entrenador celebra la victoria del equipo en la liga", "medtop:15000000"),
    ("es", "La vacuna llega a los hospitales; los médicos atienden a más pacientes", "medtop:07000000"),
    ("it", "Il vescovo celebra la messa in chiesa davanti ai fedeli e ai pellegrini", "medtop:12000000"),
    ("it", "Sciopero degli insegnanti nelle scuole: i sindacati chiedono stipendi più alti", "medtop:09000000"),
    ("pt", "Tropas e rebeldes assinam cessar-fogo depois de meses de guerra", "medtop:16000000"),
    ("pt", "Lucro da empresa sobe e ações disparam na bolsa", "medtop:04000000"),
    ("nl", "Nieuwe film opent het festival; het museum toont een tentoonstelling", "medtop:01000000"),
    ("nl", "Leerlingen en leraren: universiteit en school vragen meer geld voor onderwijs", "medtop:05000000"),
    # a council's budget debate; clashes of armed groups (the words of round 8's vocabulary)
    ("de", "Nach langer Debatte beschließt der Gemeinderat den Haushalt mit knapper Mehrheit", "medtop:11000000"),
    ("es", "Enfrentamientos entre la guerrilla y grupos disidentes en la frontera", "medtop:16000000"),
    ("it", "Scontri tra milizie e truppe governative, la guerriglia attacca un villaggio", "medtop:16000000"),
]


@pytest.mark.parametrize(("language", "text", "expected"), I18N_CASES)
def test_topics_of_other_languages(language: str, text: str, expected: str) -> None:
    top = classify_topics(text, "", language)[0]
    assert top.code == expected, (top, in_english(text, language))


@pytest.mark.parametrize(
    ("language", "word", "english"),
    [
        ("de", "bundestagswahlen", "election"),  # the last part of a compound, inflected
        ("de", "brandenburg", ""),  # a stem followed by much more is another word, not "Brand" (fire)
        ("de", "die", ""),  # a German article is not the English verb
        ("nl", "huisarts", "doctor"),  # a Dutch compound
        ("fr", "élections", "election"),  # a short ending after the stem
        ("es", "gol", "goal"),  # a short word matches only exactly
        ("es", "golf", ""),
    ],
)
def test_words_of_other_languages(language: str, word: str, english: str) -> None:
    assert in_english(word, language) == english


def test_english_articles_are_not_translated() -> None:
    title, body = "Storm warning for the coast", "Forecasters expect heavy rain and strong wind on Friday."
    assert classify_topics(title, body, "en") == classify_topics(title, body)


@pytest.mark.parametrize(
    ("stated", "title", "body", "expected"),
    [
        # an English story sent with a wrong "language": read in English, as it is written
        (
            "pt",
            "Brazil wins the cup final",
            "The striker scored twice and the coach praised the team.",
            "medtop:15000000",
        ),
        # a German story with its own language stated: read through the German vocabulary
        (
            "de",
            "Streik bei der Bahn",
            "Die Gewerkschaft fordert höhere Löhne für die Lokführer und ruft zum Streik auf.",
            "medtop:09000000",
        ),
    ],
)
def test_topics_read_the_language_the_text_is_in(stated: str, title: str, body: str, expected: str) -> None:
    from articles.extraction.pipeline import extract

    record = {"id": "1", "title": title, "body": body, "language": stated}
    (item,) = extract(json.dumps(record).encode(), filename="x.jsonl")
    assert item.language == stated and item.topics[0].code == expected
