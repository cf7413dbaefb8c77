"""Accord's default screening instrument: Accord's own wording on the domains of the Vera Institute's TVIT.

These are NOT the TVIT's items (its exact wording is in the Vera guidelines manual, NCJ 246713): they are
questions Accord wrote, grouped under the seven topics the TVIT covers, and labelled as such. A task force that
uses the TVIT itself can enter it as another instrument. Loaded by migration 0003; idempotent.
"""

from __future__ import annotations

from typing import Any

CODE = "accord-trafficking-screen"
NAME = "Accord trafficking screen"
ATTRIBUTION = (
    "Accord's own wording, organised on the topics of the Vera Institute of Justice's Trafficking Victim "
    "Identification Tool (TVIT, 2014). Not the TVIT itself and not validated."
)
DESCRIPTION = (
    "A short, trauma-informed conversation guide. Ask in the person's language, explain that answering is "
    "voluntary, and skip anything they do not want to discuss. A screen points to follow-up; it never decides "
    "whether someone is a victim of trafficking."
)

# (code, name, description, threshold)
DOMAINS = [
    ("migration", "Migration", "How and why the person moved, and who arranged it.", 2),
    ("deception", "Deception", "Whether the work or living conditions were what was promised.", 1),
    ("coercion", "Coercion", "Threats, debts or control that kept the person from leaving.", 1),
    ("labor", "Labor practices", "Pay, hours and conditions of work.", 2),
    ("sexual", "Sexual exploitation", "Commercial sex or sexual acts the person was made to perform.", 1),
    ("isolation", "Isolation", "Limits on movement, contact, documents or money.", 1),
    ("harm", "Harm and violence", "Physical or sexual violence, or threats of it.", 1),
]

# (section title, guidance, [(question code, text, domain code)])
SECTIONS = [
    ("Coming here", "Ask only if the person was born outside the United States or moved here for work.", [
        ("moved-for-work", "Did you come to this area because someone offered you a job or a place to stay?",
         "migration"),
        ("trip-arranged", "Did someone else arrange or pay for your travel or papers?", "migration"),
        ("owe-for-trip", "Were you told you owed money for the trip, and had to work it off?", "migration"),
    ]),
    ("The work or the arrangement", "", [
        ("not-as-promised", "Was the job, the pay or the place different from what you were told?", "deception"),
        ("lied-about-papers", "Were you told things about your papers or your rights that turned out untrue?",
         "deception"),
        ("unpaid", "Were you paid less than promised, or not at all?", "labor"),
        ("long-hours", "Did you have to work very long hours or without days off?", "labor"),
        ("unsafe-work", "Were you made to do work that was dangerous without protection?", "labor"),
        ("sex-for-someone", "Did anyone make you trade sex, or take money that others paid for sex with you?",
         "sexual"),
        ("sex-to-keep-job", "Were you pressured into sexual acts to keep a job, a place to stay or something you "
         "needed?", "sexual"),
    ]),
    ("Freedom and control", "", [
        ("could-not-leave", "Did you feel you could not leave, even if you wanted to?", "coercion"),
        ("threatened-family", "Did anyone threaten you or your family, or threaten to call immigration or the "
         "police?", "coercion"),
        ("documents-kept", "Did someone else keep your ID, passport or other documents?", "isolation"),
        ("contact-limited", "Were you stopped from talking to family, friends or people outside?", "isolation"),
        ("money-controlled", "Did someone else control your money or bank card?", "isolation"),
    ]),
    ("Safety", "If the person is in danger now, stop and make a safety plan first.", [
        ("hurt", "Did anyone hit, hurt or injure you?", "harm"),
        ("sexual-violence", "Did anyone force you into sexual contact?", "harm"),
    ]),
]  # fmt: skip

OPTIONS = [("Yes", 1, True), ("No", 0, False), ("Not sure", 0, False), ("Prefers not to answer", 0, False)]


def load(apps: Any) -> None:
    """For the data migration (and the seed, when a flushed test database lacks it)."""
    instrument_model = apps.get_model("victim_services", "Instrument")
    if instrument_model.objects.filter(code=CODE).exists():
        return
    instrument = instrument_model.objects.create(
        code=CODE, name=NAME, purpose="screening", description=DESCRIPTION, attribution=ATTRIBUTION
    )
    version = apps.get_model("victim_services", "InstrumentVersion").objects.create(
        instrument=instrument, number=1, is_current=True, notes="First version."
    )
    domain_model = apps.get_model("victim_services", "Domain")
    domains = {
        code: domain_model.objects.create(
            version=version, code=code, name=name, description=text, threshold=threshold, sort_order=n * 10
        )
        for n, (code, name, text, threshold) in enumerate(DOMAINS, start=1)
    }
    section_model = apps.get_model("victim_services", "Section")
    question_model = apps.get_model("victim_services", "Question")
    option_model = apps.get_model("victim_services", "Option")
    for s, (title, guidance, questions) in enumerate(SECTIONS, start=1):
        section = section_model.objects.create(version=version, title=title, guidance=guidance, sort_order=s * 10)
        for q, (code, text, domain) in enumerate(questions, start=1):
            question = question_model.objects.create(section=section, code=code, text=text, sort_order=q * 10)
            for o, (label, points, scored) in enumerate(OPTIONS, start=1):
                option_model.objects.create(
                    question=question,
                    label=label,
                    score=points,
                    domain=domains[domain] if scored else None,
                    sort_order=o * 10,
                )
