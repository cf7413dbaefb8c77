from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accord.retention import actions


class Command(BaseCommand):
    help = "Purge records past their retention period and under no legal hold. --dry-run only counts them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count what would be purged; change nothing")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        counts = actions.purge(dry_run=dry_run)
        verb = "would purge" if dry_run else "purged"
        for record_class, count in counts.items():
            self.stdout.write(f"{record_class}: {verb} {count}")
