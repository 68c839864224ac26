from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles import services
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Re-run extraction over articles' stored original input and queue their index updates. Tags that "
        "staff added or removed in the admin are kept."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="Article ids.")
        parser.add_argument("--all", action="store_true", help="Every article in the archive.")

    def handle(self, *args, ids: list[int], all: bool, **options) -> None:
        if not ids and not all:
            raise CommandError("give article ids, or --all")
        queryset = Article.objects.all() if all else Article.objects.filter(pk__in=ids)
        missing = set(ids) - set(queryset.values_list("pk", flat=True)) if ids else set()
        done = skipped = 0
        for article in queryset.select_related("source").iterator(chunk_size=200):
            if services.article_reextract(article=article):
                done += 1
            else:
                skipped += 1
                self.stderr.write(f"article {article.pk}: its original input cannot be read again; left as it was")
            if options["verbosity"] >= 2 and done % 500 == 0:
                self.stdout.write(f"  {done} re-extracted…")
        for pk in sorted(missing):
            self.stderr.write(f"article {pk}: no such article")
        self.stdout.write(f"Re-extracted {done} articles ({skipped} skipped); their index updates are queued.")
        if skipped or missing:
            raise SystemExit(1)
