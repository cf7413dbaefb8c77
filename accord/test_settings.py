"""Settings for the test suite: the real settings plus a test-only app with an encrypted model."""

from accord.settings import *  # noqa: F403
from accord.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "accord.core.tests.fieldapp"]
# Jobs run at once inside the test, so tests see their effects.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
