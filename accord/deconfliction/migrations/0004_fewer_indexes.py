"""Drop three indexes nothing reads, which every online check paid to keep up: a target's investigation (the
(investigation, kind) index leads with it), and a key's target (the (target, digest) constraint's index leads with
it) and owner (only compared, never looked up)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_released_usernames"),
        ("deconfliction", "0003_targetkey_investigation"),
        ("investigations", "0002_vocabularies"),
    ]

    operations = [
        migrations.AlterField(
            model_name="target",
            name="investigation",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="targets",
                to="investigations.investigation",
            ),
        ),
        migrations.AlterField(
            model_name="targetkey",
            name="owner",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.organization"
            ),
        ),
        migrations.AlterField(
            model_name="targetkey",
            name="target",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="keys",
                to="deconfliction.target",
            ),
        ),
    ]
