"""The two pack templates every task force starts with, as data the coordinator edits.

Accord's own wording in the style of the BJA Performance Measurement Tool (law enforcement) and the OVC Trafficking
Information Management System (victim services): the official questionnaires change by grant year, so the
coordinator renumbers and rewords the items to match theirs.
"""

from django.db import migrations

PACKS = [
    (
        "law-enforcement",
        "Law-enforcement pack (PMT style)",
        "Investigations, victims identified, arrests, charges, prosecution, immigration relief and the task force's "
        "collaboration, in the style of the BJA Performance Measurement Tool for Enhanced Collaborative Model "
        "task forces. Accord's wording: match the numbers and questions to your grant year's questionnaire.",
        [
            ("1", "New human-trafficking investigations opened, by type of trafficking", "le.investigations_opened", "trafficking_type"),
            ("2", "New investigations by how they began (reactive or proactive)", "le.investigations_opened", "origin"),
            ("3", "Victims identified through investigations, by type of trafficking", "le.victims_identified", "trafficking_type"),
            ("4", "Victims identified through investigations, by age", "le.victims_identified", "age_band"),
            ("5", "Arrests made", "le.arrests", ""),
            ("6", "Charges filed: human-trafficking charges and other charges", "le.charges", "charge_kind"),
            ("7", "Cases referred for prosecution, by venue", "le.prosecution_referrals", "jurisdiction_level"),
            ("8", "Dispositions, by outcome", "le.dispositions", "disposition_outcome"),
            ("9", "Continued Presence requests, by status", "le.continued_presence", "relief_status"),
            ("10", "T and U visa certifications requested, by form", "le.certifications", "certification_form"),
            ("11", "Task-force meetings held", "gov.meetings_held", ""),
            ("12", "People trained, by discipline", "out.people_trained", "audience"),
        ],
    ),
    (
        "victim-services",
        "Victim-services pack (TIMS style)",
        "Clients served, their demographics, services delivered and referrals, in the style of the OVC Trafficking "
        "Information Management System. Accord's wording: match the numbers and questions to your grant year's "
        "questionnaire.",
        [
            ("A1", "New clients identified as victims of trafficking, by type of trafficking", "vs.victims_identified", "trafficking_type"),
            ("A2", "New clients identified as victims, by age at intake", "vs.victims_identified", "age_band"),
            ("A3", "New clients identified as victims, by gender", "vs.victims_identified_gender", "gender"),
            ("A4", "New clients identified as victims, by citizenship", "vs.victims_identified_citizenship", "citizenship"),
            ("A5", "New clients by trafficking status (possible or actual)", "vs.trafficking_status", "trafficking_status"),
            ("B1", "Clients served: new and continuing", "vs.clients_served", "client_kind"),
            ("B2", "Services delivered, by service category", "vs.services_delivered", "service_category"),
            ("C1", "Referrals made, accepted, declined and completed", "ref.referrals", "referral_step"),
            ("C2", "Referrals accepted, by time from sending to acceptance", "ref.acceptance_speed", "acceptance_speed"),
            ("D1", "People trained, by discipline", "out.people_trained", "audience"),
        ],
    ),
]


def seed(apps, schema_editor):
    PackTemplate = apps.get_model("reporting", "PackTemplate")
    PackItem = apps.get_model("reporting", "PackItem")
    for code, name, description, items in PACKS:
        template, created = PackTemplate.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )
        if created:
            PackItem.objects.bulk_create(
                PackItem(template=template, number=n, question=q, indicator_code=c, dimension=d, order=i * 10)
                for i, (n, q, c, d) in enumerate(items, start=1)
            )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
