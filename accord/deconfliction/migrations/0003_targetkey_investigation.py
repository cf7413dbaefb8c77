"""Copy each target's investigation onto its matching keys, so the identifiers two investigations share are
read from one index (the online check asks this for every person it scores)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_investigations(apps, schema_editor):
    Target = apps.get_model("deconfliction", "Target")
    TargetKey = apps.get_model("deconfliction", "TargetKey")
    of_target = Target.objects.filter(pk=OuterRef("target_id")).values("investigation_id")[:1]
    TargetKey.objects.update(investigation_id=Subquery(of_target))


class Migration(migrations.Migration):
    dependencies = [
        ("deconfliction", "0002_linkage_run_and_match_default"),
        ("investigations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="targetkey",
            name="investigation",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="investigations.investigation",
            ),
        ),
        migrations.RunPython(copy_investigations, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="targetkey",
            name="investigation",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="investigations.investigation",
            ),
        ),
        migrations.AddIndex(
            model_name="targetkey",
            index=models.Index(
                fields=["investigation", "exact", "digest", "kind"], name="deconfliction_key_inv_digest"
            ),
        ),
    ]
