from __future__ import annotations

from datetime import UTC, datetime, time

from django import forms
from django.conf import settings

from articles.extraction.formats.fetch import fetch_url


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's documented pattern for a field that accepts several files."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file is refused alone, on its own report line, not by refusing the whole upload.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class PastedTextField(forms.CharField):
    """The pasted article: NUL characters are dropped (as the normaliser would) rather than refusing the form."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


class IsoDateField(forms.DateField):
    """A date typed as YYYY-MM-DD, as its help says (a browser's date picker shows its own locale's order,
    e.g. mm/dd/yyyy, next to help that says YYYY-MM-DD)."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter the date as YYYY-MM-DD, for example 2024-03-05."}

    def __init__(self, **kwargs) -> None:
        attrs = {"placeholder": "YYYY-MM-DD", "pattern": r"\d{4}-\d{2}-\d{2}", "inputmode": "numeric", "size": 12}
        kwargs.setdefault("widget", forms.DateInput(format="%Y-%m-%d", attrs=attrs))
        super().__init__(**kwargs)


def parse_file_sources(text: str) -> dict[str, str]:
    """``name: Source`` lines (one per file) as {file name: source}; blank lines are skipped."""
    sources = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, sep, source = line.rpartition(":")
        if not sep or not name.strip() or not source.strip():
            raise forms.ValidationError(
                f"Line {number}: write the file name, a colon and the source (wire.jsonl: Reuters)."
            )
        sources[name.strip()] = source.strip()
    return sources


class UploadForm(forms.Form):
    files = MultipleFileField(
        required=False,
        help_text=(
            "One or many files: pasted-text articles (.txt), JSON Lines (.jsonl), saved web pages (.html), "
            "RSS/Atom feeds (.xml), ZIP archives of these, or web archives (.warc, .warc.gz). "
            "Formats are recognised by content."
        ),
    )
    feed_url = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        label="Or a feed URL",
        help_text="An RSS or Atom feed to fetch now (15 s timeout, 20 MB at most); each entry becomes an article.",
    )
    text = PastedTextField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        label="Or paste an article",
        help_text="The article as copied from a news page: title, byline, text. Related links are left out.",
    )
    source = forms.CharField(
        required=False, max_length=200, help_text="Publication name for every record that has none."
    )
    file_sources = forms.CharField(
        required=False,
        max_length=20000,
        label="Source per file",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60, "placeholder": "reuters.jsonl: Reuters\nbbc.jsonl: BBC"}),
        help_text="One line per file, “file name: source”, for files whose records have no source (overrides the "
        "source above for that file).",
    )
    published = IsoDateField(required=False, help_text="Publication date (YYYY-MM-DD), when the input has none.")
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https", label="URL")

    def clean(self) -> dict:
        data = super().clean()
        files = data.get("files") or []
        if not files and not (data.get("text") or "").strip() and not data.get("feed_url"):
            raise forms.ValidationError("Choose at least one file, paste an article or give a feed URL.")
        total = sum(f.size for f in files) + len((data.get("text") or "").encode())
        if total > settings.NEWSARCHIVE_MAX_UPLOAD_BYTES:
            limit = settings.NEWSARCHIVE_MAX_UPLOAD_BYTES // 1_000_000
            raise forms.ValidationError(f"The upload is {total // 1_000_000} MB; the limit is {limit} MB.")
        return data

    def clean_file_sources(self) -> dict[str, str]:
        return parse_file_sources(self.cleaned_data.get("file_sources") or "")

    def published_at(self) -> datetime | None:
        day = self.cleaned_data.get("published")
        return datetime.combine(day, time(0, 0), tzinfo=UTC) if day else None

    def source_for(self, name: str) -> str:
        """The source given for one file (by its name as uploaded), else the form's general source."""
        sources = self.cleaned_data.get("file_sources") or {}
        return sources.get(name) or sources.get(name.rsplit("/", 1)[-1]) or self.cleaned_data.get("source") or ""

    def payloads(self) -> list[tuple[str, bytes]]:
        """The upload's inputs as (name, bytes); a feed URL is fetched here (FetchError on failure)."""
        files = [(f.name, f.read()) for f in self.cleaned_data.get("files") or []]
        if self.cleaned_data.get("feed_url"):
            data, final_url = fetch_url(self.cleaned_data["feed_url"])
            files.append((final_url, data))
        text = (self.cleaned_data.get("text") or "").strip()
        if text:
            files.append(("pasted text", text.encode("utf-8")))
        return files


class RetryForm(forms.Form):
    """Hints for retrying a batch's failed records (e.g. the date that a record lacked)."""

    source = forms.CharField(required=False, max_length=200, help_text="Publication name for records that have none.")
    published = IsoDateField(required=False, help_text="Date (YYYY-MM-DD) for records that have none.")

    def published_at(self) -> datetime | None:
        day = self.cleaned_data.get("published")
        return datetime.combine(day, time(0, 0), tzinfo=UTC) if day else None
