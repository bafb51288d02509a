"""The user's corrections to speakers: merge, rename, alias add/remove, split, and undo.

Every change is one `SpeakerEdit` row (what, when, and the `payload` undoing it
needs) and is kept across re-ingest and re-extraction:
- merge B into A: B keeps its row and aliases with `merged_into_id` = A, so a
  re-ingest that finds B's names lands on A; B's quotes move to A;
- alias remove: the alias row stays with origin "removed", so it never matches
  and a re-ingest does not add it again;
- split: moved quotes get a `SpeakerOverride` (document, content span), which
  `attach_speakers` applies when the quote is extracted again; when a newer
  detector finds the quote with other bounds, `quotes reprocess` moves the
  override (and the split's log entry) to them (`move_override`);
- a speaker any change names is never removed by `quotes reprocess`
  (`curated_speakers`).

`undo` reverses the most recent change not yet undone, or any earlier one by
its id when no later change still in effect depends on it: a later change
depends on an earlier one when it touches what the earlier one wrote (a
speaker's name, an alias, a merged speaker, a moved quote, a speaker the
earlier one created). Not handled: undoing an undo (make the change again),
editing quotes ingested after a merge back onto the merged speaker when the
merge is undone (they stay with the kept speaker), dependencies through quotes
re-extracted since a merge (their ids are new).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotes.db import models
from quotes.db.models import utcnow
from quotes.errors import QuotesError
from quotes.identity.names import alias_keys, normalize_name, same_person
from quotes.identity.speakers import merged_family, possible_duplicates, resolve


def _log(session: Session, action: str, summary: str, payload: dict) -> models.SpeakerEdit:
    edit = models.SpeakerEdit(action=action, summary=summary, payload=payload, at=utcnow())
    session.add(edit)
    session.flush()
    return edit


def merge(session: Session, keep: models.Speaker, other: models.Speaker) -> models.SpeakerEdit:
    """Merge `other` into `keep`: its quotes move, its names now find `keep`."""
    keep, other = resolve(session, keep), resolve(session, other)
    if keep.id == other.id:
        raise QuotesError(
            f"{keep.name} (#{keep.id}) is already that speaker", hint="give two different speakers"
        )
    moved = session.scalars(select(models.Quote).where(models.Quote.speaker_id == other.id)).all()
    for quote in moved:
        quote.speaker_id = keep.id
    other.merged_into_id = keep.id
    return _log(
        session,
        "merge",
        f"merged {other.name} (#{other.id}) into {keep.name} (#{keep.id})",
        {"keep": keep.id, "other": other.id, "quotes": [q.id for q in moved]},
    )


def merge_doubt(session: Session, keep: models.Speaker, other: models.Speaker) -> str | None:
    """Why `keep`'s profile lists `other` as possibly a different person ("same surname,
    different given names"), or None when it does not. Merging is still allowed."""
    keep, other = resolve(session, keep), resolve(session, other)
    if not any(s.id == other.id for s, _ in possible_duplicates(session, keep)):
        return None
    merged, reason = same_person(keep.name, other.name)
    return None if merged else reason


def rename(session: Session, speaker: models.Speaker, name: str) -> models.SpeakerEdit:
    """Give a speaker a new display name; the name also becomes a user alias."""
    name = " ".join(name.split())
    if not name:
        raise QuotesError("the new name is empty")
    old = speaker.name
    speaker.name = name
    alias = _find_alias(session, speaker, name)
    created = alias is None
    if created:
        alias = _new_alias(session, speaker, name)
    return _log(
        session,
        "rename",
        f"renamed #{speaker.id} {old} -> {name}",
        {"speaker": speaker.id, "old": old, "new": name, "alias": alias.id if created else None},
    )


def add_alias(session: Session, speaker: models.Speaker, alias: str) -> models.SpeakerEdit:
    """Add a name the speaker is also known by (or restore one removed earlier)."""
    row = _find_alias(session, speaker, alias)
    if row is not None and row.origin != "removed":
        raise QuotesError(f"{speaker.name} (#{speaker.id}) already has the alias {row.alias!r}")
    previous = row.origin if row is not None else None
    if row is None:
        row = _new_alias(session, speaker, alias)
    else:
        row.origin = "user"
    return _log(
        session,
        "alias add",
        f"added alias {alias!r} to {speaker.name} (#{speaker.id})",
        {"alias": row.id, "previous_origin": previous},
    )


def remove_alias(session: Session, speaker: models.Speaker, alias: str) -> models.SpeakerEdit:
    """Take a name away from a speaker: it no longer finds or attaches to them."""
    row = _find_alias(session, speaker, alias)
    if row is None or row.origin == "removed":
        known = ", ".join(
            repr(a.alias)
            for s in merged_family(session, speaker)
            for a in s.aliases
            if a.origin != "removed"
        )
        raise QuotesError(
            f"{speaker.name} (#{speaker.id}) has no alias {alias!r}",
            hint=f"aliases: {known}" if known else None,
        )
    previous, row.origin = row.origin, "removed"
    return _log(
        session,
        "alias remove",
        f"removed alias {row.alias!r} from {speaker.name} (#{speaker.id})",
        {"alias": row.id, "previous_origin": previous},
    )


