"""Store articles: detect their quotes, attach speakers, write rows, one article per transaction.

An article is identified by its text: the sha256 of the text with line endings
normalised to "\\n" and surrounding whitespace removed (that normalised text is
what is stored, so quote offsets point into it). An article whose hash is
already in the database, or earlier in the same run, is a duplicate and is
skipped, so ingesting the same input twice changes nothing.

Each new article is written in its own transaction (document, speakers, quotes):
when anything fails, that article is rolled back and listed in the summary with
the reason, and the others go on. When the database itself fails (connection
lost, locked, disk full) the run stops with a QuotesError instead, since every
following article would fail the same way. Not handled: updating an article whose text
changed (it is a new document) or whose metadata changed (the first stored
metadata stays), deleting articles, re-running a newer detector over stored
articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, OperationalError

from quotes.db import models
from quotes.db.engine import session
from quotes.detect import DETECTOR_VERSION, resolve_when
from quotes.detect.records import Quote
from quotes.errors import QuotesError
from quotes.identity.speakers import attach_speakers
from quotes.identity.statements import group_statements
from quotes.ingest.readers import Article, ReadError

BATCH_SIZE = 32  # articles per nlp.pipe call


@dataclass
class IngestSummary:
    """What a run did: documents new / duplicate / failed (with reasons), quotes, speakers."""

    new: int = 0
    duplicates: int = 0
    failed: list[ReadError] = field(default_factory=list)
    quotes: int = 0
    speaker_ids: set[int] = field(default_factory=set)  # speakers quoted in the new documents

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
class _Pending:
    article: Article
    text: str  # normalised
    digest: str


def normalize_text(text: str) -> str:
    """The text as stored and hashed: "\\n" line endings, no surrounding whitespace."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


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

    for item in articles:
        # 1. Read failures and texts the pipeline refuses are failures; repeats are duplicates.
        if isinstance(item, ReadError):
            summary.failed.append(item)
            report()
            continue
        text = normalize_text(item.text)
        digest = content_hash(text)
        if len(text) > nlp.max_length:
            summary.failed.append(ReadError(item.source, (
                f"too long: {len(text):,} characters, the pipeline's limit is "
                f"{nlp.max_length:,} per document")))
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
    # 3. New quotes join the statements their speakers made in other articles.
    if summary.speaker_ids:
        with session(engine) as current:
            group_statements(current, summary.speaker_ids)
    return summary


def _ingest_batch(engine: Engine, nlp: Language, batch: list[_Pending],
                  summary: IngestSummary, report: Callable[[], None]) -> None:
    """Skip what the database already has, detect the rest in one pipe, store each."""
    try:
        with session(engine) as current:
            stored = set(current.scalars(select(models.Document.content_hash).where(
                models.Document.content_hash.in_([p.digest for p in batch]))))
    except OperationalError as error:
        raise _unusable(error, batch[0].article.source) from error
    fresh = [p for p in batch if p.digest not in stored]
    summary.duplicates += len(batch) - len(fresh)
    if len(fresh) < len(batch):
        report()
    for pending, doc in zip(fresh, _detect(nlp, [p.text for p in fresh])):
        if isinstance(doc, Exception):
            summary.failed.append(ReadError(pending.article.source, f"detection failed: {_why(doc)}"))
        else:
            _store_one(engine, pending, doc._.quotes, summary)
        report()


def _detect(nlp: Language, texts: list[str]) -> list[Doc | Exception]:
    """Docs for `texts`; if the batch fails, each text alone, so one bad text fails alone."""
    try:
        return list(nlp.pipe(texts))
    except Exception:
        results: list[Doc | Exception] = []
        for text in texts:
            try:
                results.append(nlp(text))
            except Exception as error:
                results.append(error)
        return results


def _store_one(engine: Engine, pending: _Pending, found: list[Quote],
               summary: IngestSummary) -> None:
    """Write one document with its speakers and quotes in one transaction."""
    article = pending.article
    try:
        with session(engine) as current:
            document = models.Document(
                source=article.source, external_id=article.external_id,
                content_hash=pending.digest, title=article.title, outlet=article.outlet,
                author=article.author, published=article.published, url=article.url,
                text=pending.text)
            current.add(document)
            current.flush()  # the document's id, for speakers scoped to it
            speakers = attach_speakers(current, document, found)
            current.add_all(_quote_row(document, pending.text, quote, speaker)
                            for quote, speaker in zip(found, speakers, strict=True))
    except IntegrityError as error:
        # Another process may have stored the same text since the batch was checked.
        with session(engine) as current:
            if current.scalar(select(models.Document.id).where(
                    models.Document.content_hash == pending.digest)) is not None:
                summary.duplicates += 1
                return
        summary.failed.append(ReadError(article.source, f"not stored: {_why(error)}"))
        return
    except OperationalError as error:  # the database itself failed: stop, nothing half-stored
        raise _unusable(error, article.source) from error
    except Exception as error:  # anything else: this article is rolled back, the run goes on
        summary.failed.append(ReadError(article.source, f"not stored: {_why(error)}"))
        return
    summary.new += 1
    summary.quotes += len(found)
    summary.speaker_ids.update(s.id for s in speakers if s is not None)


def _quote_row(document: models.Document, text: str, quote: Quote,
               speaker: models.Speaker | None) -> models.Quote:
    """The database row for one detected quote (texts cut from the document by offsets)."""
    return models.Quote(
        document=document,
        speaker=speaker,
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
    return QuotesError(f"database error at {source}: {_why(error)}",
                       hint="the articles stored before it are kept; run the same command again")


def _why(error: Exception) -> str:
    """One line about an error, for the summary."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}".rstrip(": ")
