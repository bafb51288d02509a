"""What each page shows, read from the database with the library's functions.

Each function takes a session and the page's (already checked) parameters and
returns a `Page`: the template with its context for the HTML page, and `data`,
the JSON the same URL under /api/ serves. Where the CLI prints the same record
(search rows, a speaker's profile, a check, a quote shown), `data` is built by
the same library function, so the API and the CLI's JSON agree.

Not handled here: parsing and validating request parameters, errors as pages,
edits (see `quotes.web.app`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import distinct, extract, func, select
from sqlalchemy.orm import Session, joinedload

from quotes.db import models
from quotes.db.search import search_facets, search_quotes
from quotes.errors import QuotesError
from quotes.identity import curation
from quotes.identity.check import check_quote, quote_view, word_diff
from quotes.identity.speakers import find_speaker, list_speakers, quote_counts, speaker_profile
from quotes.records import RECORD_LOADS, document_record, quote_record, statement_record
from quotes.web.marks import month_chart, spans

PAGE_SIZE = 20
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL: a larger one is no row, not an error


class NotFound(QuotesError):
    """No row with the id, or no speaker with the name, the URL asks for (HTTP 404)."""


@dataclass
class Page:
    template: str
    context: dict[str, Any]
    data: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def get(session: Session, model: type, row_id: int, what: str, hint: str):
    """The row `row_id` of `model`, or NotFound."""
    row = session.get(model, row_id) if 0 < row_id <= MAX_ID else None
    if row is None:
        raise NotFound(f"no {what} with id {row_id}", hint=hint)
    return row


def home(session: Session) -> Page:
    """The search box, the latest quotes, the most quoted speakers and what the database holds."""
    counts = {
        "documents": session.scalar(select(func.count(models.Document.id))),
        "quotes": session.scalar(select(func.count(models.Quote.id))),
        "speakers": session.scalar(select(func.count(models.Speaker.id))
                                   .where(models.Speaker.merged_into_id.is_(None))),
        "outlets": session.scalar(select(func.count(distinct(models.Document.outlet)))),
        "statements": session.scalar(select(func.count(models.Statement.id))),
    }
    latest = search_quotes(session, limit=10)
    speakers = list_speakers(session, limit=10)
    data = {"counts": counts, "latest": [quote_record(q) for q in latest], "speakers": speakers}
    return Page("home.html", {"counts": counts, "latest": latest, "speakers": speakers}, data)


def pick(session: Session, name: str, *, exact: bool = False) -> tuple[models.Speaker, str | None]:
    """The speaker `name` (an id, name, alias or spelling) means, and a note naming the
    others it fits when there are several; NotFound when it fits nobody. With `exact`
    (for changes), several candidates are a QuotesError asking for the id instead."""
    chosen, candidates = find_speaker(session, name)
    if chosen is None:
        raise NotFound(f"no speaker matches {name!r}", hint="see the speakers on the home page")
    if len(candidates) < 2:
        return chosen, None
    counts = quote_counts(session, [c.id for c in candidates])
    listed = "; ".join(f"#{c.id} {c.name} ({counts.get(c.id, 0)} quotes)" for c in candidates)
    if exact:
        raise QuotesError(f"{name!r} fits {len(candidates)} speakers: {listed}",
                          hint="give the speaker's id instead of the name")
    return chosen, f"{name!r} fits {len(candidates)} speakers; using #{chosen.id} {chosen.name}. Candidates: {listed}"


def search(session: Session, q: str | None, *, speaker: str | None, outlet: str | None,
           since: date | None, until: date | None, kind: str | None, page: int,
           quote_type: str = "speech") -> Page:
    """One page of search results, best first, with facet counts over all of them.
    `quote_type` is an attribution type (speech by default, as the CLI's) or "all"."""
    chosen, note = pick(session, speaker) if speaker else (None, None)
    filters = {"speaker_ids": [chosen.id] if chosen else None, "outlet": outlet,
               "since": since, "until": until, "kind": kind,
               "quote_type": None if quote_type == "all" else quote_type}
    quotes = search_quotes(session, q, **filters, limit=PAGE_SIZE,
                           offset=(page - 1) * PAGE_SIZE)
    facets = search_facets(session, q, **filters)
    total = sum(n for _, n in facets["kind"])  # every quote has a kind
    names = {s.id: s.name for s in session.scalars(select(models.Speaker).where(
        models.Speaker.id.in_([sid for sid, _ in facets["speaker"] if sid is not None])))}
    speaker_facet = [{"id": sid, "name": names.get(sid, "no speaker"), "quotes": n}
                     for sid, n in facets["speaker"]]
    outlet_facet = [{"outlet": o, "quotes": n} for o, n in facets["outlet"]]
    kind_facet = [{"kind": k, "quotes": n} for k, n in facets["kind"]]
    pages = max(1, -(-total // PAGE_SIZE))
    data = {
        "query": {"q": q, "speaker": speaker, "outlet": outlet, "since": since, "until": until,
                  "kind": kind, "type": quote_type, "page": page},
        "speaker": {"id": chosen.id, "name": chosen.name} if chosen else None,
        "total": total, "page": page, "pages": pages,
        "results": [quote_record(quote) for quote in quotes],
        "facets": {"speaker": speaker_facet, "outlet": outlet_facet, "kind": kind_facet},
    }
    # The page's links leave out the default type.
    query = data["query"] | {"type": None if quote_type == "speech" else quote_type}
    context = {"quotes": quotes, "q": q, "note": note, "chosen": chosen, "total": total,
               "page": page, "pages": pages, "facets": data["facets"], "query": query}
    return Page("search.html", context, data)


def speakers(session: Session, *, kind: str | None, limit: int) -> Page:
    """The speakers, most quoted first (the rows of `quotes speakers`)."""
    rows = list_speakers(session, kind=kind, limit=limit)
    return Page("speakers.html", {"speakers": rows, "kind": kind}, rows)


def _change(session: Session, change: int | None) -> models.SpeakerEdit | None:
    """The curation change a page reports as just made (`?change=ID` after a form)."""
    return session.get(models.SpeakerEdit, change) if change else None


def speaker(session: Session, speaker_id: int, *, change: int | None = None) -> Page:
    """A speaker's profile, quotes by month, statements across outlets and latest quotes.

    A speaker merged into another is redirected to it.
    """
    found = get(session, models.Speaker, speaker_id, "speaker",
                 "see the speakers on the home page")
    if found.merged_into_id is not None:
        kept, _ = find_speaker(session, str(found.id))
        return Page("", {}, None, 307, {"location": f"/speakers/{kept.id}"})
    profile = speaker_profile(session, found)
    # Quotes by month of the date said (statement date, else publication date).
    year, month = extract("year", models.SAID_ON), extract("month", models.SAID_ON)
    by_month = {(int(y), int(m)): n for y, m, n in session.execute(
        select(year, month, func.count(models.Quote.id)).join(models.Quote.document)
        .where(models.Quote.speaker_id == found.id, models.SAID_ON.is_not(None))
        .group_by(year, month))}
    # Statements reported more than once, most reported first: counted from the
    # statement rows alone, then the outlets of the twenty shown.
    reports = func.count(models.StatementQuote.quote_id)
    top = session.execute(
        select(models.Statement.id, models.Statement.text, models.Statement.first_seen, reports)
        .join(models.StatementQuote)
        .where(models.Statement.speaker_id == found.id)
        .group_by(models.Statement.id, models.Statement.text, models.Statement.first_seen)
        .having(reports > 1)
        .order_by(reports.desc(), models.Statement.first_seen, models.Statement.id)
        .limit(20)).all()
    outlets = dict(session.execute(
        select(models.StatementQuote.statement_id, func.count(distinct(models.Document.outlet)))
        .join(models.Quote, models.Quote.id == models.StatementQuote.quote_id)
        .join(models.Quote.document)
        .where(models.StatementQuote.statement_id.in_([row[0] for row in top]))
        .group_by(models.StatementQuote.statement_id)).all()) if top else {}
    statements = [{"id": sid, "text": text, "first_seen": first, "reports": n,
                   "outlets": outlets.get(sid, 0)} for sid, text, first, n in top]
    latest = search_quotes(session, speaker_ids=[found.id], limit=10)
    context = {"profile": profile, "chart": month_chart(by_month), "statements": statements,
               "latest": latest, "speaker": found, "change": _change(session, change)}
    return Page("speaker.html", context, profile)


def statement(session: Session, statement_id: int) -> Page:
    """Every report of one statement, each with its word differences from the statement's text."""
    found = get(session, models.Statement, statement_id, "statement",
                 "statements are listed on each speaker's page")
    quotes = list(session.scalars(
        select(models.Quote).join(models.StatementQuote,
                                  models.StatementQuote.quote_id == models.Quote.id)
        .join(models.Quote.document)
        .where(models.StatementQuote.statement_id == found.id)
        .options(joinedload(models.Quote.document), *RECORD_LOADS)
        .order_by(models.SAID_ON.asc().nulls_last(), models.Quote.id)))
    members = {m.quote_id: m for m in found.members}
    who = session.get(models.Speaker, found.speaker_id)
    reports = [(quote, members[quote.id], word_diff(found.text, quote.content))
               for quote in quotes]
    data = statement_record(found, quotes) | {"speaker": who.name, "reports": [
        quote_record(q) | {"score": m.score, "reason": m.reason,
                           "diff": [{"op": p.op, "checked": p.checked, "found": p.found}
                                    for p in diff]}
        for q, m, diff in reports]}
    return Page("statement.html", {"statement": found, "who": who, "reports": reports}, data)


def quote(session: Session, quote_id: int) -> Page:
    """A quote in its article's paragraph, with its attribution and the article's metadata."""
    get(session, models.Quote, quote_id, "quote", "find quotes with the search")
    view = quote_view(session, quote_id)
    data = view.metadata() | {"context": view.context, "marked": view.marked(),
                              "attribution": view.attribution}
    pieces = spans(view.context, [(s, e, True) for s, e in view.highlights])
    return Page("quote.html", {"view": view, "pieces": pieces, "meta": data}, data)


def document(session: Session, document_id: int) -> Page:
    """An article's metadata and text, every quote found in it marked and linked."""
    found = get(session, models.Document, document_id, "document", "find articles with the search")
    quotes = list(session.scalars(
        select(models.Quote).where(models.Quote.document_id == found.id)
        .options(joinedload(models.Quote.document), *RECORD_LOADS)
        .order_by(models.Quote.content_start)))
    marked = [(s, e, q.id) for q in quotes
              for s, e in ([tuple(p) for p in q.parts] or [(q.content_start, q.content_end)])]
    data = document_record(found) | {"text": found.text,
                                     "quotes": [quote_record(q) for q in quotes]}
    context = {"document": found, "pieces": spans(found.text, marked), "quotes": quotes}
    return Page("document.html", context, data)


def check(session: Session, text: str | None, speaker_name: str | None, *,
          quote_type: str = "speech") -> Page:
    """The form, and with a text the verdict: every occurrence with its differences marked.
    Only quotes of `quote_type` count (speech by default, as the CLI's; "all": any)."""
    if not text:
        return Page("check.html", {"result": None, "text": "", "speaker": speaker_name or "",
                                   "type": quote_type}, None)
    # Every speaker the name fits, as `quotes check` does: a quote by any of them is theirs.
    candidates = find_speaker(session, speaker_name, every_fit=True)[1] if speaker_name else []
    result = check_quote(session, text, candidates, speaker_query=speaker_name,
                         quote_type=None if quote_type == "all" else quote_type)
    note = (f"{speaker_name!r} fits {len(candidates)} speakers; checked against all of them: "
            + "; ".join(f"#{c.id} {c.name}" for c in candidates)) if len(candidates) > 1 else None
    context = {"result": result, "text": text, "speaker": speaker_name or "", "note": note,
               "type": quote_type}
    return Page("check.html", context, result.to_dict())


def history(session: Session, *, change: int | None = None, limit: int = 50) -> Page:
    """The curation log, newest first (the rows of `quotes speakers history`)."""
    rows = curation.history(session, limit)
    context = {"edits": rows, "change": _change(session, change)}
    return Page("history.html", context, rows)
