"""Detect quotes in many documents without a database, streaming.

`extract_documents` reads its inputs through the ingest readers (JSON Lines one
line at a time; .txt, .html, folders, stdin), so a text is read, normalised and
limited exactly as `ingest` does; it runs `nlp.pipe` in batches and yields one
result per document, so memory stays flat however long the input. An input that
cannot be read, is longer than the pipeline takes (`too_long`) or makes the
detector fail is reported through `on_error` and the rest goes on (`detect`).
Offsets point into the normalised text. Not handled: documents over the readers'
size limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from quotes.detect.records import Quote
from quotes.ingest.readers import ReadError, read_articles


@dataclass(frozen=True, slots=True)
class Document:
    """One input document and the quotes found in it."""

    id: str
    text: str
    quotes: list[Quote]


def too_long(nlp: Language, text: str) -> str | None:
    """Why `nlp` refuses `text` (over its max_length), else None."""
    if len(text) <= nlp.max_length:
        return None
    return (f"too long: {len(text):,} characters, the pipeline's limit is "
            f"{nlp.max_length:,} per document")


def detect(nlp: Language, texts: list[str]) -> list[Doc | Exception]:
    """Docs for `texts`; if the batch fails, each text alone, so one bad text fails alone."""
    try:
        return list(nlp.pipe(texts))
    except Exception:  # noqa: BLE001 - find which text it was
        results: list[Doc | Exception] = []
        for text in texts:
            try:
                results.append(nlp(text))
            except Exception as error:  # noqa: BLE001
                results.append(error)
        return results


def find_quotes_in(nlp: Language, texts: list[str]) -> list[list[Quote] | str]:
    """The quotes of each text, or why detecting them failed: plain records, small to send
    from a worker process (`detect`'s Docs are not)."""
    return [f"detection failed: {why(doc)}" if isinstance(doc, Exception) else list(doc._.quotes)
            for doc in detect(nlp, texts)]


def why(error: BaseException) -> str:
    """One line about an error: its type and the first line of its message."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}".rstrip(": ")


def _inputs(nlp: Language, paths: Iterable[str],
            on_error: Callable[[str], None]) -> Iterator[tuple[str, str]]:
    """(id, text) for every document under `paths` that the pipeline takes."""
    for item in read_articles(paths):
        if isinstance(item, ReadError):
            on_error(f"{item.source}: {item.reason}")
        elif reason := too_long(nlp, item.text):
            on_error(f"{item.source}: {reason}")
        else:
            yield item.external_id or item.source, item.text


def extract_documents(nlp: Language, paths: Iterable[str], *, on_error: Callable[[str], None],
                      batch_size: int = 32) -> Iterator[Document]:
    """Each document under `paths` with the quotes `nlp` finds in it, in input order."""
    inputs = _inputs(nlp, paths, on_error)
    while batch := list(islice(inputs, batch_size)):
        for (doc_id, text), doc in zip(batch, detect(nlp, [text for _, text in batch]), strict=True):
            if isinstance(doc, Exception):
                on_error(f"{doc_id}: detection failed: {why(doc)}")
            else:
                yield Document(doc_id, text, list(doc._.quotes))
