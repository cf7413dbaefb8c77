from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "accord.directory"
    label = "directory"
    verbose_name = "Member directory"

    def ready(self) -> None:
        from accord.core import home, navigation, seed
        from accord.core.policy import COORDINATOR, SIGNED_IN
        from accord.directory.panels import capacity_panel
        from accord.directory.seed import seed_directory

        navigation.register("foundations", "Directory", "directory:index", SIGNED_IN)
        navigation.register("foundations", "Directory import", "directory:import", COORDINATOR)
        navigation.register("cases", "Find help", "directory:find_help", SIGNED_IN)
        navigation.register("data", "Service coverage gaps", "directory:coverage", SIGNED_IN)
        if capacity_panel not in home.PANELS:
            home.PANELS.append(capacity_panel)
        if seed_directory not in seed.SEEDERS:
            seed.SEEDERS.append(seed_directory)
