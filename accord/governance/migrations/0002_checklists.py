"""The checklists the coordinator edits, as data: protocol topics and stakeholder categories (core
vocabularies, edited on the Vocabularies page) and the formation path (FormationStep rows, edited on the
Formation path page). This migration only adds rows that are missing, so edits survive."""

from django.db import migrations

PROTOCOL_TOPICS = (
    "protocol-topic",
    "Protocol topics",
    "Topics a task force's operational protocols should cover; the protocol checklist tracks agreements "
    "against them.",
    "After the IACP ECM protocol development checklists and the OVC TTAC e-Guide 3.1 (Accord's wording).",
    [
        ("information-sharing", "Information sharing", "What is shared, with whom, how and on what legal basis."),
        ("victim-identification", "Victim identification and referral", "Who calls whom when a possible victim is found; referral to services."),
        ("investigations", "Investigations", "Lead agency, deconfliction and joint operations."),
        ("prosecution-review", "Prosecution review", "Case review with local, state and federal prosecutors."),
        ("immigration-relief", "Immigration relief", "Continued Presence, T and U visa certifications."),
        ("minors", "Minors", "Child welfare involvement, placement and interviews of minors."),
        ("media", "Media", "Who speaks for the task force; protecting victims' identities."),
        ("conflict-resolution", "Conflict resolution", "How disagreements between members are settled."),
    ],
)
STAKEHOLDER_CATEGORIES = (
    "stakeholder-category",
    "Stakeholder categories",
    "Kinds of leaders whose support a task force seeks.",
    "OVC TTAC Task Force e-Guide 2.4, Gaining Support for a Task Force.",
    [
        ("police-sheriff", "Chiefs of police and sheriffs", ""),
        ("service-executives", "Executive directors of victim and social service agencies", ""),
        ("child-welfare", "Child welfare and child protection agencies", ""),
        ("immigrant-advocacy", "Immigrant advocacy organizations", ""),
        ("juvenile-justice", "Juvenile justice and diversion programs", ""),
        ("legal-services", "Legal service providers", ""),
        ("prosecutors", "State attorneys general and district prosecutors", ""),
        ("federal-agents", "Supervisory agents of federal law enforcement", ""),
        ("usao", "U.S. Attorney's Office", "Part of every DOJ-funded task force since 2005."),
        ("community", "Community groups", ""),
    ],
)
FORMATION_STEPS = [
    ("feasibility", "Research the feasibility of a task force", "Assess the problem: susceptibility of the area, documented cases, other task forces nearby, vulnerable populations."),
    ("framework", "Develop the framework", "Structure, operations, roles and membership: the charter and leadership model."),
    ("champions", "Champion and advocate for the task force", "Brief leaders and present the assessment findings to gain their support."),
    ("funding", "Seek funding", "Grants (for example the ECM program) and other support."),
    ("initial-goals", "Set clear, achievable initial goals", "Goals with SMART objectives in the charter."),
    ("leader", "Select a task force leader", "The leader, co-chairs or coordinator named in the charter."),
    ("regular-meetings", "Meet regularly to steer development", "A schedule of task force and committee meetings."),
    ("initial-trainings", "Plan the initial trainings", "Joint training of law enforcement and victim service staff."),
]


def add_rows(apps, schema_editor):
    Vocabulary = apps.get_model("core", "Vocabulary")
    Term = apps.get_model("core", "Term")
    for code, name, description, source, terms in (PROTOCOL_TOPICS, STAKEHOLDER_CATEGORIES):
        vocabulary, _ = Vocabulary.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "source": source}
        )
        existing = set(Term.objects.filter(vocabulary=vocabulary).values_list("code", flat=True))
        Term.objects.bulk_create(
            Term(vocabulary=vocabulary, code=c, label=label, definition=definition, sort_order=(i + 1) * 10)
            for i, (c, label, definition) in enumerate(terms)
            if c not in existing
        )
    FormationStep = apps.get_model("governance", "FormationStep")
    existing = set(FormationStep.objects.values_list("code", flat=True))
    FormationStep.objects.bulk_create(
        FormationStep(code=c, title=title, guidance=guidance, sort_order=(i + 1) * 10)
        for i, (c, title, guidance) in enumerate(FORMATION_STEPS)
        if c not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial"), ("core", "0004_core_vocabularies")]

    operations = [migrations.RunPython(add_rows, migrations.RunPython.noop)]
