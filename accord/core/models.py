"""Tenancy (task force, organizations, users and roles), invitations and the audit trail."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

if TYPE_CHECKING:
    from collections.abc import Iterable


class Lane(models.TextChoices):
    """Which data an organization's staff may hold; access rules key on it."""

    LAW_ENFORCEMENT = "law_enforcement", "Law enforcement"
    PROSECUTION = "prosecution", "Prosecution"
    VICTIM_SERVICES = "victim_services", "Victim services"
    PARTNER = "partner", "Partner"


class Sector(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", "Law enforcement"
    PROSECUTION = "prosecution", "Prosecution"
    VICTIM_SERVICES = "victim_services", "Victim services"
    LEGAL_SERVICES = "legal_services", "Legal services"
    IMMIGRATION = "immigration", "Immigration services"
    CHILD_WELFARE = "child_welfare", "Child welfare"
    LABOR = "labor", "Labor regulation"
    HEALTH = "health", "Health care"
    EDUCATION = "education", "Education"
    FAITH = "faith", "Faith-based"
    BUSINESS = "business", "Business"
    GOVERNMENT = "government", "Government"
    COMMUNITY = "community", "Community organization"


class JurisdictionLevel(models.TextChoices):
    LOCAL = "local", "Local"
    STATE = "state", "State"
    TRIBAL = "tribal", "Tribal"
    FEDERAL = "federal", "Federal"


class Role(models.TextChoices):
    INVESTIGATOR = "investigator", "Investigator"
    SUPERVISOR = "supervisor", "Supervisor"
    ANALYST = "analyst", "Analyst"
    PROSECUTOR = "prosecutor", "Prosecutor"
    ADVOCATE = "advocate", "Advocate / case manager"
    ORG_ADMIN = "org_admin", "Organization administrator"
    MEMBER = "member", "Member"
    COORDINATOR = "coordinator", "Task-force coordinator"
    AUDITOR = "auditor", "Auditor"


TASK_FORCE_ROLES = frozenset({Role.COORDINATOR, Role.AUDITOR})

# Lane-bound roles may only be held by staff of an organization in that lane.
ROLE_LANES: dict[str, frozenset[str]] = {
    Role.INVESTIGATOR: frozenset({Lane.LAW_ENFORCEMENT}),
    Role.SUPERVISOR: frozenset({Lane.LAW_ENFORCEMENT, Lane.VICTIM_SERVICES, Lane.PROSECUTION}),
    Role.ANALYST: frozenset({Lane.LAW_ENFORCEMENT}),
    Role.PROSECUTOR: frozenset({Lane.PROSECUTION}),
    Role.ADVOCATE: frozenset({Lane.VICTIM_SERVICES}),
}


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class TaskForce(TimestampedModel):
    """The one task force a deployment serves."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    region = models.CharField(max_length=200, blank=True, help_text="Area the task force covers.")
    suppression_threshold = models.PositiveSmallIntegerField(
        default=11,
        help_text="Counts below this number are suppressed in anything that leaves an organization.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(suppression_threshold__gte=2),
                name="core_taskforce_threshold_at_least_2",
                violation_error_message="The suppression threshold must be at least 2.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> TaskForce:
        task_force = cls.objects.order_by("pk").first()
        if task_force is None:
            task_force = cls.objects.create(name="Task force")
        return task_force


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def active(self) -> OrganizationQuerySet:
        return self.filter(is_active=True)


class Organization(TimestampedModel):
    """A member organization of the task force, in exactly one lane."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    lane = models.CharField(max_length=20, choices=Lane.choices)
    jurisdiction_level = models.CharField(max_length=10, choices=JurisdictionLevel.choices)
    is_active = models.BooleanField(default=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserQuerySet(models.QuerySet["User"]):
    def with_roles(self) -> UserQuerySet:
        return self.select_related("organization").prefetch_related("role_grants")

    def administered_by(self, user: User) -> UserQuerySet:
        """Accounts `user` may manage: all for the coordinator, their own organization's for an org admin."""
        if user.has_role(Role.COORDINATOR):
            return self.all()
        if user.has_role(Role.ORG_ADMIN):
            return self.filter(organization_id=user.organization_id or 0)
        return self.none()

    def reviewable_by(self, user: User) -> UserQuerySet:
        """Accounts in `user`'s access review: all for coordinator and auditor, own organization's for org admin."""
        if user.has_role(Role.COORDINATOR, Role.AUDITOR):
            return self.all()
        return self.administered_by(user)

    def with_last_activity(self) -> UserQuerySet:
        """Annotate `last_active_at`: the latest of last sign-in, joining and reactivation (never NULL)."""
        return self.annotate(
            last_active_at=Greatest(
                Coalesce("last_login", "date_joined"), Coalesce("reactivated_at", "date_joined"), "date_joined"
            )
        )


class AccordUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True


class User(AbstractUser):
    """A person with an account. Belongs to one organization; holds roles through RoleGrant."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="staff", null=True)
    title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    is_contractor = models.BooleanField(
        default=False, help_text="A non-agency person (contractor or vendor), as CJIS IA-4(4) asks to mark."
    )
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # Inactivity counts from here too, so a reactivated account gets a full period before the daily job acts.
    reactivated_at = models.DateTimeField(null=True, blank=True)

    objects = AccordUserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.pk or not self.is_active:
            return frozenset()
        return frozenset(grant.role for grant in self.role_grants.all())

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def lane(self) -> str | None:
        return self.organization.lane if self.organization_id and self.organization else None

    def role_labels(self) -> list[str]:
        return [Role(role).label for role in sorted(self.roles)]


class ReleasedUsername(models.Model):
    """A username whose account was deleted: not given to anyone else for a year (CJIS IA-4)."""

    username = models.CharField(max_length=150, db_index=True)
    released_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-released_at"]

    def __str__(self) -> str:
        return self.username


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="core_rolegrant_unique_user_role")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation to an account created by a coordinator or org admin. Only the token's hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.user}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_listing(self) -> AuditEventQuerySet:
        return self.order_by("-id")

    def filter_by(self, **criteria: str) -> AuditEventQuerySet:
        qs = self
        if criteria.get("verb"):
            qs = qs.filter(verb__startswith=criteria["verb"])
        if criteria.get("actor"):
            qs = qs.filter(actor_label__icontains=criteria["actor"])
        if criteria.get("organization"):
            qs = qs.filter(organization_id=criteria["organization"])
        if criteria.get("outcome"):
            qs = qs.filter(outcome=criteria["outcome"])
        if criteria.get("target_type"):
            qs = qs.filter(target_type=criteria["target_type"])
        if criteria.get("since"):
            qs = qs.filter(occurred_at__date__gte=criteria["since"])
        if criteria.get("until"):
            qs = qs.filter(occurred_at__date__lte=criteria["until"])
        return qs


class AuditEvent(models.Model):
    """One append-only, hash-chained audit record. Written only by accord.core.audit.record().

    Foreign keys are kept as plain ids so deleting an account or organization never rewrites
    history (and never needs an UPDATE, which PostgreSQL's trigger refuses).
    """

    class Outcome(models.TextChoices):
        SUCCESS = "success", "Success"
        FAILURE = "failure", "Failure"
        DENIED = "denied", "Denied"

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=150, blank=True)
    organization_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    verb = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    request_id = models.CharField(max_length=36, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.verb} by {self.actor_label or 'system'}"


def role_choices_for_lane(lane: str | None) -> Iterable[tuple[str, str]]:
    for value, label in Role.choices:
        allowed = ROLE_LANES.get(value)
        if allowed is None or lane in allowed:
            yield value, label


class Vocabulary(models.Model):
    """A named list of terms (Polaris types, HTCDS picklists, statutes, needs…), kept as data the coordinator edits."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the list comes from, e.g. HTCDS 2.0.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "vocabularies"

    def __str__(self) -> str:
        return self.name


class TermQuerySet(models.QuerySet["Term"]):
    def of(self, vocabulary: str) -> TermQuerySet:
        return self.filter(vocabulary__code=vocabulary, is_active=True).order_by("sort_order", "label")


class Term(models.Model):
    """One entry of a vocabulary. Never deleted once used: deactivate it so old records keep their meaning."""

    vocabulary = models.ForeignKey(Vocabulary, on_delete=models.PROTECT, related_name="terms")
    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["vocabulary", "sort_order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="core_term_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label
