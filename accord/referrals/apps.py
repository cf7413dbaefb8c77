from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "accord.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from accord.core import home, jobs, navigation, seed
        from accord.referrals import panels, tasks
        from accord.referrals.access import REFERRERS
        from accord.referrals.seed import seed_referrals

        navigation.register("cases", "Referrals", "referrals:list", REFERRERS)
        if panels.referrals_panel not in home.PANELS:
            home.PANELS.append(panels.referrals_panel)
        if tasks.stale_referral_reminders not in jobs.DAILY:
            jobs.DAILY.append(tasks.stale_referral_reminders)
        if seed_referrals not in seed.SEEDERS:
            seed.SEEDERS.append(seed_referrals)
