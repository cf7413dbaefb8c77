"""Who may reach each deconfliction URL.

Only law-enforcement case staff deconflict: of the seven personas, the investigator (agency A). Everyone else,
the coordinator and the auditor included, gets 404 on every deconfliction URL, as with investigations: to them
it does not exist. The settings page is the coordinator's alone (404 to everyone else). Another agency's target,
operation or hit answers 404 to the investigator too. Personas: accord.core.testing.
"""

from django.utils import timezone

from accord.core.matrix import LOGIN, NOT_FOUND, Row, only
from accord.deconfliction import actions
from accord.deconfliction.tests import factories as f

TOMORROW = timezone.now() + timezone.timedelta(days=1)


def le_only(status: int) -> dict[str, int]:
    expect = only(status, "investigator", others=NOT_FOUND)
    expect["anonymous"] = LOGIN
    return expect


def _own_case(p):
    return f.case(p.agency_a, p.investigator)


def _target(p):
    return {"target_id": f.enter(p.investigator, _own_case(p), "phone", "512-555-0111")[0].pk}


def _foreign_target(p):
    return {"target_id": f.other_agency_target("phone", "512-555-0122").pk}


def _operation_data(p, case):
    return {
        "investigation": case,
        "kind": "surveillance",
        "starts_at": TOMORROW,
        "ends_at": TOMORROW + timezone.timedelta(hours=2),
        "place": "Main St",
        "latitude": "30.1",
        "longitude": "-97.1",
        "purpose": "pre-operation check",
    }


def _operation(p):
    operation, _ = actions.operation_plan(actor=p.investigator, **_operation_data(p, _own_case(p)))
    return {"operation_id": operation.pk}


def _foreign_operation(p):
    detective = f.detective_d()
    operation, _ = actions.operation_plan(actor=detective, **_operation_data(p, f.case(f.agency_d(), detective)))
    return {"operation_id": operation.pk}


def _hit(p):
    f.other_agency_target("phone", "512-555-0133")
    _, hits = f.enter(p.investigator, _own_case(p), "phone", "(512) 555-0133")
    return {"hit_id": hits[0].pk}


def _foreign_hit(p):  # a hit between two other agencies
    f.other_agency_target("email", "x.trafficker@example.com")
    third = f.inv.staff(f.inv.hsi(), "hsi_agent")
    _, hits = f.enter(third, f.case(f.inv.hsi(), third), "email", "X.Trafficker@example.com")
    return {"hit_id": hits[0].pk}


def _new_target(p):
    return {"investigation": _own_case(p).pk, "kind": "phone", "value": "512-555-0144", "purpose": "lead follow-up"}


def _new_operation(p):
    data = _operation_data(p, _own_case(p).pk)
    return {**data, "starts_at": "2031-01-01T05:00", "ends_at": "2031-01-01T07:00"}


CHART = "purpose=weekly+review"

ROWS = [
    Row("deconfliction:index", le_only(200)),
    Row("deconfliction:hit_list", le_only(200)),
    Row("deconfliction:hit", le_only(200), kwargs=_hit),
    Row("deconfliction:hit", le_only(NOT_FOUND), kwargs=_foreign_hit, note="a hit between two other agencies"),
    Row("deconfliction:hit", le_only(302), method="POST", kwargs=_hit, data=lambda p: {"resolution": "We talked."}),
    Row("deconfliction:target_list", le_only(200)),
    Row("deconfliction:target_create", le_only(200)),
    Row("deconfliction:target_create", le_only(302), method="POST", data=_new_target),
    Row("deconfliction:target", le_only(200), kwargs=_target),
    Row("deconfliction:target", le_only(NOT_FOUND), kwargs=_foreign_target, note="another agency's target"),
    Row(
        "deconfliction:target_remove",
        le_only(302),
        method="POST",
        kwargs=_target,
        data=lambda p: {"reason": "ruled out"},
    ),
    Row(
        "deconfliction:target_remove",
        le_only(NOT_FOUND),
        method="POST",
        kwargs=_foreign_target,
        data=lambda p: {"reason": "ruled out"},
    ),
    Row("deconfliction:operation_list", le_only(200)),
    Row("deconfliction:operation_create", le_only(200)),
    Row("deconfliction:operation_create", le_only(302), method="POST", data=_new_operation),
    Row("deconfliction:operation", le_only(200), kwargs=_operation),
    Row("deconfliction:operation", le_only(NOT_FOUND), kwargs=_foreign_operation),
    Row("deconfliction:operation_cancel", le_only(302), method="POST", kwargs=_operation),
    Row("deconfliction:operation_cancel", le_only(NOT_FOUND), method="POST", kwargs=_foreign_operation),
    Row("deconfliction:links", le_only(200)),
    Row("deconfliction:links", le_only(200), query=CHART, note="with a purpose: the chart is drawn"),
    Row("deconfliction:link_data", le_only(200), query=CHART),
    Row("deconfliction:link_data", le_only(400), note="no purpose given"),
    Row("deconfliction:link_entities_csv", le_only(200), query=CHART),
    Row("deconfliction:link_links_csv", le_only(200), query=CHART),
    Row("deconfliction:settings", only(200, "coordinator", others=NOT_FOUND)),
    Row(
        "deconfliction:settings",
        only(302, "coordinator", others=NOT_FOUND),
        method="POST",
        data=lambda p: {"match_threshold": "0.9", "possible_threshold": "0.6", "operation_distance_km": "2"},
    ),
]
