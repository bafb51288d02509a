"""`quotes extract` (detect quotes in files, no database) and `quotes evaluate`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from quotes.cli.options import FormatOption, ModelOption, load_model
from quotes.cli.output import Format, write

if TYPE_CHECKING:  # the detector loads spaCy: only these commands, when run, import it
    from quotes.detect.batch import Document


def _quote_row(document: Document, quote) -> dict:
    """One table row per quote: who, how, and the words."""
    text = document.text
    return {
        "document": document.id,
        "speaker": quote.speaker_text,
        "kind": quote.kind,
        "cue": quote.text_of(text, quote.cue),
        "content": quote.text_of(text, quote.content),
    }


def _document_row(document: Document) -> dict:
    """One record per document in the evaluation format (offsets into the text)."""
    return {"id": document.id, "quotes": [q.to_dict() for q in document.quotes]}


def extract(
    paths: Annotated[list[str], typer.Argument(
        help="Files or folders: .jsonl of {\"id\", \"text\"} (streamed), .txt, .md, .html, .json, "
             "or - for stdin.", show_default=False)],
    fmt: FormatOption = Format.table,
    model: ModelOption = "auto",
) -> None:
    """Find quotes and their speakers in documents, without a database.

    json/ndjson write one record per document ({"id", "quotes"} with character
    offsets into the text as ingest stores it, the format score.py reads); the
    other formats one row per quote. Inputs that cannot be read or detected are
    reported on stderr, one line each, and skipped; the exit status is then 1.
    """
    from quotes.detect.batch import extract_documents

    nlp = load_model(model)
    failures: list[str] = []

    def on_error(message: str) -> None:
        failures.append(message)
        typer.echo(f"Skipped {message}", err=True)

    documents = extract_documents(nlp, paths, on_error=on_error)
    per_document = Format(fmt) in (Format.json, Format.ndjson)

    def rows() -> Iterator[dict]:
        for document in documents:
            if per_document:
                yield _document_row(document)
            else:
                yield from (_quote_row(document, q) for q in document.quotes)

    count = write(rows(), fmt)
    typer.echo(f"{count} {'documents' if per_document else 'quotes'} written"
               + (f", {len(failures)} inputs skipped" if failures else ""), err=True)
    if failures:
        raise typer.Exit(1)


def evaluate(
    gold: Annotated[str, typer.Argument(
        help='Annotated JSON Lines: {"id", "text", "quotes": [{"content", "cue", "speaker", '
             '"speaker_text", "kind"}]} per line.', show_default=False)],
    fmt: FormatOption = Format.table,
    model: ModelOption = "auto",
) -> None:
    """Measure the detector on your annotated articles: content overlap, speakers, end to end."""
    from quotes.evaluate import evaluate as evaluate_file

    nlp = load_model(model)
    write(evaluate_file(nlp, gold).rows(), fmt)
