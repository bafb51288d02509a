"""`quotes db upgrade|downgrade|current|path|info`: where the database is, its schema revision."""

from __future__ import annotations

from typing import Annotated

import typer

from quotes.cli.options import DbOption, FormatOption
from quotes.cli.output import Format, write
from quotes.db import engine
from quotes.db.info import database_info, database_location
from quotes.errors import QuotesError

app = typer.Typer(help="Where the database is; show or change its schema revision.", no_args_is_help=True)

RevisionOption = Annotated[str, typer.Option("--revision", "-r", help="Target revision.")]


def _report(action: str, before: str | None, after: str | None) -> None:
    typer.echo(f"{action} database from {before or 'empty'} to {after or 'empty'}", err=True)


@app.command()
def upgrade(db: DbOption = None, revision: RevisionOption = "head") -> None:
    """Upgrade the database (or create it) to REVISION, the newest by default."""
    _report("Upgraded", *engine.upgrade(db, revision))


@app.command()
def downgrade(
    db: DbOption = None,
    revision: RevisionOption = "-1",
    yes: Annotated[bool, typer.Option("--yes", help="Confirm removing everything (--revision base).")]
        = False,
) -> None:
    """Downgrade the database to REVISION: one step back by default, 'base' removes
    everything (asks for --yes). A database that does not exist is not created."""
    if revision == "base" and not yes:
        raise QuotesError("--revision base removes every table and all the data in them",
                          hint="add --yes to confirm, or back up the database first")
    _report("Downgraded", *engine.downgrade(db, revision))


@app.command()
def current(db: DbOption = None) -> None:
    """Print the database's revision (nothing for an empty database)."""
    revision = engine.current_revision(db)
    if revision is None:
        typer.echo("The database is empty (no revision).", err=True)
        return
    typer.echo(revision)
    if revision not in engine.known_revisions():
        raise QuotesError(f"revision {revision} is unknown to this version of quotes",
                          hint="upgrade quotes (pip install -U quotes) to use this database")


@app.command()
def path(db: DbOption = None) -> None:
    """Print where the database is: its SQLite file (default: in the user data directory)
    or its URL. Does not create it."""
    typer.echo(database_location(db))


@app.command()
def info(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """Print the database's location, revision and how many documents, quotes, speakers
    and statements it holds."""
    write([database_info(db)], fmt)
