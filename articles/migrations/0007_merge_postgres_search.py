# Joins the PostgreSQL search migration, written beside the recovery and saved-search ones; nothing to apply.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_postgres_search"),
        ("articles", "0006_merge_recovery_saved_searches"),
    ]
    operations = []
