"""A key's owner and investigation are its target's, copied: the target's own references vouch for them, so the
database no longer checks them again for every key each check writes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_released_usernames"),
        ("deconfliction", "0004_fewer_indexes"),
        ("investigations", "0002_vocabularies"),
    ]

    operations = [
        migrations.AlterField(
            model_name="targetkey",
            name="investigation",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="investigations.investigation",
            ),
        ),
        migrations.AlterField(
            model_name="targetkey",
            name="owner",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="core.organization",
            ),
        ),
    ]
