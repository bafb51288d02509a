"""Database URLs, engines, sessions and schema versions (Alembic, run from code).

`open_database` is the one way into a database: it creates a new empty one at the
newest revision, refuses an older one (the user runs `quotes db upgrade`) and a
newer or foreign one. Only SQLite and PostgreSQL (psycopg 3) are handled; an
in-memory SQLite URL is not (every connection would see a different database).

Many processes may write to one database at once (ingests, curation): a writing
transaction (`session(engine, write=True)`, schema creation) first takes the
database's one writer lock (`lock_for_writing`): SQLite `BEGIN IMMEDIATE`, waiting
up to BUSY_TIMEOUT seconds, PostgreSQL a transaction-level advisory lock. Writers
take turns, one transaction at a time; readers are never blocked (WAL on SQLite,
MVCC on PostgreSQL). So each writer sees what the others committed before it
decides anything (is this speaker known? this quote grouped?), and no two writers
create the same speaker, alias, statement or table.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Column, Engine, String, Table, create_engine, event, func, insert, inspect, select
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from quotes.errors import QuotesError

# An installed wheel ships the migrations inside the package (see pyproject.toml,
# [tool.hatch.build.targets.wheel.force-include]); a checkout has them at the top.
_PACKAGED_MIGRATIONS = Path(__file__).resolve().parent.parent / "_migrations"
_CHECKOUT_MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
MIGRATIONS = _PACKAGED_MIGRATIONS if _PACKAGED_MIGRATIONS.is_dir() else _CHECKOUT_MIGRATIONS

DEFAULT_FILE = "quotes.db"
BUSY_TIMEOUT = 120  # seconds an SQLite writer waits for another to finish its transaction
WRITER_LOCK = 0x71756F74  # "quot": the PostgreSQL advisory lock key all quotes writers take


def database_url(value: str | None) -> str:
    """The SQLAlchemy URL for `--db`: a URL, a plain SQLite file path, or None (the default file).

    postgresql:// and postgres:// URLs get the psycopg (version 3) driver. Other
    schemes are refused with a QuotesError.
    """
    if not value:
        return f"sqlite:///{Path(platformdirs.user_data_dir('quotes')) / DEFAULT_FILE}"
    if "://" not in value:  # a file path
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    scheme, rest = value.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    if scheme in ("sqlite", "postgresql+psycopg"):
        return value
    raise QuotesError(
        f"unsupported database URL scheme {scheme!r}",
        hint="use an SQLite file path, sqlite:///PATH or postgresql://USER@HOST/NAME",
    )


def create(value: str | None) -> Engine:
    """An engine for `value` (see `database_url`), not yet checked or migrated.

    SQLite: the file's directory is created, foreign keys are enforced and the
    journal is WAL (readers do not block the writer), synced at checkpoints rather
    than at every commit (see `_sqlite_pragmas`).
    """
    url = database_url(value)
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise QuotesError(f"not a valid database URL: {value}") from error
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise QuotesError("an in-memory SQLite database cannot be used", hint="give a file path")
        folder = Path(parsed.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise QuotesError(
                f"cannot create the directory {folder} for the database: {error.strerror}",
                hint="choose another path with --db or QUOTES_DATABASE_URL",
            ) from error
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT})
        event.listen(engine, "connect", _sqlite_pragmas)
        # Many rows are inserted in a few multi-row INSERTs ("insertmanyvalues", as
        # SQLAlchemy does for RETURNING) instead of one statement a row: the full-text
        # index's trigger costs far less a row then (it flushes at each statement's end).
        engine.dialect.use_insertmanyvalues_wo_returning = True
    else:
        engine = create_engine(parsed)
    return engine


def lock_for_writing(connection: Connection) -> None:
    """Make the transaction just begun on `connection` the database's only writer until
    it ends, waiting for the one holding the lock (see the module docstring).

    Must be the transaction's first statement (SQLite begins the transaction with it).
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Foreign keys on, and write-ahead logging (kept in the file, so set once). Switching
    the journal mode fails at once, without waiting, while another process holds a lock
    (one creating the same database): it is retried for up to BUSY_TIMEOUT seconds.

    `synchronous=NORMAL`, SQLite's advice for WAL: the log is flushed to disk at each
    checkpoint instead of at each commit (a few ms each, most of a small ingest batch's
    waiting). The database stays consistent whatever happens, and a committed
    transaction survives the process being killed; only a power loss or an operating
    system crash may take back the last transactions, whole (re-run the ingest)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    cursor.close()


