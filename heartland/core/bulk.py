"""A lean multi-row INSERT … RETURNING for bulk paths (the CSV importer, bulk seeding).

Django's bulk_create spends most of its time compiling SQL field by field. For
thousands of rows of a known model this builds one statement shape per chunk and
converts only the values that need it (decimals, dates, JSON), on SQLite (3.35+) and
PostgreSQL alike (there, one array per column through unnest, so psycopg does not parse
a statement with thousands of placeholders). Columns and defaults come from the model, so a field added later
still gets its default; auto_now/auto_now_add fields are stamped as save() would. It
runs on the raw cursor, so DEBUG query logging (which would keep every statement and
its parameters in memory) is skipped.
"""
from __future__ import annotations

import sqlite3
from typing import Any

from django.db import connection, models
from django.utils import timezone

_PASSTHROUGH = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)


class _Missing:
    __slots__ = ("default",)

    def __init__(self, default: Any) -> None:
        self.default = default


def max_query_params() -> int:
    """Bound parameters per statement the live database accepts."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        getlimit = getattr(connection.connection, "getlimit", None)  # Python 3.11+
        return getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if getlimit else 999
    if connection.vendor == "postgresql":
        return 65_535
    return connection.features.max_query_params or 999


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]], *, chunk: int = 500,
                returning: bool = True) -> list[int]:
    """Insert rows given as {attname: value} (missing fields take their defaults); return the new ids in order."""
    if not rows:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    plan = []  # (attname, converter or None, constant or _Missing(default))
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            plan.append((f.attname, None, f.get_db_prep_save(now, connection)))
            continue
        conv = None if isinstance(f, _PASSTHROUGH) and not isinstance(f, models.DecimalField) else f
        default = f.get_default() if f.has_default() else (None if f.null else "")
        plan.append((f.attname, conv, _Missing(default)))
    qn = connection.ops.quote_name
    insert = f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)})"
    tail = f" RETURNING {qn(model._meta.pk.column)}" if returning else ""
    if connection.vendor == "postgresql":
        # One array per column: a short statement psycopg parses once, however many rows.
        casts = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
        head = f"{insert} SELECT * FROM unnest({casts})"
        per_statement = max(chunk, 2000)
    else:
        head = f"{insert} VALUES "
        row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        per_statement = max(1, min(chunk, max_query_params() // len(fields)))
    ids: list[int] = []
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection.create_cursor()
        try:
            for start in range(0, len(rows), per_statement):
                part = rows[start:start + per_statement]
                params: list[Any] = []
                append = params.append
                for row in part:
                    for attname, conv, fixed in plan:
                        if type(fixed) is not _Missing:
                            append(fixed)
                            continue
                        value = row.get(attname, fixed.default)
                        append(value if conv is None else conv.get_db_prep_save(value, connection))
                if connection.vendor == "postgresql":
                    width = len(plan)
                    cursor.execute(head + tail, [params[i::width] for i in range(width)])
                else:
                    cursor.execute(head + ", ".join([row_sql] * len(part)) + tail, params)
                if returning:
                    got = [r[0] for r in cursor.fetchall()]
                    if len(got) != len(part):
                        raise RuntimeError("INSERT … RETURNING gave back a different number of rows")
                    # Rows come back in insertion order (SQLite's VALUES, PostgreSQL's unnest —
                    # what Django 5.2's own bulk_create relies on).
                    ids.extend(got)
        finally:
            cursor.close()
    return ids
