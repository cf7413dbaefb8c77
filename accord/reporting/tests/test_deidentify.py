"""The de-identified victim export: k-anonymous over its quasi-identifiers, coarsened along the fixed ladder,
honest about what it did, and never carrying anything that identifies a person."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.dimensions import AgeBand, Citizenship, Gender, TraffickingType
from accord.core.models import Term
from accord.core.testing import Personas
from accord.investigations.models import Victim
from accord.investigations.tests import factories as inv
from accord.reporting.deidentify import QUASI_IDENTIFIERS, DeidentifiedExport, deidentified_victims
from accord.victim_services.models import Client
from accord.victim_services.tests import factories as vs

QI_COLUMNS = ["ageBroad", "gender", "citizenship", "isSexualExploit", "isForcedLabour", "isSexAndLabour"]


def _people(n: int, age: str = "25-34", gender: str = "female", cit: str = "foreign_national", kind: str = "labor"):
    return [{"age_band": age, "gender": gender, "citizenship": cit, "trafficking_type": kind} for _ in range(n)]


def _combinations(export: DeidentifiedExport) -> Counter[tuple[Any, ...]]:
    at = [export.header.index(column) for column in QI_COLUMNS]
    return Counter(tuple(row[i] for i in at) for row in export.rows)


def _column(export: DeidentifiedExport, name: str) -> set[Any]:
    return {row[export.header.index(name)] for row in export.rows}


def test_nothing_is_coarsened_when_every_combination_is_common() -> None:
    export = deidentified_victims(_people(11) + _people(12, "18-24", "male", "us_citizen", "sex"), k=11)
    assert (export.generalized, export.dropped_rows, len(export.rows)) == ({}, 0, 23)
    assert _column(export, "ageBroad") == {"25-34", "18-24"}
    assert "No column had to be coarsened." in export.report and "No record had to be left out." in export.report
    assert export.report[0].startswith("Released 23 of 23 victim records.")


def test_age_bands_are_widened_first() -> None:
    records = _people(6, "18-24") + _people(6, "25-34") + _people(11, "45-54")
    export = deidentified_victims(records, k=11)
    assert export.generalized == {"age_band": "widened to 0-17, 18-34 and 35 or older"}
    assert _column(export, "ageBroad") == {"18-34", "35+"}
    assert _column(export, "majorityStatus") == {"Adult"}
    assert "Age band was widened to 0-17, 18-34 and 35 or older." in export.report
    assert export.dropped_rows == 0


def test_the_ladder_goes_as_far_as_needed_and_keeps_only_the_steps_needed() -> None:
    records = _people(6, "12-14", "female") + _people(6, "15-17", "male") + _people(12, "18-24", "transgender")
    export = deidentified_victims(records, k=11)
    # The ladder has to go as far as leaving gender out; on the way it also took citizenship and trafficking
    # type, and ages down to minor/adult, which this data did not need: those steps are undone.
    assert export.generalized == {
        "age_band": "widened to 0-17, 18-34 and 35 or older",
        "gender": "left out (every row says unknown)",
    }
    assert _column(export, "gender") == {"unknown"} and _column(export, "ageBroad") == {"0-17", "18-34"}
    assert _column(export, "citizenship") == {"foreign_national"} and export.dropped_rows == 0


def test_a_lone_outlier_is_left_out_rather_than_coarsening_everyone() -> None:
    export = deidentified_victims(_people(40) + _people(1, "55+", "nonbinary", "us_citizen", "sex"), k=11)
    assert export.generalized == {} and export.dropped_rows == 1 and len(export.rows) == 40
    assert "1 record was left out because even after this their combination described fewer than 11 people." in (
        export.report
    )


def test_fewer_than_k_victims_release_nothing() -> None:
    export = deidentified_victims(_people(5), k=11)
    assert export.rows == [] and export.dropped_rows == 5
    assert set(export.generalized) == set(QUASI_IDENTIFIERS)
    assert export.report[0] == "Released none of the 5 victim records: an export needs at least 11."
    assert "5 records were left out because even after this their combination described fewer than 11 people." in (
        export.report
    )


def test_flags_follow_the_ctdc_layout() -> None:
    export = deidentified_victims(_people(3, kind="both") + _people(3, kind="unknown"), k=3)
    flags = {tuple(row[4:7]) for row in export.rows}
    assert flags == {(1, 1, 1), ("-", "-", "-")}
    assert export.header[:7] == ["ageBroad", "majorityStatus", "gender", *QI_COLUMNS[2:]]


def test_unexpected_values_count_as_unknown_and_bad_k_is_refused() -> None:
    export = deidentified_victims(_people(3, age="1990-05-01", gender="Ana"), k=3)
    assert _column(export, "ageBroad") == {"unknown"} and _column(export, "gender") == {"unknown"}
    with pytest.raises(ValueError, match="at least 2"):
        deidentified_victims([], k=1)
    with pytest.raises(ValueError, match="left out"):
        deidentified_victims([], k=3, max_dropped=1.5)


record = st.fixed_dictionaries(
    {
        "age_band": st.sampled_from([*AgeBand.values, "junk"]),
        "gender": st.sampled_from(Gender.values),
        "citizenship": st.sampled_from(Citizenship.values),
        "trafficking_type": st.sampled_from(TraffickingType.values),
        "trafficking_status": st.sampled_from(["possible", "actual", "not_a_victim"]),
        "control_methods": st.sets(st.sampled_from(["debt-bondage", "false-promises", "other"])),
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(record, max_size=150), st.sampled_from([2, 3, 5, 11]), st.randoms(use_true_random=False))
def test_every_released_combination_describes_at_least_k_people(
    records: list[dict[str, Any]], k: int, rng: random.Random
) -> None:
    export = deidentified_victims(records, k=k)
    assert all(n >= k for n in _combinations(export).values())
    assert len(export.rows) + export.dropped_rows == len(records)
    if export.dropped_rows > int(0.05 * len(records)):
        assert set(export.generalized) == set(QUASI_IDENTIFIERS)  # only once the whole ladder is used
    shuffled = records[:]
    rng.shuffle(shuffled)
    assert deidentified_victims(shuffled, k=k).rows == export.rows  # the order of records leaves no trace


@pytest.mark.django_db
def test_clients_export_without_anything_identifying(personas: Personas) -> None:
    methods = list(Term.objects.of("control-method").filter(code__in=["debt-bondage", "withholds-documents"]))
    for n in range(4):
        client = vs.client(personas, code=f"VSPB-00{n}", legal_name=f"Person Number{n}", trafficking_status="actual")
        client.control_methods.set(methods if n % 2 else [])
    export = deidentified_victims(Client.objects.all(), k=2)
    assert len(export.rows) == 4
    assert "meansOfControlDebtBondage" in export.header and "traffickingStatus" in export.header
    assert sorted(row[export.header.index("meansOfControlDebtBondage")] for row in export.rows) == [0, 0, 1, 1]
    assert sorted(row[export.header.index("meansOfControlNotSpecified")] for row in export.rows) == [0, 0, 1, 1]
    text = repr(export.rows) + repr(export.header)
    for secret in ("Person Number", "VSPB-", "1990", "+1217", "Example Street", "Ana"):
        assert secret not in text
    assert not any(word in column.lower() for column in export.header for word in ("name", "birth", "date", "id"))


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_clients(personas: Personas) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            deidentified_victims(Client.objects.all(), k=2)
        return len(captured)

    vs.client(personas, code="VSPB-100")
    few = queries()
    for n in range(101, 110):
        vs.client(personas, code=f"VSPB-{n}").control_methods.set(Term.objects.of("control-method")[:2])
    assert queries() == few == 2


@pytest.mark.django_db
def test_investigation_victims_export_without_columns_they_do_not_record(personas: Personas) -> None:
    case = inv.investigation(personas.agency_a, personas.investigator)
    for n in range(3):
        inv.victim(case, reference=f"V-{n}")
    export = deidentified_victims(Victim.objects.all(), k=3)
    assert export.header == ["ageBroad", "majorityStatus", "gender", *QI_COLUMNS[2:]]
    assert export.rows == [["25-34", "Adult", "female", "foreign_national", 0, 1, 0]] * 3
    assert "V-" not in repr(export.rows)
