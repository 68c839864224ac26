"""The real pasted-text sample in ../shared, end to end (skipped when ../shared is absent)."""

from __future__ import annotations

import re

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.extraction.pipeline import as_output, extract
from articles.models import Article


def sample_lines(sample_bytes: bytes) -> list[str]:
    """The sample's non-empty lines. Its layout, as the foundation issue describes it: caption with photo
    credit, section, title, standfirst, byline, body paragraphs (the first opens with the dateline), five
    related headlines, "SCROLL FOR NEXT". Expected values are read from the file: its text stays in ../shared."""
    return [line.strip() for line in sample_bytes.decode("utf-8").splitlines() if line.strip()]


def related_headlines(sample_bytes: bytes) -> list[str]:
    return sample_lines(sample_bytes)[-6:-1]


def ministers(sample_bytes: bytes) -> tuple[str, str]:
    """The two ministers' names as the sample's first paragraph gives them ("<title> A B and Morocco's
    <title> C D"): read from the file, so no name of the sample is written in the repository."""
    m = re.search(r"Defence Minister (\w+ \w+) and Morocco's Defence Minister (\w+ \w+)", sample_bytes.decode("utf-8"))
    return m.group(1), m.group(2)


@pytest.fixture(scope="module")
def sample_out(sample_bytes):
    (item,) = list(extract(sample_bytes, filename="sample.txt"))
    return as_output(item)


def test_sample_reading(sample_out, sample_bytes):
    out = sample_out
    lines = sample_lines(sample_bytes)
    assert lines[-1] == "SCROLL FOR NEXT"
    assert out["title"] == lines[2]
    assert out["title"].startswith("India, Morocco sign MoU")  # the expected title
    assert out["section"] == "Nation"
    assert out["authors"] == [lines[4]]  # the byline line
    assert out["standfirst"] == lines[3]
    assert out["dateline"] == "NEW DELHI"
    caption, _, credit = lines[0].rpartition("Photo |")
    assert out["caption"] == caption.strip() and credit.strip() == "X"
    assert lines[5].startswith("NEW DELHI: ")
    assert out["body"].startswith(lines[5].removeprefix("NEW DELHI: ").strip())  # dateline removed
    assert out["body"].endswith(lines[-7])  # the last paragraph before the related headlines
    assert out["published"] is None
    for marker in (*related_headlines(sample_bytes), "SCROLL FOR NEXT"):
        assert marker not in out["body"] and marker not in out["title"] and marker not in out["standfirst"]


def test_sample_tags(sample_out, sample_bytes):
    codes = {c["code"] for c in sample_out["countries"]}
    assert {"IN", "MA"} <= codes and "BD" not in codes
    assert sample_out["topics"][0]["code"] in ("medtop:16000000", "medtop:11000000")
    people = {p["name"] for p in sample_out["people"]}
    assert set(ministers(sample_bytes)) <= people
    assert "Ministry of Defence" in {o["name"] for o in sample_out["organizations"]}


@pytest.mark.django_db
def test_librarian_flow(admin_client, client, sample_bytes, run_index_jobs):
    """Upload the sample, find it, narrow by country and topic, open it, follow the search's feed."""
    upload = SimpleUploadedFile("sample.txt", sample_bytes)
    html = admin_client.post("/admin/articles/article/upload/", {"files": [upload]}).content.decode()
    assert "status-imported" in html
    run_index_jobs()
    article = Article.objects.get()
    html = client.get("/?q=defence+cooperation").content.decode()
    assert article.get_absolute_url() in html
    topic = article.live_topics()[0].topic_id
    html = client.get(f"/?q=defence+cooperation&country=MA&topic={topic}").content.decode()
    assert article.get_absolute_url() in html
    assert article.get_absolute_url() not in client.get("/?q=defence+cooperation&country=BD").content.decode()
    assert client.get("/?q=scroll+next").content.decode().count('href="/articles/') == 0  # trailing junk not indexed
    for headline in related_headlines(sample_bytes):
        words = " ".join(headline.split()[:3])
        assert client.get("/", {"q": f'"{words}"'}).content.decode().count('href="/articles/') == 0, headline
    page = client.get(article.get_absolute_url()).content.decode()
    assert ministers(sample_bytes)[0] in page and "Morocco" in page
    feed = feedparser.parse(client.get("/feeds/search/?q=defence+cooperation&country=MA").content)
    assert feed.bozo == 0 and [e.title for e in feed.entries] == [article.title]
