"""Password rules (R2) and how passwords are stored (R3).

The validators are the real ones from settings. The test suite swaps in a fast hasher (conftest), so
the storage tests read the hashers from the ``accord.settings`` module itself and use them explicitly.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, identify_hasher, make_password
from django.contrib.auth.password_validation import CommonPasswordValidator, validate_password
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from hypothesis import assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import accord.settings as accord_settings

COMMON_PASSWORDS = CommonPasswordValidator().passwords


def refusal(password: str) -> ValidationError | None:
    try:
        validate_password(password)
    except ValidationError as error:
        return error
    return None


def codes(error: ValidationError | None) -> set[str]:
    return {e.code for e in error.error_list} if error else set()


# --- R2: password rules -----------------------------------------------------------------------------


def test_eleven_characters_are_too_short():
    error = refusal("kq7!mv2#pz9")

    assert codes(error) == {"password_too_short"}
    assert "at least 12 characters" in " ".join(error.messages)


def test_twelve_characters_are_enough():
    assert refusal("kq7!mv2#pz9w") is None


def test_common_password_is_refused_with_a_reason():
    assert "1q2w3e4r5t6y" in COMMON_PASSWORDS  # twelve characters, so only the list can refuse it

    error = refusal("1q2w3e4r5t6y")

    assert codes(error) == {"password_too_common"}
    assert error.messages == ["This password is too common."]


def test_common_password_is_refused_whatever_its_case():
    assert codes(refusal("ChristopheR1")) == {"password_too_common"}


def test_long_passphrase_with_spaces_is_accepted():
    assert refusal("the quiet river bends twice near the old mill") is None


def test_passphrase_of_256_characters_is_accepted():
    passphrase = ("harbor lights at dusk " * 12)[:256]
    assert len(passphrase) == 256

    assert refusal(passphrase) is None


def test_passphrase_over_256_characters_is_refused_with_a_reason():
    passphrase = ("harbor lights at dusk " * 12)[:257]

    error = refusal(passphrase)

    assert codes(error) == {"password_too_long"}
    assert error.messages == ["Use at most 256 characters."]


def test_no_composition_rules():
    """Lower-case letters alone are fine: length, not character classes, makes a password strong."""
    assert refusal("lanternorchardpebble") is None


# Any character a person can type: letters, marks, digits, punctuation, symbols and spaces, any script.
typeable = st.characters(categories=("L", "M", "N", "P", "S", "Zs"))


@hypothesis_settings(max_examples=40, deadline=None)
@given(st.text(alphabet=typeable, min_size=16, max_size=64))
def test_any_typeable_passphrase_of_16_to_64_characters_is_accepted(passphrase):
    assume(passphrase.lower().strip() not in COMMON_PASSWORDS)
    assume(not passphrase.isdigit())  # all-digit passwords are refused on purpose (Django's rule)

    assert refusal(passphrase) is None


# --- R3: storage -------------------------------------------------------------------------------------


def test_real_settings_hash_with_pbkdf2_sha256():
    first = import_string(accord_settings.PASSWORD_HASHERS[0])

    assert issubclass(first, PBKDF2PasswordHasher)
    assert first.algorithm == "pbkdf2_sha256"


def test_real_settings_use_at_least_owasps_pbkdf2_iterations():
    first = import_string(accord_settings.PASSWORD_HASHERS[0])

    assert first.iterations >= 600_000


def test_real_settings_keep_no_weaker_hasher_to_fall_back_on():
    weak = {"md5", "unsalted_md5", "sha1", "unsalted_sha1", "crypt"}

    algorithms = {import_string(path).algorithm for path in accord_settings.PASSWORD_HASHERS}

    assert not algorithms & weak


@pytest.fixture
def real_hashers(settings):
    settings.PASSWORD_HASHERS = accord_settings.PASSWORD_HASHERS


def test_stored_password_is_salted_pbkdf2(real_hashers):
    stored = make_password("the quiet river bends twice")

    algorithm, iterations, salt, _digest = stored.split("$")
    assert algorithm == "pbkdf2_sha256"
    assert int(iterations) >= 600_000
    assert len(salt) >= 16
    assert "quiet river" not in stored
    assert identify_hasher(stored).algorithm == "pbkdf2_sha256"


def test_long_passwords_are_not_truncated(real_hashers):
    passphrase = ("harbor lights at dusk " * 12)[:250]
    stored = make_password(passphrase)

    assert check_password(passphrase, stored)
    assert not check_password(passphrase[:-1] + "X", stored)
