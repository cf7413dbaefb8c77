"""Remember a deleted account's username, so no one else gets it for a year (CJIS IA-4).

Accord never deletes accounts (they are deactivated), but a database shell, a future purge or a library
could; a ``pre_delete`` receiver is the one place that sees every such deletion, whatever path it takes.
It only records data: the rule itself (refusing the name) lives in ``actions.user_invite``.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from accord.core.models import ReleasedUsername, User


@receiver(pre_delete, sender=User, dispatch_uid="accord.core.username_release")
def record_released_username(sender: type[User], instance: User, **kwargs: Any) -> None:
    ReleasedUsername.objects.create(username=instance.username)
