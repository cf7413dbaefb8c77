from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"
    verbose_name = "Accord core"

    def ready(self) -> None:
        # django-allauth reports second-factor changes only through its signals; they are audited here.
        # A deleted account's username is kept out of reuse for a year (see username_release).
        from accord.core import mfa_audit, username_release  # noqa: F401
