"""Builders for victim-services and referral tests and the access matrix (get-or-create where rows share them)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accord.core.models import Organization, User
from accord.core.testing import Personas
from accord.directory.models import ServiceCategory
from accord.victim_services.models import (
    BreakGlass,
    Client,
    ClientDocument,
    CompelledDisclosure,
    Instrument,
    NotificationTask,
    RelatedPerson,
    Release,
    Screening,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

CANARY = {
    "legal_name": "Zebulon Quartzfeather",
    "preferred_name": "Quillon Vexmoor",
    "date_of_birth": "1987-03-14",
    "phone": "+1 (217) 555-0187",
    "email": "zq.canary@example.invalid",
    "address": "4471 Obsidian Canary Lane, Riverside",
}


def client(p: Personas, code: str = "VSPB-0001", **fields: Any) -> Client:
    defaults: dict[str, Any] = {
        "legal_name": "Ana Example",
        "preferred_name": "Ana",
        "date_of_birth": "1990-05-01",
        "phone": "+12175550100",
        "address": "1 Example Street",
        "age_band": "25-34",
        "gender": "female",
        "citizenship": "foreign_national",
        "trafficking_type": "labor",
        "primary_language": "es",
        "intake_date": timezone.localdate() - timedelta(days=30),
    } | fields
    return Client.objects.get_or_create(organization=p.vsp_b, code=code, defaults=defaults)[0]


def release(
    p: Personas,
    of: Client | None = None,
    *,
    recipient: Organization | None = None,
    categories: list[str] | None = None,
    days: int = 30,
    with_form: bool = False,
    **fields: Any,
) -> Release:
    of = of or client(p)
    recipient = recipient or p.partner_c
    found = Release.objects.filter(client=of, recipient=recipient, revoked_at__isnull=True).first()
    if found:
        return found
    values: dict[str, Any] = {
        "purpose": "Immigration legal help",
        "categories": categories or ["identity", "contact", "needs", "services", "documents"],
        "signed_on": timezone.localdate() - timedelta(days=1),
        "expires_on": timezone.localdate() + timedelta(days=days),
        "created_by": p.advocate,
    } | fields
    if with_form:
        values["form_storage_name"] = default_storage.save("victim_services/releases/test.pdf", ContentFile(PDF))
        values["form_name"] = "signed.pdf"
        values["form_content_type"] = "application/pdf"
        values["consent_record"] = "uploaded"
    return Release.objects.create(client=of, recipient=recipient, **values)


def person(of: Client, *, abuser: bool = False, relationship: str = "parent") -> RelatedPerson:
    return RelatedPerson.objects.create(client=of, name="Parent Example", relationship=relationship, is_abuser=abuser)


def document(p: Personas, of: Client | None = None) -> ClientDocument:
    of = of or client(p)
    name = default_storage.save("victim_services/documents/test.pdf", ContentFile(PDF))
    return ClientDocument.objects.create(
        client=of,
        title="ID copy",
        storage_name=name,
        original_name="id.pdf",
        content_type="application/pdf",
        sha256="0" * 64,
        uploaded_by=p.advocate,
    )


def screening(p: Personas, of: Client | None = None) -> Screening:
    of = of or client(p)
    version = Instrument.objects.get(code="accord-trafficking-screen").current_version()
    assert version is not None
    return Screening.objects.create(
        client=of, version=version, organization=of.organization, administered_by=p.advocate
    )


def disclosure(p: Personas, of: Client | None = None, *, with_order: bool = False) -> CompelledDisclosure:
    of = of or client(p)
    found = CompelledDisclosure.objects.create(
        client=of,
        basis="court_order",
        authority="Cedar County Circuit Court 24-CV-118",
        recipient="Cedar County Circuit Court",
        fields=["code", "legal_name"],
        recorded_by=p.advocate,
    )
    if with_order:
        found.order_storage_name = default_storage.save("victim_services/orders/test.pdf", ContentFile(PDF))
        found.order_name = "order.pdf"
        found.order_content_type = "application/pdf"
        found.save()
    NotificationTask.objects.create(
        disclosure=found, organization=of.organization, due_on=timezone.localdate() + timedelta(days=7)
    )
    return found


def grant(p: Personas, of: Client | None = None, *, grantee: User | None = None, hours: int = 4) -> BreakGlass:
    of = of or client(p)
    now = timezone.now()
    return BreakGlass.objects.create(
        client=of,
        grantee=grantee or p.member,
        granted_by=p.vsp_admin,
        reason="Hospital emergency",
        starts_at=now,
        expires_at=now + timedelta(hours=hours),
    )


def category(code: str = "legal_immigration") -> ServiceCategory:
    return ServiceCategory.objects.get(code=code)


def referral(p: Personas, *, state: str = "sent", client_: Client | None = None, **fields: Any) -> Any:
    from accord.referrals.models import Referral

    values: dict[str, Any] = {
        "sender": p.vsp_b,
        "sent_by": p.advocate,
        "recipient": p.partner_c,
        "need": category(),
        "age_band": "25-34",
        "gender": "female",
        "language": "es",
        "trafficking_type": "labor",
        "state": state,
        "client": client_,
    } | fields
    if state != "draft":
        values.setdefault("sent_at", timezone.now() - timedelta(hours=1))
    if state in {"accepted", "completed"}:
        values.setdefault("accepted_at", timezone.now() - timedelta(minutes=30))
    return Referral.objects.create(**values)


def other_org() -> Organization:
    return Organization.objects.get_or_create(
        name="Other Org Clinic", defaults={"lane": "partner", "sector": "health", "jurisdiction_level": "local"}
    )[0]
