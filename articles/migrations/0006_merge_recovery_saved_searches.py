# Joins two migrations written side by side (worker recovery and saved searches); nothing to apply.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_recovery"),
        ("articles", "0005_saved_searches"),
    ]
    operations = []
