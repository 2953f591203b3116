from django.db import migrations

from localsdg.framework.loading import sync_framework


class Migration(migrations.Migration):
    dependencies = [("framework", "0001_initial")]

    operations = [migrations.RunPython(sync_framework, migrations.RunPython.noop, elidable=False)]
