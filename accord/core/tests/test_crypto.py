"""Field encryption, blind indexes and key rotation (security.md R29)."""

import base64
import os

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from accord.core import crypto
from accord.core.auth import MFA_SECRET_CONTEXT
from accord.core.models import AuditEvent
from accord.core.tests.fieldapp.models import Dossier

CANARY = "Zyxwvut Canary-Person 1987-03-04"


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def _raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (test-only, fixed names)
        return cursor.fetchone()[0]


def test_round_trip_and_raw_sql_shows_only_ciphertext(db):
    dossier = Dossier.objects.create(label="a", name=CANARY, notes="lives at 12 Elm St")
    raw = _raw_column("fieldapp_dossier", "name", dossier.pk)
    assert raw.startswith("v1:") and CANARY not in raw and "Canary" not in raw
    assert Dossier.objects.get(pk=dossier.pk).name == CANARY
    assert "Elm" not in _raw_column("fieldapp_dossier", "notes", dossier.pk)


def test_same_value_encrypts_differently_each_time(db):
    first = Dossier.objects.create(label="a", name=CANARY)
    second = Dossier.objects.create(label="b", name=CANARY)
    assert _raw_column("fieldapp_dossier", "name", first.pk) != _raw_column("fieldapp_dossier", "name", second.pk)


def test_ciphertext_moved_to_another_column_does_not_decrypt(db):
    dossier = Dossier.objects.create(label="a", name=CANARY, notes="x")
    stolen = _raw_column("fieldapp_dossier", "name", dossier.pk)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE fieldapp_dossier SET notes = %s WHERE id = %s", [stolen, dossier.pk])
    with pytest.raises(crypto.DecryptionError):
        Dossier.objects.get(pk=dossier.pk)


def test_filtering_on_an_encrypted_field_is_refused(db):
    with pytest.raises(TypeError, match="encrypted"):
        list(Dossier.objects.filter(name=CANARY))


def test_blind_index_finds_equal_values_after_normalization(db):
    Dossier.objects.create(label="a", name="Maria  JOSÉ")
    assert Dossier.objects.filter(name_index=crypto.blind_index("maria josé", purpose="dossier.name")).count() == 1
    assert crypto.blind_index("x", purpose="phone") != crypto.blind_index("x", purpose="name")


def test_blind_index_depends_on_its_own_key(settings):
    value = crypto.blind_index("555-0100", purpose="phone")
    settings.ACCORD_BLIND_INDEX_KEY = _key()
    assert crypto.blind_index("555-0100", purpose="phone") != value


def test_key_rotation_reencrypts_everything_and_old_key_can_go(db, settings):
    old = settings.ACCORD_DATA_KEYS
    dossier = Dossier.objects.create(label="a", name=CANARY, notes="note")
    totp = Authenticator.objects.create(
        user_id=_user().pk,
        type=Authenticator.Type.TOTP,
        data={"secret": crypto.encrypt("JBSWY3DPEHPK3PXP", context=MFA_SECRET_CONTEXT)},
    )
    settings.ACCORD_DATA_KEYS = f"k2:{_key()},{old}"
    call_command("keys", "rotate")
    assert crypto.key_id_of(_raw_column("fieldapp_dossier", "name", dossier.pk)) == "k2"
    totp.refresh_from_db()
    assert crypto.key_id_of(totp.data["secret"]) == "k2"
    settings.ACCORD_DATA_KEYS = settings.ACCORD_DATA_KEYS.split(",")[0]  # drop the old key
    assert Dossier.objects.get(pk=dossier.pk).name == CANARY
    assert crypto.decrypt(totp.data["secret"], context=MFA_SECRET_CONTEXT) == "JBSWY3DPEHPK3PXP"
    assert AuditEvent.objects.filter(verb="keys.rotated").count() == 1


def test_without_the_key_the_value_is_unreadable(db, settings):
    dossier = Dossier.objects.create(label="a", name=CANARY)
    settings.ACCORD_DATA_KEYS = f"other:{_key()}"
    with pytest.raises(crypto.DecryptionError):
        Dossier.objects.get(pk=dossier.pk)


@pytest.mark.parametrize("spec", ["", "nokey", "k1:" + base64.b64encode(b"short").decode()])
def test_malformed_key_ring_is_a_configuration_error(spec):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_key_ring(spec)


def test_totp_secrets_are_stored_encrypted(personas):
    stored = Authenticator.objects.get(user=personas.advocate, type=Authenticator.Type.TOTP).data["secret"]
    assert stored.startswith("v1:")


def _user():
    from accord.core.testing import make_organization, make_user

    return make_user("rotator", make_organization("Rotation Org", "partner"), "member", mfa=False)
