"""`quotes export`: everything a speaker said, as data or as a Markdown dossier; or every
quote in the database as data (`--all`), for pandas, polars or DuckDB."""

from __future__ import annotations

import sys
from enum import Enum
from itertools import chain
from typing import Annotated

import typer

from quotes.cli.options import DbOption, TypeChoice, TypeOption, quote_type
from quotes.cli.output import Format, write, write_parquet
from quotes.cli.speakers import pick_speaker
from quotes.db.engine import open_database, session
from quotes.db.search import all_quotes
from quotes.errors import QuotesError
from quotes.identity.statements import (
    dossier_markdown,
    quote_rows,
    speaker_dossier,
    speaker_quotes,
    statement_rows,
)
from quotes.records import QUOTE_FIELDS, quote_record

ExportFormat = Enum("ExportFormat", {name: name for name in (
    Format.markdown.value, Format.csv.value, Format.json.value, Format.ndjson.value, "parquet")},
    type=str)
DATA = "csv, json, ndjson or parquet"


def export(
    speaker: Annotated[str | None, typer.Option(
        help="Speaker name or alias (case and accents ignored).")] = None,
    all_quotes_: Annotated[bool, typer.Option(
        "--all", help=f"Every quote in the database, one row each ({DATA}).")] = False,
    by_statement: Annotated[bool, typer.Option(
        "--by-statement", help="Each statement once, with every outlet and wording.")] = False,
    type_: TypeOption = TypeChoice.speech,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")
                   ] = ExportFormat.markdown,
    db: DbOption = None,
) -> None:
    """Export a speaker's quotes with date, outlet, title, kind, role and context.
    markdown (default) is a dossier to paste into notes; csv, json, ndjson, parquet are data.
    With --all, every quote (speaker, article and statement columns), streamed."""
    if all_quotes_ == (speaker is not None):
        raise QuotesError("give either --speaker NAME or --all",
                          hint="quotes export --speaker NAME, or quotes export --all -f parquet")
    if all_quotes_ and (by_statement or fmt is ExportFormat.markdown):
        raise QuotesError("--all exports quotes as data, one row each",
                          hint=f"add --format: {DATA} (and no --by-statement)")
    if fmt is ExportFormat.parquet and by_statement:
        raise QuotesError("--by-statement is written as csv, json, ndjson or markdown, not parquet")
    if fmt is ExportFormat.parquet and sys.stdout.isatty():
        raise QuotesError("Parquet is binary: it is not written to a terminal",
                          hint="send it to a file: quotes export ... -f parquet > quotes.parquet")
    with session(open_database(db)) as db_session:
        if all_quotes_:
            noun, count = "quote", _write(
                (quote_record(q) for q in all_quotes(db_session, quote_type=quote_type(type_))),
                fmt)
            typer.echo(f"{count} {noun}{'s' * (count != 1)}", err=True)
            return
        chosen = pick_speaker(db_session, speaker)
        if by_statement or fmt is ExportFormat.markdown:
            dossier = speaker_dossier(db_session, chosen, by_statement=by_statement,
                                      quote_type=quote_type(type_))
            if fmt is ExportFormat.markdown:
                typer.echo(dossier_markdown(dossier, by_statement=by_statement))
                count = len(dossier.statements() if by_statement else dossier.quotes)
            else:
                count = write(statement_rows(dossier), Format(fmt.value))
        else:  # one row per quote, streamed
            count = _write(quote_rows(speaker_quotes(db_session, chosen,
                                                     quote_type=quote_type(type_))), fmt)
    noun = "statement" if by_statement else "quote"
    typer.echo(f"{count} {noun}{'s' * (count != 1)} of {chosen.name}", err=True)


def _write(rows, fmt: ExportFormat) -> int:
    """Write quote rows in `fmt` to stdout; Parquet with the quote record's columns
    (a speaker's rows add "context", written as text)."""
    if fmt is not ExportFormat.parquet:
        return write(rows, Format(fmt.value))
    rows = iter(rows)
    first = next(rows, None)
    fields = QUOTE_FIELDS | {key: str for key in (first or {}) if key not in QUOTE_FIELDS}
    count = write_parquet(chain([first] if first else [], rows), sys.stdout.buffer, fields)
    sys.stdout.buffer.flush()
    return count