def _shown(engine: Engine) -> str:
    """The URL as the user can pass it back to --db, password hidden."""
    return engine.url.render_as_string(hide_password=True)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration built in code (no alembic.ini needed), on `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def known_revisions() -> list[str]:
    """The revisions this version of quotes knows, newest (the head) first."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return [script.revision for script in scripts.walk_revisions()]


def _revision(connection: Connection) -> str | None:
    """The database's revision; None for an empty database; QuotesError for a foreign one."""
    tables = set(inspect(connection).get_table_names())
    if not tables:
        return None
    if "alembic_version" not in tables:
        raise QuotesError("this database is not a quotes database (it has other tables)",
                          hint="choose another file or URL with --db")
    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _connect(engine: Engine) -> Iterator[Connection]:
    """A connection, turning driver failures into a QuotesError naming the database."""
    try:
        with engine.connect() as connection:
            yield connection
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        if "file is not a database" in reason:
            raise QuotesError(f"{_shown(engine)} is not a quotes database ({reason})",
                              hint="choose another file or URL with --db") from error
        raise QuotesError(f"cannot use the database {_shown(engine)}: {reason}",
                          hint=_CONNECT_HINTS[engine.dialect.name]) from error


# What to try when a database cannot be used, by backend.
_CONNECT_HINTS = {
    "postgresql": "check that the server runs and the URL's user, host, port and database "
                  "are right (postgresql://USER@HOST:PORT/NAME), or use an SQLite file: --db quotes.db",
    "sqlite": "check that the file and its folder can be read and written, or choose another "
              "with --db",
}


def _migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    """Run Alembic upgrade/downgrade to `revision` on one fresh connection.

    migrations/env.py turns SQLite foreign keys off on it; they go back on here,
    after the commit (the pragma does nothing inside a transaction).
    """
    with _connect(engine) as connection:
        config = alembic_config(connection)
        (command.downgrade if down else command.upgrade)(config, revision)
        connection.commit()
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def _create_schema(engine: Engine, head: str) -> None:
    """Create the schema at `head` in a database that was empty when looked at, unless
    another process does it first: the creation holds the writer lock and looks again.

    (An empty database has no rows for SQLite's batch mode to copy, so foreign keys,
    still on inside this transaction, change nothing.)
    """
    with _connect(engine) as connection:
        lock_for_writing(connection)
        if _revision(connection) is None:
            command.upgrade(alembic_config(connection), head)
        connection.commit()


def open_database(value: str | None) -> Engine:
    """An engine on a quotes database at the newest revision (a new empty one is created).

    Raises QuotesError when the database is older (hint: `quotes db upgrade`),
    newer than this version of quotes, not a quotes database, or unreachable.
    """
    engine = create(value)
    try:
        _bring_to_head(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _bring_to_head(engine: Engine) -> None:
    """Create the schema in an empty database; refuse one at another revision."""
    revisions = known_revisions()
    head = revisions[0]
    with _connect(engine) as connection:
        current = _revision(connection)
    if current is None:
        _create_schema(engine, head)
        return
    if current not in revisions:
        raise QuotesError(
            f"the database is at revision {current}, unknown to this version of quotes",
            hint="upgrade quotes (pip install -U quotes) to use this database",
        )
    elif current != head:
        raise QuotesError(
            f"the database is at revision {current}, older than this version of quotes ({head})",
            hint=f"run: quotes db upgrade --db {_shown(engine)}",
        )


def upgrade(value: str | None, revision: str = "head") -> tuple[str | None, str | None]:
    """Upgrade (or create) the database to `revision`; return (before, after)."""
    return _change(value, revision, down=False)


def downgrade(value: str | None, revision: str = "-1") -> tuple[str | None, str | None]:
    """Downgrade the database to `revision` ("-1": one step, "base": empty); return (before, after).
    A missing SQLite file is a QuotesError, never created."""
    _must_exist(value)
    return _change(value, revision, down=True)


def _must_exist(value: str | None) -> None:
    """QuotesError when `value` names an SQLite file that does not exist."""
    url = make_url(database_url(value))
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        raise QuotesError(f"no database at {url.database}",
                          hint=f"create it with: quotes db upgrade --db {url.database}")


def _change(value: str | None, revision: str, *, down: bool) -> tuple[str | None, str | None]:
    engine = create(value)
    try:
        with _connect(engine) as connection:
            before = _revision(connection)
        try:
            _migrate(engine, revision, down=down)
        except CommandError as error:  # unknown revision, or one in the wrong direction
            raise QuotesError(f"cannot migrate to {revision!r}: {error}",
                              hint=f"known revisions: {', '.join(reversed(known_revisions()))}") from error
        with _connect(engine) as connection:
            return before, _revision(connection)
    finally:
        engine.dispose()


def current_revision(value: str | None) -> str | None:
    """The database's revision, None when it is empty. Does not create a missing SQLite file."""
    _must_exist(value)
    engine = create(value)
    try:
        with _connect(engine) as connection:
            return _revision(connection)
    finally:
        engine.dispose()


@contextmanager
def session(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises.

    With `write`, its transaction holds the writer lock (`lock_for_writing`) from the
    start: use it for every transaction that decides what to write from what it reads.
    A string longer than its column is cut to fit before it is written, on both
    backends (PostgreSQL would refuse it, SQLite keep it whole); each cut is noted in
    `current.info["truncated"]`. Objects stay readable after the block (no expiry
    on commit), but relationships not yet loaded cannot be loaded once it is closed.
    """
    with Session(engine, expire_on_commit=False) as current:
        event.listen(current, "before_flush", _fit_strings)
        try:
            if write:
                lock_for_writing(current.connection())
            yield current
            current.commit()
        except BaseException:
            current.rollback()
            raise


def _fit_strings(current: Session, _context, _instances) -> None:
    """before_flush: cut each new or changed string value to its column's length."""
    for instance in (*current.new, *current.dirty):
        for attribute in inspect(instance).mapper.column_attrs:
            value = getattr(instance, attribute.key)
            fitted = fit(attribute.columns[0], value, current.info.setdefault("truncated", []))
            if fitted is not value:
                setattr(instance, attribute.key, fitted)


def insert_rows(connection: Connection, table: Table, rows: list[dict]) -> list[int]:
    """Insert `rows` into `table` (an integer primary key `id` the database assigns) in
    one statement or a few; return their ids, in the order of `rows`.

    PostgreSQL returns them in order from batched INSERT ... RETURNING. SQLite cannot
    say which RETURNING row is which in a multi-row INSERT, so SQLAlchemy would insert
    one row a statement; instead the ids are given here, following the largest, under
    the writer lock the caller holds (`lock_for_writing`; without it, SQLite refuses
    the write of a transaction whose reads are out of date).
    """
    if not rows:
        return []
    if connection.dialect.name != "sqlite":
        return connection.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        ).scalars().all()
    first = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one() + 1
    ids = list(range(first, first + len(rows)))
    connection.execute(insert(table), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
    return ids


def fit_row(table: Table, row: dict, notes: list[str]) -> dict:
    """`row` (column name -> value) with every string cut to its column's length (`fit`)."""
    for column, length in _limited(table):
        value = row.get(column.name)
        if isinstance(value, str) and len(value) > length:  # `fit` only where it cuts
            row[column.name] = fit(column, value, notes)
    return row


@cache
def _limited(table: Table) -> tuple[tuple[Column, int], ...]:
    """The string columns of `table` with a length, and that length."""
    return tuple((c, c.type.length) for c in table.columns
                 if isinstance(c.type, String) and c.type.length)


def fit(column: Column, value, notes: list[str]):
    """`value` cut to the column's length when it is a longer string (noting the cut in
    `notes`), else `value` itself; for rows written without the ORM (see `session`)."""
    if (isinstance(column.type, String) and column.type.length
            and isinstance(value, str) and len(value) > column.type.length):
        notes.append(f"{column.table.name}.{column.name} cut to {column.type.length:,} characters "
                     f"(was {len(value):,})")
        return value[: column.type.length]
    return value
