"""Importing a training's attendance sheet (CSV or XLSX): a dry run that says what each row would do, then an apply.

One row per attendee: ``name``, ``email``, ``organization``, ``discipline``, ``pre_test``, ``post_test`` and
``completed``. The file is read by the directory's spreadsheet reader (the same CSV/XLSX rules everywhere).

- **Member trainings (named sign-in)**: each row names a member of staff. A row is matched to an Accord
  account by e-mail (its organization must agree with the sheet's); without an account the person is kept by
  name and organization, and earns no certification. The discipline defaults to the organization's sector.
- **Counts-only trainings**: the name and e-mail columns are dropped before the file is stored or read;
  each row adds an anonymous pair of test scores under its discipline.
- The training's counts by discipline are how many attended. A sheet cannot put more people in a discipline
  than the training records (the counts would no longer add up). A training with no counts yet takes them
  from the sheet.
- The same file twice for one training is refused as a whole; so is a row naming someone already recorded.
  A file with any rejected row cannot be applied, and the apply changes everything or nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models.functions import Lower

from accord.core.models import Organization, Sector, Term, User
from accord.directory.spreadsheet import FileProblem, read_table, write_csv
from accord.outreach.models import (
    AUDIENCE_VOCABULARY,
    AttendanceImport,
    TestResult,
    Training,
    TrainingAttendee,
)

COLUMNS = ["name", "email", "organization", "discipline", "pre_test", "post_test", "completed"]
NAME_COLUMNS = ("name", "email")
# Other headers people write for the same columns (after the reader's normalization: lower case, underscores).
ALIASES = {
    "e_mail": "email",
    "email_address": "email",
    "full_name": "name",
    "attendee": "name",
    "organisation": "organization",
    "agency": "organization",
    "pre": "pre_test",
    "pretest": "pre_test",
    "pre_test_score": "pre_test",
    "post": "post_test",
    "posttest": "post_test",
    "post_test_score": "post_test",
}
MAX_BYTES = 5 * 1024 * 1024
TRUE = {"yes", "y", "true", "1", "x", ""}
FALSE = {"no", "n", "false", "0"}


@dataclass
class RowPlan:
    line: int
    label: str
    organization: str = ""
    discipline: str = ""
    action: str = "reject"  # add, count (no scores: counted only) or reject
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    person_id: int | None = None
    organization_id: int | None = None
    discipline_id: int | None = None
    pre: Decimal | None = None
    post: Decimal | None = None
    completed: bool = True


@dataclass
class Plan:
    named: bool
    sets_counts: bool = False
    rows: list[RowPlan] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and all(r.action != "reject" for r in self.rows)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("add", "count", "reject"), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    def by_discipline(self) -> list[tuple[str, int]]:
        accepted = Counter(r.discipline for r in self.rows if r.action != "reject")
        return sorted(accepted.items())

    def summary(self) -> dict[str, Any]:
        """What is kept with the sheet: counts and reasons, never a counts-only attendee's name."""
        return {
            "counts": self.counts(),
            "by_discipline": self.by_discipline(),
            "sets_counts": self.sets_counts,
            "file_errors": self.file_errors,
            "rejected": [{"line": r.line, "errors": r.errors} for r in self.rows if r.action == "reject"][:200],
        }


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_sheet(content: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The directory's CSV/XLSX reader, with the usual other names for this sheet's columns."""
    header, rows = read_table(content)
    header = [ALIASES.get(name, name) for name in header]
    rows = [(line, {ALIASES.get(k, k): v for k, v in cells.items()}) for line, cells in rows]
    return header, rows


def without_names(content: bytes) -> bytes:
    """The sheet without its name and e-mail columns: what a counts-only training may keep."""
    header, rows = read_sheet(content)
    kept = [c for c in header if c and c not in NAME_COLUMNS]
    return write_csv((cells for _, cells in rows), kept)


def _term_lookup() -> dict[str, Term]:
    terms = list(Term.objects.of(AUDIENCE_VOCABULARY))
    lookup: dict[str, Term] = {}
    for term in terms:
        lookup[term.code.lower()] = term
        lookup[term.label.lower()] = term
    by_code = {t.code: t for t in terms}
    for value, label in Sector.choices:
        if value in by_code:
            lookup.setdefault(str(label).lower(), by_code[value])
    return lookup


class Planner:
    """Looks every reference up once, then plans each row in order."""

    def __init__(self, training: Training) -> None:
        self.training = training
        self.named = training.is_named
        self.disciplines = _term_lookup()
        self.by_code = {t.code: t for t in self.disciplines.values()}
        self.organizations: dict[str, Organization] = {}
        for o in Organization.objects.filter(is_active=True):
            self.organizations[o.name.lower()] = o
            if o.short_name:
                self.organizations.setdefault(o.short_name.lower(), o)
        self.capacity = {a.discipline_id: a.attendees for a in training.audience_counts.all()}
        self.sets_counts = not self.capacity and training.total_attendees is None
        self.used: Counter[int] = Counter()
        if self.named:
            for discipline_id in training.attendees.values_list("discipline_id", flat=True):
                self.used[discipline_id] += 1
        else:
            for discipline_id in training.results.values_list("discipline_id", flat=True):
                self.used[discipline_id] += 1
        self.recorded_people = set(training.attendees.exclude(person=None).values_list("person_id", flat=True))
        self.recorded_names = {
            (org_id, name.lower()) for org_id, name in training.attendees.values_list("organization_id", "name")
        }
        self.seen: dict[tuple[Any, ...], int] = {}
        self.accounts: dict[str, User] = {}

    def load_accounts(self, emails: list[str]) -> None:
        """Active accounts by e-mail, compared without regard to case (one query)."""
        wanted = sorted({e.strip().lower() for e in emails if e.strip()})
        if not wanted:
            return
        found = (
            User.objects.filter(is_active=True)
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__in=wanted)
            .select_related("organization")
            .order_by("pk")
        )
        for user in found:
            self.accounts.setdefault(user.email.lower(), user)

    def plan(self, line: int, cells: dict[str, str]) -> RowPlan:
        row = RowPlan(line=line, label=cells.get("name", "") if self.named else f"Respondent on line {line}")
        if self.named:
            self._who(row, cells)
        self._discipline(row, cells)
        row.pre = self._score(row, cells, "pre_test", self.training.pre_test_on is not None, "pre-test")
        row.post = self._score(row, cells, "post_test", self.training.post_test_on is not None, "post-test")
        row.completed = self._completed(row, cells)
        if not row.errors:
            self._fits(row)
        if row.errors:
            row.action = "reject"
        elif self.named or row.pre is not None or row.post is not None:
            row.action = "add"
        else:
            row.action = "count"
            if not self.sets_counts:
                row.notes.append("No test scores: nothing to record beyond the count already kept.")
        return row

    def _who(self, row: RowPlan, cells: dict[str, str]) -> None:
        email = cells.get("email", "").strip().lower()
        named_org = cells.get("organization", "").strip()
        person = self.accounts.get(email) if email else None
        organization = self.organizations.get(named_org.lower()) if named_org else None
        if person is not None:
            row.person_id = person.pk
            row.label = row.label or person.get_full_name() or person.username
            if person.organization is None:
                row.errors.append(f"email: the account {email} belongs to no organization.")
                return
            if named_org and organization != person.organization:
                row.errors.append(
                    f"organization: the account {email} works for {person.organization}, not “{named_org}”."
                )
            organization = person.organization
            row.notes.append("Matched to an Accord account.")
        else:
            if email:
                row.notes.append("No Accord account with this e-mail: recorded by name, without a certification.")
            if not row.label:
                row.errors.append("name: is required.")
            if not named_org:
                row.errors.append("organization: is required when the e-mail matches no account.")
            elif organization is None:
                row.errors.append(
                    f"organization: “{named_org}” is not a member organization; member trainings sign in member "
                    "staff (record others on a counts-only training)."
                )
        if organization is not None:
            row.organization_id, row.organization = organization.pk, organization.name
            if not cells.get("discipline", "").strip() and organization.sector in self.by_code:
                row.discipline_id = self.by_code[organization.sector].pk
                row.discipline = self.by_code[organization.sector].label
        self._not_twice(row)

    def _not_twice(self, row: RowPlan) -> None:
        key: tuple[Any, ...] = (
            ("person", row.person_id) if row.person_id else ("name", row.organization_id, row.label.lower())
        )
        if key in self.seen:
            row.errors.append(f"duplicate: line {self.seen[key]} already names this person.")
            return
        self.seen[key] = row.line
        if row.person_id in self.recorded_people or (row.organization_id, row.label.lower()) in self.recorded_names:
            row.errors.append("already recorded as attending this training.")

    def _discipline(self, row: RowPlan, cells: dict[str, str]) -> None:
        value = cells.get("discipline", "").strip()
        if not value:
            if row.discipline_id is None and not row.errors:
                row.errors.append("discipline: is required (a term from the audience list).")
            return
        term = self.disciplines.get(value.lower())
        if term is None:
            row.errors.append(f"discipline: unknown value “{value}” (use a term from the audience list).")
            return
        row.discipline_id, row.discipline = term.pk, term.label

    def _score(self, row: RowPlan, cells: dict[str, str], column: str, given: bool, what: str) -> Decimal | None:
        value = cells.get(column, "").strip()
        if not value:
            return None
        percent = value.endswith("%")
        try:
            number = Decimal(value.rstrip("%").strip())
        except InvalidOperation:
            row.errors.append(f"{column}: “{value}” is not a number.")
            return None
        top = self.training.max_score
        if percent:
            number = (number * top / 100).quantize(Decimal("0.01"))
        if number < 0 or number > top:
            row.errors.append(f"{column}: {value} is outside 0 to {top}, the highest possible score.")
            return None
        if not given:
            row.errors.append(f"{column}: the training records no {what} date; add it to the training first.")
            return None
        return number

    def _completed(self, row: RowPlan, cells: dict[str, str]) -> bool:
        value = cells.get("completed", "").strip().lower()
        if value in TRUE:
            return True
        if value in FALSE:
            return False
        row.errors.append(f"completed: “{cells.get('completed')}” is not yes or no.")
        return True

    def _fits(self, row: RowPlan) -> None:
        """The counts must still add up: no more rows in a discipline than the training says attended."""
        assert row.discipline_id is not None
        if self.sets_counts:
            return
        if self.named or row.pre is not None or row.post is not None:
            self.used[row.discipline_id] += 1
            allowed = self.capacity.get(row.discipline_id, 0)
            if self.used[row.discipline_id] > allowed:
                row.errors.append(
                    f"discipline: the training records {allowed} attendee{'s' if allowed != 1 else ''} from "
                    f"{row.discipline}, and this row would be number {self.used[row.discipline_id]}. Correct the "
                    "training's counts by discipline first."
                )


def plan_import(training: Training, content: bytes) -> Plan:
    """The dry run: what each row would do, and why a row would be rejected. Writes nothing."""
    plan = Plan(named=training.is_named)
    try:
        header, rows = read_sheet(content)
    except FileProblem as problem:
        plan.file_errors.append(str(problem))
        return plan
    present = set(header)
    required = ["discipline"] if not training.is_named else ["name"]
    missing = [c for c in required if c not in present]
    if training.is_named and "organization" not in present and "email" not in present:
        missing.append("organization or email")
    if missing:
        plan.file_errors.append(f"Missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}.")
        return plan
    plan.ignored_columns = sorted(c for c in present if c and c not in COLUMNS)
    planner = Planner(training)
    plan.sets_counts = planner.sets_counts
    if training.is_named:
        planner.load_accounts([cells.get("email", "") for _, cells in rows])
    plan.rows = [planner.plan(line, cells) for line, cells in rows]
    return plan


def duplicate_of(training: Training, digest: str) -> AttendanceImport | None:
    return (
        training.imports.filter(status=AttendanceImport.Status.APPLIED, sha256=digest)
        .select_related("uploaded_by")
        .first()
    )


def apply_rows(training: Training, plan: Plan, batch: AttendanceImport, actor: User) -> list[TrainingAttendee]:
    """Write the planned rows (the caller holds the transaction and has checked ``plan.ok``)."""
    created: list[TrainingAttendee] = []
    results: list[TestResult] = []
    for row in plan.rows:
        if row.action == "reject" or row.discipline_id is None:
            continue
        attendee = None
        if plan.named:
            assert row.organization_id is not None
            attendee = TrainingAttendee.objects.create(
                training=training,
                person_id=row.person_id,
                name=row.label[:150],
                organization_id=row.organization_id,
                discipline_id=row.discipline_id,
                completed=row.completed,
                source_import=batch,
                recorded_by=actor,
            )
            created.append(attendee)
        if row.pre is not None or row.post is not None:
            results.append(
                TestResult(
                    training=training,
                    attendee=attendee,
                    discipline_id=row.discipline_id,
                    pre_score=row.pre,
                    post_score=row.post,
                    source_import=batch,
                )
            )
    TestResult.objects.bulk_create(results)
    return created
