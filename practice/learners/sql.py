"""Database helpers of the account learner: raw rows for long histories, and the UTC day of a timestamp."""

from __future__ import annotations

from datetime import datetime

from django.db import connections
from django.db.models import DateField, Func, QuerySet

from .. import scheduler


def plain_rows(query: QuerySet) -> list[tuple]:
    """The rows as the driver returns them, skipping Django's per-value converters.

    Over the ten thousand rows of a long history those converters cost more
    than the query; the few values that need converting are done by hand.
    """
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def stored_utc(value: datetime) -> datetime:
    """A timestamp from ``plain_rows``: naive UTC from SQLite, aware from PostgreSQL."""
    return value if value.tzinfo else value.replace(tzinfo=scheduler.UTC)


class UtcDate(Func):
    """The UTC calendar day of a timestamp, computed by the database itself.

    Django's TruncDate runs a Python function per row on SQLite, which is most
    of a dashboard's cost for a long history; these are native on both engines.
    """

    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="date(%(expressions)s)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s AT TIME ZONE 'UTC')::date", **extra)
