"""Fixed statements (accord.core.rows) read and write rows exactly as the ORM does, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accord.core import rows
from accord.core.auth import load_for_request
from accord.core.models import Organization, User
from accord.deconfliction.models import Hit, Target
from accord.deconfliction.tests import factories as f

pytestmark = pytest.mark.django_db


def values(instance: object) -> dict[str, object]:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_an_account_read_by_its_fixed_statement_equals_the_orms(personas):
    account = personas.investigator
    account.deactivated_at = account.date_joined  # a datetime and a boolean that converters must turn
    account.save()

    loaded = load_for_request(account.pk)

    assert values(loaded) == values(User.objects.get(pk=account.pk))
    assert values(loaded.organization) == values(Organization.objects.get(pk=account.organization_id))
    assert type(loaded.is_active) is bool and loaded.date_joined.tzinfo is not None
    assert load_for_request(987654) is None


def test_a_row_inserted_by_its_fixed_statement_reads_back_as_saved(personas):
    case = f.case(personas.agency_a, personas.investigator)
    target = Target(
        owner=personas.agency_a,
        investigation=case,
        kind="person",
        value="Ana María Pérez",
        aliases="Anita\nAna Perez",
        date_of_birth="1990-02-11",
        entered_by=personas.investigator,
    )

    assert rows.insert(target) is True

    stored = Target.objects.get(pk=target.pk)
    assert values(stored) == values(target)
    assert stored.created_at is not None  # auto_now_add filled, as save() does
    with connection.cursor() as cursor:  # encrypted at rest, as save() stores it
        cursor.execute(f"SELECT value FROM {Target._meta.db_table} WHERE id = %s", [target.pk])  # noqa: S608
        assert "Pérez" not in cursor.fetchone()[0]


def test_an_insert_unless_conflict_skips_an_existing_pair_and_leaves_the_transaction_usable():
    first = Hit(kind="target", matched="phone", strength="hit", evidence=[], found_by="entry", pair="t:1:2")
    assert rows.insert(first, unless_conflict=True) is True

    again = Hit(kind="target", matched="phone", strength="hit", evidence=[], found_by="entry", pair="t:1:2")
    assert rows.insert(again, unless_conflict=True) is False
    assert again.pk is None and again._state.adding

    assert Hit.objects.filter(pair="t:1:2").count() == 1  # the transaction goes on (PostgreSQL aborts on an error)


def test_rows_inserted_together_get_their_own_ids_in_order():
    hits = [
        Hit(kind="target", matched=kind, strength="hit", evidence=[], found_by="entry", pair=f"t:{n}:{n + 1}")
        for n, kind in enumerate(["phone", "email", "vehicle"])
    ]

    rows.insert_many(hits)

    assert {hit.pk: hit.matched for hit in hits} == dict(Hit.objects.values_list("pk", "matched"))


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PREPARE is PostgreSQL's")


def sent(run: Callable[[], object]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    return [q["sql"] for q in captured.captured_queries]


def two_results(statements: str, params: list) -> tuple:
    with connection.cursor() as cursor:
        rows.execute(cursor, statements, params)
        first = cursor.fetchone()
        cursor.nextset()
        return first, cursor.fetchone()


def new_statements() -> str:
    """Two statements no connection has prepared yet."""
    return f"SELECT %s + 1 AS n{uuid.uuid4().hex};\nSELECT %s || '%%'"


@postgresql_only
def test_statements_are_prepared_with_their_first_execution_and_then_only_executed():
    statements = new_statements()

    first_time = sent(lambda: two_results(statements, [20, "5"]))
    second_time = sent(lambda: two_results(statements, [21, "6"]))

    assert two_results(statements, [20, "5"]) == ((21,), ("5%",))  # their own results, the PREPAREs' skipped
    assert len(first_time) == len(second_time) == 1  # one round trip, preparing or not
    assert first_time[0].count("PREPARE ") == 2 and first_time[0].count("EXECUTE ") == 2
    assert "PREPARE" not in second_time[0] and "SELECT" not in second_time[0]
    assert rows.unprepared(second_time[0]).split(";\n") == statements.split(";\n")


@postgresql_only
def test_a_failed_first_execution_leaves_no_name_that_cannot_be_prepared_again():
    statement = f"SELECT 12 / %s AS n{uuid.uuid4().hex}"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        rows.execute(cursor, statement, [0])  # its PREPARE is kept, its EXECUTE fails
    with connection.cursor() as cursor:
        rows.execute(cursor, statement, [4])
        assert cursor.fetchone() == (3,)
        rows.execute(cursor, statement, [6])
        assert cursor.fetchone() == (2,)


def test_unprepared_a_statement_is_sent_as_it_is():
    statement = new_statements().split(";\n")[0]  # one: SQLite takes one statement at a time

    def run() -> object:
        with connection.cursor() as cursor:
            rows.execute(cursor, statement, [1])
            return cursor.fetchone()

    options = connection.settings_dict.setdefault("OPTIONS", {})
    options["prepare_threshold"] = None  # as behind PgBouncer in transaction mode; SQLite never prepares
    try:
        queries = sent(run)
        assert run() == (2,)
    finally:
        del options["prepare_threshold"]
    assert len(queries) == 1 and queries[0].startswith("SELECT") and "PREPARE" not in queries[0]
