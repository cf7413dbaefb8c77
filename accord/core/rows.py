"""Model instances read by fixed statements, for the few reads every request makes.

Building a query through the ORM (filters, joins, ordering, the compiler) costs several times what running a
one-row primary-key lookup costs. For the reads on every request's path (the session, the account) the
statement is written once, from the model's own table and columns, and its row becomes an instance the way
the ORM makes one: each column through its field's and the backend's converters, then ``Model.from_db``.
Only models' metadata goes into a statement; values are always parameters.
"""

from __future__ import annotations

import hashlib
import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)
_Converter = Callable[[Any, Any, Any], Any]
_converters: dict[tuple[str, type[Model]], list[tuple[int, list[_Converter], Any]]] = {}


def statement(template: str, /, *, lists: Mapping[str, int] | None = None, **models: type[Model]) -> str:
    """A template filled in: ``{name}`` with the model's table, ``{name_columns}`` with all its columns, in
    ``concrete_fields`` order (what ``instance`` takes), each qualified by the table; and for each of
    ``lists``, ``{name}`` with that many placeholders."""
    quote = connection.ops.quote_name
    filled = {name: ", ".join(["%s"] * count) for name, count in (lists or {}).items()}
    for name, model in models.items():
        table = quote(model._meta.db_table)
        filled[name] = table
        filled[f"{name}_columns"] = ", ".join(f"{table}.{quote(f.column)}" for f in model._meta.concrete_fields)
    return template.format(**filled)


def width(model: type[Model]) -> int:
    """How many values ``{name_columns}`` selects."""
    return len(model._meta.concrete_fields)


def instance(model: type[M], values: Sequence[Any]) -> M:
    """An instance from the values of ``{name_columns}``, converted as the ORM converts them (dates and booleans on
    SQLite, decryption for encrypted fields)."""
    values = list(values)
    for index, converters, expression in _converters_for(model):
        for convert in converters:
            values[index] = convert(values[index], expression, connection)
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(connection.alias, names, values)


def _converters_for(model: type[Model]) -> list[tuple[int, list[_Converter], Any]]:
    key = (connection.vendor, model)
    if key not in _converters:
        found = []
        for index, field in enumerate(model._meta.concrete_fields):
            expression = field.get_col(model._meta.db_table)
            converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
            if converters:
                found.append((index, converters, expression))
        _converters[key] = found
    return _converters[key]


def insert_many(objs: Sequence[Model]) -> None:
    """Insert new instances of one model in one fixed statement, as ``insert`` does one, and give them their
    ids (RETURNING yields them in the order of the rows, which Django's ``bulk_create`` relies on too)."""
    if objs:
        _insert(objs, on_conflict="")


def insert(obj: Model, *, unless_conflict: bool = False, followed_by: tuple[str, Sequence[Any]] | None = None) -> bool:
    """Insert a new instance by a fixed statement and give it its id: what ``save()`` does for a new row
    (``auto_now`` fields filled, values prepared by their fields, encrypted ones encrypted), without the
    query building. With ``unless_conflict``, a row that would break a unique constraint is not inserted
    (``ON CONFLICT DO NOTHING``, no savepoint needed) and False is returned. ``followed_by`` (PostgreSQL only)
    is a further statement and its values, sent in the same round trip. It sends no ``pre_save`` or
    ``post_save`` signals: use it only for models nothing listens to. (RETURNING: PostgreSQL, SQLite 3.35+.)"""
    on_conflict = " ON CONFLICT DO NOTHING" if unless_conflict else ""
    return bool(_insert([obj], on_conflict=on_conflict, followed_by=followed_by))


def _insert(objs: Sequence[Model], on_conflict: str, followed_by: tuple[str, Sequence[Any]] | None = None) -> int:
    fields, template, row = _insert_for(type(objs[0]))
    values = [field.get_db_prep_save(field.pre_save(obj, True), connection) for obj in objs for field in fields]
    sql = template.format(rows=", ".join([row] * len(objs)), on_conflict=on_conflict)
    if followed_by is not None:
        sql, values = f"{sql};\n{followed_by[0]}", [*values, *followed_by[1]]
    with connection.cursor() as cursor:
        execute(cursor, sql, values)
        ids = [pk for (pk,) in cursor.fetchall()]
    for obj, pk in zip(objs, ids, strict=False):  # fewer ids only when a conflict skipped the one row
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    return len(ids)


