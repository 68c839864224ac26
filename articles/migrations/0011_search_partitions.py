"""The PostgreSQL engine's search rows split into hash partitions of the article id (``schema.PARTITIONS``),
so that one search is matched by several statements at once (``articles.search.postgres.parallel``). An
archive created before is moved into them. A no-op on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    from articles.search.postgres import schema

    schema.partition(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_search_storage")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
