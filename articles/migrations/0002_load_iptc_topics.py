"""Load the 17 top-level IPTC Media Topics (https://cv.iptc.org/newscodes/mediatopic/, CC BY 4.0).

The labels are copied here rather than imported from the app, so that this migration keeps working
whatever the app's code becomes.
"""

from django.db import migrations

IPTC_TOP_LEVEL = {
    "medtop:01000000": "arts, culture, entertainment and media",
    "medtop:02000000": "crime, law and justice",
    "medtop:03000000": "disaster, accident and emergency incident",
    "medtop:04000000": "economy, business and finance",
    "medtop:05000000": "education",
    "medtop:06000000": "environment",
    "medtop:07000000": "health",
    "medtop:08000000": "human interest",
    "medtop:09000000": "labour",
    "medtop:10000000": "lifestyle and leisure",
    "medtop:11000000": "politics and government",
    "medtop:12000000": "religion",
    "medtop:13000000": "science and technology",
    "medtop:14000000": "society",
    "medtop:15000000": "sport",
    "medtop:16000000": "conflict, war and peace",
    "medtop:17000000": "weather",
}


def load(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    for code, label in IPTC_TOP_LEVEL.items():
        Topic.objects.update_or_create(code=code, defaults={"label": label})


def unload(apps, schema_editor):
    apps.get_model("articles", "Topic").objects.filter(code__in=IPTC_TOP_LEVEL).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
