from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "accord.reporting"
    label = "reporting"
    verbose_name = "Data and reporting"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accord.core import navigation, seed
        from accord.core.policy import COORDINATOR, SIGNED_IN
        from accord.reporting import progress, registry, sync, tasks  # noqa: F401 (tasks registers the pack job)
        from accord.reporting.seed import seed_recent_caseload

        registry.collect()
        progress.register()  # objectives linked to an indicator take their progress from the records
        post_migrate.connect(sync.on_post_migrate, sender=self, dispatch_uid="reporting-sync")
        for label, url_name, rule in [
            ("Task-force dashboard", "reporting:dashboard", SIGNED_IN),
            ("My organization's figures", "reporting:organization_dashboard", SIGNED_IN),
            ("Report packs", "reporting:pack_list", SIGNED_IN),
            ("Quarterly data review", "reporting:review", SIGNED_IN),
            ("Indicators", "reporting:indicator_list", SIGNED_IN),
            ("De-identified victim export", "reporting:export", COORDINATOR),
        ]:
            if not any(link.url_name == url_name for link in navigation.MENU["data"]):
                navigation.register("data", label, url_name, rule)
        if seed_recent_caseload not in seed.SEEDERS:
            seed.SEEDERS.append(seed_recent_caseload)
