"""Why a referral was declined (data; the coordinator edits it)."""

from django.db import migrations

from accord.core.vocabularies import load

REASONS = [
    ("no-capacity", "No capacity right now", ""),
    ("not-eligible", "The person is not eligible for this service", ""),
    ("not-offered", "We do not offer this service", ""),
    ("outside-area", "Outside our service area", ""),
    ("language", "We cannot serve the person's language", ""),
    ("conflict", "Conflict of interest", ""),
    ("other", "Other", ""),
]


def add(apps, schema_editor):
    load(apps, "referral-decline-reason", "Reason a referral was declined", "Accord", "", REASONS)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial"), ("core", "0004_core_vocabularies")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
