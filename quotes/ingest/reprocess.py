"""Detect the quotes of stored documents again, keeping every curation decision.

`reprocess` runs the detector over the stored documents whose detector version or
pipeline (`documents.detector_version`, `.pipeline`) differ from the ones given
(every selected document with `everything`). Each document is rewritten in its own
transaction holding the writer lock, so an interruption leaves every document
either re-detected whole or as it was, and a second run finds nothing to do.

For each document:
1. Its text is detected again and the speakers are found or created as ingest does
   (`speaker_ids`, names looked up in a `SpeakerIndex` read once per run): a merged
   speaker's names land on the speaker it was merged into, a removed alias matches
   nobody, a renamed speaker keeps its name and its aliases; the roles the document
   writes are recorded again.
2. Each new quote is paired with the stored quote it is again (`pair_spans`: content
   spans overlapping by at least half of the shorter, best overlap first). A paired
   quote keeps its row and id, which links, the curation log (merges) and statements
   refer to, and takes what the detector finds now; unpaired stored quotes go,
   unpaired new ones are added.
3. A quote the user gave another speaker (`speakers split`: a SpeakerOverride on its
   content span) keeps that speaker when the detector now finds it with other bounds:
   the choice goes to the new quote that pairs with its span, and is pinned to that
   quote's span, with the split's log entry (`curation.move_override`), so undo finds it.
4. A statement that lost a quote, or one of whose quotes changed words, speaker, kind
   or date, is taken apart; its quotes are grouped again at the end of the run
   (`group_pending`, as after ingest: a run killed before that is finished by the next).
At the end of the run, the unnamed sources and groups of one document left without a
quote (by this run or a killed one) are deleted, unless a curation decision names them
(`curation.curated_speakers`).

Not handled: named speakers (people, organisations) left without quotes stay, with
their names: ingests running meanwhile hold those names in memory (`SpeakerIndex`)
and would attach new quotes to a deleted row; aliases first seen through a quote the
new detector no longer finds stay with their speaker; a stored quote that the new detector splits in two pairs
with the larger piece only (the other is a new quote); the ids of regrouped statements
change.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from sqlalchemy import Engine, delete, func, insert, or_, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from quotes.db import models
from quotes.db.engine import session
from quotes.detect.batch import detect, too_long, why
from quotes.detect.records import Quote
from quotes.errors import QuotesError
from quotes.identity.curation import curated_speakers, move_override
from quotes.identity.speaker_index import SpeakerIndex
from quotes.identity.speakers import speaker_ids
from quotes.ingest.readers import ReadError
from quotes.ingest.store import BATCH_SIZE, Detector, detected_by, group_pending, quote_row

# Columns of a quote whose change sends its statement to be grouped again.
GROUPED_BY = ("content", "speaker_id", "kind", "statement_date")

Span = tuple[int, int]


@dataclass
class ReprocessSummary:
    """What a run did: documents re-detected / failed, and what became of their quotes."""

    detector: Detector
    selected: int = 0  # documents found out of date (or all of those asked for)
    redetected: int = 0
    current: int = 0  # found up to date when their turn came (another run did them)
    failed: list[ReadError] = field(default_factory=list)
    unchanged: int = 0  # quotes the detector found again as they were
    changed: int = 0  # ... found again, with other words, bounds, speaker or details
    added: int = 0
    removed: int = 0
    followed: int = 0  # user's speaker choices moved to their quote's new bounds
    lost: int = 0  # user's speaker choices whose quote the detector no longer finds (kept)
    speakers_removed: int = 0

    @property
    def handled(self) -> int:
        return self.redetected + self.current + len(self.failed)

    def __str__(self) -> str:
        return (f"{self.redetected} of {self.selected} documents re-detected, "
                f"{len(self.failed)} failed; quotes: {self.unchanged} unchanged, "
                f"{self.changed} changed, {self.added} new, {self.removed} gone")

    def notes(self) -> list[str]:
        """What the user may want to look at after the run."""
        notes = []
        if self.followed:
            notes.append(f"{self.followed} quotes you gave another speaker were found with other "
                         "bounds; your choice followed them")
        if self.lost:
            notes.append(f"{self.lost} quotes you gave another speaker are no longer found; "
                         "your choice is kept for when they are")
        if self.speakers_removed:
            notes.append(f"{self.speakers_removed} unnamed sources left without quotes were removed")
        return notes


def reprocess(
    engine: Engine,
    nlp: Language,
    *,
    outlet: str | None = None,
    since: date | None = None,
    everything: bool = False,
    on_progress: Callable[[ReprocessSummary], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ReprocessSummary:
    """Detect again, with `nlp`, the stored documents (of `outlet`, published on or after
    `since`, when given) that another detector version or pipeline found; with
    `everything`, all of them. `on_progress` gets the running summary after each document."""
    detector = detected_by(nlp)
    summary = ReprocessSummary(detector)
    query = select(models.Document.id).order_by(models.Document.id)
    if outlet is not None:
        query = query.where(func.lower(models.Document.outlet) == outlet.lower())
    if since is not None:
        query = query.where(models.Document.published >= since)
    if not everything:
        query = query.where(or_(models.Document.detector_version != detector.version,
                                models.Document.pipeline != detector.pipeline))
    try:
        with session(engine) as current:
            ids = list(current.scalars(query))
    except OperationalError as error:
        raise _unusable(error, "reading the documents") from error
    summary.selected = len(ids)
    index: SpeakerIndex | None = None
    for first in range(0, len(ids), batch_size):
        chunk = ids[first : first + batch_size]
        # Detect a batch together (texts read outside any transaction), store one at a time.
        try:
            with session(engine) as current:
                texts = dict(current.execute(select(models.Document.id, models.Document.text)
                                             .where(models.Document.id.in_(chunk))).all())
        except OperationalError as error:
            raise _unusable(error, f"document {chunk[0]}") from error
        fitting = [i for i in chunk if i in texts and not too_long(nlp, texts[i])]
        summary.failed += [ReadError(_name(i), too_long(nlp, texts[i])) for i in chunk
                           if i in texts and i not in fitting]
        for document_id, doc in zip(fitting, detect(nlp, [texts[i] for i in fitting]), strict=True):
            if isinstance(doc, Exception):
                summary.failed.append(ReadError(_name(document_id), f"detection failed: {why(doc)}"))
            else:
                index = index or _read_index(engine, document_id)
                _reprocess_one(engine, index, document_id, list(doc._.quotes), summary,
                               everything=everything)
            if on_progress is not None:
                on_progress(summary)
    # Speakers no quote names any more go; statements taken apart (and any a killed run
    # left) are grouped again.
    try:
        with session(engine, write=True) as current:
            summary.speakers_removed = _remove_unquoted_speakers(current)
        group_pending(engine)
    except OperationalError as error:
        raise _unusable(error, "grouping statements") from error
    return summary


def _read_index(engine: Engine, document_id: int) -> SpeakerIndex:
    """The stored speakers' names, read once per run (`SpeakerIndex`)."""
    try:
        with session(engine) as current:
            return SpeakerIndex.load(current)
    except OperationalError as error:
        raise _unusable(error, _name(document_id)) from error


