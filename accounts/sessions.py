"""The database session store, with the read that every request with a session makes kept lean.

Sessions stay in the database, so logging out on one app server ends the
session on all of them at once (a per-process cache could not promise that).
What costs is not the database but the ORM building and compiling the same
query on every request; here it is one fixed statement.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connections, router, transaction
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        if self.session_key is None:
            return None
        connection = connections[router.db_for_read(self.model)]
        quote = connection.ops.quote_name
        meta = self.model._meta
        key, data, expiry = (
            quote(meta.get_field(name).column) for name in ("session_key", "session_data", "expire_date")
        )
        sql = f"SELECT {data} FROM {quote(meta.db_table)} WHERE {key} = %s AND {expiry} > %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return self.model(session_key=self.session_key, session_data=row[0])

    def cycle_key(self) -> None:
        """A new key for the session as it is stored now, not as this request first read it.

        Logging in cycles the key, and a visitor may be rating in another request
        at that moment. Reading the row again under a lock carries over a rating
        saved in between; one saved after the old key is gone finds no row, so
        Django refuses it as an interrupted session and the page sends it again.
        A request that has changed its session itself keeps its own copy.
        """
        if self.session_key is None or self.modified:
            return super().cycle_key()
        using = router.db_for_write(self.model)
        with transaction.atomic(using=using):
            row = (
                self.model.objects.using(using)
                .select_for_update()
                .filter(session_key=self.session_key, expire_date__gt=timezone.now())
                .values_list("session_data", flat=True)
                .first()
            )
            if row is not None:
                self._session_cache = self.decode(row)
            super().cycle_key()
