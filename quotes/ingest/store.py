"""Store articles: detect their quotes, attach speakers, write rows, each article whole or not at all.

An article is identified by its text: the sha256 of the text with line endings
normalised to "\\n" and surrounding whitespace removed (that normalised text is
what is stored, so quote offsets point into it). An article whose hash is
already in the database, or earlier in the same run, is a duplicate and is
skipped, so ingesting the same input twice changes nothing.

Articles are detected in batches (in this process or in workers, see
`quotes.ingest.workers`) and each batch is written in one transaction holding the
database's writer lock (`session(engine, write=True)`), each article in a
savepoint of its own when the batch fails (`store_documents`): seen from outside, an
article is there whole or not at all, and ingests running side by side in several
processes take turns to write and never store a speaker, alias or statement
twice. Speakers are looked up in a `SpeakerIndex` read once per run and brought
up to date under the lock before each batch. When an article fails, its
savepoint is rolled back and it is listed in the summary with the reason, and the
others go on; an input that cannot be read or detected fails alone too. When the
database itself fails (connection lost, disk full) the run stops with a
QuotesError instead, since every following article would fail the same way; what
was committed stays. Ctrl-C rolls back the batch being written.

At the end of every run, the speakers whose quotes changed are grouped into
statements (`group_pending`, reading the list the database keeps of them): this
run's, and those of a run that was killed before it grouped them, so the cost of
a run does not grow with the quotes stored before it. Metadata longer than its
column is cut to fit and noted in the summary (the same on SQLite and PostgreSQL).

Each document records what found its quotes (`Detector`: the rules' version and
the spaCy pipeline); a duplicate stored by another one is counted as `outdated`,
for `quotes reprocess` (quotes.ingest.reprocess) to detect again.

Not handled: updating an article whose text changed (it is a new document) or
whose metadata changed (the first stored metadata stays), deleting articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from quotes.db import models
from quotes.db.engine import fit_row, insert_rows, session
from quotes.detect import DETECTOR_VERSION, resolve_when
from quotes.detect.batch import too_long, why
from quotes.detect.records import Quote
from quotes.errors import QuotesError
from quotes.identity.speaker_index import SpeakerIndex
from quotes.identity.speakers import SpeakerWrites, assign_speakers
from quotes.identity.statements import group_statements
from quotes.ingest.readers import Article, ReadError, normalize_text
from quotes.ingest.workers import Detect, Result, in_process

BATCH_SIZE = 32  # articles per nlp.pipe call
GROUP_QUOTES = 2_000  # quotes (of whole speakers) loaded per statement-grouping transaction
GROUP_SPEAKERS = 1_000  # speakers to group looked up at once


@dataclass
class IngestSummary:
    """What a run did: documents new / duplicate / failed (with reasons), quotes, speakers,
    and notes on what was stored differently from the input (metadata cut to fit)."""

    new: int = 0
    duplicates: int = 0
    failed: list[ReadError] = field(default_factory=list)
    quotes: int = 0
    speaker_ids: set[int] = field(default_factory=set)  # speakers quoted in the new documents
    outdated: int = 0  # duplicates stored by another detector version or pipeline
    notes: list[str] = field(default_factory=list)

    @property
    def speakers(self) -> int:
        return len(self.speaker_ids)

    @property
    def handled(self) -> int:
        return self.new + self.duplicates + len(self.failed)

    def __str__(self) -> str:
        return (f"{self.new} new documents, {self.duplicates} duplicates skipped, "
                f"{len(self.failed)} failed; {self.quotes} quotes, {self.speakers} speakers")


@dataclass(frozen=True, slots=True)
class Detector:
    """What finds the quotes of a document: the rules' version and the spaCy pipeline."""

    version: str
    pipeline: str  # "blank" (rules on spacy.blank) or "LANG_NAME-VERSION": "en_core_web_sm-3.8.0"


def detected_by(nlp: Language) -> Detector:
    """The detector `nlp` is: DETECTOR_VERSION on the pipeline its meta names."""
    meta = nlp.meta
    if (meta.get("name"), meta.get("version")) == ("pipeline", "0.0.0"):  # spacy.blank's
        return Detector(DETECTOR_VERSION, "blank")
    return Detector(DETECTOR_VERSION, f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}")


