from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.core import backup


class Command(BaseCommand):
    help = (
        "Write an encrypted archive of the database and the uploaded files (key: ACCORD_BACKUP_KEY). "
        "The data keys are not in it: keep a copy of them elsewhere."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="archive to write (default var/backups/accord-<time>.backup)")

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        try:
            made = backup.make(output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backup written to {made.path} ({made.size:,} bytes: {made.tables} tables, {made.files} files)."
        )
