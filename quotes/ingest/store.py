"""Store articles: detect their quotes, attach speakers, write rows, one article per transaction.

An article is identified by its text: the sha256 of the text with line endings
normalised to "\\n" and surrounding whitespace removed (that normalised text is
what is stored, so quote offsets point into it). An article whose hash is
already in the database, or earlier in the same run, is a duplicate and is
skipped, so ingesting the same input twice changes nothing.

Each new article is written in its own transaction (document, speakers, quotes)
holding the database's writer lock (`session(engine, write=True)`), so ingests
running side by side in several processes take turns to write and never store a
speaker, alias or statement twice. When anything fails, that article is rolled
back and listed in the summary with the reason, and the others go on; an input
that cannot be read or detected fails alone too. When the database itself fails
(connection lost, disk full) the run stops with a QuotesError instead, since
every following article would fail the same way; what was stored stays.

At the end of every run, each quote in no statement yet is grouped
(`group_pending`): this run's, and those of a run that was killed before it
grouped them. Metadata longer than its column is cut to fit and noted in the
summary (the same on SQLite and PostgreSQL).

Each document records what found its quotes (`Detector`: the rules' version and
the spaCy pipeline); a duplicate stored by another one is counted as `outdated`,
for `quotes reprocess` (quotes.ingest.reprocess) to detect again.

Not handled: updating an article whose text changed (it is a new document) or
whose metadata changed (the first stored metadata stays), deleting articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError

from quotes.db import models
from quotes.db.engine import session
from quotes.detect import DETECTOR_VERSION, resolve_when
from quotes.detect.batch import detect, too_long, why
from quotes.detect.records import Quote
from quotes.errors import QuotesError
from quotes.identity.speakers import attach_speakers
from quotes.identity.statements import group_statements
from quotes.ingest.readers import Article, ReadError, normalize_text

BATCH_SIZE = 32  # articles per nlp.pipe call
GROUP_QUOTES = 2_000  # quotes (of whole speakers) loaded per statement-grouping transaction


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
) -> IngestSummary:
    """Detect and store `articles`; ReadErrors among them are counted as failures.

    `on_progress` is called with the running summary each time an input has been
    dealt with (stored, skipped or failed).
    """
    summary = IngestSummary()
    seen: set[str] = set()  # hashes admitted in this run
    batch: list[_Pending] = []

    def report() -> None:
        if on_progress is not None:
            on_progress(summary)

    for item in _guarded(articles):
        # 1. Read failures and texts the pipeline refuses are failures; repeats are duplicates.
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
        elif digest in seen:
            summary.duplicates += 1
            report()
        else:
            seen.add(digest)
            batch.append(_Pending(item, text, digest))
        # 2. Full batches are detected together and stored one article at a time.
        if len(batch) >= batch_size:
            _ingest_batch(engine, nlp, batch, summary, report)
            batch = []
    if batch:
        _ingest_batch(engine, nlp, batch, summary, report)
    # 3. New quotes (and any a killed run left) join the statements of their speakers.
    try:
        group_pending(engine)
    except OperationalError as error:
        raise _unusable(error, "grouping statements") from error
    return summary


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
    """Group every quote that is in no statement yet, a few speakers per transaction
    (about `quotes_per_transaction` quotes loaded), so memory does not grow with the
    run. Returns the number of statements made."""
    ungrouped = (select(models.Quote.speaker_id).where(
        models.Quote.speaker_id.is_not(None),
        ~select(models.StatementQuote.quote_id)
        .where(models.StatementQuote.quote_id == models.Quote.id).exists()).distinct())
    with session(engine) as current:
        sizes = current.execute(
            select(models.Quote.speaker_id, func.count(models.Quote.id))
            .where(models.Quote.speaker_id.in_(ungrouped))
            .group_by(models.Quote.speaker_id).order_by(models.Quote.speaker_id)).all()
    made, chunk, loaded = 0, [], 0
    for number, (speaker_id, size) in enumerate(sizes, 1):
        chunk.append(speaker_id)
        loaded += size
        if loaded >= quotes_per_transaction or number == len(sizes):
            with session(engine, write=True) as current:
                made += group_statements(current, chunk)
            chunk, loaded = [], 0
    return made


def _ingest_batch(engine: Engine, nlp: Language, batch: list[_Pending],
                  summary: IngestSummary, report: Callable[[], None]) -> None:
    """Skip what the database already has, detect the rest in one pipe, store each."""
    detector = detected_by(nlp)
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
    fresh = [p for p in batch if p.digest not in stored]
    summary.duplicates += len(batch) - len(fresh)
    if len(fresh) < len(batch):
        report()
    for pending, doc in zip(fresh, detect(nlp, [p.text for p in fresh]), strict=True):
        if isinstance(doc, Exception):
            summary.failed.append(ReadError(pending.article.source, f"detection failed: {why(doc)}"))
        else:
            _store_one(engine, pending, doc._.quotes, summary, detector)
        report()


def _store_one(engine: Engine, pending: _Pending, found: list[Quote],
               summary: IngestSummary, detector: Detector) -> None:
    """Write one document with its speakers and quotes in one transaction, unless
    another process stored the same text first."""
    article = pending.article
    try:
        with session(engine, write=True) as current:
            if current.scalar(select(models.Document.id).where(
                    models.Document.content_hash == pending.digest)) is not None:
                summary.duplicates += 1
                return
            document = models.Document(
                source=article.source, external_id=article.external_id,
                content_hash=pending.digest, title=article.title, outlet=article.outlet,
                author=article.author, published=article.published, url=article.url,
                text=pending.text, detector_version=detector.version, pipeline=detector.pipeline)
            current.add(document)
            current.flush()  # the document's id, for speakers scoped to it
            speakers = attach_speakers(current, document, found)
            current.add_all(_quote_row(document, pending.text, quote, speaker)
                            for quote, speaker in zip(found, speakers, strict=True))
            current.flush()
            cut = list(current.info.get("truncated", ()))
    except OperationalError as error:  # the database itself failed: stop, nothing half-stored
        raise _unusable(error, article.source) from error
    except Exception as error:  # noqa: BLE001 - this article is rolled back, the run goes on
        summary.failed.append(ReadError(article.source, f"not stored: {why(error)}"))
        return
    summary.new += 1
    summary.quotes += len(found)
    summary.speaker_ids.update(s.id for s in speakers if s is not None)
    summary.notes += [f"{article.source}: {what}" for what in cut]


def _quote_row(document: models.Document, text: str, quote: Quote,
               speaker: models.Speaker | None) -> models.Quote:
    """The database row for one detected quote (texts cut from the document by offsets)."""
    return models.Quote(document=document, speaker=speaker, **quote_fields(document, text, quote))


def quote_fields(document: models.Document, text: str, quote: Quote) -> dict:
    """A detected quote's column values, but its document and speaker."""
    return dict(
        speaker_as_written=quote.text_of(text, quote.speaker),
        speaker_start=quote.speaker[0] if quote.speaker else None,
        speaker_end=quote.speaker[1] if quote.speaker else None,
        role=quote.role,
        content=quote.spoken(text),
        content_start=quote.content[0],
        content_end=quote.content[1],
        parts=[list(part) for part in quote.parts],
        kind=quote.kind,
        type=quote.type,
        cue=quote.text_of(text, quote.cue),
        cue_lemma=quote.cue_lemma,
        cue_start=quote.cue[0] if quote.cue else None,
        cue_end=quote.cue[1] if quote.cue else None,
        medium=quote.medium,
        addressee=quote.addressee,
        statement_when=quote.when,
        statement_date=resolve_when(quote.when, document.published),
        detector_version=DETECTOR_VERSION,
        rule=quote.rule,
        confidence=quote.confidence,
    )


def _unusable(error: OperationalError, source: str) -> QuotesError:
    """The error that stops a run when the database fails (down, locked, disk full)."""
    return QuotesError(f"database error at {source}: {why(error)}",
                       hint="the articles stored before it are kept; run the same command again")
