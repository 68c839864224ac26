from __future__ import annotations

from datetime import UTC, datetime, time

from django import forms
from django.conf import settings


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's documented pattern for a field that accepts several files."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(
        required=False,
        help_text="One or many files: pasted-text articles (.txt) or JSON Lines (.jsonl, one article per line).",
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        label="Or paste an article",
        help_text="The article as copied from a news page: title, byline, text. Related links are left out.",
    )
    source = forms.CharField(required=False, max_length=200, help_text="Publication name, when the input has none.")
    published = forms.DateField(
        required=False,
        help_text="Publication date (YYYY-MM-DD), when the input has none.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https")

    def clean(self) -> dict:
        data = super().clean()
        files = data.get("files") or []
        if not files and not (data.get("text") or "").strip():
            raise forms.ValidationError("Choose at least one file or paste an article.")
        total = sum(f.size for f in files) + len((data.get("text") or "").encode())
        if total > settings.NEWSARCHIVE_MAX_UPLOAD_BYTES:
            limit = settings.NEWSARCHIVE_MAX_UPLOAD_BYTES // 1_000_000
            raise forms.ValidationError(f"The upload is {total // 1_000_000} MB; the limit is {limit} MB.")
        return data

    def published_at(self) -> datetime | None:
        day = self.cleaned_data.get("published")
        return datetime.combine(day, time(0, 0), tzinfo=UTC) if day else None

    def payloads(self) -> list[tuple[str, bytes]]:
        files = [(f.name, f.read()) for f in self.cleaned_data.get("files") or []]
        text = (self.cleaned_data.get("text") or "").strip()
        if text:
            files.append(("pasted text", text.encode("utf-8")))
        return files
