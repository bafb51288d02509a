"""Statements: quotes by one speaker that report the same thing, across articles.

Two wordings are compared after normalisation (case, accents and punctuation
folded; editorial insertions in square brackets such as "[Democratic People's
Republic of Korea]", "[out]" or "[...]" dropped) and are one statement when

- they are the same words ("same", score 100),
- the shorter one is an excerpt of the longer one: its words appear in order in
  one stretch of the longer, allowing a few inserted or changed words
  ("excerpt", a word-level alignment score), or
- they are a different translation or a paraphrase of each other: close word
  sets in any order ("paraphrase", rapidfuzz token_sort_ratio).

Thresholds were calibrated on the seed articles (Kovalenko's Telegram post in
two translations, scores 72 and up) and on made-up statements of the same
speakers on the same topic (67 and below); see tests/test_statements.py.

Not handled: negation and changed figures ("have not come under fire", "8,000"
vs "12,000" troops) score like the statement they contradict; two different
statements that share most of their words ("the first troops have arrived in
Kursk" vs "the first troops have come under fire in Kursk") are grouped;
excerpts of fewer than three words are never grouped by containment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import groupby
from typing import Literal, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq
from sqlalchemy import bindparam, delete, insert, or_, select, union, update
from sqlalchemy.orm import Session, contains_eager, joinedload

from quotes.db import models
from quotes.db.engine import insert_rows
from quotes.db.search import STREAM_BATCH, quotes_by_id
from quotes.identity.names import normalize_name
from quotes.records import RECORD_LOADS, quote_record, statement_record

MatchKind = Literal["same", "excerpt", "paraphrase", "different"]

EXCERPT_THRESHOLD = 85.0  # word-level alignment of the shorter text with a stretch of the longer
PARAPHRASE_THRESHOLD = 70.0  # rapidfuzz token_sort_ratio of the normalised texts
MIN_EXCERPT_WORDS = 3  # "money" inside a long statement is not the same statement
FEW_PAIRS = 16  # wording pairs below which bounding them first costs more than comparing
NEAR_CELLS = 2_000_000  # wording pairs bounded at once while grouping (about 16 MB)

_BRACKETED = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True, slots=True)
class Match:
    """How two wordings relate.

    score    0..100, the evidence for `kind` (100 for identical or contained words)
    kind     same, excerpt, paraphrase or different
    reason   one line a journalist can read, with the measure that decided
    excerpt  for kind "excerpt": which side is the shorter excerpt ("a" or "b")
    """

    score: float
    kind: MatchKind
    reason: str
    excerpt: Literal["a", "b"] | None = None

    @property
    def related(self) -> bool:
        """True when both wordings report the same statement."""
        return self.kind != "different"


@lru_cache(maxsize=4096)  # a checked text is compared with every candidate
def normalize_statement(text: str) -> str:
    """Comparable form: bracketed insertions dropped, then folded like a name.

    >>> normalize_statement("The DPRK [Democratic People’s Republic of Korea] units [...] left.")
    'the dprk units left'
    """
    return normalize_name(_BRACKETED.sub(" ", text))


def words(text: str) -> list[str]:
    """The normalised words of `text`."""
    return normalize_statement(text).split()


def excerpt_score(short: list[str], long: list[str]) -> float:
    """How well `short` lines up with one stretch of `long`, word by word.

    The stretch runs from the first to the last word that matches; the score is
    100 * 2 * matched words / (len(short) + stretch length): 100 when `short`
    appears there verbatim.
    """
    matcher = SequenceMatcher(None, short, long, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return 0.0
    stretch = blocks[-1].b + blocks[-1].size - blocks[0].b
    return 100.0 * 2 * sum(block.size for block in blocks) / (len(short) + stretch)


def _excerpt_bound(short: list[str], long: list[str]) -> float:
    """An upper bound of the excerpt score, fast (the stretch is at least the common words)."""
    common = LCSseq.similarity(short, long)
    return 100.0 * 2 * common / (len(short) + common) if common else 0.0


def statement_similarity(a: str, b: str) -> Match:
    """Whether wordings `a` and `b` report the same statement, with a score and reason."""
    # 1. Normalise both; identical words are the same statement.
    words_a, words_b = words(a), words(b)
    if not words_a or not words_b:
        return Match(0.0, "different", "nothing to compare")
    if words_a == words_b:
        return Match(100.0, "same", "same words")

    # 2. The shorter one inside the longer one, allowing a few changed words.
    a_shorter = len(words_a) <= len(words_b)
    short, long = (words_a, words_b) if a_shorter else (words_b, words_a)
    if len(short) >= MIN_EXCERPT_WORDS and _excerpt_bound(short, long) >= EXCERPT_THRESHOLD:
        score = excerpt_score(short, long)
        if score >= EXCERPT_THRESHOLD:
            how = "verbatim" if score == 100.0 else f"aligned {score:.0f}"
            return Match(
                round(score, 1),
                "excerpt",
                f"excerpt: {len(short)} words inside {len(long)}, {how}",
                "a" if a_shorter else "b",
            )

    # 3. Same words in another order or another translation.
    score = fuzz.token_sort_ratio(" ".join(words_a), " ".join(words_b))
    if score >= PARAPHRASE_THRESHOLD:
        return Match(round(score, 1), "paraphrase", f"paraphrase: token sort ratio {score:.0f}")
    return Match(round(score, 1), "different", f"different: token sort ratio {score:.0f}")


def group_statements(session: Session, speaker_ids: Iterable[int] | None = None, *,
                     revisit: bool = False) -> int:
    """Put each quote of these speakers (every speaker when None) that is in no statement
    yet into one: the statement of its best match among the speaker's grouped quotes
    (`statement_similarity`), else a new statement.

    Quotes are placed oldest first (statement date, else publication date); a
    statement's text is the wording of its earliest direct quote, else of its
    earliest quote. A quote whose speaker has changed since it was grouped (a
    merge or split) is placed again; statements left empty are deleted. With
    `revisit`, the text and date of each statement of these speakers is set again
    even when no quote of theirs is new (quotes of theirs may have gone). Only these
    speakers, and those a moved quote came from or went to, are read. Writes
    rows directly (statements and memberships of `session` are expired), does not
    commit. Memory holds these speakers' quote texts and the pairs that may match,
    never documents; each distinct wording is compared once. Returns the number of
    statements made.

    Not handled: a quote that fits two statements does not merge them.
    """
    connection = session.connection()
    given = None if speaker_ids is None else list(set(speaker_ids))
    # 1. Quotes whose speaker changed (a merge or split) leave their statement; the
    #    speakers they left and joined are grouped too (the statements of these speakers
    #    holding other speakers' quotes, and these speakers' quotes in other statements).
    quote, statement = models.Quote, models.Statement
    moved = (select(models.StatementQuote.quote_id, statement.speaker_id, quote.speaker_id)
             .join(statement, statement.id == models.StatementQuote.statement_id)
             .join(quote, quote.id == models.StatementQuote.quote_id))
    if given is None:
        stale = connection.execute(moved.where(or_(
            quote.speaker_id.is_(None), quote.speaker_id != statement.speaker_id))).all()
    else:
        stale = connection.execute(union(
            moved.where(statement.speaker_id.in_(given),
                        or_(quote.speaker_id.is_(None), quote.speaker_id != statement.speaker_id)),
            moved.where(quote.speaker_id.in_(given), quote.speaker_id != statement.speaker_id),
        )).all()
    left = {old for _, old, _ in stale} | {new for _, _, new in stale if new is not None}
    if stale:
        connection.execute(delete(models.StatementQuote.__table__).where(
            models.StatementQuote.quote_id.in_([quote_id for quote_id, _, _ in stale])))

    # 2. The speakers with a quote in no statement, or who lost or gained one (all of the
    #    given ones with `revisit`); their quotes oldest first (only the columns grouping
    #    reads), and the statements they are in.
    ungrouped = select(models.Quote.speaker_id).where(
        models.Quote.speaker_id.is_not(None),
        ~select(models.StatementQuote.quote_id)
        .where(models.StatementQuote.quote_id == models.Quote.id).exists())
    if given is not None:
        ungrouped = ungrouped.where(models.Quote.speaker_id.in_(given))
    if revisit and given is not None:
        left.update(given)
    speaker_ids = list(set(connection.scalars(ungrouped.distinct())) | left)
    when = models.SAID_ON
    shared: dict = {}  # one copy of each wording and date (a story copied by many outlets)
    quotes = [_Quote(row.id, row.speaker_id, shared.setdefault(row.content, row.content),
                     row.kind, shared.setdefault(row.said_on, row.said_on))
              for row in connection.execute(
                  select(models.Quote.id, models.Quote.speaker_id, models.Quote.content,
                         models.Quote.kind, when.label("said_on"))
                  .where(models.Quote.speaker_id.in_(speaker_ids))
                  .order_by(models.Quote.speaker_id, when.asc().nulls_last(), models.Quote.id))]
    del shared
    statements = {row.id: _Statement(row.id, row.speaker_id, row.text, row.first_seen)
                  for row in connection.execute(
                      select(models.Statement.id, models.Statement.speaker_id,
                             models.Statement.text, models.Statement.first_seen)
                      .where(models.Statement.speaker_id.in_(speaker_ids)))}
    membership = {quote_id: statements[statement_id] for quote_id, statement_id in
                  connection.execute(
                      select(models.StatementQuote.quote_id, models.StatementQuote.statement_id)
                      .join(models.Statement,
                            models.Statement.id == models.StatementQuote.statement_id)
                      .where(models.Statement.speaker_id.in_(speaker_ids)))}

    # 3. Place each speaker's ungrouped quotes.
    members: list[tuple[_Statement, int, Match]] = []
    for speaker_id, own in groupby(quotes, key=lambda q: q.speaker_id):
        members += _place(speaker_id, list(own), membership, changed=speaker_id in left)

    # 4. Write: new statements (their ids), memberships, changed texts and dates.
    made = [s for s in dict.fromkeys(statement for statement, _, _ in members) if s.id is None]
    if made:
        table = models.Statement.__table__
        ids = insert_rows(connection, table, [
            {"speaker_id": s.speaker_id, "text": s.text, "first_seen": s.first_seen} for s in made])
        for statement, statement_id in zip(made, ids, strict=True):
            statement.id, statement.stored = statement_id, (statement.text, statement.first_seen)
    for first in range(0, len(members), 1000):  # a slice at a time: the rows are bigger
        connection.execute(insert(models.StatementQuote.__table__), [
            {"quote_id": quote_id, "statement_id": statement.id, "score": match.score,
             "reason": match.reason} for statement, quote_id, match in members[first:first + 1000]])
    changed = [s for s in statements.values() if s.stored != (s.text, s.first_seen)]
    if changed:
        table = models.Statement.__table__
        connection.execute(
            update(table).where(table.c.id == bindparam("statement_id"))
            .values(text=bindparam("new_text"), first_seen=bindparam("new_first_seen")),
            [{"statement_id": s.id, "new_text": s.text, "new_first_seen": s.first_seen}
             for s in changed])

    # 5. Statements that lost all their quotes go; the session's copies are out of date.
    orphan = ~select(models.StatementQuote.quote_id).where(
        models.StatementQuote.statement_id == models.Statement.id).exists()
    if given is not None:
        orphan = orphan & models.Statement.speaker_id.in_(speaker_ids)
    connection.execute(delete(models.Statement.__table__).where(orphan))
    for instance in list(session.identity_map.values()):
        if isinstance(instance, models.Statement | models.StatementQuote):
            session.expire(instance)
    return len(made)


class _Quote(NamedTuple):
    """What grouping reads of a quote."""

    id: int
    speaker_id: int
    content: str
    kind: str
    said_on: date | None


@dataclass(eq=False)
class _Statement:
    """A statement while grouping: stored (with its id) or new (id None)."""

    id: int | None
    speaker_id: int
    text: str
    first_seen: date | None
    stored: tuple[str, date | None] | None = None  # (text, first_seen) as in the database

    def __post_init__(self) -> None:
        if self.id is not None:
            self.stored = (self.text, self.first_seen)


def _place(speaker_id: int, own: list[_Quote], membership: dict[int, _Statement], *,
           changed: bool) -> list[tuple[_Statement, int, Match]]:
    """Group one speaker's ungrouped quotes (`own`: rows oldest first); update the text and
    date of the speaker's statements when they `changed` or got new quotes; return the
    new memberships (statement, quote id, match).

    Quotes with the same words compare alike, so each wording is compared once with
    each other wording: a speaker quoted in many copies of one story costs what one
    copy does. Among equal scores the earliest quote wins, as it would one by one.
    """
    statement_of = {index: membership[quote.id]  # index in `own` -> statement
                    for index, quote in enumerate(own) if quote.id in membership}
    pending = [index for index in range(len(own)) if index not in statement_of]
    if not pending and not changed:
        return []
    texts = [quote.content for quote in own]

    # The distinct wordings, the quotes of each (oldest first), and which may match which.
    wording_of: dict[tuple[str, ...], int] = {}
    word_lists: list[list[str]] = []
    quotes_of: list[list[int]] = []
    wording: list[int] = []  # index in `own` -> its wording
    for index, text in enumerate(texts):
        key = tuple(words(text))
        if key not in wording_of:
            wording_of[key] = len(word_lists)
            word_lists.append(list(key))
            quotes_of.append([])
        quotes_of[wording_of[key]].append(index)
        wording.append(wording_of[key])
    near = _near(sorted({wording[index] for index in pending}), word_lists)
    matches: dict[tuple[int, int], Match] = {}

    # Each pending quote joins the statement of its best match, or starts one.
    members = []
    for index in pending:
        # The earliest grouped quote of each wording that may match, earliest first.
        candidates = sorted(first for other in near[wording[index]]
                            if (first := next((i for i in quotes_of[other] if i in statement_of),
                                              None)) is not None)
        best: tuple[int, Match] | None = None
        for other in candidates:
            pair = (wording[index], wording[other])
            if pair not in matches:
                matches[pair] = statement_similarity(texts[index], texts[other])
            match = matches[pair]
            if match.related and (best is None or match.score > best[1].score):
                best = other, match
        if best is None:
            statement = _Statement(None, speaker_id, texts[index], own[index].said_on)
            match = Match(100.0, "same", "first seen")
        else:
            statement, match = statement_of[best[0]], best[1]
        members.append((statement, own[index].id, match))
        statement_of[index] = statement

    # Each statement's text and date: its earliest direct quote, else its earliest quote.
    indexes_of: dict[int, list[int]] = {}  # id(statement) -> indexes of its quotes, oldest first
    for index, statement in sorted(statement_of.items()):
        indexes_of.setdefault(id(statement), []).append(index)
    for indexes in indexes_of.values():
        statement = statement_of[indexes[0]]
        direct = [i for i in indexes if own[i].kind == "direct"]
        statement.text = texts[(direct or indexes)[0]]
        statement.first_seen = min(filter(None, (own[i].said_on for i in indexes)), default=None)
    return members


def _near(rows: list[int], word_lists: list[list[str]]) -> dict[int, list[int]]:
    """For each wording in `rows`, the wordings that could match it: bounds of the excerpt
    and paraphrase scores computed for many pairs at once (in slices of about NEAR_CELLS
    pairs, so memory stays bounded), so `statement_similarity` runs only where it may
    succeed."""
    if len(rows) * len(word_lists) <= FEW_PAIRS:  # cheaper to compare them all than to bound
        return {row: list(range(len(word_lists))) for row in rows}
    joined = [" ".join(w) for w in word_lists]
    lengths = np.array([len(w) for w in word_lists])
    step = max(1, NEAR_CELLS // max(1, len(word_lists)))
    workers = -1 if len(rows) * len(word_lists) > 100_000 else 1  # threads pay off when big
    near = {}
    for first in range(0, len(rows), step):
        chunk = rows[first : first + step]
        # Excerpt: 2 * common / (shorter + stretch) >= threshold, and the stretch >= common.
        common = process.cdist([word_lists[i] for i in chunk], word_lists,
                               scorer=LCSseq.similarity, workers=workers)
        shorter = np.minimum.outer(lengths[chunk], lengths)
        excerpt = ((shorter >= MIN_EXCERPT_WORDS) & (common > 0)
                   & (200.0 * common >= EXCERPT_THRESHOLD * (shorter + common)))
        # Paraphrase (and same words): the token sort ratio itself.
        ratio = process.cdist([joined[i] for i in chunk], joined, scorer=fuzz.token_sort_ratio,
                              score_cutoff=PARAPHRASE_THRESHOLD, workers=workers)
        for row, found in zip(chunk, excerpt | (ratio >= PARAPHRASE_THRESHOLD), strict=True):
            near[row] = np.flatnonzero(found).tolist()
    return near


# Where a sentence ends: . ! or ? (then closing quotes or brackets) before a space, or a line end.
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s)|\n")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) of `text` around `text[start:end]`, as (start, end) offsets.

    Not handled: abbreviations ("U.S. officials") end a sentence early.
    """
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    first = before[-1] if before else 0
    after = _SENTENCE_END.search(text, max(end, first))
    last = after.end() if after else len(text)
    while first < last and text[first].isspace():
        first += 1
    return first, last if text[last - 1 : last] != "\n" else last - 1


