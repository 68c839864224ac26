from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from articles.models import SavedSearch
from articles.services import alerts as services_alerts

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


class Command(BaseCommand):
    help = (
        "E-mail each reader what is new for their saved searches that are due (daily: once per UTC day, "
        "weekly: once per ISO week). Idempotent: what a digest announced is recorded and never sent again. "
        "Exit status 0 when every due digest was sent or had nothing to send, 1 when any send failed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--frequency",
            choices=[SavedSearch.Frequency.DAILY, SavedSearch.Frequency.WEEKLY],
            help="Only saved searches with this e-mail frequency (default: both).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the e-mails that are due; send and record nothing."
        )

    def handle(self, *args, frequency: str | None, dry_run: bool, **options) -> None:
        site_url = settings.NEWSARCHIVE_SITE_URL
        try:
            URLValidator(schemes=["http", "https"])(site_url)
        except Exception:  # noqa: BLE001 - ValidationError, for an empty or malformed setting alike
            raise CommandError(
                "Set NEWSARCHIVE_SITE_URL to the archive's address (e.g. https://archive.example.org): "
                "e-mails need absolute links."
            ) from None
        console = settings.MAILERS.get("default", {}).get("BACKEND") == CONSOLE_BACKEND
        if console and not dry_run and options["verbosity"] >= 1:
            self.stderr.write("EMAIL_HOST is not set: digests are printed here, not sent.")
        try:
            report = services_alerts.digests_send(site_url=site_url, frequency=frequency, dry_run=dry_run)
        except Exception as exc:  # noqa: BLE001 - a database or search failure: said plainly, no traceback
            raise CommandError(f"send_alerts failed: {exc}") from None
        verbose = options["verbosity"] >= 1
        for line in report.sent:
            if verbose:
                self.stdout.write(("would send to " if dry_run else "sent to ") + line)
        if dry_run:
            for message in report.messages:
                self.stdout.write(f"\nTo: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}")
        for line in report.skipped:
            if verbose:
                self.stdout.write(f"skipped {line}")
        for line in report.failed:
            self.stderr.write(f"could not send to {line}")
        if verbose:
            verb = "composed" if dry_run else "sent"
            self.stdout.write(
                f"{len(report.sent)} digest(s) {verb}, {report.empty} with nothing new, "
                f"{len(report.skipped)} reader(s) skipped, {len(report.failed)} failed."
            )
        if report.failed:
            raise SystemExit(1)
