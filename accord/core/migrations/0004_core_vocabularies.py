from django.db import migrations

from accord.core.vocabularies import CORE_VOCABULARIES, load


def forwards(apps, schema_editor):
    for code, name, source, description, terms in CORE_VOCABULARIES:
        load(apps, code, name, source, description, terms)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_vocabularies")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
