from django.db import migrations

from accord.core.vocabularies import load
from accord.investigations.vocabularies import NOT_CHARGEABLE, VOCABULARIES


def forwards(apps, schema_editor):
    for code, name, source, description, terms in VOCABULARIES:
        load(apps, code, name, source, description, terms)
    term_model = apps.get_model("core", "Term")
    term_model.objects.filter(vocabulary__code="statute", code__in=NOT_CHARGEABLE).update(is_active=False)


class Migration(migrations.Migration):
    dependencies = [("investigations", "0001_initial"), ("core", "0004_core_vocabularies")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
