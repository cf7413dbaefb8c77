from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "accord.outreach"
    label = "outreach"
    verbose_name = "Engagement and training"

    def ready(self) -> None:
        from accord.core import calendar, home, navigation, seed
        from accord.core.policy import SIGNED_IN
        from accord.outreach import panels, queries, tasks  # noqa: F401 (tasks registers the daily job)
        from accord.outreach.seed import seed_outreach

        for label, url_name in [
            ("Engagement overview", "outreach:index"),
            ("Trainings", "outreach:training_list"),
            ("Member training records", "outreach:records"),
            ("Referral network", "outreach:network"),
            ("Awareness events", "outreach:event_list"),
            ("Community partners", "outreach:partner_list"),
            ("Materials library", "outreach:material_list"),
            ("Glossary", "outreach:glossary"),
            ("Training and events calendar", "outreach:calendar"),
        ]:
            if not any(link.url_name == url_name for link in navigation.MENU["engagement"]):
                navigation.register("engagement", label, url_name, SIGNED_IN)
        for panel in (panels.certifications_panel, panels.approvals_panel, panels.follow_ups_panel):
            if panel not in home.PANELS:
                home.PANELS.append(panel)
        calendar.register_source(queries.training_entries)
        calendar.register_source(queries.event_entries)
        if seed_outreach not in seed.SEEDERS:
            seed.SEEDERS.append(seed_outreach)