@dataclass(frozen=True, slots=True)
class _Pending:
    article: Article
    text: str  # normalised
    digest: str


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalised text: the identity of a document."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def ingest(
    engine: Engine,
    nlp: Language,
    articles: Iterable[Article | ReadError],
    *,
    on_progress: Callable[[IngestSummary], None] | None = None,
    batch_size: int = BATCH_SIZE,
    detect: Detect | None = None,
) -> IngestSummary:
    """Detect and store `articles`; ReadErrors among them are counted as failures.

    `detect` is where detection runs (`quotes.ingest.workers`; default: in this
    process with `nlp`, whose length limit applies either way). `on_progress` is
    called with the running summary as inputs are dealt with (stored, skipped or
    failed; stored ones when their batch is committed).
    """
    summary = IngestSummary()
    detector = detected_by(nlp)
    index: SpeakerIndex | None = None

    def report() -> None:
        if on_progress is not None:
            on_progress(summary)

    # 1. Read, skip what is stored, detect in batches (a few ahead), store each batch.
    batches = _new_batches(engine, nlp, detector, articles, summary, report, batch_size)
    for (pending, flight), results in (detect or in_process(nlp))(batches):
        if index is None:  # read once per run, then kept up to date
            index = _read_index(engine, pending[0].article.source)
        _store_batch(engine, index, detector, pending, results, summary)
        flight.difference_update(p.digest for p in pending)
        report()
    # 2. New quotes (and any a killed run left) join the statements of their speakers.
    try:
        group_pending(engine)
    except OperationalError as error:
        raise _unusable(error, "grouping statements") from error
    return summary


def _new_batches(engine: Engine, nlp: Language, detector: Detector,
                 articles: Iterable[Article | ReadError],
                 summary: IngestSummary, report: Callable[[], None], batch_size: int,
                 ) -> Iterator[tuple[tuple[list[_Pending], set[str]], list[str]]]:
    """Batches of the articles to detect, as ((pending, hashes in flight), texts): read
    failures, texts the pipeline refuses and duplicates (stored already, or in flight
    in this run) are counted on the way (and the stored ones another detector found)."""
    flight: set[str] = set()  # hashes read and not yet stored: memory bounded by the batches ahead
    batch: list[_Pending] = []
    for item in _guarded(articles):
        if isinstance(item, ReadError):
            summary.failed.append(item)
            report()
            continue
        try:
            text = normalize_text(item.text)
            digest = content_hash(text)
        except Exception as error:  # noqa: BLE001 - e.g. text no database can store
            summary.failed.append(ReadError(item.source, f"not stored: {why(error)}"))
            report()
            continue
        if reason := too_long(nlp, text):
            summary.failed.append(ReadError(item.source, reason))
            report()
        elif digest in flight:
            summary.duplicates += 1
            report()
        else:
            flight.add(digest)
            batch.append(_Pending(item, text, digest))
        if len(batch) >= batch_size:
            if fresh := _unstored(engine, batch, flight, detector, summary, report):
                yield (fresh, flight), [p.text for p in fresh]
            batch = []
    if batch and (fresh := _unstored(engine, batch, flight, detector, summary, report)):
        yield (fresh, flight), [p.text for p in fresh]


def _unstored(engine: Engine, batch: list[_Pending], flight: set[str], detector: Detector,
              summary: IngestSummary, report: Callable[[], None]) -> list[_Pending]:
    """The articles of `batch` the database does not have yet (the others are duplicates,
    `outdated` when another detector found their quotes)."""
    try:
        with session(engine) as current:
            rows = current.execute(select(
                models.Document.content_hash, models.Document.detector_version,
                models.Document.pipeline).where(
                models.Document.content_hash.in_([p.digest for p in batch]))).all()
    except OperationalError as error:
        raise _unusable(error, batch[0].article.source) from error
    stored = {digest for digest, _, _ in rows}
    summary.outdated += sum(Detector(version, pipeline) != detector for _, version, pipeline in rows)
    if stored:
        summary.duplicates += len(stored)
        flight.difference_update(stored)
        report()
    return [p for p in batch if p.digest not in stored]


