"""Text analysed per language on PostgreSQL (issue 13): a configuration per stemmed language, and every
search row recomputed with its article's configuration. A no-op on SQLite (the Whoosh index is rebuilt
instead: ``check_index`` reports its schema as outdated)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from articles.search.postgres import schema, vectors

    schema.create_language_configs(schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        vectors.rebuild()  # rows written before were analysed in English whatever their language


def backwards(apps, schema_editor):
    from articles.search.postgres import schema

    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            # The rows must not depend on the configurations dropped below: back to one English analysis.
            cursor.execute("TRUNCATE articles_search, articles_search_count, articles_search_word")
    schema.drop_language_configs(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_merge_postgres_search")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
