"""Countries become django-countries' CountryField. Its column is the same two-character string
as before, so the change is made to the migration state only and no table is rebuilt: every
stored ISO code keeps its value. Codes that the admin stored as typed ("de") are
brought to the form the field shows and filters by ("DE"); nothing else is changed, and a code
that is not a country stays as it is (the pages show it as the bare code)."""

from typing import Any

import django_countries.fields
from django.db import migrations
from django.db.models.functions import Upper


def country_field(help_text: str) -> django_countries.fields.CountryField:
    return django_countries.fields.CountryField(
        blank=True, help_text=help_text, max_length=2, verbose_name="country"
    )


EVENT_HELP = "ISO 3166 code, e.g. US."
PARTNER_HELP = "ISO 3166 code, e.g. JP; empty for international bodies."


def upper_case_codes(apps: Any, schema_editor: Any) -> None:
    for name in ("Event", "Partner"):
        model = apps.get_model("engagement", name)
        rows = model.objects.using(schema_editor.connection.alias)
        rows.exclude(country="").update(country=Upper("country"))


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField("event", "country", country_field(EVENT_HELP)),
                migrations.AlterField("historicalevent", "country", country_field(EVENT_HELP)),
                migrations.AlterField("partner", "country", country_field(PARTNER_HELP)),
                migrations.AlterField("historicalpartner", "country", country_field(PARTNER_HELP)),
            ],
            database_operations=[],
        ),
        migrations.RunPython(upper_case_codes, migrations.RunPython.noop, elidable=True),
    ]