def attribution_sentence(quote: models.Quote) -> str:
    """The sentence(s) holding the quote and its attribution (speaker and cue)."""
    offsets = [o for o in (quote.speaker_start, quote.speaker_end, quote.cue_start, quote.cue_end)
               if o is not None]
    start = min([quote.content_start, *offsets])
    end = max([quote.content_end, *offsets])
    first, last = sentence_span(quote.document.text, start, end)
    return quote.document.text[first:last]


@dataclass
class Dossier:
    """A speaker with their quotes, oldest first, and each quote's statement membership."""

    speaker: models.Speaker
    quotes: list[models.Quote]
    members: dict[int, models.StatementQuote]  # by quote id

    def statements(self) -> list[tuple[models.Statement, list[models.Quote]]]:
        """Each statement once, oldest first, with its quotes oldest first."""
        grouped: dict[int, tuple[models.Statement, list[models.Quote]]] = {}
        for quote in self.quotes:
            member = self.members[quote.id]
            grouped.setdefault(member.statement_id, (member.statement, []))[1].append(quote)
        return list(grouped.values())


def speaker_dossier(session: Session, speaker: models.Speaker, *,
                    by_statement: bool = False, quote_type: str | None = "speech") -> Dossier:
    """All quotes of `speaker` of `quote_type` (speech by default, None: every type), oldest first.

    With `by_statement`, the speaker's statements are brought up to date first
    (`group_statements`: new quotes, merges and splits).
    """
    when = models.SAID_ON
    quotes = list(session.scalars(
        select(models.Quote).join(models.Quote.document)
        .where(models.Quote.speaker_id == speaker.id,
               *([models.Quote.type == quote_type] if quote_type else []))
        .options(contains_eager(models.Quote.document), *RECORD_LOADS)
        .order_by(when.asc().nulls_last(), models.Quote.id)
    ))
    if by_statement:
        group_statements(session, [speaker.id])
    members = session.scalars(
        select(models.StatementQuote)
        .join(models.Quote, models.Quote.id == models.StatementQuote.quote_id)
        .where(models.Quote.speaker_id == speaker.id)
        .options(joinedload(models.StatementQuote.statement))
    )
    return Dossier(speaker, quotes, {member.quote_id: member for member in members})