def _read_index(engine: Engine, source: str) -> SpeakerIndex:
    """The stored speakers' names, read once per run (`SpeakerIndex`)."""
    try:
        with session(engine) as current:
            return SpeakerIndex.load(current)
    except OperationalError as error:
        raise _unusable(error, source) from error


def _guarded(articles: Iterable[Article | ReadError]) -> Iterator[Article | ReadError]:
    """The inputs; if reading them breaks off, a ReadError saying so ends them, so
    everything read until then is still stored."""
    items = iter(articles)
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as error:  # noqa: BLE001
            yield ReadError("(inputs)", f"reading stopped: unexpected {why(error)}")
            return
        yield item


def group_pending(engine: Engine, *, quotes_per_transaction: int = GROUP_QUOTES) -> int:
    """Group the quotes of every speaker listed in `speakers_to_group` (whose quotes
    changed since their statements were grouped: this run's new quotes, those of a run
    killed before it grouped them, merges and splits), a few speakers per transaction
    (about `quotes_per_transaction` quotes loaded), speakers read a page at a time, so
    memory does not grow with the run and nothing else is read. Each transaction takes
    away the speakers it grouped. Returns the number of statements made."""
    made, last = 0, 0
    listed = models.SpeakerToGroup.speaker_id
    while True:
        with session(engine) as current:  # the next listed speakers (by id)
            page = current.scalars(select(listed).where(listed > last).order_by(listed)
                                   .limit(GROUP_SPEAKERS)).all()
            sizes = dict(current.execute(
                select(models.Quote.speaker_id, func.count(models.Quote.id))
                .where(models.Quote.speaker_id.in_(page)).group_by(models.Quote.speaker_id)).all())
        if not page:
            return made
        chunk, loaded = [], 0
        for number, speaker_id in enumerate(page, 1):
            chunk.append(speaker_id)
            loaded += sizes.get(speaker_id, 0)
            if loaded >= quotes_per_transaction or number == len(page):
                with session(engine, write=True) as current:
                    made += group_statements(current, chunk, revisit=True)
                    current.execute(delete(models.SpeakerToGroup).where(listed.in_(chunk)))
                chunk, loaded = [], 0
        last = page[-1]


def _store_batch(engine: Engine, index: SpeakerIndex, detector: Detector, pending: list[_Pending],
                 results: list[Result], summary: IngestSummary) -> None:
    """Store a batch of detected articles in one write transaction, all at once; when that
    fails, each article in a savepoint of its own, so a bad article fails alone. The
    summary counts them once the transaction is committed."""
    failed: list[ReadError] = []
    duplicates = 0
    done: list[tuple[_Pending, list[Quote], list[int | None], list[str]]] = []
    source = pending[0].article.source  # where a database failure is reported
    try:
        with session(engine, write=True) as current:
            index.refresh(current)  # what other writers committed: we hold the lock now
            stored = set(current.scalars(select(models.Document.content_hash).where(
                models.Document.content_hash.in_([p.digest for p in pending]))))
            todo = []
            for article, found in zip(pending, results, strict=True):
                if isinstance(found, str):
                    failed.append(ReadError(article.article.source, found))
                elif article.digest in stored:  # another process stored it first
                    duplicates += 1
                else:
                    todo.append((article, found))
            # All at once; if that fails, each article in a savepoint of its own.
            if _write(current, index, detector, todo, done) is not None:
                for article, found in todo:
                    source = article.article.source
                    if (error := _write(current, index, detector, [(article, found)], done)) is not None:
                        failed.append(ReadError(source, f"not stored: {why(error)}"))
    except OperationalError as error:  # the database itself failed: stop, nothing half-stored
        index.rollback()
        raise _unusable(error, source) from error
    except BaseException:  # Ctrl-C: the batch is rolled back whole
        index.rollback()
        raise
    index.commit()
    summary.failed += failed
    summary.duplicates += duplicates
    for article, found, speakers, cut in done:
        summary.new += 1
        summary.quotes += len(found)
        summary.speaker_ids.update(s for s in speakers if s is not None)
        summary.notes += [f"{article.article.source}: {what}" for what in cut]


