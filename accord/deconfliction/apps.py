from django.apps import AppConfig


class DeconflictionConfig(AppConfig):
    name = "accord.deconfliction"
    label = "deconfliction"
    verbose_name = "Deconfliction"

    def ready(self) -> None:
        from accord.core import home, navigation, seed
        from accord.core.policy import COORDINATOR
        from accord.deconfliction import panels, tasks  # noqa: F401 (tasks registers the nightly job)
        from accord.deconfliction.access import DECONFLICTORS
        from accord.deconfliction.seed import seed_deconfliction

        for label, url_name in [
            ("Deconfliction", "deconfliction:index"),
            ("Link chart", "deconfliction:links"),
        ]:
            if not any(link.url_name == url_name for link in navigation.MENU["cases"]):
                navigation.register("cases", label, url_name, DECONFLICTORS)
        if not any(link.url_name == "deconfliction:settings" for link in navigation.MENU["administration"]):
            navigation.register("administration", "Deconfliction settings", "deconfliction:settings", COORDINATOR)
        if panels.hits_panel not in home.PANELS:
            home.PANELS.append(panels.hits_panel)
        if seed_deconfliction not in seed.SEEDERS:
            seed.SEEDERS.append(seed_deconfliction)
