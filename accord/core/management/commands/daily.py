from typing import Any

from django.core.management.base import BaseCommand

from accord.core.jobs import DAILY, recover_abandoned


class Command(BaseCommand):
    help = "Queue the daily jobs (reminders, checks). Run once a day from cron or a systemd timer."

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = recover_abandoned()
        if any(recovered.values()):
            self.stdout.write(f"abandoned jobs: {recovered['resumed']} queued again, {recovered['failed']} failed")
        for job in DAILY:
            job.enqueue()
            self.stdout.write(f"queued {job.module_path}")
