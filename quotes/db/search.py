"""Full-text search over quote content, with filters, on SQLite (FTS5) and PostgreSQL (tsvector).

The search text is split into words and "quoted phrases"; a quote matches when it
contains all of them (case and accents ignored, no stemming). Both backends are
given the same words, made here: runs of letters and digits (NFC, lowercased);
each backend removes their accents as it does for the stored text (FTS5
`unicode61 remove_diacritics 2`, PostgreSQL `unaccent`, installed by migration 0001).
Everything else (`*`, `NEAR(`, `-`, `&`, `=`, quotes, parentheses) only separates
words, and `OR`, `AND`, `NOT` are plain words, so no user text is ever query syntax.
Blank text is no text filter; text without any word (`"`, `""`, `*`) finds nothing.
The text is bounded: at most MAX_QUERY_CHARS characters and MAX_TERMS terms.
Not handled: OR, NOT, prefix search, stemming ("warn" does not find "warned"); the
stored text is still tokenised by each backend (PostgreSQL keeps `10.5`, an e-mail
or a URL as one token, FTS5 splits them). Outlet comparison ignores case for ASCII
letters only on SQLite.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any
from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    false,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session, joinedload, selectinload

from quotes.db.models import QUOTE_KINDS, QUOTE_TYPES, SAID_ON, Document, Quote
from quotes.errors import QuotesError
from quotes.identity.names import word_list

# Made by migration 0001, not models: SQLite FTS5 table (and its shadow tables
# quotes_fts_data, ...), PostgreSQL generated tsvector column and its GIN index,
# built with the text search configuration quotes_text.
FTS_TABLE = "quotes_fts"
TSV_COLUMN = "content_tsv"
TSV_INDEX = "ix_quotes_content_tsv"
TS_CONFIG = "quotes_text"

# A "quoted phrase", or a run of non-space characters.
_TERM = re.compile(r'"([^"]*)"|(\S+)')
# Bounds on the search text: each term is one more index lookup on either backend.
MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
STREAM_BATCH = 1000  # quotes loaded at once when streaming (all_quotes)


def include_name(name: str | None, type_: str, _parents: dict) -> bool:
    """Alembic hook: leave the full-text search objects out of schema comparisons."""
    if type_ == "table":
        return not (name or "").startswith(FTS_TABLE)
    return name not in (TSV_COLUMN, TSV_INDEX)


def _words(text: str) -> list[str]:
    """The search words of `text` (NFC, lowercased): runs of letters, digits and
    combining marks. Accents are left to each backend, which folds the query's words
    as it folds the stored text (FTS5 `unicode61 remove_diacritics 2`, PostgreSQL
    `unaccent`, both installed by the migrations)."""
    runs = itertools.groupby(unicodedata.normalize("NFC", text).lower(),
                             key=lambda c: c.isalnum() or unicodedata.category(c).startswith("M"))
    return ["".join(chars) for is_word, chars in runs if is_word]


def search_terms(text: str) -> list[str]:
    """Words and "quoted phrases" of `text`, each as its words joined by one space;
    a run of non-space characters with punctuation inside is a phrase of its words.

    >>> search_terms('Troops "in Kursk" NEAR( 1=1 "')
    ['troops', 'in kursk', 'near', '1 1']

    Raises QuotesError for text longer than MAX_QUERY_CHARS or with more than MAX_TERMS terms.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QuotesError(f"the search text is {len(text)} characters long; at most {MAX_QUERY_CHARS}",
                          hint="search for a few distinctive words or a short phrase")
    terms = [" ".join(_words(m.group(1) if m.group(1) is not None else m.group(2)))
             for m in _TERM.finditer(text)]
    terms = [term for term in terms if term]
    if len(terms) > MAX_TERMS:
        raise QuotesError(f"the search text has {len(terms)} words or phrases; at most {MAX_TERMS}",
                          hint="search for a few distinctive words or a short phrase")
    return terms


