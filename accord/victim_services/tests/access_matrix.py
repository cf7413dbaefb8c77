"""Who may reach each victim-services URL. The wall: the owning VSP's advocate and administrator reach their
client; the partner member reaches it only through a live release (read-only: 403 on edit pages, because it is
visible to them); the investigator, the coordinator and the auditor get 404 on every client URL, exactly as for
a client that does not exist. Personas: accord.core.testing."""

from django.utils import timezone

from accord.core.matrix import FORBIDDEN, LOGIN, NOT_FOUND, Row, everyone, only
from accord.victim_services.tests import factories as f

OWNERS = ("advocate", "vsp_admin")


def wall(status: int, *, member: int = NOT_FOUND) -> dict[str, int]:
    """Owners get ``status``; the member ``member``; everyone else 404; anonymous to sign-in."""
    return {**only(status, *OWNERS, others=NOT_FOUND), "member": member}


def _client(p):
    return {"client_id": f.client(p).pk}


def _shared_client(p):
    c = f.client(p, "VSPB-0002")
    f.release(p, c)
    return {"client_id": c.pk}


def _expired_client(p):
    c = f.client(p, "VSPB-0003")
    f.release(
        p,
        c,
        signed_on=timezone.localdate() - timezone.timedelta(days=40),
        expires_on=timezone.localdate() - timezone.timedelta(days=1),
    )
    return {"client_id": c.pk}


def _release(p):
    return {"release_id": f.release(p, with_form=True).pk}


def _client_data(p):
    return {
        "legal_name": "New Person",
        "intake_date": timezone.localdate().isoformat(),
        "age_band": "18-24",
        "gender": "male",
        "citizenship": "us_citizen",
        "family": "alone",
        "trafficking_type": "sex",
        "trafficking_status": "possible",
        "status_decided_by": "ngo",
    }


def _edit_data(p):
    return _client_data(p) | {"expected_version": f.client(p).version}


def _service_data(p):
    return {
        "delivered_on": timezone.localdate().isoformat(),
        "category": f.category("case_management").pk,
        "provider": p.vsp_b.pk,
        "units": "1",
        "unit": "sessions",
    }


ROWS = [
    Row("victim_services:index", everyone()),
    Row("victim_services:index", everyone(), query="q=ana&status=", note="search"),
    Row("victim_services:client_create", only(200, *OWNERS)),
    Row("victim_services:client_create", only(302, *OWNERS), method="POST", data=_client_data),
    Row("victim_services:client_detail", wall(200), kwargs=_client, note="no release: the member is walled out"),
    Row("victim_services:client_detail", wall(200, member=200), kwargs=_shared_client, note="live release to C"),
    Row("victim_services:client_detail", wall(200), kwargs=_expired_client, note="expired release"),
    Row("victim_services:client_detail", wall(404), kwargs=lambda p: {"client_id": 999999}, note="missing"),
    Row("victim_services:client_edit", wall(200, member=FORBIDDEN), kwargs=_shared_client, note="release reader"),
    Row("victim_services:client_edit", wall(302), method="POST", kwargs=_client, data=_edit_data),
    Row("victim_services:client_close", wall(200), kwargs=_client),
    Row("victim_services:item_create", wall(200), kwargs=lambda p: {"client_id": f.client(p).pk, "kind": "need"}),
    Row("victim_services:item_create", wall(200), kwargs=lambda p: {"client_id": f.client(p).pk, "kind": "goal"}),
    Row("victim_services:item_create", wall(200), kwargs=lambda p: {"client_id": f.client(p).pk, "kind": "person"}),
    Row("victim_services:item_create", wall(200), kwargs=lambda p: {"client_id": f.client(p).pk, "kind": "note"}),
    Row("victim_services:item_create", wall(200), kwargs=lambda p: {"client_id": f.client(p).pk, "kind": "document"}),
    Row(
        "victim_services:item_create",
        wall(302),
        method="POST",
        kwargs=lambda p: {"client_id": f.client(p).pk, "kind": "service"},
        data=_service_data,
        note="a service with no release at all",
    ),
    Row("victim_services:item_create", wall(404), kwargs=lambda p: {"client_id": f.client(p).pk, "kind": "nope"}),
    Row("victim_services:screening_create", wall(200, member=FORBIDDEN), kwargs=_shared_client),
    Row("victim_services:screening_detail", wall(200), kwargs=lambda p: {"screening_id": f.screening(p).pk}),
    Row("victim_services:release_create", wall(200), kwargs=_client),
    Row("victim_services:release_blank", wall(200), kwargs=_client),
    Row("victim_services:release_detail", wall(200), kwargs=_release, note="the recipient reads the client, not this"),
    Row("victim_services:release_print", wall(200), kwargs=_release),
    Row("victim_services:release_revoke", wall(302), method="POST", kwargs=_release, data=lambda p: {"note": ""}),
    Row("victim_services:release_form_download", wall(200), kwargs=_release),
    Row(
        "victim_services:document_download",
        wall(200, member=200),
        kwargs=lambda p: {"document_id": _shared_document(p)},
        note="release names documents",
    ),
    Row("victim_services:document_download", wall(200), kwargs=lambda p: {"document_id": f.document(p).pk}),
    Row("victim_services:disclosure_create", wall(200), kwargs=_client),
    Row("victim_services:disclosure_detail", wall(200), kwargs=lambda p: {"disclosure_id": f.disclosure(p).pk}),
    Row(
        "victim_services:disclosure_order_download",
        wall(200),
        kwargs=lambda p: {"disclosure_id": f.disclosure(p, with_order=True).pk},
    ),
    Row("victim_services:task_done", only(200, *OWNERS), kwargs=lambda p: {"task_id": f.disclosure(p).task.pk}),
    Row(
        "victim_services:task_done",
        only(302, *OWNERS),
        method="POST",
        kwargs=lambda p: {"task_id": f.disclosure(p).task.pk},
        data=lambda p: {"outcome": "Told in person at the office"},
    ),
    Row("victim_services:break_glass_create", only(200, "vsp_admin"), kwargs=_client),
    Row("victim_services:break_glass_list", only(200, "vsp_admin")),
    Row("victim_services:break_glass_review", only(200, "vsp_admin"), kwargs=lambda p: {"grant_id": f.grant(p).pk}),
    Row(
        "victim_services:break_glass_end",
        only(302, "vsp_admin"),
        method="POST",
        kwargs=lambda p: {"grant_id": f.grant(p).pk},
    ),
    Row("victim_services:instrument_list", only(200, *OWNERS)),
    Row(
        "victim_services:instrument_detail",
        only(200, *OWNERS),
        kwargs=lambda p: {"version_id": f.screening(p).version_id},
    ),
]


def _shared_document(p):
    c = f.client(p, "VSPB-0002")
    f.release(p, c)
    return f.document(p, c).pk


__all__ = ["FORBIDDEN", "LOGIN", "ROWS"]