def speaker_quotes(session: Session, speaker: models.Speaker, *,
                   quote_type: str | None = "speech") -> Iterator[models.Quote]:
    """The quotes of `speaker` that `speaker_dossier` gives, in its order (oldest first),
    streamed: the database sorts their ids, then the quotes are loaded STREAM_BATCH at a
    time with their articles, so memory holds the ids and one batch, not every quote."""
    when = models.SAID_ON
    ids = list(session.scalars(
        select(models.Quote.id).join(models.Quote.document)
        .where(models.Quote.speaker_id == speaker.id,
               *([models.Quote.type == quote_type] if quote_type else []))
        .order_by(when.asc().nulls_last(), models.Quote.id)))
    for first in range(0, len(ids), STREAM_BATCH):
        yield from quotes_by_id(session, ids[first : first + STREAM_BATCH], with_text=True)


def quote_rows(quotes: Iterable[models.Quote]) -> Iterator[dict[str, object]]:
    """One record per quote (`quote_record`), with its attribution sentence as context."""
    for quote in quotes:
        yield quote_record(quote) | {"context": attribution_sentence(quote)}


def statement_rows(dossier: Dossier) -> list[dict[str, object]]:
    """One record per statement (`statement_record`): every outlet, quote and other wording."""
    return [statement_record(statement, quotes) for statement, quotes in dossier.statements()]


