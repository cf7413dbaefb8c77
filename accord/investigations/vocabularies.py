"""The vocabularies this app ships (loaded by migration 0002); the coordinator edits them at /vocabularies/.

State statutes differ by state, so none are shipped: the coordinator adds them to ``statute`` with codes that
start ``state-``. Federal codes start ``usc-``; that prefix is how a charge is known to be federal.
"""

from __future__ import annotations

from accord.core.vocabularies import TermRow

FEDERAL_STATUTES: list[TermRow] = [
    ("usc-18-1581", "18 U.S.C. § 1581 — Peonage; obstructing enforcement", ""),
    ("usc-18-1582", "18 U.S.C. § 1582 — Vessels for slave trade", ""),
    ("usc-18-1583", "18 U.S.C. § 1583 — Enticement into slavery", ""),
    ("usc-18-1584", "18 U.S.C. § 1584 — Sale into involuntary servitude", ""),
    ("usc-18-1585", "18 U.S.C. § 1585 — Seizure, detention, transportation or sale of slaves", ""),
    ("usc-18-1586", "18 U.S.C. § 1586 — Service on vessels in slave trade", ""),
    ("usc-18-1587", "18 U.S.C. § 1587 — Possession of slaves aboard vessel", ""),
    ("usc-18-1588", "18 U.S.C. § 1588 — Transportation of slaves from United States", ""),
    ("usc-18-1589", "18 U.S.C. § 1589 — Forced labor",
     "Labor or services obtained by serious harm, physical restraint, a scheme to cause belief of serious harm, "
     "or abuse of legal process."),
    ("usc-18-1590", "18 U.S.C. § 1590 — Trafficking with respect to peonage, slavery, involuntary servitude, "
     "or forced labor", "Recruits, harbors, transports, provides or obtains a person for labor or services."),
    ("usc-18-1591", "18 U.S.C. § 1591 — Sex trafficking of children or by force, fraud, or coercion", ""),
    ("usc-18-1592", "18 U.S.C. § 1592 — Unlawful conduct with respect to documents in furtherance of "
     "trafficking, peonage, slavery, involuntary servitude, or forced labor", ""),
    ("usc-18-1593", "18 U.S.C. § 1593 — Mandatory restitution", "Not an offense by itself."),
    ("usc-18-1593a", "18 U.S.C. § 1593A — Benefiting financially from peonage, slavery, and trafficking in persons",
     ""),
    ("usc-18-1594", "18 U.S.C. § 1594 — Attempt, conspiracy and forfeiture (general provisions)", ""),
    ("usc-18-1595", "18 U.S.C. § 1595 — Civil remedy", "A civil action, not a criminal charge."),
    ("usc-18-1596", "18 U.S.C. § 1596 — Additional jurisdiction in certain trafficking offenses",
     "Not an offense by itself."),
    ("usc-18-1597", "18 U.S.C. § 1597 — Unlawful conduct with respect to immigration documents", ""),
]  # fmt: skip

# Sections listed for completeness but not chargeable by themselves: shipped inactive.
NOT_CHARGEABLE = ["usc-18-1593", "usc-18-1595", "usc-18-1596"]

NIBRS_OFFENSES: list[TermRow] = [
    ("64A", "64A Human trafficking, commercial sex acts",
     "Inducing a person by force, fraud or coercion to take part in commercial sex acts, or where the person "
     "induced is under 18."),
    ("64B", "64B Human trafficking, involuntary servitude",
     "Obtaining a person through recruitment, harboring, transportation or provision and subjecting them by force, "
     "fraud or coercion to involuntary servitude, peonage, debt bondage or slavery (not commercial sex acts)."),
    ("40A", "40A Prostitution", ""),
    ("40B", "40B Assisting or promoting prostitution", ""),
    ("40C", "40C Purchasing prostitution", ""),
]  # fmt: skip

LEAD_SOURCES: list[TermRow] = [
    ("hotline-tip", "Hotline tip", "A tip from a national, state or local hotline."),
    ("patrol", "Patrol", "Found in the course of patrol or another call."),
    ("vsp-referral", "Referral from a victim service provider", "With the survivor's consent."),
    ("online-ad", "Online advertisement", ""),
    ("another-agency", "Another agency", "Referred by another law-enforcement or government agency."),
    ("other", "Other", ""),
]

VOCABULARIES = [
    ("statute", "Statute", "18 U.S.C. Chapter 77 (§§ 1581–1597); state statutes added by the coordinator",
     "Statutes a charge may be brought under. Add your state's statutes with codes starting “state-”.",
     FEDERAL_STATUTES),
    ("nibrs-offense", "NIBRS offense", "FBI UCR National Incident-Based Reporting System",
     "Offense codes for human trafficking and the prostitution offenses reported with it.", NIBRS_OFFENSES),
    ("lead-source", "Lead source", "Accord", "How an investigation's first information arrived.", LEAD_SOURCES),
]  # fmt: skip
