"""Detect quotes in many documents without a database, streaming.

`extract_documents` reads its inputs through the ingest readers (JSON Lines one
line at a time; .txt, .html, folders, stdin), runs `nlp.pipe` in batches and yields one result per document, so memory stays
flat however long the input. A bad line or file is reported through `on_error`
and the rest goes on. Not handled: documents over the readers' size limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language

from quotes.detect.records import Quote
from quotes.ingest.readers import ReadError, read_articles


@dataclass(frozen=True, slots=True)
class Document:
    """One input document and the quotes found in it."""

    id: str
    text: str
    quotes: list[Quote]


def _inputs(paths: Iterable[str], on_error: Callable[[str], None]) -> Iterator[tuple[str, str]]:
    """(id, text) for every document under `paths`, texts exactly as read (offsets stay valid)."""
    for item in read_articles(paths):
        if isinstance(item, ReadError):
            on_error(f"{item.source}: {item.reason}")
        else:
            yield item.external_id or item.source, item.text


def extract_documents(nlp: Language, paths: Iterable[str], *, on_error: Callable[[str], None],
                      batch_size: int = 32) -> Iterator[Document]:
    """Each document under `paths` with the quotes `nlp` finds in it, in input order."""
    inputs = _inputs(paths, on_error)
    while batch := list(islice(inputs, batch_size)):
        texts = (text for _, text in batch)
        for (doc_id, text), doc in zip(batch, nlp.pipe(texts, batch_size=batch_size)):
            yield Document(doc_id, text, list(doc._.quotes))