def _name(document_id: int) -> str:
    return f"document {document_id}"


def _reprocess_one(engine: Engine, index: SpeakerIndex, document_id: int, found: list[Quote],
                   summary: ReprocessSummary, *, everything: bool) -> None:
    """Rewrite one document's quotes in one transaction; a failure rolls it back alone
    (and what it added to `index`)."""
    try:
        with session(engine, write=True) as current:
            index.refresh(current)  # what other writers committed: we hold the lock now
            document = current.get(models.Document, document_id)
            done = document is None or (not everything and Detector(
                document.detector_version, document.pipeline) == summary.detector)
            if done:  # deleted, or another run re-detected it since it was selected
                summary.current += 1
                return
            counts = _redetect(current, index, document, found, summary.detector)
    except OperationalError as error:
        index.rollback()
        raise _unusable(error, _name(document_id)) from error
    except Exception as error:  # noqa: BLE001 - this document is rolled back, the run goes on
        index.rollback()
        summary.failed.append(ReadError(_name(document_id), f"not re-detected: {why(error)}"))
        return
    except BaseException:  # Ctrl-C: rolled back whole
        index.rollback()
        raise
    index.commit()
    summary.redetected += 1
    for name, count in counts.items():
        setattr(summary, name, getattr(summary, name) + count)


