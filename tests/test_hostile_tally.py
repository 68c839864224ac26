"""The bad-input tally of issue 10: every kind in tests/hostile_kinds.py goes through the admin's upload
page (Django's test client, signed in as staff) and through real ``import_articles`` processes, on the
database the suite runs on; every hostile address goes to the reading pages. Each kind must end clean:
no 5xx, no traceback, nothing lost (the valid records beside a bad one are stored), nothing half-written
(a stored record has its tags, no index job fails, check_index agrees), no batch left running, and
every failure says why. ``-s`` prints the tally table (bench/hostile_tally.py runs it on both databases).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from tests.hostile_kinds import KINDS, TAG, Kind, archive_state, web_kinds

ROOT = Path(__file__).resolve().parents[1]
# The command's processes share the database with the test (committed data); emptied after each test.
pytestmark = pytest.mark.django_db(transaction=True)
UPLOAD = "/admin/articles/article/upload/"
TIMEOUT = 300
FINISHED = {"done", "failed", "undone", "interrupted"}


@dataclass
class Outcome:
    kind: Kind
    tag: str
    statuses: list[int] = field(default_factory=list)
    refused: bool = False  # a failed line, a form error or a refused command
    no_reason: int = 0  # failed lines without a reason
    traceback: bool = False
    lost: list[str] = field(default_factory=list)
    half_written: list[str] = field(default_factory=list)
    stuck: int = 0
    note: str = ""

    @property
    def server_error(self) -> bool:
        return any(s >= 500 for s in self.statuses)

    command: bool = False

    @property
    def as_expected(self) -> bool:
        expect = (self.command and self.kind.command_expect) or self.kind.expect
        return {"refuse": self.refused, "accept": not self.refused}.get(expect, True)

    @property
    def clean(self) -> bool:
        return not (
            self.server_error or self.traceback or self.lost or self.half_written or self.stuck or self.no_reason
        )


def _tag_of(name: str) -> str | None:
    found = re.search(TAG + "-", name or "")
    return found.group(1) if found else None


def _judge(outcomes: dict[str, Outcome], state: dict, lines: Iterable[tuple[str, dict]]) -> None:
    """Fill in refusals, reasons, lost and half-written records from the archive's state."""
    for tag, line in lines:
        outcome = outcomes.get(tag)
        if outcome is None:
            continue
        if line["status"] == "failed":
            outcome.refused = True
            outcome.no_reason += not (line.get("error") or "").strip()
            outcome.note = outcome.note or (line.get("error") or "")[:90]
        elif line.get("warning") and not outcome.note:
            outcome.note = "warning: " + line["warning"][:80]
    for outcome in outcomes.values():
        for marker in outcome.kind.markers(outcome.tag):
            countries = state["markers"].get(marker)
            if countries is None:
                outcome.lost.append(marker)
            elif "KE" not in countries:  # every valid record is about Kenya: stored without its tags
                outcome.half_written.append(marker)


def _check_archive(state: dict) -> None:
    assert state["job_errors"] == [] and state["failed_jobs"] == 0, state["job_errors"]
    assert state["check_index"] == 0, state["check_output"]


def table(title: str, outcomes: Iterable[Outcome]) -> str:
    rows = list(outcomes)
    families = sorted({o.kind.family for o in rows})

    def line(label: str, group: list[Outcome]) -> str:
        return (
            f"{label:<12} {len(group):>5} {sum(o.refused for o in group):>8} {sum(not o.refused for o in group):>8} "
            f"{sum(o.server_error for o in group):>4} {sum(bool(o.lost) for o in group):>5} "
            f"{sum(bool(o.half_written) for o in group):>5} {sum(bool(o.stuck) for o in group):>6} "
            f"{sum(o.traceback for o in group):>6} {sum(o.clean for o in group):>6}"
        )

    out = [
        f"TALLY {title}",
        f"{'format':<12} {'kinds':>5} {'refused':>8} {'accepted':>8} {'5xx':>4} {'lost':>5} "
        f"{'half':>5} {'stuck':>6} {'trace':>6} {'clean':>6}",
    ]
    out += [line(f, [o for o in rows if o.kind.family == f]) for f in families]
    out.append(line("all", rows))
    return "\n".join(out)


def _report(title: str, outcomes: dict[str, Outcome]) -> None:
    print("\n" + table(title, outcomes.values()))
    for o in outcomes.values():
        if not o.clean or not o.as_expected:
            print(
                f"  {o.kind.name}: expect {o.kind.expect}, refused={o.refused} statuses={o.statuses} lost={o.lost[:3]} "
                f"half={o.half_written[:3]} stuck={o.stuck} traceback={o.traceback} no_reason={o.no_reason} {o.note}"
            )


def _assert_clean(outcomes: dict[str, Outcome]) -> None:
    dirty = {name: o for name, o in outcomes.items() if not o.clean}
    assert not dirty, sorted(dirty)
    unexpected = {name: (o.kind.expect, o.note) for name, o in outcomes.items() if not o.as_expected}
    assert not unexpected, unexpected


# --- the upload page ------------------------------------------------------------------------------