def _insert_for(model: type[Model]) -> tuple[list[Any], str, str]:
    """The fields an insert writes, its statement (to be given ``{rows}`` and ``{on_conflict}``), and one row's
    placeholders."""
    key = (connection.vendor, model)
    if key not in _inserts:
        quote = connection.ops.quote_name
        meta = model._meta
        fields = [f for f in meta.concrete_fields if f is not meta.auto_field]
        template = _INSERT.format(
            table=quote(meta.db_table),
            columns=", ".join(quote(f.column) for f in fields),
            id=quote(meta.pk.column),
            rows="{rows}",
            on_conflict="{on_conflict}",
        )
        _inserts[key] = (fields, template, f"({', '.join(['%s'] * len(fields))})")
    return _inserts[key]


_INSERT = "INSERT INTO {table} ({columns}) VALUES {rows}{on_conflict} RETURNING {id}"
_inserts: dict[tuple[str, type[Model]], tuple[list[Any], str, str]] = {}


def execute(cursor: Any, sql: str, params: Sequence[Any] = ()) -> None:
    """Run a fixed statement, or several joined by ``;\n`` (sent in one round trip). On PostgreSQL each is
    prepared once per connection and from then on only executed: parsing and planning these small
    statements costs the server more than running them. ``PREPARE`` travels in front of the statement's
    first ``EXECUTE``, and ``EXECUTE`` by the simple protocol as the statement itself would, so preparing
    costs no round trip and several statements still share one (the extended protocol, which psycopg's
    own prepared statements use, takes one statement at a time). Elsewhere (SQLite keeps its own cache of
    prepared statements), or with ``"prepare_threshold": None`` in the database's OPTIONS (as psycopg is
    told behind PgBouncer in transaction mode), the statements are sent as they are."""
    db = cursor.db
    if db.vendor != "postgresql" or db.settings_dict.get("OPTIONS", {}).get("prepare_threshold", 0) is None:
        cursor.execute(sql, params)
        return
    on_connection = _prepared.setdefault(db.connection, _Prepared())
    preparing: dict[str, str] = {}
    executes = []
    for part in sql.split(";\n"):
        name = on_connection.names.get(part) or preparing.get(part)
        if name is None:
            if len(on_connection.names) >= _MAX_PREPARED:
                cursor.execute(sql, params)
                return
            key = hashlib.blake2s(part.encode(), digest_size=8).hexdigest()
            _statements[key] = part
            name = preparing[part] = f"accord_{key}_{on_connection.attempt}"
        count = part.count("%s")
        executes.append(f"EXECUTE {name}({', '.join(['%s'] * count)})" if count else f"EXECUTE {name}")
    prepares = [f"PREPARE {name} AS {_numbered(part)}" for part, name in preparing.items()]
    try:
        cursor.execute(";\n".join([*prepares, *executes]), params)
    except Exception:
        # A PREPARE before the failing statement was kept (PREPARE outlives a rolled-back transaction): the
        # next try prepares under new names rather than guess which.
        on_connection.attempt += bool(prepares)
        raise
    on_connection.names.update(preparing)
    for _ in prepares:
        cursor.nextset()  # the caller reads its own statements' results


@dataclass
class _Prepared:
    """The statements prepared on one connection (they live as long as it does), by their text."""

    names: dict[str, str] = field(default_factory=dict)
    attempt: int = 0  # raised by a failed send that was preparing, so that its names are not used again


def unprepared(sql: str) -> str:
    """What was sent, with each ``EXECUTE`` of a statement prepared here shown as that statement (for tests
    that look at the statements a request sends)."""
    return _EXECUTE.sub(lambda found: _statements.get(found.group(1), found.group()), sql)


def _numbered(statement: str) -> str:
    """The statement with PostgreSQL's numbered parameters ($1, $2…) for psycopg's placeholders."""
    numbers = iter(range(1, statement.count("%s") + 1))
    return re.sub("%s", lambda _: f"${next(numbers)}", statement)


_EXECUTE = re.compile(r"EXECUTE accord_([0-9a-f]+)_\d+(\([^;]*\))?")
_MAX_PREPARED = 500  # per connection; statements with lists of another length each count
_statements: dict[str, str] = {}  # by a digest of their text, the same for every connection
_prepared: weakref.WeakKeyDictionary[Any, _Prepared] = weakref.WeakKeyDictionary()
