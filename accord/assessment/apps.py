from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "accord.assessment"
    label = "assessment"
    verbose_name = "Assessment"

    def ready(self) -> None:
        from accord.assessment import panels
        from accord.assessment.seed import seed_assessment
        from accord.core import home, navigation, seed
        from accord.core.policy import SIGNED_IN

        for label, url_name in [
            ("Self-assessment and collaboration", "assessment:index"),
            ("Partner network", "assessment:network"),
        ]:
            if not any(link.url_name == url_name for link in navigation.MENU["data"]):
                navigation.register("data", label, url_name, SIGNED_IN)
        if panels.awaiting_panel not in home.PANELS:
            home.PANELS.append(panels.awaiting_panel)
        if seed_assessment not in seed.SEEDERS:
            seed.SEEDERS.append(seed_assessment)
