"""The local calendar day of a stored time, computed by the database.

Turning thousands of times into datetimes only to take their local day was the
calendar's costliest step on SQLite (profiled: Django's converter parses every one). The
database does it in one pass when the zone's UTC offset is fixed over the days asked
for, which :func:`~wagtail_borderplan.times.fixed_offset` tells. Time zone names are
not used: MariaDB and MySQL resolve them only with their zone tables loaded.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import NotSupportedError, models

VENDORS = frozenset({"sqlite", "postgresql", "mysql"})


class LocalDate(models.Func):
    """The date of a UTC datetime column shifted by a fixed ``offset``."""

    output_field = models.DateField()

    def __init__(self, expression: str | models.Expression, offset: timedelta) -> None:
        super().__init__(expression)
        self.seconds = int(offset.total_seconds())

    def _column(self, compiler, connection) -> tuple[str, list]:
        sql, params = compiler.compile(self.source_expressions[0])
        return sql, list(params)

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError(f"LocalDate does not support {connection.vendor}.")

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = self._column(compiler, connection)
        return f"date({sql}, %s)", [*params, f"{self.seconds:+d} seconds"]

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = self._column(compiler, connection)
        return (
            f"(({sql}) AT TIME ZONE 'UTC' + %s * INTERVAL '1 second')::date",
            [*params, self.seconds],
        )

    def as_mysql(self, compiler, connection, **extra):
        sql, params = self._column(compiler, connection)
        return f"DATE(DATE_ADD({sql}, INTERVAL %s SECOND))", [*params, self.seconds]
