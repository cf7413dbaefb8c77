from django.apps import AppConfig


class InvestigationsConfig(AppConfig):
    name = "accord.investigations"
    label = "investigations"
    verbose_name = "Investigations and prosecutions"

    def ready(self) -> None:
        from accord.core import home, jobs, navigation, seed
        from accord.core.policy import COORDINATOR
        from accord.investigations import panels, tasks
        from accord.investigations.access import CASE_STAFF, INTELLIGENCE_STAFF
        from accord.investigations.seed import seed_investigations

        navigation.register("cases", "Investigations", "investigations:list", CASE_STAFF)
        navigation.register("cases", "Task-force case log", "investigations:case_log", CASE_STAFF)
        navigation.register("cases", "Immigration relief pending", "investigations:relief", CASE_STAFF)
        navigation.register("cases", "Criminal intelligence", "investigations:intelligence_list", INTELLIGENCE_STAFF)
        navigation.register("data", "Investigation counts", "investigations:counts", COORDINATOR)
        navigation.register("administration", "Investigation settings", "investigations:settings", COORDINATOR)
        if panels.investigations_panel not in home.PANELS:
            home.PANELS.append(panels.investigations_panel)
        for job in (tasks.purge_intelligence, tasks.continued_presence_reminders):
            if job not in jobs.DAILY:
                jobs.DAILY.append(job)
        if seed_investigations not in seed.SEEDERS:
            seed.SEEDERS.append(seed_investigations)
