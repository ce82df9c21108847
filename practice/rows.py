"""Plain reads of a few rows by equal fields, for the pages that read several small tables."""

from __future__ import annotations

from functools import cache

from django.db import connections, models, router
from django.db.models.query import RawQuerySet


def rows_where[M: models.Model](model: type[M], order: tuple[str, ...] = ("pk",), **equal) -> RawQuerySet[M]:
    """The model's rows whose fields equal these values, in this order, through ``raw()``.

    The same rows as ``filter(**equal).order_by(*order)`` (converters and all),
    with the statement built once per shape: a panel reads a handful of one-row
    tables, and building each query through the ORM cost four times running it.
    """
    alias = router.db_for_read(model)
    return model.objects.raw(_select(model, alias, tuple(equal), order), list(equal.values()))


@cache
def _select(model: type[models.Model], alias: str, fields: tuple[str, ...], order: tuple[str, ...]) -> str:
    meta, quote = model._meta, connections[alias].ops.quote_name

    def column(name: str) -> str:
        return quote((meta.pk if name == "pk" else meta.get_field(name)).column)

    where = " AND ".join(f"{column(name)} = %s" for name in fields)
    ordering = ", ".join(column(name) for name in order)
    return f"SELECT * FROM {quote(meta.db_table)} WHERE {where} ORDER BY {ordering}"
