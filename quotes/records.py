"""The records that commands and the web API print, defined once (README, "Records").

Plain functions from stored rows to flat dicts (the same keys in the same order,
values JSON-ready apart from dates), so that search, export, check and show, in
JSON, NDJSON or CSV, and any web layer, say the same thing the same way. Commands
add their own fields after these (check: the match and diff; show: the context).

Each function reads relationships of the rows it is given: query them with
`RECORD_LOADS` (or load them otherwise) while the session is open.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import selectinload

from quotes.db.models import Document, Quote, Statement

# Loader options for a query of quotes whose records will be made (the document is
# usually joined and loaded with contains_eager by the query itself).
RECORD_LOADS = (selectinload(Quote.speaker), selectinload(Quote.membership))

# The quote record's fields with their types, in order (formats that declare a schema,
# such as Parquet, take them from here; every value may also be None).
QUOTE_FIELDS: dict[str, type] = {
    "quote_id": int, "statement_id": int, "speaker_id": int, "date": date, "speaker": str,
    "speaker_as_written": str, "role": str, "kind": str, "type": str, "content": str,
    "cue": str, "medium": str, "addressee": str, "when": str, "confidence": float, "rule": str,
    "document_id": int, "outlet": str, "title": str, "url": str, "author": str,
    "published": date, "source": str,
}

# The columns of a quote record that a table for reading shows.
QUOTE_COLUMNS = ("quote_id", "date", "outlet", "speaker", "kind", "content")


def document_record(document: Document) -> dict[str, Any]:
    """An article: its id, where it came from (url, source) and its metadata; no text."""
    return {
        "document_id": document.id,
        "outlet": document.outlet,
        "title": document.title,
        "url": document.url,
        "author": document.author,
        "published": document.published,
        "source": document.source,
    }


def quote_record(quote: Quote) -> dict[str, Any]:
    """A quote with its ids, who said it, how, when, and its article's record.

    speaker   the resolved speaker's name; the words as written when there is no
              resolved speaker (speaker_id is then null)
    date      when it was said: the statement's date, else the article's publication date
    """
    membership = quote.membership
    return {
        "quote_id": quote.id,
        "statement_id": membership.statement_id if membership else None,
        "speaker_id": quote.speaker_id,
        "date": quote.said_on,
        "speaker": quote.speaker.name if quote.speaker else quote.speaker_as_written,
        "speaker_as_written": quote.speaker_as_written,
        "role": quote.role,
        "kind": quote.kind,
        "type": quote.type,
        "content": quote.content,
        "cue": quote.cue,
        "medium": quote.medium,
        "addressee": quote.addressee,
        "when": quote.statement_when,
        "confidence": quote.confidence,
        "rule": quote.rule,
    } | document_record(quote.document)


def statement_record(statement: Statement, quotes: Sequence[Quote]) -> dict[str, Any]:
    """A statement once, with every outlet that reported it, its quotes and other wordings
    (`quotes` are the statement's quotes, oldest first)."""
    wordings = dict.fromkeys(q.content for q in quotes)
    return {
        "statement_id": statement.id,
        "speaker_id": statement.speaker_id,
        "first_seen": statement.first_seen,
        "statement": statement.text,
        "outlets": list(dict.fromkeys(q.document.outlet or q.document.source for q in quotes)),
        "quote_ids": [q.id for q in quotes],
        "other_wordings": [w for w in wordings if w != statement.text],
    }
