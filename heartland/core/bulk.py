"""A lean multi-row INSERT … RETURNING for the importer's hot path.

Django's bulk_create spends most of its time compiling SQL field by field. For
thousands of rows of a known model this builds one statement shape per chunk and
converts only the values that need it (decimals, dates, JSON), on SQLite (3.35+) and
PostgreSQL alike. auto_now/auto_now_add fields are stamped as save() would.
"""
from __future__ import annotations

from typing import Any

from django.db import connection, models
from django.utils import timezone

_PASSTHROUGH = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)


def _columns(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]], *, chunk: int = 500) -> list[int]:
    """Insert rows given as {attname: value} (missing fields take their defaults); return the new ids in order."""
    if not rows:
        return []
    fields = _columns(model)
    now = timezone.now()
    plan = []  # (attname, converter or None, constant or _NO)
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            plan.append((f.attname, None, f.get_db_prep_save(now, connection)))
            continue
        conv = None if isinstance(f, _PASSTHROUGH) and not isinstance(f, models.DecimalField) else f
        default = f.get_default() if f.has_default() else (None if f.null else "")
        plan.append((f.attname, conv, _Missing(default)))
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    pk_col = connection.ops.quote_name(model._meta.pk.column)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, min(chunk, 30000 // len(fields)))  # under SQLite's bound-variable limit
    ids: list[int] = []
    with connection.cursor() as cursor:
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
            cursor.execute(
                f"INSERT INTO {table} ({cols}) VALUES {', '.join([row_sql] * len(part))} RETURNING {pk_col}", params
            )
            got = [r[0] for r in cursor.fetchall()]
            if len(got) != len(part):
                raise RuntimeError("INSERT … RETURNING gave back a different number of rows")
            ids.extend(got)  # SQLite and PostgreSQL return a multi-row VALUES insert's rows in order
    return ids


class _Missing:
    __slots__ = ("default",)

    def __init__(self, default: Any) -> None:
        self.default = default
