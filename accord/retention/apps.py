from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "accord.retention"
    label = "retention"
    verbose_name = "Retention and legal hold"

    def ready(self) -> None:
        from accord.core import jobs, navigation
        from accord.core.policy import COORDINATOR
        from accord.retention import tasks

        navigation.register("administration", "Retention and legal hold", "retention:index", COORDINATOR)
        if tasks.purge_expired not in jobs.DAILY:
            jobs.DAILY.append(tasks.purge_expired)
