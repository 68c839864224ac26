"""Joins the local publication date (0008_published_date) and the per-language search configurations
(0008_language_configs), written side by side."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_language_configs"),
        ("articles", "0008_published_date"),
    ]
    operations = []
