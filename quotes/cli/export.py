"""`quotes export`: everything a speaker said, as data or as a Markdown dossier."""

from __future__ import annotations

from typing import Annotated

import typer

from quotes.cli.options import DbOption, FormatOption, TypeChoice, TypeOption, quote_type
from quotes.cli.output import Format, write
from quotes.cli.speakers import pick_speaker
from quotes.db.engine import open_database, session
from quotes.identity.statements import (
    dossier_markdown,
    quote_rows,
    speaker_dossier,
    statement_rows,
)


def export(
    speaker: Annotated[str, typer.Option(help="Speaker name or alias (case and accents ignored).")],
    by_statement: Annotated[bool, typer.Option(
        "--by-statement", help="Each statement once, with every outlet and wording.")] = False,
    type_: TypeOption = TypeChoice.speech,
    fmt: FormatOption = Format.markdown,
    db: DbOption = None,
) -> None:
    """Export a speaker's quotes with date, outlet, title, kind, role and context.
    markdown (default) is a dossier to paste into notes; csv, json, ndjson are data."""
    with session(open_database(db)) as db_session:
        dossier = speaker_dossier(db_session, pick_speaker(db_session, speaker),
                                  by_statement=by_statement, quote_type=quote_type(type_))
        if fmt is Format.markdown:
            typer.echo(dossier_markdown(dossier, by_statement=by_statement))
            count = len(dossier.statements() if by_statement else dossier.quotes)
        else:
            count = write(statement_rows(dossier) if by_statement else quote_rows(dossier), fmt)
    noun = "statement" if by_statement else "quote"
    typer.echo(f"{count} {noun}{'s' * (count != 1)} of {dossier.speaker.name}", err=True)
