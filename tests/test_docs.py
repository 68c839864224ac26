"""The README documents every setting and command (after Datasette's and django-htmx's test_docs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def environment_variables() -> set[str]:
    names = set()
    for path in [
        ROOT / "newsarchive" / "settings.py",
        ROOT / "Makefile",
        ROOT / "scripts" / "serve.sh",
        *ROOT.glob("articles/**/*.py"),
    ]:
        text = path.read_text()
        names |= set(re.findall(r'os\.environ(?:\.get)?[\[(]"([A-Z_]+)"', text))
        names |= set(re.findall(r'env_(?:bool|list)\("([A-Z_]+)"', text))
    names |= {"PORT", "IMPORT", "DATABASE_URL", "NEWSARCHIVE_DATA_DIR"}
    return names


@pytest.mark.parametrize("name", sorted(environment_variables()))
def test_readme_documents_variable(name):
    assert f"`{name}`" in README


@pytest.mark.parametrize("command", sorted(p.stem for p in (ROOT / "articles/management/commands").glob("[a-z]*.py")))
def test_readme_documents_command(command):
    # The command as typed ("manage.py extract"), not a word that contains it ("extracts").
    assert re.search(rf"manage\.py {re.escape(command)}\b", README)


@pytest.mark.parametrize(
    "param", ["q", "country", "topic", "source", "section", "lang", "year", "from", "to", "sort", "page", "size"]
)
def test_readme_documents_search_parameter(param):
    assert f"`{param}`" in README


def test_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()
