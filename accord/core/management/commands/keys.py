from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accord.core import crypto, keys


class Command(BaseCommand):
    help = (
        "Key tools: `generate` prints a new AES-256 key (for ACCORD_DATA_KEYS, ACCORD_BLIND_INDEX_KEY or "
        "ACCORD_BACKUP_KEY: one each); `rotate` re-encrypts every value under the newest data key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["generate", "rotate"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "generate":
            self.stdout.write(crypto.new_key())
            return
        counts = keys.rotate()
        total = sum(counts.values())
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label}: {count} re-encrypted")
        self.stdout.write(f"Re-encrypted {total} values under key {crypto.key_ring().current_id!r}.")
