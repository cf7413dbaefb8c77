"""Who may reach each reporting URL.

Everyone signed in reads the dashboards (task-force figures suppressed; their own organization's in full where
they work with the records), the registry, the pack templates and the quarterly review, and generates packs.
The de-identified victim export is the coordinator's alone (403 for everyone else).
A generated pack is opened by whoever requested it, and task-force packs also by the coordinator (404 for
everyone else). Only the coordinator edits indicators and pack items (403 for others). Personas:
accord.core.testing.
"""

from accord.core.matrix import NOT_FOUND, Row, everyone, only
from accord.reporting.models import Indicator, Scope
from accord.reporting.periods import Period
from accord.reporting.tests import factories as f


def _indicator(p):
    return {"indicator_id": Indicator.objects.get(code="vs.victims_identified").pk}


def _template(p):
    return {"template_id": f.template().pk}


def _item(p):
    return {"item_id": f.template().items.first().pk}


def _task_force_pack(p):
    return {"pack_id": f.pack(p).pk}


def _advocate_pack(p):
    return {"pack_id": f.pack(p, user=p.advocate, scope=Scope.ORGANIZATION).pk}


def _generate(p):
    return {"period": Period.last_complete("half_year").key, "scope": "task_force"}


def _indicator_data(p):
    return {"name": "Victims identified", "definition": "People whose intake fell in the period.", "order": 5}


def _item_data(p):
    return {
        "number": "A1",
        "question": "Victims",
        "indicator_code": "vs.victims_identified",
        "dimension": "age_band",
        "order": 10,
    }


ROWS = [
    Row("reporting:dashboard", everyone()),
    Row("reporting:dashboard", everyone(), query="period=2025-Q3&trend=le.arrests", note="another period"),
    Row("reporting:organization_dashboard", everyone()),
    Row("reporting:indicator_list", everyone()),
    Row("reporting:indicator_edit", only(200, "coordinator"), kwargs=_indicator),
    Row("reporting:indicator_edit", only(302, "coordinator"), method="POST", kwargs=_indicator, data=_indicator_data),
    Row("reporting:pack_list", everyone()),
    Row("reporting:pack_template", everyone(), kwargs=_template),
    Row("reporting:pack_template", everyone(404), kwargs=lambda p: {"template_id": 999999}),
    Row("reporting:pack_generate", everyone(302), method="POST", kwargs=_template, data=_generate),
    Row("reporting:pack_item_add", only(200, "coordinator"), kwargs=_template),
    Row("reporting:pack_item_add", only(302, "coordinator"), method="POST", kwargs=_template, data=_item_data),
    Row("reporting:pack_item_edit", only(200, "coordinator"), kwargs=_item),
    Row("reporting:pack_item_edit", only(302, "coordinator"), method="POST", kwargs=_item, data=_item_data),
    Row("reporting:pack_detail", only(200, "coordinator", others=NOT_FOUND), kwargs=_task_force_pack),
    Row(
        "reporting:pack_detail",
        only(200, "advocate", others=NOT_FOUND),
        kwargs=_advocate_pack,
        note="an organization's pack: its requester only",
    ),
    Row("reporting:pack_download", only(200, "coordinator", others=NOT_FOUND), kwargs=_task_force_pack),
    Row("reporting:review", everyone()),
    Row("reporting:export", only(200, "coordinator")),
    Row("reporting:export", only(200, "coordinator"), query="source=investigation_victims&period=2025-H2", note="LE"),
    Row("reporting:export_csv", only(200, "coordinator")),
]
