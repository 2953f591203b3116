"""Copy the Japanese texts of the 169 targets (data/sdg-targets-ja.csv) into existing rows.

The search index is rebuilt after every ``migrate`` (see ``localsdg.search.apps``), so it picks up
the new texts too.
"""

from django.db import migrations

from localsdg.framework.loading import sync_framework


class Migration(migrations.Migration):
    dependencies = [("framework", "0002_load_framework")]

    operations = [migrations.RunPython(sync_framework, migrations.RunPython.noop, elidable=False)]
