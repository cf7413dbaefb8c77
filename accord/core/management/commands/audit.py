from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.core import audit


class Command(BaseCommand):
    help = "Audit trail tools. `accord audit verify` checks the hash chain and prints its head."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        result = audit.verify()
        if not result.ok:
            raise CommandError(
                f"Audit trail BROKEN at event {result.broken_at}: {result.reason}. "
                f"{result.checked} events before it verified."
            )
        self.stdout.write(f"Audit trail intact: {result.checked} events. Head hash {result.head}")
