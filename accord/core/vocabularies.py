"""Loading vocabularies from data: used by data migrations of every app.

A vocabulary is given as ``(code, name, source, description, [(term_code, label, definition), ...])``.
Loading is idempotent: existing terms keep any label the coordinator has edited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

TermRow = tuple[str, str, str]


def load(apps: Any, code: str, name: str, source: str, description: str, terms: Iterable[TermRow]) -> None:
    """For a data migration: ``RunPython(lambda apps, se: load(apps, ...))``."""
    vocabulary_model = apps.get_model("core", "Vocabulary")
    term_model = apps.get_model("core", "Term")
    vocabulary, _ = vocabulary_model.objects.get_or_create(
        code=code, defaults={"name": name, "source": source, "description": description}
    )
    for order, (term_code, label, definition) in enumerate(terms, start=1):
        term_model.objects.get_or_create(
            vocabulary=vocabulary,
            code=term_code,
            defaults={"label": label, "definition": definition, "sort_order": order * 10},
        )


POLARIS_TYPES: list[TermRow] = [
    (f"polaris-{n:02d}", label, "")
    for n, label in enumerate(
        [
            "Escort Services", "Illicit Massage, Health, and Beauty", "Outdoor Solicitation", "Residential",
            "Domestic Work", "Bars, Strip Clubs, and Cantinas", "Pornography", "Traveling Sales Crews",
            "Restaurants and Food Service", "Peddling and Begging", "Agriculture and Animal Husbandry",
            "Personal Sexual Servitude", "Health and Beauty Services", "Construction", "Hotels and Hospitality",
            "Landscaping", "Illicit Activities", "Arts and Entertainment", "Commercial Cleaning Services",
            "Factories and Manufacturing", "Remote Interactive Sexual Acts", "Carnivals", "Forestry and Logging",
            "Health Care", "Recreational Facilities",
        ],
        start=1,
    )
]  # fmt: skip

CONTROL_METHODS: list[TermRow] = [
    ("physical-threats", "Physical threats", ""),
    ("threats-law-enforcement", "Threats of law enforcement or deportation", ""),
    ("threatens-children-family", "Threatens children or family", ""),
    ("debt-bondage", "Debt bondage", "As defined by the 1956 UN Supplementary Convention."),
    ("false-promises", "False promises", ""),
    ("physical-abuse", "Physical abuse", ""),
    ("sexual-abuse", "Sexual abuse", "Sexual abuse used as a means of control."),
    ("takes-earnings", "Takes earnings", ""),
    ("restricts-financial-access", "Restricts financial access", ""),
    ("restricts-medical-care", "Restricts medical care", ""),
    ("withholds-necessities", "Withholds necessities", ""),
    ("psychological-abuse", "Psychological abuse", ""),
    ("psychoactive-substance", "Psychoactive substances", ""),
    ("excessive-working-hours", "Excessive working hours", ""),
    ("withholds-documents", "Withholds documents", ""),
    ("other", "Other", ""),
]

PERPETRATOR_ROLES: list[TermRow] = [
    ("travelling-partner", "Travelling partner", ""),
    ("transporter", "Transporter", ""),
    ("recruiter", "Recruiter or intermediary", ""),
    ("broker", "Broker or travel agent", ""),
    ("transferred", "Transferred the person", ""),
    ("harboured", "Harboured the person", ""),
    ("sold", "Sold the person", ""),
    ("bought", "Bought the person (buyer)", ""),
    ("received", "Received the person", ""),
    ("controlled", "Controlled the person", ""),
    ("smuggler", "Smuggler", ""),
    ("abuser", "Abuser", ""),
    ("kidnapper", "Kidnapper", ""),
    ("exploiter", "Exploiter", ""),
    ("other", "Other", ""),
]

EXPLOITATION_TYPES: list[TermRow] = [
    ("forced-labour", "Forced labor", ""),
    ("sexual-exploitation", "Sexual exploitation", ""),
    ("child-labour", "Child labor", ""),
    ("forced-marriage", "Forced marriage", ""),
    ("servitude", "Servitude", ""),
    ("forced-military", "Forced military service by non-state actors", ""),
    ("organ-removal", "Organ removal", ""),
    ("forced-begging", "Forced begging", ""),
    ("forced-adoption", "Forced adoption", ""),
    ("surrogacy", "Surrogacy", ""),
    ("other", "Other", ""),
]

CORE_VOCABULARIES = [
    ("polaris-type", "Polaris typology type", "Polaris, Typology of Modern Slavery (2017)",
     "The 25 business models of trafficking in the United States.", POLARIS_TYPES),
    ("control-method", "Method of control", "IOM HTCDS 2.0, vic_MethodsOfControl", "", CONTROL_METHODS),
    ("perpetrator-role", "Perpetrator role", "IOM HTCDS 2.0, per_RoleInProcess", "", PERPETRATOR_ROLES),
    ("exploitation-type", "Type of exploitation", "IOM HTCDS 2.0, vic_TypeOfExploitation", "", EXPLOITATION_TYPES),
]  # fmt: skip
