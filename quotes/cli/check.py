"""`quotes check` (was this said, by whom, in these words?) and `quotes show` (one in context)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from quotes.cli.options import DbOption, FormatOption, TypeChoice, TypeOption, quote_type
from quotes.cli.output import Format, write
from quotes.cli.speakers import fitting_speakers
from quotes.db.engine import open_database, session
from quotes.identity.check import CheckResult, check_quote, quote_view


def check(
    text: Annotated[str, typer.Argument(help="The quotation to check, as you have it.")],
    speaker: Annotated[str | None, typer.Option(
        help="Who it is attributed to (name or alias; case and accents ignored). "
             "A name several speakers fit checks all of them.")] = None,
    type_: TypeOption = TypeChoice.speech,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Check a quotation against the database: the verdict, then every occurrence with the
    differences marked ([-your words-]{+their words+}).

    It considers what was said (--type speech) unless told otherwise. Exit status, one
    per verdict: 0 found as worded, 3 found in other words, 4 found only as a partial
    quote, 5 found only attributed to someone else, 2 not found (1: an error).
    """
    with session(open_database(db)) as db_session:
        chosen = fitting_speakers(db_session, speaker) if speaker else []
        result = check_quote(db_session, text, chosen, speaker_query=speaker,
                             quote_type=quote_type(type_))
    if fmt is Format.json:  # one object, not a list of rows
        write([result.to_dict()], Format.ndjson)
    elif fmt is Format.table:
        _print_result(result)
    else:
        # rows: the diff as marked text ("marked"), not its structured parts
        write(({k: v for k, v in o.to_dict().items() if k != "diff"} for o in result.occurrences),
              fmt)
        typer.echo(result.summary, err=True)
    raise typer.Exit(result.exit_status)


def _print_result(result: CheckResult) -> None:
    """The human view: verdict, earliest occurrence, then each occurrence and its diff."""
    typer.echo(result.summary)
    if result.speaker_query and not result.speakers:
        typer.echo(f"no speaker matches {result.speaker_query!r}")
    if result.earliest:
        e = result.earliest
        typer.echo(f"earliest: {e.date or 'undated'}, {e.outlet or e.source} (quote {e.quote_id})")
    for o in result.occurrences:
        who = o.speaker_as_written or o.speaker or "unknown speaker"
        role = f" ({o.role})" if o.role and o.role not in who else ""
        typer.echo(f"\n#{o.quote_id}  {o.date or 'undated'}  {o.outlet or o.source}  {who}{role}")
        typer.echo(f"    {o.kind} quote, {o.relation.replace('_', ' ')}, {o.match.reason}")
        typer.echo(f"    {o.marked}")


def show(
    quote_id: Annotated[int, typer.Argument(help="The quote's id (see quotes search).")],
    fmt: Annotated[Format, typer.Option(
        "--format", "-f", help="Output format: table (readable text) or json.")] = Format.table,
    db: DbOption = None,
) -> None:
    """Show a quote in its article: the paragraph with the quoted words highlighted,
    the attribution sentence and the article's metadata."""
    with session(open_database(db)) as db_session:
        view = quote_view(db_session, quote_id)
        metadata = view.metadata()
        others = [f"#{q.id} {q.document.outlet or q.document.source}" for q in view.same_statement]
    if fmt is not Format.table:
        row = metadata | {"context": view.context, "marked": view.marked(),
                          "attribution": view.attribution}
        write([row], Format.ndjson if fmt is Format.json else fmt)  # json: one object
        return
    tty = sys.stdout.isatty()
    marks = (("\x1b[1;4m", "\x1b[0m") if tty else (">>>", "<<<"))
    typer.echo(view.marked(*marks))
    typer.echo(f"\nAttribution: {view.attribution}\n")
    for key, value in metadata.items():
        if value not in (None, "", []) and key != "same_statement":
            typer.echo(f"{key:>18}: {value}")
    if others:
        typer.echo(f"{'same statement':>18}: {', '.join(others)}")
