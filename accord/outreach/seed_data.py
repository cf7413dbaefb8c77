"""The demo's words: glossary definitions (Accord's own wording, with their legal sources) and community partners."""

from __future__ import annotations

GLOSSARY = [
    ("Human trafficking", "Using force, fraud or coercion to make a person provide labor, services or commercial "
     "sex, or causing a person under 18 to perform a commercial sex act.", "22 U.S.C. 7102; 18 U.S.C. 1591"),
    ("Sex trafficking", "Trafficking for a commercial sex act. Any commercial sex act by a minor is sex "
     "trafficking, with or without force, fraud or coercion.", "18 U.S.C. 1591"),
    ("Labor trafficking", "Trafficking for labor or services through force, fraud or coercion, including "
     "involuntary servitude, peonage and debt bondage.", "18 U.S.C. 1589"),
    ("Force, fraud or coercion", "The means that make adult trafficking a crime: physical force, lies about the "
     "work or pay, threats of harm, abuse of the legal process, or a scheme to make the person believe they "
     "would suffer serious harm.", ""),
    ("Debt bondage", "Making someone work off a debt whose value or terms are never fairly applied, so the debt "
     "can never be repaid.", ""),
    ("Smuggling", "Helping a person cross a border illegally, with their consent. It is a crime against a state; "
     "trafficking is a crime against a person and needs no border crossing.", ""),
    ("Victim-centered", "Putting the needs, safety and choices of the person who was trafficked first in every "
     "decision, including whether to take part in an investigation.", "OVC TTAC Task Force e-Guide"),
    ("Trauma-informed", "Working in a way that recognizes the effects of trauma and avoids causing more: "
     "predictability, choice, and no blame.", "OVC TTAC Task Force e-Guide"),
    ("Survivor-informed", "Shaped by people with lived experience of trafficking, who are paid for their "
     "expertise.", ""),
    ("Continued Presence", "A temporary immigration status that federal law enforcement requests for a "
     "foreign-national victim who is a potential witness.", "28 CFR 1100.35"),
    ("T visa", "Immigration relief for victims of a severe form of trafficking who are in the United States "
     "because of it and comply with reasonable requests for assistance.", "8 U.S.C. 1101(a)(15)(T)"),
    ("U visa", "Immigration relief for victims of qualifying crimes, trafficking among them, who are helpful to "
     "law enforcement; it needs a certification (Form I-918 Supplement B).", "8 U.S.C. 1101(a)(15)(U)"),
    ("Deconfliction", "Checking whether another agency is working the same target or place, so operations do "
     "not collide and officers stay safe.", ""),
    ("Coordinated service referral network", "The members who agreed to refer survivors to one another along "
     "service pathways; a member joins once its staff hold the required trainings.", "OVC TTAC e-Guide 3.1"),
    ("Release of information", "A survivor's written, time-limited consent to share named information with a "
     "named organization for a stated purpose. It can be revoked at any time.", ""),
    ("Screening", "Asking questions that show whether trafficking may have happened. A screen is not a "
     "determination.", ""),
    ("Task force", "Law enforcement, prosecutors, victim service providers and partners working one shared "
     "response to trafficking.", ""),
    ("Enhanced Collaborative Model (ECM)", "The DOJ funding program (BJA and OVC) for task forces that pair a "
     "law-enforcement lead with a victim-service lead.", ""),
]  # fmt: skip


PARTNERS = [
    ("Riverside Interfaith Council", "faith", "Riverside", "Congregations that host awareness evenings and "
     "collect supplies for shelters."),
    ("St. Brendan's Parish Outreach", "faith", "Cedar Falls", "Volunteers who drive survivors to appointments."),
    ("Cedar State University Students Against Trafficking", "student", "Cedar Falls", "A student club that runs "
     "campus awareness weeks."),
    ("Marlow High School Key Club", "student", "Marlow", "Students who made the hotline posters."),
    ("Valley Literacy Project", "nonprofit", "Riverside", "English classes; refers learners who disclose "
     "exploitation at work."),
    ("Open Table Food Bank", "nonprofit", "Lowell", "Distributes hotline cards with food boxes."),
    ("Riverside Hotel Group", "business", "Riverside", "Eleven hotels; trains housekeeping and front-desk staff."),
    ("Kessler Trucking Association", "business", "Kessler Springs", "Truck stops that display the hotline."),
    ("Ashford Farmworker Alliance", "other", "Ashford", "Farmworkers' association that knows the seasonal camps."),
    ("Port Brennan Chamber of Commerce", "business", "Port Brennan", "Local businesses; hosted a supply-chain "
     "briefing."),
]  # fmt: skip
