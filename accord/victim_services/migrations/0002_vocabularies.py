"""Intake and closure vocabularies (data; the coordinator edits them)."""

from django.db import migrations

from accord.core.vocabularies import load
from accord.victim_services.vocabularies import VOCABULARIES


def add(apps, schema_editor):
    for code, name, source, description, terms in VOCABULARIES:
        load(apps, code, name, source, description, terms)


class Migration(migrations.Migration):
    dependencies = [("victim_services", "0001_initial"), ("core", "0004_core_vocabularies")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
