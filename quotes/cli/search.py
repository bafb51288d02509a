"""`quotes search`: find quotes by words, speaker, outlet, date and kind."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import typer

from quotes.cli.options import DbOption, FormatOption, TypeChoice, TypeOption, quote_type
from quotes.cli.output import Format, write
from quotes.cli.speakers import pick_speaker
from quotes.db.engine import open_database, session
from quotes.db.models import QUOTE_KINDS
from quotes.db.search import search_quotes
from quotes.records import QUOTE_COLUMNS, quote_record

Kind = Enum("Kind", {kind: kind for kind in QUOTE_KINDS}, type=str)
SinceOption = typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="On or after this day.")
UntilOption = typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="On or before this day.")


def search(
    text: Annotated[str | None, typer.Argument(
        help='Words to find (all of them); "a phrase" in quotes. None: the latest quotes.')] = None,
    speaker: Annotated[str | None, typer.Option(
        help="Speaker name, alias, spelling variant or id (case and accents ignored).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet, e.g. Bloomberg (case ignored).")] = None,
    since: Annotated[datetime | None, SinceOption] = None,
    until: Annotated[datetime | None, UntilOption] = None,
    kind: Annotated[Kind | None, typer.Option(help="Kind of quote.")] = None,
    type_: TypeOption = TypeChoice.speech,
    limit: Annotated[int, typer.Option(min=1, help="At most this many quotes.")] = 50,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Search quotes: best matches first, then newest. Dates are the statement's, else the article's."""
    with session(open_database(db)) as db_session:
        quotes = search_quotes(
            db_session, text,
            speaker_ids=[pick_speaker(db_session, speaker).id] if speaker else None,
            outlet=outlet,
            since=since.date() if since else None,
            until=until.date() if until else None,
            kind=kind.value if kind else None,
            quote_type=quote_type(type_),
            limit=limit,
        )
        count = write((quote_record(quote) for quote in quotes), fmt, columns=QUOTE_COLUMNS)
    typer.echo(f"{count} quote{'s' * (count != 1)} found", err=True)
