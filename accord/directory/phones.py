"""Phone numbers in one form: parsed with Google's libphonenumber rules, stored as E.164."""

from __future__ import annotations

import functools

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError


def default_region() -> str:
    return settings.ACCORD_PHONE_REGION


def normalize_phone(value: str) -> str:
    """``"(217) 555-0123"`` → ``"+12175550123"``; blank stays blank; anything else is refused."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, default_region())
    except phonenumbers.NumberParseException:
        raise ValidationError(f"“{value}” is not a phone number.") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(f"“{value}” is not a valid phone number.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_e164(value: str) -> bool:
    if not value.startswith("+"):
        return False
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        return False


@functools.lru_cache(maxsize=4096)  # parsing is slow and pages show the same numbers again and again
def display_phone(value: str) -> str:
    """National format for numbers in the deployment's region, international for the rest."""
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    region = phonenumbers.region_code_for_number(parsed)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if region == default_region()
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, style)
