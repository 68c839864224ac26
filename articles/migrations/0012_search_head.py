"""The PostgreSQL engine's ``head`` column (the title and standfirst's vector), which lets a one-word search
rank only the matches that have the word there when they fill its page (``schema.HEAD``). Rows written
before are given theirs here. A no-op on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    from articles.search.postgres import schema, vectors

    schema.add_head(schema_editor, vectors.FILL_HEAD)


def backwards(apps, schema_editor):
    from articles.search.postgres import schema

    schema.drop_head(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_search_partitions")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