def _match(dialect: str, terms: list[str], query: Select, *,
           at_least: int | None = None) -> tuple[Select, ColumnElement]:
    """Add the full-text condition for `terms` to `query`: a quote with all of them, or
    with at least `at_least` of them; return the query and its order (best first).

    Each term is re-split into words (see `_words`), so only letters and digits reach
    either query language; a term without words is left out, and no words match nothing.
    "At least k of n" is the OR of every k terms together (n choose k: keep n small)."""
    phrases = [words for words in map(_words, terms) if words]
    groups = list(itertools.combinations(phrases, min(at_least or len(phrases), len(phrases)))
                  ) if phrases else []
    if dialect == "sqlite":
        # FTS5: each phrase one quoted string, AND within a group, OR between groups.
        fts = table(FTS_TABLE, column("rowid"), column("rank"))
        match = _fts5(groups)
        informative = [p for p in phrases if not set(p) <= word_list("stop_words.txt")]
        if not phrases or len(groups) > 1 or not informative or informative == phrases:
            query = query.join(fts, fts.c.rowid == Quote.id).where(
                literal_column(FTS_TABLE).op("MATCH")(match) if phrases else false())
            return query, fts.c.rank  # bm25: smaller is better
        # Stop words filter but do not rank: bm25 reads the whole posting list of each
        # phrase it ranks by ("a" is in 800,000 of 1,000,000 quotes: 50 ms), and gives
        # words in most quotes next to no weight anyway.
        ranking = func.quotes_fts(_fts5([informative])).table_valued("rowid", "rank")
        every = select(fts.c.rowid).where(literal_column(FTS_TABLE).op("MATCH")(match))
        query = query.join(ranking, ranking.c.rowid == Quote.id).where(Quote.id.in_(every))
        return query, ranking.c.rank
    # PostgreSQL: the same as a tsquery (<-> joins a phrase's words).
    tsquery = func.to_tsquery(literal_column(f"'{TS_CONFIG}'::regconfig"), " | ".join(
        "(" + " & ".join("(" + " <-> ".join(p) + ")" for p in group) + ")" for group in groups))
    tsv = literal_column(f"quotes.{TSV_COLUMN}")
    condition = tsv.op("@@")(tsquery) if phrases else false()
    return query.where(condition), func.ts_rank(tsv, tsquery).desc()


def _fts5(groups: Iterable[Iterable[list[str]]]) -> str:
    """An FTS5 query: each phrase a quoted string, AND within a group, OR between groups."""
    return " OR ".join("(" + " AND ".join('"' + " ".join(p) + '"' for p in group) + ")"
                       for group in groups)


def matching_quotes(session: Session, terms: list[str], *, at_least: int | None = None,
                    speaker_ids: Iterable[int] | None = None, quote_type: str | None = "speech",
                    limit: int = 100) -> list[tuple[int, str]]:
    """(id, content) of the quotes with all `terms` (at least `at_least` of them, when
    given), best match first: the cheap first pass of a search that ranks candidates
    itself (`quotes check`). Only quotes of `quote_type` (speech by default; None: every type)."""
    query, rank = _match(session.get_bind().dialect.name, terms,
                         select(Quote.id, Quote.content), at_least=at_least)
    query = _of_type(query, quote_type)
    if speaker_ids is not None:
        query = query.where(Quote.speaker_id.in_(list(speaker_ids)))
    return [tuple(row) for row in session.execute(query.order_by(rank).limit(limit))]


def search_quotes(
    session: Session,
    text: str | None = None,
    *,
    speaker_ids: list[int] | None = None,
    outlet: str | None = None,
    since: date | None = None,
    until: date | None = None,
    kind: str | None = None,
    quote_type: str | None = "speech",
    limit: int = 50,
    offset: int = 0,
) -> list[Quote]:
    """Quotes matching `text` and every filter given, best match first, then newest.

    The date filtered on (since/until, inclusive) is the statement date, else
    the document's publication date. `quote_type` is speech by default (None:
    every type). No text and no filters: the latest quotes. `speaker_ids=[]`
    matches nothing. The document, speaker and statement membership are loaded.
    `offset` skips that many of the first results (a page of them).
    """
    if limit < 1:
        raise QuotesError(f"the limit must be at least 1, not {limit}")
    if offset < 0:
        raise QuotesError(f"the offset must be at least 0, not {offset}")
    # 1. The page's ids, best first, then newest, then in order of storage: only the
    #    narrow columns the order needs go through the sort, never the quotes' and
    #    articles' texts (sorting every match with its article cost 10x at 50,000 quotes).
    query, order = _filtered(session, select(Quote.id), text, speaker_ids=speaker_ids,
                             outlet=outlet, since=since, until=until, kind=kind,
                             quote_type=quote_type)
    order += [SAID_ON.desc().nulls_last(), Quote.id.desc()]
    ids = list(session.scalars(query.order_by(*order).limit(limit).offset(offset)))
    # 2. Those quotes, with what a record shows, in that order.
    return quotes_by_id(session, ids)


