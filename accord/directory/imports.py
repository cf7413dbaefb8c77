"""Importing the directory spreadsheet: a dry run that says what each row would do, then an apply.

Rows are matched to what exists by natural key: a profile by its organization, a contact by
organization and name, an offering by organization, service and name. A row that changes
nothing is "unchanged", so importing the same file twice changes nothing the second time. A
blank cell keeps the current value (or the default, for a new record). A row with any problem is
rejected with the reasons, and a file with any rejected row cannot be applied: the apply runs
every row through the directory's actions in one transaction, so one bad row undoes them all.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone

from accord.core import audit
from accord.core.models import Organization, User
from accord.directory import actions
from accord.directory.models import (
    LANGUAGES,
    Area,
    Availability,
    CapacityUnit,
    Citizenship,
    Contact,
    Cost,
    DirectoryProfile,
    FirstCall,
    Gender,
    Minors,
    MouStatus,
    Offering,
    ServiceCategory,
    Situation,
    TraffickingType,
)
from accord.directory.phones import normalize_phone
from accord.directory.spreadsheet import (
    ALWAYS_REQUIRED,
    COLUMNS,
    RECORD_TYPES,
    REQUIRED_FOR,
    USED_BY,
    FileProblem,
    read_table,
)

Apply = Callable[[User], Any]
# Where a model field's name differs from its spreadsheet column.
COLUMN_FOR_FIELD: dict[type[Model], dict[str, str]] = {
    DirectoryProfile: {"main_phone": "phone", "areas": "counties"},
    Contact: {"availability": "contact_hours", "is_active": "active"},
    Offering: {
        "available_units": "available",
        "is_active": "active",
        "areas": "counties",
        "availability_confirmed_at": "confirmed_on",
    },
}


@dataclass
class RowPlan:
    line: int
    record: str
    organization: str
    label: str
    action: str = "reject"  # create, update, unchanged or reject
    errors: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    apply: Apply | None = field(default=None, repr=False)


@dataclass
class Plan:
    rows: list[RowPlan] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(r.action != "reject" for r in self.rows)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("create", "update", "unchanged", "reject"), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    def summary(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "file_errors": self.file_errors,
            "rejected": [{"line": r.line, "errors": r.errors} for r in self.rows if r.action == "reject"][:200],
        }


class RowError(Exception):
    pass


def _choices_lookup(choices: list[tuple[str, str]]) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[str(value).lower()] = value
        lookup[str(label).lower()] = value
    return lookup


GENDERS = _choices_lookup(Gender.choices) | {
    "women": "women",
    "woman": "women",
    "female": "women",
    "men": "men",
    "man": "men",
    "male": "men",
    "transgender": "transgender_nonbinary",
    "non-binary": "transgender_nonbinary",
    "nonbinary": "transgender_nonbinary",
}
TRAFFICKING = _choices_lookup(TraffickingType.choices)
CITIZENSHIP = _choices_lookup(Citizenship.choices)
LANGUAGE_LOOKUP = _choices_lookup(LANGUAGES)
SITUATIONS = _choices_lookup(Situation.choices)
TRUE = {"yes", "y", "true", "1", "x"}
FALSE = {"no", "n", "false", "0"}
SPLIT = re.compile(r"\s*[;|,]\s*")


class Row:
    """One spreadsheet row with typed accessors that collect problems instead of raising."""

    def __init__(self, cells: dict[str, str], errors: list[str]) -> None:
        self.cells = cells
        self.errors = errors

    def given(self, column: str) -> bool:
        return bool(self.cells.get(column, ""))

    def text(self, column: str) -> str:
        return self.cells.get(column, "")

    def error(self, column: str, message: str) -> None:
        self.errors.append(f"{column}: {message}")

    def boolean(self, column: str) -> bool | None:
        value = self.text(column).lower()
        if not value:
            return None
        if value in TRUE:
            return True
        if value in FALSE:
            return False
        self.error(column, f"“{self.text(column)}” is not yes or no.")
        return None

    def integer(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            self.error(column, f"“{value}” is not a whole number.")
            return None
        if number < 0:
            self.error(column, "cannot be negative.")
            return None
        return number

    def choice(self, column: str, choices: list[tuple[str, str]]) -> str | None:
        value = self.text(column)
        if not value:
            return None
        found = _choices_lookup(choices).get(value.lower())
        if found is None:
            self.error(column, f"unknown value “{value}”; use one of: {', '.join(str(c) for c, _ in choices)}.")
        return found

    def codes(self, column: str, lookup: dict[str, str], every: list[str] | None = None) -> list[str] | None:
        value = self.text(column)
        if not value:
            return None
        if every is not None and value.lower() in {"all", "any", "everyone"}:
            return list(every)
        found, unknown = [], []
        for part in filter(None, SPLIT.split(value)):
            code = lookup.get(part.lower())
            if code is None:
                unknown.append(part)
            elif code not in found:
                found.append(code)
        if unknown:
            self.error(column, f"unknown value{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}.")
        return found

    def phone(self, column: str) -> str | None:
        if not self.given(column):
            return None
        try:
            return normalize_phone(self.text(column))
        except ValidationError as error:
            self.error(column, error.messages[0])
            return None

    def day(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            self.error(column, f"“{value}” is not a date (YYYY-MM-DD).")
            return None
        if day > timezone.localdate():
            self.error(column, "is in the future.")
            return None
        return day


class Planner:
    """Looks every reference up once, then plans each row."""

    def __init__(self) -> None:
        self.organizations = {o.name.lower(): o for o in Organization.objects.all()}
        for o in self.organizations.copy().values():
            if o.short_name:
                self.organizations.setdefault(o.short_name.lower(), o)
        self.categories: dict[str, ServiceCategory] = {}
        for c in ServiceCategory.objects.all():
            self.categories[c.code.lower()] = c
            self.categories[c.name.lower()] = c
        self.areas = {a.name.lower(): a for a in Area.objects.all()}
        for a in list(self.areas.values()):
            self.areas.setdefault(a.name.lower().removesuffix(" county"), a)
            self.areas.setdefault(f"{a.name.lower()} county", a)
        self.profiles = {p.organization_id: p for p in DirectoryProfile.objects.prefetch_related("areas")}
        self.contacts = {
            (c.organization_id, c.name.lower()): c for c in Contact.objects.prefetch_related("first_calls")
        }
        self.offerings = {
            (o.organization_id, o.category_id, o.name.lower()): o for o in Offering.objects.prefetch_related("areas")
        }
        self.first_calls = {(fc.organization_id, fc.situation): fc.contact_id for fc in FirstCall.objects.all()}
        self.seen: dict[tuple[Any, ...], int] = {}
        self.claimed: dict[tuple[int, str], tuple[int, str]] = {}

    def plan(self, line: int, cells: dict[str, str]) -> RowPlan:
        record = cells.get("record", "").strip().lower()
        plan = RowPlan(line, record, cells.get("organization", ""), cells.get("name") or cells.get("service") or "")
        row = Row(cells, plan.errors)
        organization = self.organizations.get(plan.organization.lower())
        if record not in RECORD_TYPES:
            row.error("record", f"must be one of {', '.join(RECORD_TYPES)}.")
        if not plan.organization:
            row.error("organization", "is required.")
        elif organization is None:
            row.error("organization", f"“{plan.organization}” is not a member organization (add it first).")
        for column in REQUIRED_FOR.get(record, []):
            if not row.given(column):
                row.error(column, "is required for this kind of row.")
        if record in USED_BY:
            for column in COLUMNS:
                if row.given(column) and column not in USED_BY[record] and column not in ALWAYS_REQUIRED:
                    row.error(column, f"is not used in {record} rows; leave it empty (is the record type right?).")
        if plan.errors:
            return plan
        assert organization is not None
        with contextlib.suppress(RowError):  # the row's errors are already in plan.errors
            getattr(self, f"_plan_{record}")(plan, row, organization)
        if plan.errors:
            plan.action, plan.apply = "reject", None
        return plan

    def _duplicate(self, plan: RowPlan, key: tuple[Any, ...], what: str) -> None:
        if key in self.seen:
            plan.errors.append(f"duplicate: line {self.seen[key]} already has this {what}.")
            raise RowError
        self.seen[key] = plan.line

    def _areas(self, row: Row, column: str = "counties") -> list[Area] | None:
        value = row.text(column)
        if not value:
            return None
        found: list[Area] = []
        unknown: list[str] = []
        for part in filter(None, SPLIT.split(value)):
            area = self.areas.get(part.lower())
            if area is None:
                unknown.append(part)
            elif area not in found:
                found.append(area)
        if unknown:
            row.error(column, f"unknown area{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}.")
        return found

    def _plan_profile(self, plan: RowPlan, row: Row, organization: Organization) -> None:
        plan.label = "Profile"
        self._duplicate(plan, ("profile", organization.pk), "organization's profile")
        existing = self.profiles.get(organization.pk)
        profile = copy.copy(existing) if existing else DirectoryProfile(organization=organization)
        values: dict[str, Any] = {
            name: row.text(name) or None
            for name in (
                "description",
                "address_line1",
                "address_line2",
                "city",
                "state",
                "postal_code",
                "email",
                "website",
            )
        }
        values["main_phone"] = row.phone("phone")
        values["hotline"] = row.phone("hotline")
        values["languages"] = row.codes("languages", LANGUAGE_LOOKUP)
        values["mou_status"] = row.choice("mou_status", MouStatus.choices)
        areas = self._areas(row)
        self._finish(
            plan,
            profile,
            existing,
            values,
            areas,
            existing_areas=list(existing.areas.all()) if existing else [],
            apply=lambda actor: actions.profile_save(actor=actor, profile=profile, areas=areas),
        )

    def _plan_contact(self, plan: RowPlan, row: Row, organization: Organization) -> None:
        name = row.text("name")
        self._duplicate(plan, ("contact", organization.pk, name.lower()), "contact")
        existing = self.contacts.get((organization.pk, name.lower()))
        contact = copy.copy(existing) if existing else Contact(organization=organization, name=name)
        values: dict[str, Any] = {
            "title": row.text("title") or None,
            "email": row.text("email") or None,
            "availability": row.text("contact_hours") or None,
            "phone": row.phone("phone"),
            "ht_trained": row.boolean("ht_trained"),
            "is_active": row.boolean("active"),
        }
        situations = row.codes("call_first_for", SITUATIONS)
        current = sorted(fc.situation for fc in existing.first_calls.all()) if existing else []
        first_calls_change = situations is not None and sorted(situations) != current
        for situation in situations or []:
            key = (organization.pk, situation)
            if key in self.claimed and self.claimed[key][1] != name.lower():
                row.error(
                    "call_first_for",
                    f"line {self.claimed[key][0]} already makes another contact the first "
                    f"call for “{Situation(situation).label}”.",
                )
            self.claimed[key] = (plan.line, name.lower())
        self._finish(
            plan,
            contact,
            existing,
            values,
            None,
            existing_areas=[],
            extra_change=["call_first_for"] if first_calls_change else [],
            apply=lambda actor: actions.contact_save(actor=actor, contact=contact, call_first_for=situations),
        )

    def _plan_offering(self, plan: RowPlan, row: Row, organization: Organization) -> None:
        category = self.categories.get(row.text("service").lower())
        if category is None:
            row.error("service", f"unknown service “{row.text('service')}” (use a code or name from the taxonomy).")
            raise RowError
        name = row.text("name")
        plan.label = f"{category.name}{': ' + name if name else ''}"
        self._duplicate(plan, ("offering", organization.pk, category.pk, name.lower()), "service and name")
        existing = self.offerings.get((organization.pk, category.pk, name.lower()))
        offering = (
            copy.copy(existing)
            if existing
            else Offering(organization=organization, category=category, name=name, capacity_unit=category.capacity_unit)
        )
        values: dict[str, Any] = {
            "description": row.text("description") or None,
            "hours": row.text("hours") or None,
            "genders": row.codes("genders", GENDERS, every=Gender.values),
            "trafficking_types": row.codes("trafficking_types", TRAFFICKING, every=TraffickingType.values),
            "citizenship": row.codes("citizenship", CITIZENSHIP, every=Citizenship.values),
            "languages": row.codes("languages", LANGUAGE_LOOKUP),
            "min_age": row.integer("min_age"),
            "max_age": row.integer("max_age"),
            "minors": row.choice("minors", Minors.choices),
            "families": row.boolean("families"),
            "interpretation": row.boolean("interpretation"),
            "disability_access": row.boolean("disability_access"),
            "lgbtq_affirming": row.boolean("lgbtq_affirming"),
            "cost": row.choice("cost", Cost.choices),
            "open_24_7": row.boolean("open_24_7"),
            "capacity_unit": row.choice("capacity_unit", CapacityUnit.choices),
            "capacity_total": row.integer("capacity_total"),
            "available_units": row.integer("available"),
            "availability": row.choice("availability", Availability.choices),
            "is_active": row.boolean("active"),
        }
        confirmed = row.day("confirmed_on")
        current = offering.availability_confirmed_at
        if confirmed is not None and (current is None or timezone.localdate(current) != confirmed):
            values["availability_confirmed_at"] = timezone.make_aware(datetime.combine(confirmed, time(12, 0)))
        areas = self._areas(row)
        if areas is None and existing is None:
            row.error("counties", "is required for a new service.")
        self._finish(
            plan,
            offering,
            existing,
            values,
            areas,
            existing_areas=list(existing.areas.all()) if existing else [],
            apply=lambda actor: actions.offering_save(actor=actor, offering=offering, areas=areas),
        )

    def _finish(
        self,
        plan: RowPlan,
        instance: Model,
        existing: Model | None,
        values: dict[str, Any],
        areas: list[Area] | None,
        *,
        existing_areas: list[Area],
        apply: Apply,
        extra_change: list[str] | None = None,
    ) -> None:
        if plan.errors:
            raise RowError
        before = audit.snapshot(existing) if existing else {}
        for name, value in values.items():
            if value is not None:
                setattr(instance, name, value)
        try:
            instance.full_clean()
        except ValidationError as error:
            columns = COLUMN_FOR_FIELD.get(type(instance), {})
            for name, messages in error.message_dict.items():
                column = columns.get(name, "row" if name == "__all__" else name)
                plan.errors.extend(f"{column}: {m}" for m in messages)
            raise RowError from None
        changed = sorted(audit.diff(before, audit.snapshot(instance))) if existing else []
        if areas is not None and {a.pk for a in areas} != {a.pk for a in existing_areas}:
            changed.append("counties")
        changed += extra_change or []
        plan.changed = changed
        plan.action = "create" if existing is None else ("update" if changed else "unchanged")
        plan.apply = apply if plan.action != "unchanged" else None


def plan_import(content: bytes) -> Plan:
    """The dry run: what each row would do, and why a row would be rejected. Writes nothing."""
    plan = Plan()
    try:
        header, rows = read_table(content)
    except FileProblem as problem:
        plan.file_errors.append(str(problem))
        return plan
    present = set(header)
    missing = [c for c in ALWAYS_REQUIRED if c not in present]
    types = {cells.get("record", "").strip().lower() for _, cells in rows}
    for record in sorted(types & set(RECORD_TYPES)):
        missing += [c for c in REQUIRED_FOR[record] if c not in present and c not in missing]
    if missing:
        plan.file_errors.append(f"Missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}.")
        return plan
    plan.ignored_columns = sorted(c for c in present if c and c not in COLUMNS)
    planner = Planner()
    plan.rows = [planner.plan(line, cells) for line, cells in rows]
    return plan
