"""`quotes speakers`: list speakers, show one speaker's profile, and curate them.

    quotes speakers                      the list, most quoted first
    quotes speakers NAME                 one speaker's profile (same as: speakers profile NAME)
    quotes speakers merge A B [--yes]    B becomes A (asks first when kept apart as different)
    quotes speakers rename A NEW_NAME
    quotes speakers alias add|remove A ALIAS
    quotes speakers split QUOTE_ID... --to A | --new NAME
    quotes speakers history / undo [CHANGE_ID]

A speaker is given by name (any alias or spelling) or by id. When a name fits
several speakers, the profile says on stderr which one it shows and lists the
others; a change (merge, rename...) refuses to guess and asks for the id.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer
from sqlalchemy.orm import Session
from typer.core import TyperGroup

from quotes.cli.options import DbOption, FormatOption
from quotes.cli.output import Format, write
from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.errors import QuotesError
from quotes.identity import curation
from quotes.identity.speakers import (
    find_speaker,
    list_speakers,
    quote_counts,
    speaker_profile,
)

PROFILE = "profile"


class SpeakersGroup(TyperGroup):
    """`speakers NAME` shows a profile: a first word that is not a subcommand is a name."""

    def resolve_command(self, ctx: typer.Context, args: list[str]):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = [PROFILE, *args]
        return super().resolve_command(ctx, args)


app = typer.Typer(
    cls=SpeakersGroup,
    invoke_without_command=True,
    no_args_is_help=False,
    help="List speakers, show a profile (speakers NAME), and curate them.",
)
alias_app = typer.Typer(help="Add or remove a name a speaker is known by.", no_args_is_help=True)
app.add_typer(alias_app, name="alias")

Kind = Enum("Kind", {kind: kind for kind in models.SPEAKER_KINDS}, type=str)
SpeakerArgument = Annotated[
    str, typer.Argument(help="Speaker name, alias or id.", show_default=False)
]


def _candidates_text(db_session: Session, candidates: list[models.Speaker]) -> str:
    counts = quote_counts(db_session, [c.id for c in candidates])
    return "; ".join(f"#{c.id} {c.name} ({counts.get(c.id, 0)} quotes)" for c in candidates)


def pick_speaker(db_session: Session, name: str, *, exact: bool = False,
                 required: bool = True) -> models.Speaker | None:
    """The speaker a user means by `name` (an alias, a spelling variant, or an id).

    Several candidates: with `exact`, a QuotesError listing them (for changes);
    otherwise the best one, saying on stderr which was chosen and the others.
    None matches: a QuotesError, or None when not `required`. Shared with every
    command's --speaker option.
    """
    chosen, candidates = find_speaker(db_session, name)
    if chosen is None and not required:
        return None
    if chosen is None:
        raise QuotesError(
            f"no speaker matches {name!r}", hint="list speakers with: quotes speakers"
        )
    if len(candidates) > 1:
        listed = _candidates_text(db_session, candidates)
        if exact:
            raise QuotesError(
                f"{name!r} fits {len(candidates)} speakers: {listed}",
                hint="give the speaker's id instead of the name",
            )
        typer.echo(
            f"{name!r} fits {len(candidates)} speakers; using #{chosen.id} {chosen.name}. "
            f"Candidates: {listed}",
            err=True,
        )
    return chosen


def fitting_speakers(db_session: Session, name: str) -> list[models.Speaker]:
    """Every speaker `name` fits, best first (empty when none); several: said on stderr.

    For `check`, which considers them all rather than guessing one."""
    candidates = find_speaker(db_session, name, every_fit=True)[1]
    if len(candidates) > 1:
        typer.echo(f"{name!r} fits {len(candidates)} speakers; checking all of them: "
                   f"{_candidates_text(db_session, candidates)}", err=True)
    return candidates


@app.callback()
def speakers(
    ctx: typer.Context,
    kind: Annotated[Kind | None, typer.Option(help="Only speakers of this kind.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many speakers.")] = 50,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """List speakers with quote counts, most quoted first; `speakers NAME` shows a profile."""
    if ctx.invoked_subcommand is not None:
        # `speakers --db X NAME`: the subcommand's --db and --format default to the group's.
        ctx.default_map = _defaults(ctx.command, {"db": db, "fmt": fmt.value})
        return
    with session(open_database(db)) as db_session:
        count = write(
            list_speakers(db_session, kind=kind.value if kind else None, limit=limit), fmt
        )
    typer.echo(f"{count} speaker{'s' * (count != 1)}", err=True)


def _defaults(group, values: dict) -> dict:
    """A click default_map giving every subcommand (nested groups too) these option values."""
    return {
        name: _defaults(command, values) if hasattr(command, "commands") else values
        for name, command in group.commands.items()
    }


@app.command(PROFILE)
def profile(name: SpeakerArgument, fmt: FormatOption = Format.table, db: DbOption = None) -> None:
    """A speaker's aliases and where seen, roles over time, quotes by outlet, duplicates."""
    with session(open_database(db)) as db_session:
        shown = speaker_profile(db_session, pick_speaker(db_session, name))
    if fmt in (Format.json, Format.ndjson):
        write([shown], fmt)
        return
    sections = {
        "Aliases": "aliases",
        "Roles": "roles",
        "Quotes by outlet": "outlets",
        "Merged into this speaker": "merged",
        "Possible duplicates": "duplicates",
    }
    # The speaker's own fields; those without a value (a person's document) are left out.
    write([{k: v for k, v in shown.items() if k not in sections.values() and v is not None}],
          fmt)
    for title, key in sections.items():
        if shown[key]:
            typer.echo(f"\n{title}")
            write(shown[key], fmt)


