"""The stored speakers' names in memory, so attaching a mention costs no query.

`SpeakerIndex.load(session)` reads the aliases of every named speaker (people and
organisations: speakers without a document) once per run, with the merges the
user made; `attach_speakers` looks names up here by normalized form, surname and
spelling key, the columns its queries used. Unnamed sources and groups belong to
one document: `SpeakerIndex.load(session, document_id=ID)` holds that document's
(a new document has none: `SpeakerIndex()`). Memory grows with the number of
named speakers (about 0.5 kB an alias), not with the run.

Other processes write too, so before each write transaction uses the index,
holding the writer lock, `refresh` brings it up to what they committed: the
aliases added since it last looked (by id: writers take turns under the lock, so
ids grow in commit order), or everything again when the curation log changed (a
merge, rename, alias removal, split or undo rewrites rows in place). What this
process adds in a transaction that then rolls back is taken out again
(`checkpoint` and `rollback`).

Not handled: curation that does not log a `SpeakerEdit` (every change in
`quotes.identity.curation` does).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from quotes.db import models


class Alias(NamedTuple):  # (a tuple: a hundred thousand of them load quickly)
    """What matching reads of one stored alias."""

    speaker_id: int
    kind: str  # the speaker's
    alias: str
    normalized: str
    key: str
    surname: str | None
    removed: bool  # origin "removed": never matches, never added again


class SpeakerIndex:
    """Aliases of the named speakers (or of one document's speakers) by lookup column."""

    def __init__(self, document_id: int | None = None) -> None:
        self.document_id = document_id
        self._by: dict[str, dict[str, list[Alias]]] = {"normalized": {}, "surname": {}, "key": {}}
        self._removed: dict[str, set[int]] = {}  # normalized -> speakers it was removed from
        self._names: dict[int, set[str]] = {}  # speaker -> normalized of all its aliases
        self._merged_into: dict[int, int] = {}
        self._merged: dict[int, list[int]] = {}  # speaker -> speakers merged into it
        self._last_alias = 0  # the highest alias id read from the database
        self._edits: tuple | None = None  # the curation log's state when loaded
        self._log: list[Alias | int] = []  # what this process added, newest last

    @classmethod
    def load(cls, session: Session, document_id: int | None = None) -> SpeakerIndex:
        """The index of what `session` sees: named speakers, or one document's speakers."""
        index = cls(document_id)
        index._load(session)
        return index

    # Keeping up with the database -------------------------------------------------------

    def refresh(self, session: Session) -> None:
        """Catch up with what other writers committed; call holding the writer lock."""
        if _edits(session) != self._edits:
            self.__init__(self.document_id)
            self._load(session)
        else:
            self._read_aliases(session, since=self._last_alias)
        self._log.clear()

    def checkpoint(self) -> int:
        """A mark to `rollback` to."""
        return len(self._log)

    def rollback(self, mark: int = 0) -> None:
        """Take out what was added since `mark` (its transaction or savepoint rolled back)."""
        while len(self._log) > mark:
            added = self._log.pop()
            if isinstance(added, int):
                del self._names[added]
                continue
            self._names[added.speaker_id].discard(added.normalized)
            for column, entries in self._by.items():
                if (value := getattr(added, column)) is not None:
                    found = entries[value]
                    del found[next(i for i, a in enumerate(found) if a is added)]

    def commit(self) -> None:
        """What was added is in the database for good."""
        self._log.clear()

    def _load(self, session: Session) -> None:
        self._edits = _edits(session)
        if self.document_id is None:
            merges = session.execute(select(models.Speaker.id, models.Speaker.merged_into_id)
                                     .where(models.Speaker.merged_into_id.is_not(None)))
            for speaker_id, into in merges:
                self._merged_into[speaker_id] = into
                self._merged.setdefault(into, []).append(speaker_id)
        self._read_aliases(session, since=0)
        self._log.clear()

    def _read_aliases(self, session: Session, since: int) -> None:
        """Add the aliases with an id above `since` (those of speakers merged into another
        too, whatever their scope: a family's names are never added twice)."""
        scope = (models.Speaker.document_id.is_(None) if self.document_id is None
                 else models.Speaker.document_id == self.document_id)
        if self.document_id is None:
            scope = or_(scope, models.Speaker.merged_into_id.is_not(None))
        rows = session.connection().execute(
            select(models.SpeakerAlias.id, models.SpeakerAlias.speaker_id, models.Speaker.kind,
                   models.SpeakerAlias.alias, models.SpeakerAlias.normalized,
                   models.SpeakerAlias.key, models.SpeakerAlias.surname,
                   models.SpeakerAlias.origin, models.Speaker.document_id)
            .join(models.Speaker, models.Speaker.id == models.SpeakerAlias.speaker_id)
            .where(models.SpeakerAlias.id > since, scope)
            .order_by(models.SpeakerAlias.id))
        for (alias_id, speaker_id, kind, alias, normalized, key, surname, origin,
             document_id) in rows:
            self._last_alias = max(self._last_alias, alias_id)
            if normalized in self._names.get(speaker_id, ()):
                continue  # already known: this process wrote it
            entry = Alias(speaker_id, kind, alias, normalized, key, surname, origin == "removed")
            self._add(entry, matchable=document_id == self.document_id)

    # Adding ------------------------------------------------------------------------------

    def add_speaker(self, speaker_id: int) -> None:
        """A speaker just created, with no alias yet."""
        self._names[speaker_id] = set()
        self._log.append(speaker_id)

    def add_alias(self, entry: Alias) -> None:
        """A live alias just written (origin "seen")."""
        self._add(entry, matchable=True)
        self._log.append(entry)

    def renumber(self, ids: dict[int, int]) -> None:
        """Give the speakers added with provisional ids (keys) their stored ids (values)."""
        for place, added in enumerate(self._log):
            if isinstance(added, int):
                if added in ids:
                    self._names[ids[added]] = self._names.pop(added)
                    self._log[place] = ids[added]
            elif added.speaker_id in ids:
                entry = added._replace(speaker_id=ids[added.speaker_id])
                self._log[place] = entry
                for column, entries in self._by.items():
                    if (value := getattr(added, column)) is not None:
                        found = entries[value]
                        found[next(i for i, a in enumerate(found) if a is added)] = entry

    def _add(self, entry: Alias, *, matchable: bool) -> None:
        """Index an alias; one that is not `matchable` (of a document-scoped speaker merged
        into another) only counts among its family's names."""
        self._names.setdefault(entry.speaker_id, set()).add(entry.normalized)
        if entry.removed:
            self._removed.setdefault(entry.normalized, set()).add(entry.speaker_id)
        if entry.removed or not matchable:
            return
        by = self._by
        by["normalized"].setdefault(entry.normalized, []).append(entry)
        by["key"].setdefault(entry.key, []).append(entry)
        if entry.surname is not None:
            by["surname"].setdefault(entry.surname, []).append(entry)

    # Looking up --------------------------------------------------------------------------

    def __contains__(self, speaker_id: int) -> bool:
        return speaker_id in self._names

    def aliases(self, kind: str, **columns: Iterable[str]) -> list[Alias]:
        """Live aliases of `kind` speakers whose column (normalized, surname, key) has one of
        the values given, oldest speaker first."""
        found = {id(a): a for column, values in columns.items() for value in values
                 for a in self._by[column].get(value, ()) if a.kind == kind}
        return sorted(found.values(), key=lambda a: a.speaker_id)

    def removed(self, normalized: Iterable[str]) -> dict[int, set[str]]:
        """For each speaker, which of these names the user removed from it."""
        result: dict[int, set[str]] = {}
        for name in normalized:
            for speaker_id in self._removed.get(name, ()):
                result.setdefault(speaker_id, set()).add(name)
        return result

    def family_names(self, speaker_id: int) -> set[str]:
        """Normalized names of the speaker and of every speaker merged into it (any origin)."""
        names, frontier = set(), [speaker_id]
        while frontier:
            current = frontier.pop()
            names |= self._names.get(current, set())
            frontier += self._merged.get(current, ())
        return names

    def resolve(self, speaker_id: int) -> int:
        """The speaker a (possibly merged) speaker now stands for."""
        seen = set()
        while speaker_id in self._merged_into and speaker_id not in seen:
            seen.add(speaker_id)
            speaker_id = self._merged_into[speaker_id]
        return speaker_id


def _edits(session: Session) -> tuple:
    """The state of the curation log: changes made and undone."""
    return tuple(session.execute(select(func.max(models.SpeakerEdit.id),
                                        func.count(models.SpeakerEdit.undone_at))).one())