def _write(current: Session, index: SpeakerIndex, detector: Detector,
           articles: list[tuple[_Pending, list[Quote]]], done: list) -> Exception | None:
    """Write `articles` in a savepoint and add (article, quotes, speaker ids, notes) to `done`;
    on failure roll the savepoint and the index back and return the error. A database
    failure (OperationalError) is raised."""
    if not articles:
        return None
    mark = index.checkpoint()
    try:
        with current.begin_nested():
            written = store_documents(current, index, detector, articles)
    except OperationalError:
        raise
    except Exception as error:  # noqa: BLE001 - rolled back; the caller decides
        index.rollback(mark)
        return error
    done += [(article, found, speakers, notes)
             for (article, found), (speakers, notes) in zip(articles, written, strict=True)]
    return None


def store_documents(current: Session, index: SpeakerIndex, detector: Detector,
                    articles: Sequence[tuple[_Pending, Sequence[Quote]]],
                    ) -> list[tuple[list[int | None], list[str]]]:
    """Write new documents (found by `detector`) with their detected quotes, speakers,
    aliases and roles, a few statements for them all; for each, its quotes' speaker ids
    and what was cut to fit."""
    connection = current.connection()
    notes: list[list[str]] = [[] for _ in articles]
    table = models.Document.__table__
    document_ids = insert_rows(connection, table, [
        fit_row(table, _document_row(pending, detector), cut)
        for (pending, _), cut in zip(articles, notes, strict=True)])
    writes = SpeakerWrites()
    speakers = [assign_speakers(index, document_id, pending.text, found, writes)
                for document_id, (pending, found) in zip(document_ids, articles, strict=True)]
    real = writes.write(current, index)
    speakers = [[real.get(s, s) for s in ids] for ids in speakers]
    rows = [quote_row(document_id, pending.text, pending.article.published, quote, speaker, cut)
            for document_id, (pending, found), ids, cut
            in zip(document_ids, articles, speakers, notes, strict=True)
            for quote, speaker in zip(found, ids, strict=True)]
    if rows:
        connection.execute(insert(models.Quote.__table__), rows)
    return list(zip(speakers, notes, strict=True))


def _document_row(pending: _Pending, detector: Detector) -> dict:
    article = pending.article
    return {"source": article.source, "external_id": article.external_id,
            "content_hash": pending.digest, "title": article.title, "outlet": article.outlet,
            "author": article.author, "published": article.published, "url": article.url,
            "text": pending.text, "ingested_at": models.utcnow(),
            "detector_version": detector.version, "pipeline": detector.pipeline}


def quote_row(document_id: int, text: str, published: date | None, quote: Quote,
              speaker_id: int | None, notes: list[str]) -> dict:
    """The database row for one detected quote (texts cut from the document by offsets;
    strings longer than their column cut to fit, noted in `notes`)."""
    row = {
        "document_id": document_id,
        "speaker_id": speaker_id,
        "speaker_as_written": quote.text_of(text, quote.speaker),
        "speaker_start": quote.speaker[0] if quote.speaker else None,
        "speaker_end": quote.speaker[1] if quote.speaker else None,
        "role": quote.role,
        "content": quote.spoken(text),
        "content_start": quote.content[0],
        "content_end": quote.content[1],
        "parts": [list(part) for part in quote.parts],
        "kind": quote.kind,
        "type": quote.type,
        "cue": quote.text_of(text, quote.cue),
        "cue_lemma": quote.cue_lemma,
        "cue_start": quote.cue[0] if quote.cue else None,
        "cue_end": quote.cue[1] if quote.cue else None,
        "medium": quote.medium,
        "addressee": quote.addressee,
        "statement_when": quote.when,
        "statement_date": resolve_when(quote.when, published),
        "detector_version": DETECTOR_VERSION,
        "rule": quote.rule,
        "confidence": quote.confidence,
    }
    return fit_row(models.Quote.__table__, row, notes)


def _unusable(error: OperationalError, source: str) -> QuotesError:
    """The error that stops a run when the database fails (down, locked, disk full)."""
    return QuotesError(f"database error at {source}: {why(error)}",
                       hint="the articles stored before it are kept; run the same command again")
