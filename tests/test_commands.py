"""The management commands, called as a user would from the shell."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.factories import RECORDS

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_import_articles_summary_line(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS))
    code, out, _ = run("import_articles", str(path))
    assert code == 0
    assert "4 imported, 0 duplicates, 0 failed" in out and "articles/s" in out
    code, out, _ = run("import_articles", str(path))
    assert "0 imported, 4 duplicates, 0 failed" in out


def test_import_articles_reports_failures_with_exit_status_1(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(RECORDS[0]) + "\n[1, 2]\n")
    code, out, err = run("import_articles", str(path))
    assert code == 1 and "1 imported, 0 duplicates, 1 failed" in out and "record 2" in err
    assert Article.objects.count() == 1


def test_import_articles_missing_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path / "nope.txt"))


def test_extract_prints_one_object_per_record_in_order(tmp_path, capsys):
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS[:2]) + "\nnot json\n")
    with pytest.raises(SystemExit) as exc:
        call_command("extract", str(path))
    assert exc.value.code == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == ["w-1", "w-2", None]
    assert lines[2]["error"] and lines[2]["file"] == str(path)
    first = lines[0]
    for key in [
        "title",
        "standfirst",
        "body",
        "section",
        "authors",
        "dateline",
        "published",
        "language",
        "url",
        "source",
        "caption",
        "countries",
        "topics",
        "people",
        "organizations",
    ]:
        assert key in first
    assert first["published"].startswith("2021-03-03T09:00:00")
    codes = [c["code"] for c in first["countries"]]
    assert "KE" in codes and "TZ" in codes
    for country in first["countries"]:
        for ev in country["evidence"]:
            assert first["body"][ev["start"] : ev["end"]] == ev["text"]
    assert Article.objects.count() == 0  # extract stores nothing


def test_extract_unreadable_path(tmp_path, capsys):
    with pytest.raises(SystemExit):
        call_command("extract", str(tmp_path / "missing.txt"))
    line = json.loads(capsys.readouterr().out)
    assert line["id"] is None and "cannot read" in line["error"]


def test_ensure_admin_from_environment(monkeypatch, django_user_model):
    monkeypatch.setenv("NEWSARCHIVE_ADMIN_USER", "librarian")
    monkeypatch.setenv("NEWSARCHIVE_ADMIN_PASSWORD", "a-long-secret-pass")
    run("ensure_admin")
    user = django_user_model.objects.get(username="librarian")
    assert user.is_staff and user.check_password("a-long-secret-pass")


def test_ensure_admin_generates_once(monkeypatch, django_user_model):
    monkeypatch.delenv("NEWSARCHIVE_ADMIN_USER", raising=False)
    monkeypatch.delenv("NEWSARCHIVE_ADMIN_PASSWORD", raising=False)
    _, out, _ = run("ensure_admin")
    assert "password" in out and django_user_model.objects.filter(is_superuser=True).count() == 1
    _, out, _ = run("ensure_admin")
    assert out == "" and django_user_model.objects.count() == 1
