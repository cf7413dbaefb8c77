"""Conservative defaults: purges off, long periods, except the 28 CFR Part 23 five-year limit already enforced."""

from django.db import migrations

DEFAULTS = [
    ("closed_clients", 7 * 365, False),  # HMIS 2004 baseline: 7 years; each VSP may set its own schedule
    ("intelligence", 5 * 365 + 1, True),  # 28 CFR 23.20(h): purge unless validated by a review within 5 years
    ("audit_events", 7 * 365, False),  # CJIS AU-11 floor is 1 year; state schedules are often longer
    ("expired_releases", 7 * 365, False),
    ("uploads", 30, False),
]


def seed(apps, schema_editor):
    rule = apps.get_model("retention", "RetentionRule")
    for record_class, days, enabled in DEFAULTS:
        rule.objects.get_or_create(record_class=record_class, defaults={"period_days": days, "enabled": enabled})


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
