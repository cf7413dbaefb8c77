"""Victim-services vocabularies, kept as data the coordinator edits (loaded by migration 0002)."""

from __future__ import annotations

from accord.core.vocabularies import TermRow

REFERRAL_SOURCES: list[TermRow] = [
    ("self", "Self-referral", ""),
    ("hotline", "Hotline", "A national or state hotline."),
    ("law-enforcement", "Law enforcement", ""),
    ("prosecution", "Prosecution or victim-witness unit", ""),
    ("child-welfare", "Child welfare", ""),
    ("health", "Health care provider", ""),
    ("vsp", "Another victim-service provider", ""),
    ("community", "Community or faith organization", ""),
    ("school", "School", ""),
    ("labor", "Labor regulator or workers' organization", ""),
    ("other", "Other", ""),
]

CLOSURE_REASONS: list[TermRow] = [
    ("goals-met", "Service goals met", ""),
    ("client-ended", "The client chose to end services", ""),
    ("lost-contact", "Lost contact", ""),
    ("moved", "Moved out of the service area", ""),
    ("referred-on", "Referred to another provider for continued case management", ""),
    ("repatriated", "Returned home (repatriation)", ""),
    ("ineligible", "Not eligible for the program", ""),
    ("other", "Other", ""),
]

LIVING_SITUATIONS: list[TermRow] = [
    ("own-housing", "Own or rented housing", ""),
    ("with-family", "With family or friends", ""),
    ("transitional", "Transitional housing", ""),
    ("shelter", "Emergency shelter", ""),
    ("institution", "Hospital, treatment or institution", ""),
    ("detention", "Detention or jail", ""),
    ("homeless", "Unsheltered", ""),
    ("unknown", "Not known", ""),
]

IMMIGRATION_OUTCOMES: list[TermRow] = [
    ("not-applicable", "Not applicable (U.S. citizen)", ""),
    ("continued-presence", "Obtained Continued Presence", ""),
    ("t-visa", "Obtained a T visa", ""),
    ("u-visa", "Obtained a U visa", ""),
    ("pending", "Application pending", ""),
    ("other-relief", "Other immigration relief", ""),
    ("none", "No relief obtained", ""),
]

VOCABULARIES = [
    ("referral-source", "Intake referral source", "Accord (after HHS OTIP ATIMS intake form)", "", REFERRAL_SOURCES),
    ("closure-reason", "Reason for closing a client record", "Accord (after HHS OTIP ATIMS case closure form)", "",
     CLOSURE_REASONS),
    ("living-situation", "Living situation at closing", "Accord (after HHS OTIP ATIMS case closure form)", "",
     LIVING_SITUATIONS),
    ("immigration-outcome", "Immigration outcome at closing", "Accord (after HHS OTIP ATIMS case closure form)", "",
     IMMIGRATION_OUTCOMES),
]  # fmt: skip
