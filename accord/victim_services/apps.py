from django.apps import AppConfig


class VictimServicesConfig(AppConfig):
    name = "accord.victim_services"
    label = "victim_services"
    verbose_name = "Victim services"

    def ready(self) -> None:
        from accord.core import home, jobs, navigation, seed
        from accord.victim_services import panels, tasks
        from accord.victim_services.access import CLIENT_STAFF_RULE, SUPERVISOR_RULE
        from accord.victim_services.seed import seed_victim_services

        navigation.register("cases", "Clients", "victim_services:index", CLIENT_STAFF_RULE)
        navigation.register("cases", "Break-glass review", "victim_services:break_glass_list", SUPERVISOR_RULE)
        navigation.register("cases", "Screening instruments", "victim_services:instrument_list", CLIENT_STAFF_RULE)
        for panel in (panels.notification_panel, panels.break_glass_panel, panels.shared_panel):
            if panel not in home.PANELS:
                home.PANELS.append(panel)
        if tasks.release_housekeeping not in jobs.DAILY:
            jobs.DAILY.append(tasks.release_housekeeping)
        if seed_victim_services not in seed.SEEDERS:
            seed.SEEDERS.append(seed_victim_services)
