"""Key rotation: re-encrypt every stored ciphertext under the newest data key."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db import transaction

from accord.core import audit, crypto
from accord.core.auth import MFA_SECRET_CONTEXT

MFA_SECRET_KEYS = {Authenticator.Type.TOTP: "secret", Authenticator.Type.RECOVERY_CODES: "seed"}


def rotate(batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt values not yet under the current key; safe to run again (it skips done rows)."""
    current = crypto.key_ring().current_id
    counts: dict[str, int] = {}
    for model, fields in crypto.encrypted_fields():
        done = 0
        # Values decrypt on load and re-encrypt under the current key on save.
        for obj in model._default_manager.iterator(chunk_size=batch_size):
            with transaction.atomic():
                model._default_manager.filter(pk=obj.pk).update(**{f.attname: getattr(obj, f.attname) for f in fields})
            done += 1
        counts[model._meta.label] = done
    done = 0
    for authenticator in Authenticator.objects.filter(type__in=list(MFA_SECRET_KEYS)).iterator(chunk_size=batch_size):
        key = MFA_SECRET_KEYS[authenticator.type]
        stored = authenticator.data.get(key, "")
        if stored and crypto.key_id_of(stored) != current:
            plain = crypto.decrypt(stored, context=MFA_SECRET_CONTEXT)
            authenticator.data[key] = crypto.encrypt(plain, context=MFA_SECRET_CONTEXT)
            authenticator.save(update_fields=["data"])
            done += 1
    counts["mfa.Authenticator"] = done
    with transaction.atomic():
        audit.record(verb="keys.rotated", actor_label="accord keys rotate", changes={"key": current, "counts": counts})
    return counts
