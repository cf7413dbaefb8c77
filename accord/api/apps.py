from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "accord.api"
    label = "api"
    verbose_name = "API and integrations"

    def ready(self) -> None:
        from accord.api import schema, webhooks  # noqa: F401 (schema registers the OpenAPI extensions)
        from accord.api.access import WEBHOOK_ADMINS
        from accord.core import jobs, navigation
        from accord.core.policy import SIGNED_IN

        navigation.register("administration", "API tokens", "api:token_list", SIGNED_IN)
        navigation.register("administration", "Webhooks", "api:webhook_list", WEBHOOK_ADMINS)
        if webhooks.retry_due not in jobs.DAILY:
            jobs.DAILY.append(webhooks.retry_due)
