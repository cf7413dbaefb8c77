"""The audience (disciplines) and training-topic vocabularies, as data the coordinator edits on the
Vocabularies page. Audience codes that name a sector are the sector's own code, so an attendee's discipline
defaults to their organization's sector. This migration only adds rows that are missing, so edits survive."""

from django.db import migrations

from accord.core.vocabularies import load

AUDIENCE = (
    "audience",
    "Audiences and disciplines",
    "Accord's list, after the audiences the OVC TTAC e-Guide names for task-force training and outreach "
    "(law enforcement, businesses, hospitals, transport, faith groups, social workers, housing, hotels).",
    "Who attends a training or an awareness event: the discipline of professionals, or the public.",
    [
        ("law_enforcement", "Law enforcement", ""),
        ("prosecution", "Prosecution", ""),
        ("victim_services", "Victim services", ""),
        ("legal_services", "Legal services", ""),
        ("immigration", "Immigration services", ""),
        ("child_welfare", "Child welfare", ""),
        ("labor", "Labor regulation", ""),
        ("health", "Health care", "Hospitals, clinics, emergency medical services, behavioral health."),
        ("education", "Education", "Schools, colleges and their staff."),
        ("social_services", "Social services and housing", ""),
        ("hospitality", "Hotels and hospitality", ""),
        ("transportation", "Transportation", "Airlines, trucking, transit and ride services."),
        ("business", "Other businesses", ""),
        ("faith", "Faith-based", ""),
        ("government", "Government", ""),
        ("community", "Community organizations", ""),
        ("students", "Students and youth", ""),
        ("public", "General public", ""),
    ],
)
TOPICS = (
    "training-topic",
    "Training topics",
    "Accord's list of common task-force training topics (OVC TTAC e-Guide, training committee).",
    "What a training covers.",
    [
        ("ht-101", "Human trafficking fundamentals", ""),
        ("indicators", "Recognizing indicators", ""),
        ("sex-trafficking", "Sex trafficking", ""),
        ("labor-trafficking", "Labor trafficking", ""),
        ("minors", "Trafficking of minors", ""),
        ("trauma-informed", "Victim-centered, trauma-informed response", ""),
        ("screening", "Screening and identification", ""),
        ("immigration-relief", "Immigration relief (Continued Presence, T and U visas)", ""),
        ("law", "Federal and state law", ""),
        ("investigations", "Investigations and prosecution", ""),
        ("referral-protocol", "Referral protocol and the referral network", ""),
        ("online-exploitation", "Online exploitation", ""),
        ("self-care", "Secondary trauma and self-care", ""),
    ],
)


def add_vocabularies(apps, schema_editor):
    for code, name, source, description, terms in (AUDIENCE, TOPICS):
        load(apps, code, name, source, description, terms)


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_initial"),
        ("core", "0004_core_vocabularies"),
    ]

    operations = [migrations.RunPython(add_vocabularies, migrations.RunPython.noop)]
