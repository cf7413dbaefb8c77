from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.core import seed as seeding
from accord.core.models import Organization


class Command(BaseCommand):
    help = "Fill an empty database with a synthetic task force (deterministic for a given --seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(seeding.SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, scale: str, seed: int, **options: Any) -> None:
        if Organization.objects.exists():
            raise CommandError("The database already holds organizations; seed only an empty database.")
        ctx = seeding.run(scale=scale, seed=seed)
        self.stdout.write(
            f"Seeded {len(ctx.users)} accounts in {sum(len(v) for v in ctx.organizations.values())} organizations."
        )
