from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "accord.reporting"
    label = "reporting"
    verbose_name = "Data and reporting"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accord.reporting import registry, sync

        registry.collect()
        post_migrate.connect(sync.on_post_migrate, sender=self, dispatch_uid="reporting-sync")
