"""Field encryption (AES-256-GCM under a key ring) and blind indexes (HMAC-SHA256).

Keys come from the environment, apart from SECRET_KEY:
- ``ACCORD_DATA_KEYS``: ``id:base64key,id:base64key``, newest first. The newest encrypts;
  any listed key decrypts, so a key can be added, data re-encrypted (``accord keys rotate``)
  and the old key then dropped.
- ``ACCORD_BLIND_INDEX_KEY``: base64 key for the keyed hashes used for equality lookups.

A stored value reads ``v1:<key id>:<base64(nonce | ciphertext+tag)>``. The associated data
binds each ciphertext to its table and column, so a value copied into another column does not
decrypt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "v1"


class DecryptionError(Exception):
    """A stored value could not be decrypted with any key in the ring."""


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[tuple[str, bytes], ...]

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes:
        for candidate_id, key in self.keys:
            if candidate_id == key_id:
                return key
        raise DecryptionError(f"no key with id {key_id!r} in ACCORD_DATA_KEYS")


def parse_key_ring(spec: str) -> KeyRing:
    keys = []
    for item in spec.split(","):
        key_id, _, encoded = item.strip().partition(":")
        if not key_id or not encoded:
            raise ImproperlyConfigured("ACCORD_DATA_KEYS entries must read id:base64key")
        key = base64.b64decode(encoded)
        if len(key) != 32:
            raise ImproperlyConfigured(f"data key {key_id!r} must be 32 bytes (AES-256)")
        keys.append((key_id, key))
    if not keys:
        raise ImproperlyConfigured("ACCORD_DATA_KEYS is empty")
    return KeyRing(tuple(keys))


@lru_cache(maxsize=4)
def _ring(spec: str) -> KeyRing:
    return parse_key_ring(spec)


def key_ring() -> KeyRing:
    return _ring(settings.ACCORD_DATA_KEYS)


def new_key() -> str:
    """A fresh base64 AES-256 key, for ``accord keys generate``."""
    return base64.b64encode(os.urandom(32)).decode()


def encrypt(plaintext: str, *, context: str) -> str:
    ring = key_ring()
    nonce = os.urandom(12)
    sealed = AESGCM(ring.key(ring.current_id)).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{PREFIX}:{ring.current_id}:{base64.b64encode(nonce + sealed).decode()}"


def key_id_of(stored: str) -> str:
    return stored.split(":", 2)[1]


def decrypt(stored: str, *, context: str) -> str:
    try:
        prefix, key_id, payload = stored.split(":", 2)
    except ValueError as exc:
        raise DecryptionError("not an encrypted value") from exc
    if prefix != PREFIX:
        raise DecryptionError("unknown encryption format")
    raw = base64.b64decode(payload)
    try:
        return AESGCM(key_ring().key(key_id)).decrypt(raw[:12], raw[12:], context.encode()).decode()
    except InvalidTag as exc:
        raise DecryptionError("value does not match its key or column") from exc


def normalize(value: str) -> str:
    """The form a value is compared in: Unicode NFKC, case-folded, inner spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed hash of a normalized value, for equality lookups on data that is stored encrypted.

    ``purpose`` separates index spaces (a phone and a name never collide). Never use it on
    victim-services client data: a hash of an identifier is still a disclosure.
    """
    key = base64.b64decode(settings.ACCORD_BLIND_INDEX_KEY)
    message = f"{purpose}\x1f{normalize(value)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored as AES-256-GCM ciphertext. Cannot be filtered or ordered on."""

    def context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value, context=self.context())

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value, context=self.context())

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull"}:
            raise TypeError(f"{self.model.__name__}.{self.name} is encrypted; use a blind index to look it up")
        return super().get_lookup(lookup_name)


class EncryptedCharField(EncryptedTextField):
    """EncryptedTextField with a length limit on the plaintext (the column itself is text)."""

    def __init__(self, *args: Any, max_length: int = 255, **kwargs: Any) -> None:
        self.plaintext_max_length = max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_length"] = self.plaintext_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs.setdefault("max_length", self.plaintext_max_length)
        from django import forms

        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        from django.core.exceptions import ValidationError

        if value and len(value) > self.plaintext_max_length:
            raise ValidationError(f"At most {self.plaintext_max_length} characters.")


def encrypted_fields() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    from django.apps import apps

    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found