def dossier_markdown(dossier: Dossier, *, by_statement: bool = False) -> str:
    """A readable Markdown dossier: heading, names and roles, then each quote or statement."""
    speaker = dossier.speaker
    lines = [f"# {speaker.name}", ""]
    aliases = sorted({a.alias for a in speaker.aliases} - {speaker.name})
    if aliases:
        lines += [f"Also written: {', '.join(aliases)}.", ""]
    roles: dict[str, str] = {}  # roles that differ only in case are one, as first written
    for role in speaker.roles:
        roles.setdefault(role.role.casefold(), role.role)
    if roles:
        lines += [f"Roles: {'; '.join(roles.values())}.", ""]
    if not dossier.quotes:
        lines += ["No quotes.", ""]
    if by_statement:
        for statement, quotes in dossier.statements():
            lines += [f"## {statement.first_seen or 'undated'}: statement {statement.id}", "",
                      f"> {statement.text}", "", "Reported by:", ""]
            for quote in quotes:
                member = dossier.members[quote.id]
                lines.append(f"- {_byline(quote)}: “{quote.content}” ({member.reason})")
            lines.append("")
    else:
        for quote in dossier.quotes:
            lines += [f"## {_byline(quote)}", ""]
            lines += [f"*{quote.document.title or quote.document.source}*, {quote.kind} quote"
                      + (f", {quote.role}" if quote.role else ""), ""]
            lines += [f"> {quote.content}", "", f"Context: {attribution_sentence(quote)}", ""]
    return "\n".join(lines)


def _byline(quote: models.Quote) -> str:
    """Date and outlet: "2024-11-04, Bloomberg"."""
    return f"{quote.said_on or 'undated'}, {quote.document.outlet or quote.document.source}"
