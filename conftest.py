"""Test set-up shared by every app."""

import pytest
from django.conf import settings
from django.utils import timezone

from accord.core.testing import Personas, make_personas


@pytest.fixture(autouse=True)
def _fast_tests(settings):  # type: ignore[no-untyped-def]
    # PBKDF2 at a million rounds is right for production and far too slow for a test suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def today():  # type: ignore[no-untyped-def]
    """Today in the task force's zone, read when the test starts: an import-time date breaks a run crossing midnight."""
    return timezone.localdate()


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    return make_personas()


def pytest_configure(config):  # type: ignore[no-untyped-def]
    assert settings.configured


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    # Every test that commits rolls back by serialization. A plain flush re-runs post_migrate, which makes again,
    # under new ids, the rows the migrations made; a serialized test after it on the same worker then fails to
    # restore them (unique codes). One rule for all, so the order tests happen to run in cannot matter.
    for item in items:
        declared = item.get_closest_marker("django_db")
        kwargs = dict(declared.kwargs) if declared else {}
        if kwargs.get("transaction") or "transactional_db" in getattr(item, "fixturenames", ()):
            serialized = pytest.mark.django_db(**{**kwargs, "transaction": True, "serialized_rollback": True})
            item.add_marker(serialized, append=False)  # first, so it is the closest