def quotes_by_id(session: Session, ids: Sequence[int], *, with_text: bool = False) -> list[Quote]:
    """The quotes with these ids, in this order, with their document (its text only
    `with_text`: a record never shows it), speaker and statement membership loaded
    (ids of no quote are left out)."""
    if not ids:
        return []
    document = selectinload(Quote.document)
    found = {quote.id: quote for quote in session.scalars(
        select(Quote).where(Quote.id.in_(ids))
        .options(document if with_text else document.defer(Document.text),
                 joinedload(Quote.speaker), selectinload(Quote.membership)))}
    return [found[i] for i in ids if i in found]


def all_quotes(session: Session, *, quote_type: str | None = "speech",
               batch: int = STREAM_BATCH) -> Iterator[Quote]:
    """Every quote of `quote_type` (None: every type) in order of id, loaded as
    `quotes_by_id` loads them, `batch` at a time: each batch starts after the last id
    of the one before (keyset), so memory stays the same however many quotes there are,
    on both backends, and no cursor stays open between batches."""
    last = 0
    while True:
        ids = list(session.scalars(_of_type(select(Quote.id).where(Quote.id > last), quote_type)
                                   .order_by(Quote.id).limit(batch)))
        if not ids:
            return
        yield from quotes_by_id(session, ids)  # the session keeps no row the caller drops
        last = ids[-1]


def search_facets(session: Session, text: str | None = None, *, limit: int = 10,
                  **filters: Any) -> dict[str, list[tuple[Any, int]]]:
    """How many quotes `search_quotes(session, text, **filters)` finds in all, by
    speaker id, outlet and kind: {"speaker": [(id, n), ...], "outlet": ..., "kind": ...},
    the `limit` largest counts of each, largest first, then by value (a quote with no
    speaker or outlet counts under None).

    One query counts every (speaker, outlet, kind) combination; the three facets are
    added up from it, so the full-text match runs once.
    """
    keys = (Quote.speaker_id, Quote.outlet, Quote.kind)
    query, _ = _filtered(session, select(*keys, func.count(Quote.id)), text, **filters)
    facets: dict[str, dict[Any, int]] = {"speaker": {}, "outlet": {}, "kind": {}}
    for *values, n in session.execute(query.group_by(*keys)):
        for facet, value in zip(facets.values(), values):
            facet[value] = facet.get(value, 0) + n
    return {name: sorted(counts.items(), key=lambda c: (-c[1], c[0] is None, str(c[0])))[:limit]
            for name, counts in facets.items()}


def _filtered(session: Session, query: Select, text: str | None, *,
              speaker_ids: list[int] | None = None, outlet: str | None = None,
              since: date | None = None, until: date | None = None,
              kind: str | None = None,
              quote_type: str | None = "speech") -> tuple[Select, list[ColumnElement]]:
    """`query` (over quotes) restricted to the search's text and filters; with the
    full-text order (best first) when there is text. The document's outlet and date are
    read from the quote's copies (migration 0009), so no article is looked up."""
    if kind is not None and kind not in QUOTE_KINDS:
        raise QuotesError(f"unknown quote kind {kind!r}", hint=f"use one of: {', '.join(QUOTE_KINDS)}")
    query = query.select_from(Quote)
    order: list[ColumnElement] = []
    # Full text, when there is any (blank text is none); text without words finds nothing.
    if text and text.strip():
        query, rank = _match(session.get_bind().dialect.name, search_terms(text), query)
        order.append(rank)
    # Filters.
    if speaker_ids is not None:
        query = query.where(Quote.speaker_id.in_(speaker_ids))
    if outlet is not None:
        query = query.where(func.lower(Quote.outlet) == outlet.lower())
    if since is not None:
        query = query.where(SAID_ON >= since)
    if until is not None:
        query = query.where(SAID_ON <= until)
    if kind is not None:
        query = query.where(Quote.kind == kind)
    return _of_type(query, quote_type), order


def _of_type(query: Select, quote_type: str | None) -> Select:
    """`query` restricted to quotes of `quote_type` (None: no restriction)."""
    if quote_type is None:
        return query
    if quote_type not in QUOTE_TYPES:
        raise QuotesError(f"unknown attribution type {quote_type!r}",
                          hint=f"use one of: {', '.join(QUOTE_TYPES)} or all")
    return query.where(Quote.type == quote_type)
