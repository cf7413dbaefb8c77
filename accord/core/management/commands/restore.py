import os
import subprocess  # re-runs this command with another DATABASE_URL, argument list, no shell
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.core import backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `accord backup` into an empty database and files directory "
        "(refuses a non-empty one unless --force). Stop the web server and the worker first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database-url", help="restore into this database instead of DATABASE_URL's")
        parser.add_argument("--files-dir", type=Path, help="restore the uploads here instead of var/files")
        parser.add_argument("--force", action="store_true", help="replace a database or files that are not empty")

    def handle(
        self, *args: Any, archive: Path, database_url: str | None, files_dir: Path | None, force: bool, **options: Any
    ) -> None:
        archive, files_dir = Path(archive), Path(files_dir) if files_dir else None
        if database_url:
            self._in_another_database(archive, database_url, files_dir, force)
            return
        try:
            restored = backup.restore(archive, force=force, uploads=files_dir)
        except backup.BackupError as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        self.stdout.write(
            f"Restored the {restored['database']} backup made {restored['created_at']} by Accord "
            f"{restored['app_version']} ({restored['files']} files). Run `accord migrate` if this Accord is newer, "
            "then `accord audit verify`."
        )

    def _in_another_database(self, archive: Path, url: str, files_dir: Path | None, force: bool) -> None:
        """Settings are read once per process, so another database means another process."""
        argv = [sys.executable, "-m", "accord.cli", "restore", str(archive.resolve())]
        argv += ["--files-dir", str(files_dir.resolve())] if files_dir else []
        argv += ["--force"] if force else []
        env = {**os.environ, "DATABASE_URL": url}
        result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (argument list, no shell)
        self.stdout.write(result.stdout.strip())
        if result.returncode != 0:
            lines = result.stderr.strip().splitlines() or ["the restore failed"]
            raise CommandError(lines[-1].removeprefix("CommandError: "))