def _redetect(current: Session, index: SpeakerIndex, document: models.Document,
              found: list[Quote], detector: Detector) -> dict[str, int]:
    """Replace `document`'s quotes by `found`, keeping rows, ids and curation (see the
    module docstring); returns the counts for the summary."""
    counts = dict.fromkeys(("unchanged", "changed", "added", "removed", "followed", "lost"), 0)
    old = list(current.scalars(select(models.Quote).where(models.Quote.document_id == document.id)
                               .order_by(models.Quote.content_start, models.Quote.id)))

    # 1. Roles as the document writes them now; speakers as ingest finds them.
    current.execute(delete(models.SpeakerRole).where(models.SpeakerRole.document_id == document.id))
    speakers = speaker_ids(current, index, document.id, document.text, found)
    spans = [quote.content for quote in found]

    # 2. The user's speaker choices follow their quote to its new bounds.
    overrides = list(current.scalars(select(models.SpeakerOverride)
                                     .where(models.SpeakerOverride.document_id == document.id)))
    chosen = pair_spans([(o.content_start, o.content_end) for o in overrides], spans)
    counts["lost"] = len(overrides) - len(chosen)
    for o, n in chosen:
        override = overrides[o]
        speakers[n] = index.resolve(override.speaker_id)
        taken = current.scalar(select(models.SpeakerOverride.id).where(
            models.SpeakerOverride.document_id == document.id,
            models.SpeakerOverride.content_start == spans[n][0],
            models.SpeakerOverride.content_end == spans[n][1]))
        if taken is None:  # (another choice already on that span keeps it)
            move_override(current, override, *spans[n])
            current.flush()
            counts["followed"] += 1

    # 3. Stored quotes found again keep their rows; the others go, new ones are added.
    pairs = dict(pair_spans([(q.content_start, q.content_end) for q in old], spans))
    regroup: set[int] = set()  # quotes whose statement is taken apart
    notes = current.info.setdefault("truncated", [])
    rows = [quote_row(document.id, document.text, document.published, quote, speaker, notes)
            for quote, speaker in zip(found, speakers, strict=True)]
    for number, row in enumerate(old):
        if number not in pairs:
            regroup.add(row.id)
            continue
        changes = {k: v for k, v in rows[pairs[number]].items() if getattr(row, k) != v}
        if changes.keys() & set(GROUPED_BY):
            regroup.add(row.id)
        for key, value in changes.items():
            setattr(row, key, value)
        counts["changed" if changes.keys() - {"detector_version"} else "unchanged"] += 1
    apart = set(current.scalars(select(models.StatementQuote.statement_id).where(
        models.StatementQuote.quote_id.in_(regroup))))
    current.execute(delete(models.StatementQuote).where(
        models.StatementQuote.statement_id.in_(apart)))
    current.execute(delete(models.Statement).where(models.Statement.id.in_(apart)))
    for number, row in enumerate(old):
        if number not in pairs:
            current.delete(row)
            counts["removed"] += 1
    paired = set(pairs.values())
    current.flush()
    if added := [row for n, row in enumerate(rows) if n not in paired]:
        current.execute(insert(models.Quote.__table__), added)
    counts["added"] += len(added)
    document.detector_version, document.pipeline = detector.version, detector.pipeline
    current.flush()
    return counts


def _remove_unquoted_speakers(current: Session) -> int:
    """Delete the speakers of one document (unnamed sources, groups) that no quote names
    and no curation decision does; their number."""
    unquoted = set(current.scalars(select(models.Speaker.id).where(
        models.Speaker.document_id.is_not(None),
        ~select(models.Quote.id).where(models.Quote.speaker_id == models.Speaker.id).exists())))
    gone = sorted(unquoted - curated_speakers(current))
    if gone:
        current.execute(delete(models.Speaker).where(models.Speaker.id.in_(gone)))
    return len(gone)


def pair_spans(old: Sequence[Span], new: Sequence[Span]) -> list[tuple[int, int]]:
    """(index in `old`, index in `new`) of the spans that are one quote found twice: they
    overlap by at least half of the shorter; the best overlap (of their union) pairs
    first, and each span pairs at most once.

    >>> pair_spans([(0, 10), (20, 30)], [(21, 30), (0, 4), (40, 50)])
    [(1, 0), (0, 1)]
    """
    order = sorted(range(len(old)), key=lambda i: old[i][0])
    starts = [old[i][0] for i in order]
    longest = max((end - start for start, end in old), default=0)
    candidates = []
    for n, (start, end) in enumerate(new):
        # Only stored spans that start within reach can overlap this one.
        for o in order[bisect_left(starts, start - longest) : bisect_left(starts, end)]:
            overlap = min(end, old[o][1]) - max(start, old[o][0])
            if overlap > 0 and 2 * overlap >= min(end - start, old[o][1] - old[o][0]):
                union = max(end, old[o][1]) - min(start, old[o][0])
                candidates.append((-overlap / union, o, n))
    pairs, taken_old, taken_new = [], set(), set()
    for _, o, n in sorted(candidates):
        if o not in taken_old and n not in taken_new:
            pairs.append((o, n))
            taken_old.add(o)
            taken_new.add(n)
    return pairs


def _unusable(error: OperationalError, where: str) -> QuotesError:
    """The error that stops a run when the database fails (down, locked, disk full)."""
    return QuotesError(f"database error at {where}: {why(error)}",
                       hint="the documents re-detected before it are kept; run the same command again")
