"""Exports as a researcher meets them: the cap said before the download, names beside codes, a BOM for
spreadsheets, a file name that says what the search was, and a snippet column."""

from __future__ import annotations

import csv
import io

import pytest

from tests.factories import RECORDS

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_csv_has_names_beside_codes_and_a_snippet(client, make_articles):
    make_articles(dict(RECORDS[0], body=RECORDS[0]["body"] + " Tea sold for £3 a kilo."))
    rows = list(csv.DictReader(io.StringIO(body(client.get("/export/search.csv?q=tea")).decode("utf-8"))))
    assert rows[0]["countries"].split("; ") and "Kenya" in rows[0]["country_names"].split("; ")
    assert rows[0]["topic_names"] and not rows[0]["topic_names"].startswith("medtop:")
    assert "<mark" not in rows[0]["snippet"] and rows[0]["snippet"]


def test_bom_option_for_spreadsheets(client, make_articles):
    make_articles(*RECORDS)
    plain = body(client.get("/export/search.csv?q=kenya"))
    with_bom = body(client.get("/export/search.csv?q=kenya&bom=1"))
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert with_bom.startswith(b"\xef\xbb\xbf") and with_bom[3:] == plain


@pytest.mark.parametrize(
    ("qs", "name"),
    [
        ("q=kenya&country=TZ", "newsarchive-kenya-country-tz.csv"),
        ("", "newsarchive-all.csv"),
        (
            "q=title%3Abudget&country=-KE&from=2021-01-01",
            "newsarchive-title-budget-country-not-ke-2021-01-01-to-now.csv",
        ),
        ("q=S%C3%A3o+Paulo+%22quoted%22", "newsarchive-sao-paulo-quoted.csv"),
    ],
)
def test_file_name_says_what_the_search_was(client, make_articles, qs, name):
    make_articles(*RECORDS)
    response = client.get("/export/search.csv?" + qs)
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_cap_is_shown_before_the_download(client, make_articles, settings):
    make_articles(*RECORDS)
    assert "Export all 4 matches" in client.get("/").content.decode()
    settings.NEWSARCHIVE_EXPORT_MAX = 3
    html = client.get("/").content.decode()
    assert "Export the first 3 of 4 matches (the export limit)" in html
    assert "Export all 2 matches" in client.get("/countries/KE/").content.decode()  # below the cap there
    assert "bom=1" in html
