"""Where a database is and what is in it: `quotes db path` and `quotes db info`.

Never creates or migrates anything: a missing SQLite file is reported as missing.
Counts are of the tables the database's revision has (an older database may lack some).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import make_url

from quotes.db import engine as db

# The tables counted by `database_info`, in the order shown.
COUNTED = ("documents", "quotes", "speakers", "statements")


def database_location(value: str | None) -> str:
    """The file of an SQLite database, else its URL with the password hidden."""
    url = make_url(db.database_url(value))
    if url.get_backend_name() == "sqlite":
        return url.database or ""
    return url.render_as_string(hide_password=True)


def database_info(value: str | None) -> dict[str, Any]:
    """A record: location, revision (None: empty), and the row count of each COUNTED table.

    Raises QuotesError for a missing SQLite file or an unreachable database.
    """
    revision = db.current_revision(value)  # also refuses a missing file, with a hint
    record: dict[str, Any] = {"database": database_location(value), "revision": revision}
    engine = db.create(value)
    try:
        with engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
            for name in COUNTED:
                record[name] = (connection.scalar(select(func.count()).select_from(table(name)))
                                if name in present else None)
    finally:
        engine.dispose()
    return record