def _change(db: str | None, make) -> None:
    """Run one curation change in a transaction holding the writer lock (so that an
    ingest running meanwhile sees it whole, before or after), and say what was done."""
    with session(open_database(db), write=True) as db_session:
        edit = make(db_session)
        typer.echo(f"#{edit.id} {edit.summary} (undo: quotes speakers undo)", err=True)


@app.command()
def merge(
    keep: Annotated[
        str, typer.Argument(help="The speaker to keep (name or id).", show_default=False)
    ],
    other: Annotated[str, typer.Argument(help="The speaker merged into it.", show_default=False)],
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Merge without asking, even people kept apart as different.")] = False,
    db: DbOption = None,
) -> None:
    """Merge OTHER into KEEP: its quotes move, its names find KEEP (also on re-ingest).

    When the profile lists them as possibly different people, it says why and asks first.
    """

    if not yes:  # asked before the change, which holds the writer lock
        with session(open_database(db)) as s:
            kept, merged = pick_speaker(s, keep, exact=True), pick_speaker(s, other, exact=True)
            doubt = curation.merge_doubt(s, kept, merged)
        if doubt:
            typer.echo(f"Warning: {kept.name} (#{kept.id}) and {merged.name} (#{merged.id}) "
                       f"were kept apart as possibly different people: {doubt}", err=True)
            try:
                confirmed = typer.confirm("Merge them anyway?", err=True)
            except typer.Abort:  # no answer (end of input)
                confirmed = False
            if not confirmed:
                raise QuotesError("nothing merged", hint="add --yes to merge them anyway")
    _change(db, lambda s: curation.merge(s, pick_speaker(s, keep, exact=True),
                                         pick_speaker(s, other, exact=True)))


@app.command()
def rename(
    speaker: SpeakerArgument,
    name: Annotated[str, typer.Argument(help="The new display name.", show_default=False)],
    db: DbOption = None,
) -> None:
    """Give a speaker a new display name (kept as an alias too)."""
    _change(db, lambda s: curation.rename(s, pick_speaker(s, speaker, exact=True), name))


AliasArgument = Annotated[str, typer.Argument(help="The alias.", show_default=False)]


@alias_app.command("add")
def alias_add(speaker: SpeakerArgument, alias: AliasArgument, db: DbOption = None) -> None:
    """Add a name the speaker is also known by."""
    _change(db, lambda s: curation.add_alias(s, pick_speaker(s, speaker, exact=True), alias))


@alias_app.command("remove")
def alias_remove(speaker: SpeakerArgument, alias: AliasArgument, db: DbOption = None) -> None:
    """Take a name away from a speaker: it no longer finds or attaches to them."""
    _change(db, lambda s: curation.remove_alias(s, pick_speaker(s, speaker, exact=True), alias))


@app.command()
def split(
    quote_ids: Annotated[
        list[int], typer.Argument(help="Ids of the quotes to move.", show_default=False)
    ],
    to: Annotated[str | None, typer.Option(help="Move them to this speaker (name or id).")] = None,
    new: Annotated[
        str | None, typer.Option(help="Move them to a new person with this name.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Move chosen quotes to another speaker; kept when the articles are extracted again."""
    if (to is None) == (new is None):
        raise QuotesError("give exactly one of --to SPEAKER or --new NAME")
    _change(
        db, lambda s: curation.split(s, quote_ids, new if new else pick_speaker(s, to, exact=True))
    )


@app.command()
def history(
    limit: Annotated[int, typer.Option(min=1, help="At most this many changes.")] = 50,
    fmt: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """The log of speaker changes, newest first."""
    with session(open_database(db)) as db_session:
        count = write(curation.history(db_session, limit), fmt)
    typer.echo(f"{count} change{'s' * (count != 1)}", err=True)


@app.command()
def undo(
    edit_id: Annotated[
        int | None,
        typer.Argument(help="The change to undo (see history); default: the latest one "
                            "still in effect."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Undo the latest speaker change still in effect, or an earlier one by its id when no
    later change depends on it (else it names the change to undo first)."""
    with session(open_database(db), write=True) as db_session:
        edit = curation.undo(db_session, edit_id)
        typer.echo(f"undid #{edit.id}: {edit.summary}", err=True)
