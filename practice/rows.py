"""Plain reads of a few rows by equal fields, for the pages that read several small tables."""

from __future__ import annotations

from functools import cache

from django.db import connections, models, router

from questions.rowvalues import converted, converters_for


def rows_where[M: models.Model](model: type[M], order: tuple[str, ...] = ("pk",), **equal) -> list[M]:
    """The model's rows whose fields equal these values, in this order, as instances.

    The same rows as ``filter(**equal).order_by(*order)``, values prepared and
    converted by their fields, with the statement built once per shape: a panel
    reads a handful of one-row tables, and building each query through the ORM
    cost four times running it. Not through ``raw()`` either, which works out
    again for every query which columns go to which fields and how to build
    the instances.
    """
    alias = router.db_for_read(model)
    connection, meta = connections[alias], model._meta
    params = [_field(meta, name).get_db_prep_value(value, connection) for name, value in equal.items()]
    with connection.cursor() as cursor:
        cursor.execute(_select(model, alias, tuple(equal), order), params)
        rows = cursor.fetchall()
    if not rows:
        return []
    converters, attnames = converters_for(_columns(model), connection), _attnames(model)
    return [model.from_db(alias, attnames, converted(row, converters, connection)) for row in rows]


def first_where[M: models.Model](model: type[M], **equal) -> M | None:
    """The first of ``rows_where``'s rows (by primary key), or None: for the tables with one row per person and card."""
    return next(iter(rows_where(model, **equal)), None)


def _field(meta, name: str) -> models.Field:
    return meta.pk if name == "pk" else meta.get_field(name)


@cache
def _columns(model: type[models.Model]) -> tuple:
    """Every concrete field as a column, in the model's order, which is the order ``Model.from_db`` takes."""
    return tuple(field.get_col(model._meta.db_table) for field in model._meta.concrete_fields)


@cache
def _attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


@cache
def _select(model: type[models.Model], alias: str, fields: tuple[str, ...], order: tuple[str, ...]) -> str:
    meta, quote = model._meta, connections[alias].ops.quote_name

    def column(name: str) -> str:
        return quote(_field(meta, name).column)

    # Named, not "*": a column added by a migration comes last in the table, wherever its field is.
    selected = ", ".join(quote(field.column) for field in meta.concrete_fields)
    where = " AND ".join(f"{column(name)} = %s" for name in fields)
    ordering = ", ".join(column(name) for name in order)
    return f"SELECT {selected} FROM {quote(meta.db_table)} WHERE {where} ORDER BY {ordering}"