def split(
    session: Session, quote_ids: Sequence[int], target: models.Speaker | str
) -> models.SpeakerEdit:
    """Move the chosen quotes to another speaker (a stored one, or a new person by
    name); the choice is kept when the quotes are extracted again."""
    quotes = session.scalars(select(models.Quote).where(models.Quote.id.in_(list(quote_ids)))).all()
    missing = sorted(set(quote_ids) - {q.id for q in quotes})
    if missing or not quotes:
        raise QuotesError(
            f"no quote with id {', '.join(map(str, missing)) or '(none given)'}",
            hint="find quote ids with: quotes search",
        )
    created = None
    if isinstance(target, str):
        created = models.Speaker(name=" ".join(target.split()), kind="person")
        session.add(created)
        session.flush()
        _new_alias(session, created, created.name)
        target = created
    target = resolve(session, target)
    moves = []
    for quote in quotes:
        override = session.scalar(
            select(models.SpeakerOverride).where(
                models.SpeakerOverride.document_id == quote.document_id,
                models.SpeakerOverride.content_start == quote.content_start,
                models.SpeakerOverride.content_end == quote.content_end,
            )
        )
        moves.append(
            {
                "document": quote.document_id,
                "start": quote.content_start,
                "end": quote.content_end,
                "from": quote.speaker_id,
                "override_from": override.speaker_id if override else None,
            }
        )
        if override is None:
            session.add(
                models.SpeakerOverride(
                    document_id=quote.document_id,
                    content_start=quote.content_start,
                    content_end=quote.content_end,
                    speaker_id=target.id,
                )
            )
        else:
            override.speaker_id = target.id
        quote.speaker_id = target.id
    return _log(
        session,
        "split",
        f"moved {len(quotes)} quote(s) to {target.name} (#{target.id})",
        {"to": target.id, "moves": moves, "created": created.id if created else None},
    )


def move_override(session: Session, override: models.SpeakerOverride, start: int, end: int) -> None:
    """Pin the user's speaker for a quote to the quote's new content span (a newer
    detector found it with other bounds), and the splits that made the choice with it,
    so that undoing them still finds the quote."""
    old = {"document": override.document_id, "start": override.content_start,
           "end": override.content_end}
    override.content_start, override.content_end = start, end
    for edit in session.scalars(select(models.SpeakerEdit).where(models.SpeakerEdit.action == "split")):
        moves = [move | {"start": start, "end": end}
                 if {k: move[k] for k in old} == old else move for move in edit.payload["moves"]]
        if moves != edit.payload["moves"]:
            edit.payload = edit.payload | {"moves": moves}  # a new dict: the JSON column is saved


def curated_speakers(session: Session) -> set[int]:
    """Ids of the speakers a change in the log names (merged, kept, renamed, split from or
    to, created), or that carry a user's alias, a removed one, or a user's quote choice."""
    ids: set[int | None] = set()
    for action, p in session.execute(select(models.SpeakerEdit.action, models.SpeakerEdit.payload)):
        if action == "merge":
            ids |= {p["keep"], p["other"]}
        elif action == "rename":
            ids.add(p["speaker"])
        elif action == "split":
            ids |= {p["to"], p["created"]}
            ids |= {speaker for move in p["moves"] for speaker in (move["from"], move["override_from"])}
    ids |= set(session.scalars(select(models.SpeakerAlias.speaker_id)
                               .where(models.SpeakerAlias.origin != "seen")))
    ids |= set(session.scalars(select(models.SpeakerOverride.speaker_id)))
    return ids - {None}


def history(session: Session, limit: int | None = 50) -> list[dict]:
    """The curation log, newest first."""
    edits = session.scalars(
        select(models.SpeakerEdit).order_by(models.SpeakerEdit.id.desc()).limit(limit)
    )
    return [
        {"id": e.id, "at": e.at, "action": e.action, "summary": e.summary, "undone_at": e.undone_at}
        for e in edits
    ]


Touched = set[tuple]  # ("name" | "alias" | "merged" | "quote" | "speaker" | "span", id...)


def _touched(session: Session, edit: models.SpeakerEdit) -> tuple[Touched, Touched]:
    """(what a change wrote, what else it relied on), as keys such as ("quote", 12)."""
    p = edit.payload
    if edit.action == "merge":
        return ({("merged", p["other"]), *(("quote", q) for q in p["quotes"])},
                {("speaker", p["keep"]), ("speaker", p["other"])})
    if edit.action == "rename":
        alias = {("alias", p["alias"])} if p["alias"] is not None else set()
        return {("name", p["speaker"])} | alias, {("speaker", p["speaker"])}
    if edit.action in ("alias add", "alias remove"):
        alias = session.get(models.SpeakerAlias, p["alias"])
        return {("alias", p["alias"])}, {("speaker", alias.speaker_id)} if alias else set()
    # A split: the quotes now at the moved spans, their overrides, the speaker it made.
    spans = {(m["document"], m["start"], m["end"]) for m in p["moves"]}
    quotes = session.execute(select(models.Quote.id, models.Quote.document_id,
                                    models.Quote.content_start, models.Quote.content_end)
                             .where(models.Quote.document_id.in_({d for d, _, _ in spans})))
    written = {("span", *span) for span in spans}
    written |= {("quote", q) for q, *span in quotes if tuple(span) in spans}
    if p["created"] is not None:
        written.add(("speaker", p["created"]))
    relied = {("speaker", p["to"])} | {("speaker", m["from"]) for m in p["moves"] if m["from"]}
    return written, relied


