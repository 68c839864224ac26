"""The admin as staff use it: Upload on the home page, an upload page like the rest of the admin, a
source per file, and a batch report that is paginated with failures first."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from articles.models import Article, ImportBatch

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/articles/article/upload/"


def records(prefix: str, n: int) -> bytes:
    return "\n".join(
        json.dumps(
            {
                "id": f"{prefix}-{i}",
                "title": f"{prefix} harbour report number {i}",
                "body": f"The harbour master of Port {prefix} reported {i} ships at anchor on Monday and calm seas.",
                "published": "2022-06-0" + str(i + 1),
            }
        )
        for i in range(n)
    ).encode()


def test_admin_home_offers_upload(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert f'href="{UPLOAD}"' in html and "Upload articles" in html


def test_upload_page_has_admin_breadcrumbs_and_a_date_field_as_its_help_says(admin_client):
    html = admin_client.get(UPLOAD).content.decode()
    assert '<ol class="breadcrumbs">' in html  # Django 6's admin styles an <ol>, not the old <div>
    assert 'type="date"' not in html  # Chromium showed mm/dd/yyyy beside "YYYY-MM-DD"
    assert 'placeholder="YYYY-MM-DD"' in html


def test_upload_form_is_laid_out_as_the_admin_s_own_forms(admin_client):
    html = admin_client.get(UPLOAD).content.decode()
    # At 1440 px its rows ran together: the page did not load forms.css (change forms do) nor use their markup.
    assert "/static/admin/css/forms.css" in html
    assert html.count('<div class="form-row field-') == 7 and '<div class="flex-container">' in html
    # Each help text is read with its field.
    assert 'id="id_published_helptext"' in html and 'aria-describedby="id_published_helptext"' in html


def test_upload_refuses_a_date_not_written_as_its_help_says(admin_client):
    upload = SimpleUploadedFile("harbour.jsonl", records("Alder", 1).replace(b'"published": "2022-06-01", ', b""))
    response = admin_client.post(UPLOAD, {"files": [upload], "published": "03/05/2024"})  # March or May?
    assert "Enter the date as YYYY-MM-DD" in response.content.decode()
    assert Article.objects.count() == 0


def test_upload_with_a_source_per_file(admin_client, run_index_jobs):
    files = [
        SimpleUploadedFile("alder.jsonl", records("Alder", 2)),
        SimpleUploadedFile("birch.jsonl", records("Birch", 1)),
    ]
    response = admin_client.post(
        UPLOAD, {"files": files, "file_sources": "alder.jsonl: Alder Courier\nbirch.jsonl: Birch Times"}
    )
    assert response.status_code == 200
    assert {a.external_id: a.source.name for a in Article.objects.select_related("source")} == {
        "Alder-0": "Alder Courier",
        "Alder-1": "Alder Courier",
        "Birch-0": "Birch Times",
    }


def test_upload_explains_a_bad_source_line(admin_client):
    files = [SimpleUploadedFile("alder.jsonl", records("Alder", 1))]
    html = admin_client.post(UPLOAD, {"files": files, "file_sources": "just a name"}).content.decode()
    assert "write the file name, a colon and the source" in html
    assert Article.objects.count() == 0


def test_import_command_takes_a_source_per_file(tmp_path):
    (tmp_path / "alder.jsonl").write_bytes(records("Alder", 1))
    (tmp_path / "birch.jsonl").write_bytes(records("Birch", 1))
    call_command("import_articles", f"{tmp_path / 'alder.jsonl'}:Alder Courier", str(tmp_path / "birch.jsonl"))
    sources = {a.external_id: a.source.name if a.source else "" for a in Article.objects.select_related("source")}
    assert sources == {"Alder-0": "Alder Courier", "Birch-0": ""}


@pytest.fixture
def big_batch():
    report = [
        {"status": "imported", "file": "big.jsonl", "position": i, "title": f"Story {i}", "article_id": None}
        for i in range(1, 450)
    ]
    report.append(
        {"status": "failed", "file": "big.jsonl", "position": 450, "title": "", "error": "bad date: 'someday'"}
    )
    return ImportBatch.objects.create(
        total=450, imported=449, failed=1, seconds=87.86522653700001, report=report, files=["big.jsonl"]
    )


def test_batch_report_is_paginated_with_failures_and_retry_first(admin_client, big_batch):
    html = admin_client.get(f"/admin/articles/importbatch/{big_batch.pk}/change/").content.decode()
    assert "87.9 s" in html and "87.865" not in html
    assert "bad date: &#x27;someday&#x27;" in html  # the one failure is on the first page...
    assert html.index("bad date") < html.index("Story 1<")  # ...above the imported lines
    assert html.count("status-imported") < 250  # one page, not 450 lines
    assert "page 1 of 3" in html
    # Retry is its own form, above the report (a form nested in the change form would be dropped).
    retry = html.index('id="retry-form"')
    assert retry < html.index('id="importbatch_form"') and retry < html.index('id="report"')


def test_batch_report_filters_by_status_and_pages_on(admin_client, big_batch):
    url = f"/admin/articles/importbatch/{big_batch.pk}/change/"
    failed = admin_client.get(url + "?status=failed").content.decode()
    assert failed.count('<td class="status-failed">') == 1 and 'status-imported">' not in failed
    last = admin_client.get(url + "?page=3").content.decode()
    assert "Story 449<" in last and "page 3 of 3" in last
    assert admin_client.get(url + "?status=nonsense&page=x").status_code == 200  # bad values: the first page


def test_retry_form_submits_from_a_browser_form(admin_client, big_batch):
    html = admin_client.get(f"/admin/articles/importbatch/{big_batch.pk}/change/").content.decode()
    form = html[html.index('id="retry-form"') :]
    form = form[: form.index("</form>")]
    assert 'name="published"' in form and 'type="submit"' in form  # the fields are inside the retry form


def test_batch_page_does_not_offer_to_edit_the_worker_s_own_fields(admin_client, big_batch):
    # The import worker's claim and heartbeat are its bookkeeping (batches_recover reads them), not a
    # form for staff: shown, never inputs.
    html = admin_client.get(f"/admin/articles/importbatch/{big_batch.pk}/change/").content.decode()
    assert 'name="owner"' not in html and 'name="heartbeat_at_0"' not in html
    assert "Heartbeat at" in html
    assert 'name="_save"' not in html and 'name="_continue"' not in html  # nothing to save


def test_batch_page_puts_its_figures_on_a_line_each_group(admin_client, big_batch):
    html = admin_client.get(f"/admin/articles/importbatch/{big_batch.pk}/change/").content.decode()
    # Django gives a line of several fields one row: the record counts read across, not down the page.
    assert 'form-multiline field-total field-imported field-near_duplicates field-duplicates field-failed"' in html
