"""The publisher's local date (issue 12): ``Article.published_date``, filled from the offset the reader
kept in ``extra["published_local"]`` (else the UTC date), and, on PostgreSQL, the search rows' ``day``.

An article whose local date differs from its UTC date gets a new version (``updated_at``): its index
entry (Whoosh) or search row (PostgreSQL) still holds the UTC day, and ``check_index`` then reports it
as stale, so that ``check_index --repair`` rewrites exactly those.
"""

from datetime import UTC, datetime, timedelta, timezone

from django.db import migrations, models
from django.utils import timezone as django_timezone

CHUNK = 2000


def _local_date(published_at, extra):
    # A copy of articles.models.local_date as it is today (a migration must not follow later code).
    offset = UTC
    local = (extra or {}).get("published_local") if isinstance(extra, dict) else None
    if isinstance(local, str):
        try:
            parsed = datetime.fromisoformat(local)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            offset = timezone(parsed.utcoffset() or timedelta(0))
    return published_at.astimezone(offset).date()


def forwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    dated = Article.objects.exclude(published_at=None).order_by("pk")
    last = 0
    while True:
        rows = list(dated.filter(pk__gt=last).values_list("pk", "published_at", "extra")[:CHUNK])
        if not rows:
            break
        now = django_timezone.now()
        same, moved = [], []
        for pk, published_at, extra in rows:
            day = _local_date(published_at, extra)
            if day == published_at.astimezone(UTC).date():
                same.append(Article(pk=pk, published_date=day))
            else:
                moved.append(Article(pk=pk, published_date=day, updated_at=now))
        Article.objects.bulk_update(same, ["published_date"])
        Article.objects.bulk_update(moved, ["published_date", "updated_at"])
        last = rows[-1][0]
    if schema_editor.connection.vendor == "postgresql":
        # Rows written before hold the UTC day; the articles whose local day differs are stale (above).
        schema_editor.execute("ALTER TABLE articles_search ADD COLUMN IF NOT EXISTS day date")
        schema_editor.execute(
            "UPDATE articles_search SET day = (published AT TIME ZONE 'UTC')::date"
            " WHERE day IS NULL AND published IS NOT NULL"
        )
        schema_editor.execute("CREATE INDEX IF NOT EXISTS articles_search_day ON articles_search (day)")


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_merge_postgres_search")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="published_date",
            field=models.DateField(blank=True, db_index=True, null=True, verbose_name="publisher's local date"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
    ]
