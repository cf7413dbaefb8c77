from typing import Any

from django.core.management.base import BaseCommand

from accord.core.jobs import DAILY


class Command(BaseCommand):
    help = "Queue the daily jobs (reminders, checks). Run once a day from cron or a systemd timer."

    def handle(self, *args: Any, **options: Any) -> None:
        for job in DAILY:
            job.enqueue()
            self.stdout.write(f"queued {job.module_path}")
