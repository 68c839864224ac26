"""The PostgreSQL engine's document vectors kept in their rows, lz4-compressed (``schema.STORAGE``): a
search reads the vector of every match to rank it. A no-op on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    from articles.search.postgres import schema

    schema.set_storage(schema_editor)


def backwards(apps, schema_editor):
    from articles.search.postgres import schema

    schema.set_storage(schema_editor, undo=True)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_merge_dates_languages")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
