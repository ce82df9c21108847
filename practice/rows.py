"""Plain reads of a few rows by equal fields, for the pages that read several small tables."""

from __future__ import annotations

from functools import cache

from django.db import connections, models, router
from django.db.models.query import RawQuerySet


def rows_where[M: models.Model](model: type[M], order: tuple[str, ...] = ("pk",), **equal) -> RawQuerySet[M]:
    """The model's rows whose fields equal these values, in this order, through ``raw()``.

    The same rows as ``filter(**equal).order_by(*order)``, values prepared and
    converted by their fields, with the statement built once per shape: a panel
    reads a handful of one-row tables, and building each query through the ORM
    cost four times running it.
    """
    alias = router.db_for_read(model)
    connection, meta = connections[alias], model._meta
    params = [_field(meta, name).get_db_prep_value(value, connection) for name, value in equal.items()]
    return model.objects.raw(_select(model, alias, tuple(equal), order), params)


def first_where[M: models.Model](model: type[M], **equal) -> M | None:
    """The first of ``rows_where``'s rows (by primary key), or None: for the tables with one row per person and card."""
    return next(iter(rows_where(model, **equal)), None)


def _field(meta, name: str) -> models.Field:
    return meta.pk if name == "pk" else meta.get_field(name)


@cache
def _select(model: type[models.Model], alias: str, fields: tuple[str, ...], order: tuple[str, ...]) -> str:
    meta, quote = model._meta, connections[alias].ops.quote_name

    def column(name: str) -> str:
        return quote(_field(meta, name).column)

    where = " AND ".join(f"{column(name)} = %s" for name in fields)
    ordering = ", ".join(column(name) for name in order)
    return f"SELECT * FROM {quote(meta.db_table)} WHERE {where} ORDER BY {ordering}"
