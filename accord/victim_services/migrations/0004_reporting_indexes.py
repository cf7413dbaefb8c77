"""Indexes for reporting: intakes in a period, and services delivered in a period by category (benchmarks/reporting.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("victim_services", "0003_default_instrument")]

    operations = [
        migrations.AddIndex(
            model_name="client",
            index=models.Index(fields=["intake_date", "closed_on", "trafficking_type"], name="vs_client_intake_idx"),
        ),
        migrations.AddIndex(
            model_name="servicedelivery",
            index=models.Index(fields=["category", "delivered_on"], name="vs_service_category_day_idx"),
        ),
    ]
