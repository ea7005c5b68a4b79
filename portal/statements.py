"""Compiled statements of list queries whose shape repeats (语句缓存): the ORM builds and
compiles a queryset once per key in each process; later runs only fill in the time.

Public lists filter on "published at or before now", so their SQL differs from one request to
the next by that one value. Building the queryset (filters, ordering, `only()`) and compiling it
was about a third of a column page's CPU. `rows(build, key, at)` keeps the SQL text, with a
placeholder where `at` goes, and the way to turn its rows into model instances; every call still
runs the statement against the database — nothing but SQL text is cached.

`build(at)` must return the queryset for the time `at`, and `key` must identify everything else
the SQL depends on (column, cursor, page size …). Querysets this cannot replay (annotations,
select_related, values()) are simply evaluated as they are.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connections
from django.db.models import Model, QuerySet

#: Stands for the time while a statement is compiled; no real row or filter uses it.
AT = datetime(1999, 12, 31, 23, 59, 58, 987654, tzinfo=UTC)
_AT_PARAM = object()
MAX_STATEMENTS = 512


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple  # `_AT_PARAM` where the time goes
    model: type[Model]
    db: str
    fields: tuple[str, ...]  # attnames of the selected columns, in order
    converters: tuple  # (position, converter functions, expression) as Django applies them


_statements: OrderedDict[Hashable, Statement | None] = OrderedDict()
_lock = threading.Lock()


def rows(build: Callable[[datetime], QuerySet], key: Hashable, at: datetime) -> list[Model]:
    """The model instances of `build(at)`, from the statement compiled for `key`."""
    with _lock:
        statement = _statements.get(key, False)
        if statement is not False:
            _statements.move_to_end(key)
    if statement is False:
        statement = _compile(build(AT))
        with _lock:
            _statements[key] = statement
            while len(_statements) > MAX_STATEMENTS:
                _statements.popitem(last=False)
    if statement is None:  # a queryset this module does not replay
        return list(build(at))
    return _run(statement, at)


def clear() -> None:
    with _lock:
        _statements.clear()


def _compile(queryset: QuerySet) -> Statement | None:
    from django.db.models.query import ModelIterable

    query = queryset.query
    if queryset._iterable_class is not ModelIterable or query.select_related or (
        query.annotation_select or queryset._prefetch_related_lookups
    ):
        return None
    db = queryset.db
    compiler = query.get_compiler(using=db)
    try:
        sql, params = compiler.as_sql()
    except Exception:  # noqa: BLE001 - EmptyResultSet and the like: let the ORM decide
        return None
    klass_info = compiler.klass_info
    if not klass_info or klass_info.get("related_klass_infos"):
        return None
    positions = klass_info["select_fields"]
    if positions != list(range(positions[0], positions[-1] + 1)) or positions[0] != 0:
        return None
    if len(compiler.select) != len(positions):
        return None
    fields = tuple(column[0].target.attname for column in compiler.select)
    converters = compiler.get_converters([column[0] for column in compiler.select])
    return Statement(
        sql=sql, params=time_placeholders(params, connections[db]), model=queryset.model,
        db=db, fields=fields,
        converters=tuple(
            (position, tuple(functions), expression)
            for position, (functions, expression) in converters.items()
        ),
    )


def time_placeholders(params, connection) -> tuple:
    """`params` of a statement compiled for the time `AT`, with a placeholder wherever the ORM
    passed it (as it is on PostgreSQL, as text on SQLite)."""
    at = connection.ops.adapt_datetimefield_value(AT)
    return tuple(
        _AT_PARAM if value is AT or (type(value) is type(at) and value == at) else value
        for value in params
    )


def with_time(params: tuple, at: datetime, connection) -> list:
    """The parameters to run a statement with at the time `at`."""
    now = connection.ops.adapt_datetimefield_value(at)
    return [now if value is _AT_PARAM else value for value in params]


def _run(statement: Statement, at: datetime) -> list[Model]:
    connection = connections[statement.db]
    params = with_time(statement.params, at, connection)
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        fetched = cursor.fetchall()
    from_db, db, fields = statement.model.from_db, statement.db, statement.fields
    instances = []
    for row in fetched:
        if statement.converters:
            row = list(row)
            for position, functions, expression in statement.converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
        instances.append(from_db(db, fields, row))
    return instances