def test_every_bad_input_kind_through_the_upload_page(django_user_model):
    from articles.models import ImportBatch

    staff = django_user_model.objects.create_superuser("tally-staff", "staff@example.org", "x")
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    outcomes: dict[str, Outcome] = {}
    batch_tags: dict[int, str] = {}
    for number, kind in enumerate(KINDS):
        tag = f"u{number:03d}"
        outcome = outcomes[tag] = Outcome(kind, tag)
        files = kind.files(tag)
        data: dict = dict(kind.form)
        if kind.paste:
            data["text"] = files[0][1].decode("utf-8", "replace")
            files = files[1:]
        data["files"] = [SimpleUploadedFile(name, content) for name, content in files]
        before = ImportBatch.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.post(UPLOAD, data)
        outcome.statuses.append(response.status_code)
        form = response.context.get("form") if response.context is not None else None
        if form is not None and form.errors:
            outcome.refused = True
            outcome.note = "form: " + " ".join(str(m) for ms in form.errors.values() for m in ms)[:90]
        for batch_id in ImportBatch.objects.filter(id__gt=before).values_list("id", flat=True):
            batch_tags[batch_id] = tag
    state = archive_state("u")
    lines = []
    for batch in state["batches"]:
        tag = batch_tags.get(batch["id"])
        if tag is None:
            continue
        outcomes[tag].stuck += batch["status"] not in FINISHED
        if batch["status"] == "failed" and not batch["report"]:  # a batch that failed whole says why
            lines.append((tag, {"status": "failed", "error": batch["message"]}))
        lines += [(tag, line) for line in batch["report"]]
    _judge(outcomes, state, lines)
    _report(f"upload page on {connection.vendor}", outcomes)
    _check_archive(state)
    _assert_clean(outcomes)


# --- import_articles, real processes ------------------------------------------------------------


class Processes:
    """`manage.py` processes against a data directory and database shared with this test."""

    def __init__(self, tmp_path: Path) -> None:
        self.env = {
            **os.environ,
            "NEWSARCHIVE_DATA_DIR": str(tmp_path / "data"),
            "NEWSARCHIVE_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
        self.env.pop("DATABASE_URL", None)
        if connection.vendor == "postgresql":
            s = connection.settings_dict
            self.env["DATABASE_URL"] = (
                f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
            )

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )


STATE = "import json; from tests.hostile_kinds import archive_state; print('STATE' + json.dumps(archive_state('c')))"


def test_every_bad_input_kind_through_import_articles(tmp_path):
    procs = Processes(tmp_path)
    if connection.vendor != "postgresql":
        migrated = procs.run("migrate", "--noinput", "-v", "0")
        assert migrated.returncode == 0, migrated.stderr
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    outcomes: dict[str, Outcome] = {}
    groups: dict[str, list[tuple[str, Kind]]] = {}
    alone: list[tuple[str, Kind]] = []
    for number, kind in enumerate(KINDS):
        tag = f"c{number:03d}"
        outcomes[tag] = Outcome(kind, tag, command=True)
        (alone if kind.args else groups.setdefault(_group(kind), [])).append((tag, kind))

    def write(tag: str, kind: Kind) -> list[str]:
        folder = inputs / tag
        folder.mkdir()
        paths = []
        for name, data in kind.files(tag):
            (folder / name).write_bytes(data)
            paths.append(str(folder / name))
        return paths

    jobs = [
        ([p for tag, kind in members for p in write(tag, kind)], (), [tag for tag, _ in members])
        for members in groups.values()
    ]
    jobs += [(write(tag, kind), kind.args, [tag]) for tag, kind in alone]

    def run(job):
        paths, args, tags = job
        return tags, procs.run("import_articles", *args, *paths)

    # A few processes at a time (SQLite takes one writer; the lock is waited for).
    with ThreadPoolExecutor(max_workers=3) as pool:
        finished = list(pool.map(run, jobs))
    for tags, proc in finished:
        failed_lines = [line for line in proc.stderr.splitlines() if line.startswith(("failed:", "CommandError:"))]
        assert proc.returncode == (1 if failed_lines else 0), (tags, proc.returncode, proc.stderr[-2000:])
        for tag in tags:
            o = outcomes[tag]
            o.statuses.append(proc.returncode if proc.returncode in (0, 1) else 500)  # a crash counts as a 5xx
            o.traceback = "Traceback" in proc.stderr
        for line in failed_lines:
            tag = _tag_of(line) if len(tags) > 1 else tags[0]
            if tag in outcomes:
                o = outcomes[tag]
                o.refused = True
                reason = line.split(": ", 2)[-1] if line.startswith("failed:") else line.split(":", 1)[1]
                o.no_reason += not reason.strip()
                o.note = o.note or reason[:90]
    shown = procs.run("shell", "-c", STATE)
    assert shown.returncode == 0, shown.stderr[-3000:]
    state = json.loads(shown.stdout.split("STATE", 1)[1])
    lines = []
    for batch in state["batches"]:
        stuck = batch["status"] not in FINISHED
        for line in batch["report"]:
            tag = _tag_of(line.get("file") or "")
            if tag in outcomes:
                lines.append((tag, line))
                outcomes[tag].stuck += stuck
    _judge(outcomes, state, [(t, line) for t, line in lines if line["status"] != "failed"])
    _report(f"import_articles on {connection.vendor}", outcomes)
    _check_archive(state)
    _assert_clean(outcomes)


def _group(kind: Kind) -> str:
    """One process per several kinds: by format family, in four processes."""
    return {"jsonl": "a", "json-array": "a", "text": "b", "html": "b", "zip": "d", "gzip": "d"}.get(kind.family, "c")


# --- hostile addresses --------------------------------------------------------------------------


def test_every_hostile_address_answers_without_a_server_error(make_articles):
    from tests.factories import RECORDS

    make_articles(*RECORDS[:4])
    client = Client(raise_request_exception=False)
    kinds = web_kinds()
    errors = []
    statuses: dict[int, int] = {}
    for name, address in kinds:
        response = client.get(address)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            errors.append((name, address[:120], response.status_code))
    print(
        f"\nTALLY addresses on {connection.vendor}: {len(kinds)} kinds, statuses {dict(sorted(statuses.items()))}, "
        f"5xx {len(errors)}"
    )
    for error in errors:
        print("  ", error)
    assert len(kinds) >= 300 and not errors, errors
