"""Detect quotes in many documents without a database, streaming.

`extract_documents` reads JSON Lines (`{"id", "text"}` per line) one line at a
time and everything else (.txt, .html, folders, stdin) through the ingest readers,
runs `nlp.pipe` in batches and yields one result per document, so memory stays
flat however long the input. A bad line or file is reported through `on_error`
and the rest goes on. Not handled: documents over the readers' size limit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from spacy.language import Language

from quotes.detect.records import Quote
from quotes.ingest.readers import ReadError, read_articles

JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True, slots=True)
class Document:
    """One input document and the quotes found in it."""

    id: str
    text: str
    quotes: list[Quote]


def _jsonl(path: Path, on_error: Callable[[str], None]) -> Iterator[tuple[str, str]]:
    """(id, text) per line of a JSON Lines file; bad lines go to on_error."""
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                on_error(f"{where}: invalid JSON: {error}")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                on_error(f"{where}: expected an object with a 'text' string")
                continue
            yield str(record.get("id", where)), record["text"]


def _inputs(paths: Iterable[str], on_error: Callable[[str], None]) -> Iterator[tuple[str, str]]:
    """(id, text) for every document under `paths`."""
    for path in paths:
        if Path(path).suffix.lower() in JSONL_SUFFIXES and Path(path).is_file():
            yield from _jsonl(Path(path), on_error)
            continue
        for item in read_articles([path]):
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
