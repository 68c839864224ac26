"""PostgreSQL full-text search (issue 9): extensions, configurations and the search tables.

A no-op on SQLite (the default engine keeps its index outside the database).
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


def forwards(apps, schema_editor):
    from articles.search.postgres import schema

    schema.create(schema_editor)


def backwards(apps, schema_editor):
    from articles.search.postgres import schema

    schema.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_apitoken")]

    operations = [
        # Both skip themselves on other databases; both are "trusted" extensions since PostgreSQL 13,
        # so a database owner without superuser rights can create them.
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
