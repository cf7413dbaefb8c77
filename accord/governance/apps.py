from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "accord.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from accord.core import calendar, home, navigation, seed
        from accord.core.policy import SIGNED_IN
        from accord.governance import panels, queries, tasks  # noqa: F401 (tasks registers the daily job)
        from accord.governance.seed import seed_governance
        from accord.governance.views.support import REGISTER_READERS

        for label, url_name, access_rule in [
            ("Governance overview", "governance:index", SIGNED_IN),
            ("Charter and goals", "governance:charter", SIGNED_IN),
            ("Committees", "governance:committee_list", SIGNED_IN),
            ("Meetings", "governance:meeting_list", SIGNED_IN),
            ("Decision log", "governance:decision_log", SIGNED_IN),
            ("Agreements and MOUs", "governance:agreement_list", SIGNED_IN),
            ("Funding", "governance:funding_list", SIGNED_IN),
            ("Stakeholders", "governance:stakeholder_list", REGISTER_READERS),
            ("Formation path", "governance:formation", SIGNED_IN),
        ]:
            if not any(link.url_name == url_name for link in navigation.MENU["foundations"]):
                navigation.register("foundations", label, url_name, access_rule)
        for panel in (panels.reminders_panel, panels.action_items_panel, panels.formation_panel):
            if panel not in home.PANELS:
                home.PANELS.append(panel)
        calendar.register_source(queries.meeting_entries)
        calendar.register_source(queries.action_item_entries)
        if seed_governance not in seed.SEEDERS:
            seed.SEEDERS.append(seed_governance)
