"""Accord's default assessment instruments, shipped as data in the screening engine (one engine).

Both are **Accord's own wording**, labelled as such:

- The Roadmap self-assessment uses the four official function areas of the IACP task-force Roadmap. The
  Roadmap's own element texts and stage descriptions are not available to ship, so the elements below are drawn
  from the OVC TTAC Task Force e-Guide topics and the five stages are Accord's own. A task force can replace
  them with the official text (a new version; past rounds keep theirs).
- The collaboration instrument names the 22 factors of the Wilder Collaboration Factors Inventory (3rd ed.) and
  their six categories, which are facts; every statement is Accord's own and none is the inventory's item.

Each element (or factor) is a ``Question``; the five-stage scale is its five ``Option``s scored 1 to 5. Loaded
by migration 0002 and by the seed when a flushed database lacks them; idempotent.
"""

from __future__ import annotations

from typing import Any

ROADMAP = "accord-roadmap-self-assessment"
FACTORS = "accord-collaboration-factors"
STAGES = 5

ROADMAP_STAGES = [
    "1 Not started: nothing is in place yet",
    "2 Planning: discussed, and someone is named to lead the work",
    "3 Developing: in place in part, or on paper but not yet used",
    "4 Established: in place and used by most members",
    "5 Sustained: used by all, reviewed and improved on a schedule",
]
AGREEMENT = [
    "1 Strongly disagree",
    "2 Disagree",
    "3 Neither agree nor disagree",
    "4 Agree",
    "5 Strongly agree",
]

# (area title, [(element code, element text)])
ROADMAP_AREAS = [
    ("Internal foundations, operation and collaboration", [
        ("mission-goals", "A written mission, vision, goals and objectives that members know and use."),
        ("leadership", "A leadership and governance model that says who decides what, and how."),
        ("agreements", "Memoranda of understanding signed by every member agency and renewed on time."),
        ("membership-roles", "Clear membership, with each member's role and point of contact known."),
        ("committees", "Working committees with a purpose, a chair and regular work."),
        ("protocols", "Written operational protocols for how members work a case together."),
        ("meetings-communication", "Regular meetings and communication channels that members actually use."),
        ("information-sharing", "Agreements on what information is shared, with whom and how it is protected."),
        ("funding-sustainability", "Funding and a plan to keep the task force going past its current grant."),
        ("conflict-resolution", "An agreed way to raise and settle disagreements between members."),
    ]),
    ("Case operations", [
        ("identification-screening", "Victims are identified and screened with agreed, trauma-informed tools."),
        ("referral-protocol", "A referral protocol that gets victims to services quickly, with a closed loop."),
        ("victim-services", "Comprehensive victim services and case management for all forms of trafficking."),
        ("investigations", "Investigations of both sex and labor trafficking, proactive as well as reactive."),
        ("prosecution-review", "Cases are reviewed early for state and federal prosecution."),
        ("immigration-relief", "Foreign-national victims get timely help with Continued Presence and T or U visas."),
        ("case-coordination", "Regular case coordination or case review among the disciplines on a case."),
        ("deconfliction", "Targets and operations are deconflicted between agencies before action."),
    ]),
    ("Data, reporting and assessment", [
        ("community-assessment", "A current assessment of trafficking and of the response in the community."),
        ("data-standards", "Shared standards for what data members collect and how it is defined."),
        ("grant-reporting", "Grant reports (PMT, TIMS) are complete, consistent and on time."),
        ("performance-evaluation", "The task force measures its performance and acts on the results."),
        ("data-review", "Members review the task force's data together at regular intervals."),
    ]),
    ("Public and community engagement, awareness and training", [
        ("member-training", "Members are trained on trafficking, trauma-informed practice and each other's work."),
        ("community-training", "Professionals and community partners are trained to recognize and refer."),
        ("public-awareness", "Public awareness work reaches the communities most at risk."),
        ("survivor-engagement", "Survivors are engaged, paid and heard in shaping the task force's work."),
        ("common-terminology", "Members use common terminology and agreed public messages."),
    ]),
]  # fmt: skip

