"""Accord's default screening instrument (Accord's wording on the TVIT's domains)."""

from django.db import migrations

from accord.victim_services.default_instrument import load


class Migration(migrations.Migration):
    dependencies = [("victim_services", "0002_vocabularies")]

    operations = [migrations.RunPython(lambda apps, schema_editor: load(apps), migrations.RunPython.noop)]