def _blocking(session: Session, edit: models.SpeakerEdit) -> models.SpeakerEdit | None:
    """The first later change still in effect that depends on `edit`, if any."""
    written = _touched(session, edit)[0]
    later = session.scalars(
        select(models.SpeakerEdit)
        .where(models.SpeakerEdit.id > edit.id, models.SpeakerEdit.undone_at.is_(None))
        .order_by(models.SpeakerEdit.id)
    )
    return next((e for e in later if written & set().union(*_touched(session, e))), None)


def undo(session: Session, edit_id: int | None = None) -> models.SpeakerEdit:
    """Undo change `edit_id` (default: the most recent one not yet undone).

    QuotesError when there is nothing to undo, no such change, it is undone
    already, or a later change still in effect depends on it (naming that one).
    """
    latest = (select(models.SpeakerEdit).where(models.SpeakerEdit.undone_at.is_(None))
              .order_by(models.SpeakerEdit.id.desc()).limit(1))
    edit = session.scalar(latest) if edit_id is None else session.get(models.SpeakerEdit, edit_id)
    if edit is None:
        raise QuotesError("nothing to undo" if edit_id is None else f"no change #{edit_id}",
                          hint="see the changes with: quotes speakers history")
    if edit.undone_at is not None:
        raise QuotesError(f"change #{edit.id} ({edit.summary}) is already undone",
                          hint="make the change again instead")
    if (blocking := _blocking(session, edit)) is not None:
        raise QuotesError(
            f"change #{edit.id} ({edit.summary}) cannot be undone: the later change "
            f"#{blocking.id} ({blocking.summary}) depends on it",
            hint=f"undo #{blocking.id} first: quotes speakers undo {blocking.id}",
        )
    p = edit.payload
    if edit.action == "merge":
        session.get(models.Speaker, p["other"]).merged_into_id = None
        for quote in session.scalars(
            select(models.Quote).where(
                models.Quote.id.in_(p["quotes"]), models.Quote.speaker_id == p["keep"]
            )
        ):
            quote.speaker_id = p["other"]
    elif edit.action == "rename":
        session.get(models.Speaker, p["speaker"]).name = p["old"]
        if p["alias"] is not None:
            session.delete(session.get(models.SpeakerAlias, p["alias"]))
    elif edit.action in ("alias add", "alias remove"):
        alias = session.get(models.SpeakerAlias, p["alias"])
        if p["previous_origin"] is None:
            session.delete(alias)
        else:
            alias.origin = p["previous_origin"]
    elif edit.action == "split":
        # By document and span, so quotes extracted again since the split go back too.
        for move in p["moves"]:
            where = (
                models.SpeakerOverride.document_id == move["document"],
                models.SpeakerOverride.content_start == move["start"],
                models.SpeakerOverride.content_end == move["end"],
            )
            override = session.scalar(select(models.SpeakerOverride).where(*where))
            if move["override_from"] is None:
                session.delete(override)
            else:
                override.speaker_id = move["override_from"]
            for quote in session.scalars(
                select(models.Quote).where(
                    models.Quote.document_id == move["document"],
                    models.Quote.content_start == move["start"],
                    models.Quote.content_end == move["end"],
                    models.Quote.speaker_id == p["to"],
                )
            ):
                quote.speaker_id = move["from"]
        session.flush()
        if p["created"] is not None:
            session.delete(session.get(models.Speaker, p["created"]))
    edit.undone_at = utcnow()
    session.flush()
    return edit


def _find_alias(
    session: Session, speaker: models.Speaker, alias: str
) -> models.SpeakerAlias | None:
    """The speaker's (or a speaker merged into it) alias row for this name, any origin."""
    ids = [s.id for s in merged_family(session, speaker)]
    return session.scalar(
        select(models.SpeakerAlias)
        .where(
            models.SpeakerAlias.speaker_id.in_(ids),
            models.SpeakerAlias.normalized == normalize_name(alias),
        )
        .limit(1)
    )


def _new_alias(session: Session, speaker: models.Speaker, alias: str) -> models.SpeakerAlias:
    alias = " ".join(alias.split())
    if not normalize_name(alias):
        raise QuotesError(f"{alias!r} is not a name")
    key, surname = alias_keys(alias, speaker.kind)
    row = models.SpeakerAlias(
        speaker_id=speaker.id,
        alias=alias,
        normalized=normalize_name(alias),
        key=key,
        surname=surname,
        origin="user",
    )
    session.add(row)
    session.flush()
    return row
