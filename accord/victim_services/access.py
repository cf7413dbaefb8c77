"""The consent wall: the only way a view, job or API turns a client id into a client.

Who reaches a client record, and what of it:
- staff of the owning VSP with the advocate, supervisor or administrator role: everything, and may change it;
- a person named in a LIVE break-glass grant (time-limited, reasoned, granted by the VSP's supervisor): read all;
- staff of an organization named by a LIVE release (signed, not expired, not revoked): read only the data
  categories the release names;
- everyone else, including the coordinator, the auditor and anyone with the superuser flag: 404, exactly as for
  a client that does not exist (no existence oracle).

Liveness is decided at the moment of the read. Every successful read is audited with its basis (owner, the
release's id, or the grant's id); every refusal is audited as denied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404

from accord.core import audit
from accord.core.models import AuditEvent, Lane, Role, User
from accord.core.policy import Rule
from accord.victim_services.models import (
    CLIENT_ROLES,
    BreakGlass,
    Client,
    ClientDocument,
    CompelledDisclosure,
    DataCategory,
    NotificationTask,
    Release,
    Screening,
    is_client_staff,
    is_vsp_supervisor,
)

ALL_CATEGORIES = frozenset(DataCategory.values)

CLIENT_STAFF_RULE = Rule(
    "victim-services staff (advocate, supervisor, administrator)",
    roles=frozenset(CLIENT_ROLES),
    lanes=frozenset({Lane.VICTIM_SERVICES}),
)
SUPERVISOR_RULE = Rule(
    "victim-services supervisors", roles=frozenset({Role.SUPERVISOR}), lanes=frozenset({Lane.VICTIM_SERVICES})
)


class Basis:
    OWNER = "owner"
    RELEASE = "release"
    BREAK_GLASS = "break_glass"


@dataclass(frozen=True)
class ClientAccess:
    """A client reached by one person, on one basis, with what that basis lets them see."""

    client: Client
    basis: str
    categories: frozenset[str]
    release: Release | None = None
    grant: BreakGlass | None = None
    can_write: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def is_owner(self) -> bool:
        return self.basis == Basis.OWNER

    def sees(self, category: str) -> bool:
        return category in self.categories

    def audit_basis(self) -> dict[str, object]:
        found: dict[str, object] = {"basis": self.basis}
        if self.release is not None:
            found["release_id"] = self.release.pk
            found["categories"] = sorted(self.categories)
        if self.grant is not None:
            found["break_glass_id"] = self.grant.pk
        return found


def _deny(user: User | None, client_id: int, why: str) -> Http404:
    audit.record(
        verb="client.access_denied",
        actor=user if isinstance(user, User) and user.is_authenticated else None,
        changes={"client_id": client_id, "answer": 404, "why": why},
        outcome=AuditEvent.Outcome.DENIED,
    )
    return Http404("No such client.")


def resolve(user: User, client: Client) -> ClientAccess | None:
    """On what basis (if any) ``user`` may read ``client`` right now. Pure: no audit."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if is_client_staff(user, client.organization_id):
        return ClientAccess(client, Basis.OWNER, ALL_CATEGORIES, can_write=True)
    grant = BreakGlass.objects.live().filter(client=client, grantee=user).order_by("-expires_at").first()
    if grant is not None:
        return ClientAccess(client, Basis.BREAK_GLASS, ALL_CATEGORIES, grant=grant)
    if user.organization_id and user.organization_id != client.organization_id:
        release = (
            Release.objects.live().filter(client=client, recipient_id=user.organization_id).order_by("-pk").first()
        )
        if release is not None:
            return ClientAccess(client, Basis.RELEASE, frozenset(release.categories), release=release)
    return None


def get_client_for(
    user: User, client_id: int, write: bool = False, *, purpose: str = "view", record: bool = True
) -> ClientAccess:
    """The client, for this person, on the basis that lets them in; 404 when there is none.

    ``write=True`` also requires the owning VSP's staff: a recipient of a release or break-glass sees the record
    but may not change it (403). Each successful read writes ``client.viewed`` with its basis.
    """
    client = Client.objects.select_related("organization").filter(pk=client_id).first()
    if client is None:
        raise _deny(user, client_id, "missing")
    found = resolve(user, client)
    if found is None:
        raise _deny(user, client_id, "no basis")
    if write and not found.can_write:
        raise PermissionDenied("Only the client's own organization can change the record.")
    if record:
        audit.record(
            verb="client.viewed",
            actor=user,
            target=client,
            organization_id=user.organization_id,
            changes={**found.audit_basis(), "purpose": purpose},
        )
    return found


def require_client_staff(user: User) -> None:
    if not is_client_staff(user):
        raise PermissionDenied("Only victim-services staff keep client records.")


def get_related_for(access: ClientAccess, model: type[Model], item_id: int) -> Model:
    """A record inside a client the caller already reached (owner only: these are the VSP's working records)."""
    if not access.is_owner:
        raise Http404("No such record.")
    item = model._default_manager.filter(client=access.client, pk=item_id).first()
    if item is None:
        raise Http404("No such record.")
    return item


def get_release_for(user: User, release_id: int, *, write: bool = False) -> tuple[ClientAccess, Release]:
    """A release is the owning VSP's record: only its staff read or change it (the recipient reads the client)."""
    release = Release.objects.select_related("client", "recipient", "guardian").filter(pk=release_id).first()
    if release is None or not is_client_staff(user, release.client.organization_id):
        raise _deny(user, release.client_id if release else 0, "release not reachable")
    access = get_client_for(user, release.client_id, write=write, purpose="release")
    return access, release


def get_disclosure_for(user: User, disclosure_id: int) -> tuple[ClientAccess, CompelledDisclosure]:
    disclosure = CompelledDisclosure.objects.select_related("client").filter(pk=disclosure_id).first()
    if disclosure is None or not is_client_staff(user, disclosure.client.organization_id):
        raise _deny(user, disclosure.client_id if disclosure else 0, "disclosure not reachable")
    access = get_client_for(user, disclosure.client_id, purpose="compelled disclosure")
    return access, disclosure


def get_task_for(user: User, task_id: int) -> NotificationTask:
    task = NotificationTask.objects.select_related("disclosure__client").filter(pk=task_id).first()
    if task is None or not is_client_staff(user, task.organization_id):
        raise Http404("No such task.")
    return task


def get_screening_for(user: User, screening_id: int) -> tuple[ClientAccess, Screening]:
    screening = Screening.objects.select_related("client", "version__instrument").filter(pk=screening_id).first()
    if screening is None or not is_client_staff(user, screening.client.organization_id):
        raise _deny(user, screening.client_id if screening else 0, "screening not reachable")
    access = get_client_for(user, screening.client_id, purpose="screening")
    return access, screening


def get_document_for(user: User, document_id: int) -> tuple[ClientAccess, ClientDocument]:
    """Owner, break-glass, or a live release naming the documents category."""
    document = ClientDocument.objects.filter(pk=document_id).first()
    if document is None:
        raise _deny(user, 0, "document missing")
    access = get_client_for(user, document.client_id, purpose="document download")
    if not access.sees(DataCategory.DOCUMENTS):
        raise _deny(user, document.client_id, "release does not name documents")
    return access, document


def get_grant_for(user: User, grant_id: int) -> BreakGlass:
    """Break-glass grants are reviewed by supervisors of the client's VSP."""
    grant = BreakGlass.objects.select_related("client", "grantee", "granted_by").filter(pk=grant_id).first()
    if grant is None or not is_vsp_supervisor(user, grant.client.organization_id):
        raise Http404("No such grant.")
    return grant
