"""What every page's frame needs: the task force's name, the navigation and demo mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from accord.core.navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    context = {
        "navigation": navigation_for(user) if signed_in else [],
        "demo_mode": settings.DEMO,
        "system_use_notice": settings.ACCORD_SYSTEM_USE_NOTICE,
    }
    if settings.DEMO and not signed_in:
        from accord.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

        context.update(demo_accounts=DEMO_ACCOUNTS, demo_password=DEMO_PASSWORD)
    return context
