"""Synthetic governance records for the demo and the benchmarks.

Appended to ``accord.core.seed.SEEDERS``; uses only ctx.rng, ctx.faker and ctx.now, so a seed number
reproduces it. What the demo relies on: the task force's MOU expires next month (a reminder shows on the
coordinator's home page), open action items are overdue for the investigator, the advocate and the
coordinator, the law-enforcement committee (law enforcement and prosecution only) holds monthly minuted
meetings, and one formation step is still open.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accord.core.models import Lane, Organization, Term, User
from accord.core.seed import SeedContext
from accord.governance import reminders
from accord.governance.models import (
    PROTOCOL_TOPIC_VOCABULARY,
    STAKEHOLDER_VOCABULARY,
    ActionItem,
    Agreement,
    AgreementVersion,
    Attendance,
    Briefing,
    Charter,
    CharterRevision,
    Committee,
    Decision,
    FormationStep,
    Funding,
    Goal,
    Leader,
    Meeting,
    Objective,
    ReportingDeadline,
    Signatory,
    Stakeholder,
)

SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SAMPLE_PDF_NAME = "governance/agreements/demo-signed-mou.pdf"


def seed_governance(ctx: SeedContext) -> None:
    today = timezone.localdate(ctx.now)
    orgs = {o.short_name: o for o in Organization.objects.exclude(short_name="")}
    people = ctx.personas
    charter = _seed_charter(ctx, today, people)
    _seed_goals(ctx, today, charter, people)
    _seed_agreements(ctx, today, orgs, people)
    committees = _seed_committees(ctx, people)
    _seed_meetings(ctx, today, committees, people)
    _seed_funding(today, orgs)
    _seed_stakeholders(ctx, today, orgs, people)
    _seed_formation(today, people)
    reminders.run(today=today, send_email=False)


def _seed_charter(ctx: SeedContext, today: date, people: dict[str, User]) -> Charter:
    assert ctx.task_force is not None
    charter, _ = Charter.objects.update_or_create(
        task_force=ctx.task_force,
        defaults={
            "mission": (
                "To identify and serve every victim of human trafficking in Cedar, Riverside and Marlow counties, "
                "and to hold traffickers accountable, through one coordinated, victim-centered response."
            ),
            "purpose": (
                "We bring law enforcement, prosecutors, victim service providers and community partners together to "
                "identify victims of sex and labor trafficking, deliver comprehensive services, investigate and "
                "prosecute offenders at the local, state and federal level, train our members and raise public "
                "awareness of trafficking and of gaps in the response."
            ),
            "guiding_principles": "\n".join(
                [
                    "Victim-centered and trauma-informed in everything we do.",
                    "All forms of trafficking and all victims: sex and labor, adults and minors, every nationality.",
                    "Information is shared on a need-to-know basis, and victims' information only with consent.",
                    "Decisions are recorded, and commitments are kept within each agency's capacity.",
                ]
            ),
            "leadership_model": "co_led",
            "leadership_notes": (
                "A leadership team of the District Attorney's office, the Riverside Police Department and Harbor "
                "House, supported by a full-time coordinator who runs meetings, minutes, trainings and grants."
            ),
            "adopted_on": today - timedelta(days=700),
        },
    )
    start = today - timedelta(days=700)
    Leader.objects.bulk_create(
        [
            Leader(charter=charter, person=people["prosecutor"], role="co_chair", since=start),
            Leader(charter=charter, person=people["supervisor"], role="co_chair", since=start),
            Leader(charter=charter, person=people["vspadmin"], role="co_chair", since=start + timedelta(days=200)),
            Leader(charter=charter, person=people["coordinator"], role="coordinator", since=start),
        ]
    )
    history = [
        (700, "Charter adopted at the founding meeting", {"mission": ["", "adopted"]}),
        (500, "Harbor House joins the leadership team as third co-chair", {"leadership": [None, "Harbor House"]}),
        (
            220,
            "Purpose widened to name labor trafficking explicitly after the annual review",
            {"purpose": ["(earlier wording)", "(current wording)"]},
        ),
    ]
    CharterRevision.objects.bulk_create(
        CharterRevision(
            charter=charter,
            revised_at=ctx.now - timedelta(days=days),
            revised_by=people["coordinator"],
            summary=summary,
            changes=changes,
        )
        for days, summary, changes in history
    )
    return charter


def _seed_goals(ctx: SeedContext, today: date, charter: Charter, people: dict[str, User]) -> None:
    year_end = date(today.year, 12, 31)
    goals = [
        ("Identify and serve victims of all forms of trafficking", 10),
        ("Hold traffickers accountable through proactive, victim-centered investigations", 20),
        ("Train members and raise community awareness", 30),
    ]
    saved = Goal.objects.bulk_create(Goal(charter=charter, title=t, sort_order=o) for t, o in goals)
    # fmt: off
    rows = [  # goal, objective, measure, target, progress so far, status, indicator, owner
        (0, "Identify victims through member screening and referrals", "victims identified", 60, None, "on_track",
         "vs.victims_identified", "vspadmin"),
        (0, "Match referred victims with a service provider within 48 hours", "% of referrals matched in 48 h", 90,
         Decimal(82), "at_risk", "", "advocate"),
        (1, "Open proactive labor-trafficking investigations", "investigations opened", 6, Decimal(2), "at_risk", "",
         "supervisor"),
        (1, "Review every trafficking case with local and federal prosecutors", "cases reviewed", 24, Decimal(19),
         "on_track", "", "prosecutor"),
        (2, "Train patrol officers in the three counties on trafficking indicators", "officers trained", 300,
         Decimal(185), "on_track", "", "coordinator"),
        (2, "Hold awareness sessions for hotels and motels", "sessions held", 40, Decimal(41), "achieved", "",
         "member"),
    ]
    # fmt: on
    Objective.objects.bulk_create(
        Objective(
            goal=saved[g],
            description=d,
            measure=m,
            target=Decimal(t),
            current_value=c,
            due_date=year_end,
            status=s,
            indicator_code=code,
            owner=people[owner],
        )
        for g, d, m, t, c, s, code, owner in rows
    )


def _seed_agreements(ctx: SeedContext, today: date, orgs: dict[str, Organization], people: dict[str, User]) -> None:
    topics = {t.code: t for t in Term.objects.of(PROTOCOL_TOPIC_VOCABULARY)}
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=15)
    core_parties = ["RTFCO", "RPD", "SBI", "CCDA", "Harbor", "LAV", "HSI", "USAO", "OAG", "DCFS", "DOL", "MTP"]
    specs = [
        # title, kind, status, parties, effective (days ago), review (days from today), expiry, topics, approval
        (
            "Task force memorandum of understanding (2021)",
            "mou",
            "superseded",
            core_parties[:8],
            1800,
            None,
            today - timedelta(days=700),
            [],
            "Each party's chief executive",
        ),
        (
            "Task force memorandum of understanding",
            "mou",
            "in_force",
            core_parties,
            700,
            -60,
            next_month,
            ["information-sharing", "conflict-resolution"],
            "City council, county board and agency heads",
        ),
        (
            "Operational protocol: victim identification and referral",
            "protocol",
            "in_force",
            ["RPD", "Harbor", "CCDA", "HSI", "DCFS"],
            400,
            80,
            today + timedelta(days=700),
            ["victim-identification", "minors", "immigration-relief", "information-sharing"],
            "Leadership team",
        ),
        (
            "Prosecution review protocol",
            "protocol",
            "draft",
            ["CCDA", "USAO", "OAG", "RPD"],
            None,
            None,
            None,
            ["prosecution-review", "investigations"],
            "District Attorney and U.S. Attorney",
        ),
        (
            "Law-enforcement information-sharing agreement",
            "data_sharing",
            "in_signature",
            ["RPD", "SBI", "HSI", "MTP", "CCDA"],
            None,
            None,
            None,
            ["information-sharing", "investigations"],
            "Agency heads",
        ),
        (
            "Media and public communications protocol",
            "protocol",
            "in_force",
            ["RTFCO", "RPD", "Harbor", "CCDA"],
            300,
            200,
            today + timedelta(days=1100),
            ["media"],
            "Leadership team",
        ),
    ]
    saved: list[Agreement] = []
    for title, kind, status, parties, effective, review, expiry, topic_codes, body in specs:
        effective_date = today - timedelta(days=effective) if effective is not None else None
        agreement = Agreement.objects.create(
            title=title,
            kind=kind,
            status=status,
            summary=f"{title}, agreed by {len(parties)} member organizations.",
            approval_body=body,
            effective_date=effective_date,
            review_date=today + timedelta(days=review) if review is not None else None,
            expiry_date=expiry,
        )
        agreement.parties.set([orgs[p] for p in parties if p in orgs])
        agreement.topics.set([topics[c] for c in topic_codes if c in topics])
        saved.append(agreement)
    saved[0].superseded_by = saved[1]
    saved[0].save(update_fields=["superseded_by"])
    mou = saved[1]
    Signatory.objects.bulk_create(
        Signatory(
            agreement=mou,
            organization=org,
            name=ctx.faker.name(),
            title="Chief executive",
            signed_on=today - timedelta(days=700 + ctx.rng.randint(0, 20)),
        )
        for org in mou.parties.all()
    )
    name = SAMPLE_PDF_NAME  # one shared file, so repeated seeds (tests, demos) do not pile up copies
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(SAMPLE_PDF))
    AgreementVersion.objects.create(
        agreement=mou,
        number=1,
        note="Signed by all parties",
        is_signed=True,
        storage_name=name,
        original_name="task-force-mou-signed.pdf",
        content_type="application/pdf",
        size=len(SAMPLE_PDF),
        sha256=hashlib.sha256(SAMPLE_PDF).hexdigest(),
        uploaded_by=people["coordinator"],
        uploaded_at=ctx.now - timedelta(days=690),
    )


def _staff(lanes: set[str] | set[Lane], limit: int, ctx: SeedContext) -> list[User]:
    found = [u for u in ctx.users if u.is_active and u.organization and u.organization.lane in lanes]
    return found[:limit]


def _seed_committees(ctx: SeedContext, people: dict[str, User]) -> dict[str, Committee]:
    le_lanes = {Lane.LAW_ENFORCEMENT, Lane.PROSECUTION}
    specs = {
        "law_enforcement": (
            "Law-enforcement committee",
            "Intelligence sharing, target identification, deconfliction and strategy for investigations and "
            "prosecutions; the prosecutor walks the case log at each meeting.",
            "prosecutor",
            "monthly",
            sorted(le_lanes),
            ["investigator", "supervisor", "analyst", "prosecutor"],
            _staff(le_lanes, 8, ctx),
        ),
        "victim_services": (
            "Victim-services committee",
            "Makes sure services reach every victim whatever their gender, age or status, and that referrals run "
            "smoothly; keeps the resource map current.",
            "vspadmin",
            "monthly",
            [],
            ["advocate", "vspadmin", "member"],
            _staff({Lane.VICTIM_SERVICES}, 8, ctx),
        ),
        "training": (
            "Training committee",
            "Common training materials and terminology, onboarding of new members, train-the-trainer events.",
            "coordinator",
            "quarterly",
            [],
            ["coordinator", "supervisor", "advocate", "member"],
            [],
        ),
        "outreach": (
            "Outreach and awareness committee",
            "Awareness events for businesses, hotels, schools, faith groups and health care.",
            "member",
            "quarterly",
            [],
            ["member", "advocate", "coordinator"],
            _staff({Lane.PARTNER}, 4, ctx),
        ),
    }
    committees: dict[str, Committee] = {}
    for kind, (name, purpose, chair, cadence, lanes, personas, extra) in specs.items():
        committee = Committee.objects.create(
            name=name, kind=kind, purpose=purpose, chair=people[chair], cadence=cadence, restricted_to_lanes=lanes
        )
        committee.members.set({*(people[p] for p in personas), *extra})
        committees[kind] = committee
    return committees


DECISIONS = {
    None: [
        "Adopt the revised victim identification and referral protocol.",
        "Renew the task force MOU for three years, subject to each agency's approval.",
        "Hold the annual multidisciplinary training in the spring.",
        "Add the State Department of Labor as a member of the task force.",
    ],
    "law_enforcement": [
        "Route all labor-trafficking tips through the joint intake before assignment.",
        "Present every new case to state and federal prosecutors within 30 days.",
        "Deconflict planned operations through the task force at least 48 hours before.",
    ],
    "victim_services": [
        "Keep one emergency bed open for same-night law-enforcement referrals.",
        "Use the shared screening instrument at intake in all member agencies.",
    ],
    "training": ["Use the common terminology glossary in all task-force trainings."],
    "outreach": ["Prioritise outreach to hotels and motels along the interstate corridor."],
}
AGENDA = "1. Welcome and introductions\n2. Updates from members\n3. Agreements and funding\n4. Next steps"
MINUTES = {
    None: "Members reported on activity since the last meeting. Agreements and funding status were reviewed.",
    "law_enforcement": (
        "Case log reviewed by stage; pending grand-jury matters followed up. No conflicts between planned operations. "
        "Details of targets and tactics stay in the investigation records, not in these minutes."
    ),
    "victim_services": "Capacity of shelters and case management reviewed; referral timing discussed.",
    "training": "Training calendar and materials reviewed.",
    "outreach": "Upcoming awareness events planned.",
}


def _meeting_times(ctx: SeedContext, today: date, every_days: int, count: int, hour: int) -> list[datetime]:
    """``count`` past meetings every ``every_days`` days and one upcoming, at ``hour`` local time."""
    first = today + timedelta(days=ctx.rng.randint(10, 20))
    days = [first - timedelta(days=every_days * n) for n in range(count + 1)]
    zone = timezone.get_current_timezone()
    return [datetime(d.year, d.month, d.day, hour, tzinfo=zone) for d in sorted(days)]


def _seed_meetings(ctx: SeedContext, today: date, committees: dict[str, Committee], people: dict[str, User]) -> None:
    coordinator = people["coordinator"]
    bodies: list[tuple[Committee | None, int, int, int]] = [
        (None, 91, 8, 10),
        (committees["law_enforcement"], 30, 12, 9),
        (committees["victim_services"], 30, 12, 14),
        (committees["training"], 91, 4, 13),
        (committees["outreach"], 91, 4, 15),
    ]
    attendance: list[Attendance] = []
    decisions: list[Decision] = []
    for committee, every, count, hour in bodies:
        kind = committee.kind if committee else None
        pool = list(committee.members.select_related("organization")) if committee else _staff(set(Lane), 60, ctx)
        for starts_at in _meeting_times(ctx, today, every, count, hour):
            held = starts_at.date() < today
            label = committee.name if committee else "Task force"
            meeting = Meeting.objects.create(
                committee=committee,
                title=f"{label} meeting, {starts_at:%B %Y}",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=90),
                location="Regional Task Force Coordination Office, conference room B",
                agenda=AGENDA,
                minutes=MINUTES[kind] if held else "",
                created_by=committee.chair if committee and committee.chair else coordinator,
            )
            if not held:
                continue
            present = ctx.rng.sample(pool, k=min(len(pool), ctx.rng.randint(6, 16)))
            attendance += [
                Attendance(meeting=meeting, person=p, organization=p.organization, discipline=p.organization.sector)
                for p in present
                if p.organization is not None
            ]
            if ctx.rng.random() < 0.6:
                decisions.append(
                    Decision(
                        meeting=meeting,
                        text=ctx.rng.choice(DECISIONS[kind]),
                        decided_on=starts_at.date(),
                        decided_by=f"{label} members present, by consensus",
                        recorded_by=committee.chair if committee and committee.chair else coordinator,
                        recorded_at=starts_at + timedelta(hours=2),
                    )
                )
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    Decision.objects.bulk_create(decisions, batch_size=2000)
    _seed_action_items(ctx, today, committees, people)


def _seed_action_items(
    ctx: SeedContext, today: date, committees: dict[str, Committee], people: dict[str, User]
) -> None:
    past = Meeting.objects.filter(starts_at__date__lt=today)
    last_tf = past.filter(committee__isnull=True).order_by("-starts_at").first()
    last_le = past.filter(committee=committees["law_enforcement"]).order_by("-starts_at").first()
    last_vs = past.filter(committee=committees["victim_services"]).order_by("-starts_at").first()
    older_tf = past.filter(committee__isnull=True).order_by("-starts_at")[1:4]
    assert last_tf and last_le and last_vs
    rows = [
        (last_tf, "Send the updated referral contact sheet to Harbor House", "investigator", -12),
        (last_tf, "Circulate the shelter capacity summary to members", "advocate", -5),
        (last_tf, "Book the venue for the annual multidisciplinary training", "coordinator", -3),
        (last_tf, "Draft the hotel outreach letter for review", "member", 10),
        (last_le, "Update the case log before the next review", "investigator", -2),
        (last_le, "Confirm federal partners for the prosecution review protocol", "prosecutor", 14),
        (last_vs, "Confirm the Spanish-speaking advocate rota", "vspadmin", 7),
    ]
    items = [
        ActionItem(
            meeting=meeting,
            title=title,
            owner=people[owner],
            due_date=today + timedelta(days=due),
            created_by=people["coordinator"],
        )
        for meeting, title, owner, due in rows
    ]
    items.extend(
        ActionItem(
            meeting=meeting,
            title="Share the quarterly report draft with the leadership team",
            owner=people["coordinator"],
            due_date=meeting.starts_at.date() + timedelta(days=21),
            created_by=people["coordinator"],
            closed_at=meeting.starts_at + timedelta(days=15),
            closed_by=people["coordinator"],
        )
        for meeting in older_tf
    )
    ActionItem.objects.bulk_create(items)


def _seed_funding(today: date, orgs: dict[str, Organization]) -> None:
    specs = [
        (
            "ECM task force award: law enforcement",
            "Bureau of Justice Assistance (BJA)",
            "15PBJA-23-GK-01234-HTXX",
            "RPD",
            500,
            595,
            Decimal(750000),
            Decimal(187500),
            "BJA PMT quarterly performance report",
        ),
        (
            "ECM task force award: victim services",
            "Office for Victims of Crime (OVC)",
            "15POVC-23-GK-05678-HTXX",
            "Harbor",
            500,
            595,
            Decimal(1000000),
            Decimal(250000),
            "OVC TIMS quarterly performance report",
        ),
        (
            "State anti-trafficking coordination grant",
            "State Criminal Justice Council",
            "SCJC-2025-HT-07",
            "RTFCO",
            200,
            165,
            Decimal(120000),
            Decimal(0),
            "Semi-annual progress report",
        ),
    ]
    for title, funder, award, recipient, started, ends, amount, match, report in specs:
        program = "Enhanced Collaborative Model (ECM)" if "ECM" in title else "State anti-trafficking fund"
        funding = Funding.objects.create(
            title=title,
            funder=funder,
            program=program,
            award_number=award,
            recipient=orgs.get(recipient),
            period_start=today - timedelta(days=started),
            period_end=today + timedelta(days=ends),
            amount=amount,
            match_amount=match,
        )
        every = 182 if "Semi" in report else 91
        due = funding.period_start + timedelta(days=every + 30)
        deadlines = []
        while due <= funding.period_end + timedelta(days=90):
            submitted = due - timedelta(days=3) if due < today else None
            deadlines.append(ReportingDeadline(funding=funding, title=report, due_date=due, submitted_on=submitted))
            due += timedelta(days=every)
        ReportingDeadline.objects.bulk_create(deadlines)


def _seed_stakeholders(ctx: SeedContext, today: date, orgs: dict[str, Organization], people: dict[str, User]) -> None:
    categories = {t.code: t for t in Term.objects.of(STAKEHOLDER_VOCABULARY)}
    specs = [
        ("Chief of Police", "Riverside Police Department", "RPD", "police-sheriff", "committed", 3),
        ("Sheriff", "Cedar County Sheriff's Office", None, "police-sheriff", "interested", 1),
        ("Executive Director", "Harbor House", "Harbor", "service-executives", "committed", 2),
        ("Director", "Department of Children and Family Services", "DCFS", "child-welfare", "committed", 2),
        ("Executive Director", "Valley Immigrant Rights Coalition", None, "immigrant-advocacy", "briefed", 1),
        ("Chief Probation Officer", "Cedar County Juvenile Probation", None, "juvenile-justice", "not_contacted", 0),
        ("Executive Director", "Legal Aid of the Valley", "LAV", "legal-services", "committed", 2),
        ("Attorney General", "Office of the State Attorney General", "OAG", "prosecutors", "interested", 1),
        ("District Attorney", "Cedar County District Attorney", "CCDA", "prosecutors", "committed", 3),
        (
            "Supervisory Special Agent",
            "FBI Field Office, Riverside Resident Agency",
            None,
            "federal-agents",
            "briefed",
            1,
        ),
        (
            "Special Agent in Charge",
            "Homeland Security Investigations, Riverside Office",
            "HSI",
            "federal-agents",
            "committed",
            2,
        ),
        ("United States Attorney", "United States Attorney's Office, Eastern District", "USAO", "usao", "committed", 2),
        ("Coordinator", "Riverside Faith Alliance", None, "community", "briefed", 1),
    ]
    briefings: list[Briefing] = []
    for title, org_name, short, category, commitment, count in specs:
        stakeholder = Stakeholder.objects.create(
            name=ctx.faker.name(),
            title=title,
            organization_name=org_name,
            organization=orgs.get(short) if short else None,
            category=categories[category],
            commitment=commitment,
        )
        briefings.extend(
            Briefing(
                stakeholder=stakeholder,
                held_on=today - timedelta(days=720 - 200 * n - ctx.rng.randint(0, 30)),
                held_by=people["coordinator"],
                findings_presented=n == 0,
                summary="Presented the regional assessment findings and the proposed task force structure."
                if n == 0
                else "Updated on the task force's results and asked for continued support.",
            )
            for n in range(count)
        )
    Briefing.objects.bulk_create(briefings)


def _seed_formation(today: date, people: dict[str, User]) -> None:
    evidence = {
        "feasibility": ("/governance/stakeholders/", "Regional assessment presented to leaders"),
        "framework": ("/governance/charter/", "Charter and leadership model adopted"),
        "champions": ("/governance/stakeholders/", "Chiefs, DA and USAO committed"),
        "funding": ("/governance/funding/", "ECM awards for law enforcement and victim services"),
        "initial-goals": ("/governance/charter/", "Three goals with SMART objectives"),
        "leader": ("/governance/charter/", "Co-chairs and coordinator named"),
        "regular-meetings": ("/governance/meetings/", "Quarterly task force and monthly committee meetings"),
    }
    for step in FormationStep.objects.all():
        if step.code in evidence:
            step.evidence_url, step.evidence_note = evidence[step.code]
            step.done_on = today - timedelta(days=700 - step.sort_order)
            step.updated_by = people["coordinator"]
            step.save()
