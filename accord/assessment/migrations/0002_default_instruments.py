"""Load Accord's default Roadmap self-assessment and collaboration-factors instruments (as data)."""

from django.db import migrations


def load(apps, schema_editor):
    from accord.assessment import default_instruments

    default_instruments.load(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
        ("victim_services", "0003_default_instrument"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
