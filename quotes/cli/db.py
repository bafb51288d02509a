"""`quotes db upgrade|downgrade|current`: the database's schema revision."""

from __future__ import annotations

from typing import Annotated

import typer

from quotes.cli.options import DbOption
from quotes.db import engine

app = typer.Typer(help="Show or change the database's schema revision.", no_args_is_help=True)

RevisionOption = Annotated[str, typer.Option("--revision", "-r", help="Target revision.")]


def _report(action: str, before: str | None, after: str | None) -> None:
    typer.echo(f"{action} database from {before or 'empty'} to {after or 'empty'}", err=True)


@app.command()
def upgrade(db: DbOption = None, revision: RevisionOption = "head") -> None:
    """Upgrade the database (or create it) to REVISION, the newest by default."""
    _report("Upgraded", *engine.upgrade(db, revision))


@app.command()
def downgrade(db: DbOption = None, revision: RevisionOption = "-1") -> None:
    """Downgrade the database to REVISION: one step back by default, 'base' removes everything."""
    _report("Downgraded", *engine.downgrade(db, revision))


@app.command()
def current(db: DbOption = None) -> None:
    """Print the database's revision (nothing for an empty database)."""
    revision = engine.current_revision(db)
    if revision is None:
        typer.echo("The database is empty (no revision).", err=True)
    else:
        typer.echo(revision)
