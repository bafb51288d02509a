"""Alembic environment: migrates the schema of quotes.db.models on SQLite or PostgreSQL.

The library (quotes.db.engine) passes an open connection in
`config.attributes["connection"]`; the alembic command line uses sqlalchemy.url
from alembic.ini, else QUOTES_DATABASE_URL, else the default SQLite file.
SQLite runs in batch mode (copy-and-move) because it cannot ALTER most things.
Full-text search objects are made by migrations only and are left out of
autogenerate comparisons (`quotes.db.search.include_name`).
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from quotes.db.engine import create, database_url
from quotes.db.models import Base, include_object_on
from quotes.db.search import include_name

config = context.config
if config.config_file_name is not None:  # run by the alembic command, not by the library
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _configure(dialect: str, **options) -> None:
    context.configure(target_metadata=Base.metadata, include_name=include_name,
                      include_object=include_object_on(dialect), **options)


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode copies a table and drops the old one; with foreign keys on, the
        # drop would cascade deletes and SET NULLs into the tables referencing it.
        # (A no-op inside a transaction: the caller passes a fresh connection.)
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    _configure(connection.dialect.name, connection=connection, render_as_batch=sqlite)
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or database_url(
        os.environ.get("QUOTES_DATABASE_URL")
    )


if context.is_offline_mode():  # `alembic upgrade --sql`: print the SQL
    url = _url()
    _configure(url.split(":")[0].split("+")[0], url=url, literal_binds=True,
               render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()
elif (given := config.attributes.get("connection")) is not None:
    _run(given)
else:
    engine = create(_url())
    with engine.connect() as connection:
        _run(connection)
        connection.commit()
    engine.dispose()
