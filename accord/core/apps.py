from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"
    verbose_name = "Accord core"

    def ready(self) -> None:
        # django-allauth reports second-factor changes only through its signals; they are audited here.
        from accord.core import mfa_audit  # noqa: F401
