"""Password rules beyond Django's: long passphrases welcome, but bounded so hashing stays cheap."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

MAX_LENGTH = 256


class MaximumLengthValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > MAX_LENGTH:
            raise ValidationError(f"Use at most {MAX_LENGTH} characters.", code="password_too_long")

    def get_help_text(self) -> str:
        return f"Up to {MAX_LENGTH} characters; spaces and any characters are allowed."