# (category, [(factor code, factor name (a fact), Accord's own statement)])
FACTOR_CATEGORIES = [
    ("Environment", [
        ("history", "History of collaboration or cooperation in the community",
         "Agencies here have worked together on shared problems before this task force."),
        ("legitimate-leader", "Collaborative group seen as a legitimate leader in the community",
         "People outside the task force look to it as the lead on human trafficking in our area."),
        ("political-climate", "Favorable political and social climate",
         "Local leaders and the public support the task force's work."),
    ]),
    ("Membership characteristics", [
        ("respect-trust", "Mutual respect, understanding, and trust",
         "I trust the other members and understand how their agencies work."),
        ("cross-section", "Appropriate cross section of members",
         "Every discipline the response needs has a seat at the table."),
        ("self-interest", "Members see collaboration as in their self-interest",
         "My agency gets more done on trafficking by being part of the task force."),
        ("compromise", "Ability to compromise",
         "Members give ground when it helps the shared work."),
    ]),
    ("Process and structure", [
        ("shared-stake", "Members share a stake in both process and outcome",
         "I feel responsible for how the task force works and for what it achieves."),
        ("layers", "Multiple layers of participation",
         "People at every level of my agency, not only its leaders, take part."),
        ("flexibility", "Flexibility",
         "The task force is open to different ways of organizing itself and its work."),
        ("roles-policies", "Development of clear roles and policy guidelines",
         "I know what my role is and what is expected of my agency."),
        ("adaptability", "Adaptability",
         "The task force keeps going when members, funding or priorities change."),
        ("pace", "Appropriate pace of development",
         "The task force takes on new work at a pace its members can manage."),
        ("evaluation", "Evaluation and continuous learning",
         "We look at how we are doing and change what does not work."),
    ]),
    ("Communication", [
        ("open-communication", "Open and frequent communication",
         "Members hear about what matters to them in time and can speak openly."),
        ("informal-links", "Established informal relationships and communication links",
         "I can pick up the phone to a colleague in another agency without going through channels."),
    ]),
    ("Purpose", [
        ("attainable-goals", "Concrete, attainable goals and objectives",
         "The task force's goals are clear and within our reach."),
        ("shared-vision", "Shared vision",
         "Members agree on what the task force is trying to achieve."),
        ("unique-purpose", "Unique purpose",
         "The task force does something no single member agency could do alone."),
    ]),
    ("Resources", [
        ("resources", "Sufficient funds, staff, materials, and time",
         "The task force has the money, people and time its work needs."),
        ("leadership", "Skilled leadership",
         "The people leading the task force organize, listen and keep us moving."),
        ("engaged-stakeholders", "Engaged stakeholders",
         "The people and groups affected by our work are involved in it."),
    ]),
]  # fmt: skip

ROADMAP_ATTRIBUTION = (
    "Accord's own wording on the four official function areas of the IACP Multidisciplinary Collaborative Model "
    "Roadmap, with elements drawn from the OVC TTAC Task Force e-Guide topics. Not the Roadmap's own text."
)
FACTORS_ATTRIBUTION = (
    "Factor names and categories of the Wilder Collaboration Factors Inventory (3rd ed.); every statement is "
    "Accord's own wording, not the inventory's items. Not validated."
)


def _instrument(apps: Any, code: str, name: str, description: str, attribution: str) -> Any:
    instrument_model = apps.get_model("victim_services", "Instrument")
    if instrument_model.objects.filter(code=code).exists():
        return None
    instrument = instrument_model.objects.create(
        code=code, name=name, purpose="assessment", description=description, attribution=attribution
    )
    return apps.get_model("victim_services", "InstrumentVersion").objects.create(
        instrument=instrument, number=1, is_current=True, notes="First version, as Accord ships it."
    )


def _fill(apps: Any, version: Any, sections: list[tuple[str, list[tuple[str, str, str]]]], scale: list[str]) -> None:
    section_model = apps.get_model("victim_services", "Section")
    question_model = apps.get_model("victim_services", "Question")
    option_model = apps.get_model("victim_services", "Option")
    for s, (title, items) in enumerate(sections, start=1):
        section = section_model.objects.create(version=version, title=title, sort_order=s * 10)
        for q, (code, help_text, text) in enumerate(items, start=1):
            question = question_model.objects.create(
                section=section, code=code, text=text, help_text=help_text, sort_order=q * 10
            )
            option_model.objects.bulk_create(
                option_model(question=question, label=label, score=n, sort_order=n * 10)
                for n, label in enumerate(scale, start=1)
            )


def load(apps: Any) -> None:
    """For the data migration (and the seed, when a flushed test database lacks them)."""
    version = _instrument(
        apps,
        ROADMAP,
        "Roadmap self-assessment",
        "Where the task force stands on each element of the four Roadmap function areas, from not started (1) "
        "to sustained (5). Answer for the task force as you see it from your organization.",
        ROADMAP_ATTRIBUTION,
    )
    if version is not None:
        areas = [(title, [(code, "", text) for code, text in items]) for title, items in ROADMAP_AREAS]
        _fill(apps, version, areas, ROADMAP_STAGES)
    version = _instrument(
        apps,
        FACTORS,
        "Collaboration factors",
        "How strongly you agree with one statement on each of the 22 factors that research links to successful "
        "collaboration, from strongly disagree (1) to strongly agree (5).",
        FACTORS_ATTRIBUTION,
    )
    if version is not None:
        _fill(apps, version, FACTOR_CATEGORIES, AGREEMENT)
