"""Check a quotation: was it said, by whom, in these words, and where first?

`check_quote` gathers candidates (the quotes full-text search ranks best among
those with at least two of the text's longest distinctive words, overall and among
the named speaker's quotes; for a text with fewer than three, any of them, and all
of its words), keeps the SEARCH_LIMIT sharing the most words with it in
order, scores each with
`statement_similarity` (failing that, `close_rewording`), and returns a verdict:

verdict (exit status of `quotes check`)
found_as_worded (0)      the words appear verbatim in quotation marks (by the
                         speaker, when one is named)
found_other_wording (3)  the speaker said it in other words: a translation, a
                         paraphrase, a slightly different excerpt, a close rewording
                         (a few words changed, `close_rewording`), or reported speech
found_partial (4)        only part of the text was quoted (a shorter quote, or the
                         quoted fragment of a mixed quote, lies inside it)
found_other_speaker (5)  a speaker is named, none of the above holds for them, but
                         someone else is quoted saying it
not_found (2)            none of the above

When a speaker is named, their own occurrences decide the verdict and other
speakers' ones are listed as well. Every occurrence carries a word diff of the
found wording against the checked text: `[-checked-]{+found+}`.

Not handled: a quote that shares fewer than two of the text's longest distinctive
(non stop) words with it (a short quoted fragment with one of them, inside a long
checked text; a rewording that changed all but one, such as the one rare word of a
text of stop words), or ranks below the
first SEARCH_POOL full-text matches; wordings the similarity measure misses (see
`quotes.identity.statements`) that are no close rewording either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Literal

from rapidfuzz.distance import LCSseq
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from quotes.db import models
from quotes.db.search import matching_quotes
from quotes.errors import QuotesError
from quotes.records import RECORD_LOADS, quote_record
from quotes.identity.names import word_list
from quotes.identity.statements import (
    Match,
    attribution_sentence,
    normalize_statement,
    statement_similarity,
    words,
)

Verdict = Literal[
    "found_as_worded", "found_other_wording", "found_partial", "found_other_speaker", "not_found"
]
Relation = Literal["as_worded", "other_wording", "partial"]

SEARCH_POOL = 1000  # full-text matches per search, compared quickly with the text
SEARCH_LIMIT = 100  # of those, the closest, scored in full (loaded, related)
MAX_SEARCH_WORDS = 8  # distinctive words searched for (two of them at least)
MAX_CHANGED_WORDS = 2  # a close rewording of a quote: at most this many words changed
MIN_LINED_UP = 4  # ... and at least this many of the checked words in the same order

# Verdict for the best relation found among the deciding occurrences.
_VERDICT: dict[Relation, Verdict] = {
    "as_worded": "found_as_worded",
    "other_wording": "found_other_wording",
    "partial": "found_partial",
}
_RANK: dict[Relation, int] = {"as_worded": 0, "other_wording": 1, "partial": 2}
# Exit status of `quotes check` for each verdict (1 stays the status of an error).
EXIT_STATUS: dict[Verdict, int] = {
    "found_as_worded": 0,
    "found_other_wording": 3,
    "found_partial": 4,
    "found_other_speaker": 5,
    "not_found": 2,
}
_LABEL: dict[Verdict, str] = {
    "found_as_worded": "found as worded, by",
    "found_other_wording": "found in other words, by",
    "found_partial": "found only as a partial quote, by",
    "found_other_speaker": "found only attributed to someone else:",
    "not_found": "not found",
}

# Quoted fragments inside a mixed quote: “...”, "..." or ‘...’.
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|‘([^’]+)’")
# A word with its punctuation, or an editorial insertion in square brackets.
_TOKEN = re.compile(r"\[[^\]]*\]|\S+")


@dataclass(frozen=True, slots=True)
class DiffPart:
    """One step of a word diff: op is equal, insert (only found), delete (only checked),
    replace, or context (found words around the part that lines up with the text)."""

    op: Literal["equal", "insert", "delete", "replace", "context"]
    checked: str
    found: str


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A stored quote that matches the checked text, and how."""

    quote_id: int
    outlet: str | None
    date: date | None  # the statement's date, else the document's publication date
    title: str | None
    source: str
    speaker_as_written: str | None
    speaker: str | None  # the resolved speaker's name
    speaker_id: int | None
    same_speaker: bool  # True when no speaker was named
    role: str | None
    kind: str
    relation: Relation
    match: Match
    wording: str
    diff: tuple[DiffPart, ...]
    record: dict[str, object]  # the quote's record (quotes.records.quote_record)

    @property
    def marked(self) -> str:
        """The diff as text: [-checked-]{+found+}."""
        return render_diff(self.diff)

    def to_dict(self) -> dict[str, object]:
        """The quote's record, then how it matches the checked text."""
        return self.record | {
            "same_speaker": self.same_speaker,
            "relation": self.relation,
            "score": self.match.score,
            "match": self.match.kind,
            "reason": self.match.reason,
            "wording": self.wording,
            "marked": self.marked,
            "diff": [{"op": p.op, "checked": p.checked, "found": p.found} for p in self.diff],
        }


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The verdict on a checked text, with every occurrence as evidence (best first)."""

    text: str
    speaker_query: str | None
    speakers: tuple[str, ...]  # names the speaker query resolved to
    verdict: Verdict
    occurrences: tuple[Occurrence, ...] = field(default=())
    earliest: Occurrence | None = None  # the earliest occurrence behind the verdict

    @property
    def found(self) -> bool:
        return self.verdict != "not_found"

    @property
    def exit_status(self) -> int:
        """The verdict as an exit status (EXIT_STATUS)."""
        return EXIT_STATUS[self.verdict]

    @property
    def summary(self) -> str:
        """One line: the verdict in words, and by whom."""
        label = _LABEL[self.verdict]
        deciding = [o for o in self.occurrences if _supports(o, self.verdict)]
        names = sorted({o.speaker or o.speaker_as_written or "unknown" for o in deciding})
        return f"{label} {', '.join(names)}" if names else label

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "speaker_query": self.speaker_query,
            "speakers": list(self.speakers),
            "verdict": self.verdict,
            "summary": self.summary,
            "earliest": self.earliest.to_dict() if self.earliest else None,
            "occurrences": [o.to_dict() for o in self.occurrences],
        }


def _supports(occurrence: Occurrence, verdict: Verdict) -> bool:
    """Whether `occurrence` is evidence for `verdict`."""
    if verdict == "found_other_speaker":
        return not occurrence.same_speaker
    return occurrence.same_speaker and _VERDICT[occurrence.relation] == verdict


def check_quote(session: Session, text: str, speakers: Sequence[models.Speaker] = (), *,
                speaker_query: str | None = None, quote_type: str | None = "speech") -> CheckResult:
    """The verdict on `text` (as said by one of `speakers`, when given), with the evidence.

    `speakers` are every speaker the typed name fits: a quote by any of them is the
    named speaker's own, so "someone else" is said only when none of them said it.
    `speaker_query` is the name the user typed; when it matched nobody, `speakers`
    is empty and every occurrence is someone else's. Only quotes of `quote_type` are
    considered: speech by default (what was said), None for every type. Raises
    QuotesError for a text with no words.
    """
    if not words(text):
        raise QuotesError("the text to check has no words", hint='quotes check "QUOTE TEXT"')
    # 1. Who is meant; the best full-text candidates overall and among their quotes.
    speaker_ids = {s.id for s in speakers}
    names = tuple(s.name for s in speakers)
    candidates = _search_candidates(session, text, quote_type=quote_type)
    if speaker_ids:
        candidates |= _search_candidates(session, text, speaker_ids, quote_type=quote_type)
    quotes = _load(session, candidates)

    # 2. Score every candidate and keep those that match.
    occurrences = []
    for quote in quotes:
        related = relate(text, quote)
        if related is None:
            continue
        relation, match, wording = related
        same = not (speakers or speaker_query) or quote.speaker_id in speaker_ids
        occurrences.append(_occurrence(text, quote, relation, match, wording, same))
    occurrences.sort(key=lambda o: (not o.same_speaker, _RANK[o.relation], -o.match.score,
                                    o.date or date.max, o.quote_id))

    # 3. The verdict: the best relation among the speaker's own occurrences.
    own = [o for o in occurrences if o.same_speaker]
    if own:
        verdict = _VERDICT[own[0].relation]
    elif occurrences:
        verdict = "found_other_speaker"
    else:
        verdict = "not_found"
    deciding = [o for o in occurrences if verdict != "not_found" and _supports(o, verdict)]
    earliest = min(deciding, key=lambda o: (o.date or date.max, -o.match.score, o.quote_id),
                   default=None)  # same day: the closest wording
    return CheckResult(text, speaker_query, names, verdict, tuple(occurrences), earliest)


def relate(text: str, quote: models.Quote) -> tuple[Relation, Match, str] | None:
    """How `quote` relates to the checked `text`: (relation, match, the wording compared).

    Direct quotes are the speaker's words; indirect ones are reported speech, so a
    match is at best another wording; for a mixed quote only its fragments in
    quotation marks are the speaker's words. None when the quote does not match.
    """
    # 1. A mixed quote: the text inside, or around, one of its quoted fragments.
    if quote.kind == "mixed":
        for fragment in quoted_fragments(quote):
            match = statement_similarity(text, fragment)
            if match.kind == "same" or (match.kind == "excerpt" and match.score == 100.0):
                return ("as_worded" if match.excerpt != "b" else "partial"), match, fragment
    # 2. The whole quote (as stored: its parts, when an attribution interrupts it).
    match = statement_similarity(text, quote.content)
    if not match.related:
        close = close_rewording(text, quote.content)
        return ("other_wording", close, quote.content) if close else None
    verbatim = match.kind == "same" or (match.kind == "excerpt" and match.score == 100.0)
    if match.excerpt == "b" and quote.kind != "indirect":
        return "partial", match, quote.content  # the quote is only a piece of the text
    if verbatim and quote.kind == "direct":
        return "as_worded", match, quote.content
    return "other_wording", match, quote.content


def close_rewording(text: str, wording: str) -> Match | None:
    """`text` as a stretch of `wording` with a few words changed, else None.

    The stretch is the run of words of `wording` closest to the text (fewest words
    replaced, added or left out: a word met earlier too, "alone ... alone an after",
    does not stretch it); at most MAX_CHANGED_WORDS words may be replaced,
    added or left out (word-level Levenshtein distance), never more than one in
    three of the text's words; at least MIN_LINED_UP words must line up, one of
    them distinctive, so stop words alone never match. Not handled: reordered
    words (a paraphrase, see `statement_similarity`).

    >>> close_rewording("we will never let the Black Sea become a lake",
    ...                 "He said we will never allow the Black Sea to become a lake").reason
    'close rewording: 2 of 10 words changed'
    """
    checked, found = words(text), words(wording)
    allowed = min(MAX_CHANGED_WORDS, len(checked) // 3)
    # Fast bound first: the words that line up are at most the longest common subsequence.
    if LCSseq.similarity(checked, found) < max(MIN_LINED_UP, len(checked) - allowed):
        return None
    changed, start, end = _closest_stretch(checked, found)
    stretch = found[start:end]
    matcher = SequenceMatcher(None, checked, stretch, autojunk=False)
    lined_up = [word for block in matcher.get_matching_blocks()
                for word in checked[block.a : block.a + block.size]]
    if (changed > allowed or len(lined_up) < MIN_LINED_UP
            or not set(distinctive_words(text)) & set(lined_up)):
        return None
    score = round(100.0 * (1 - changed / len(checked)), 1)
    return Match(score, "excerpt", f"close rewording: {changed} of {len(checked)} words changed",
                 "a")


def _closest_stretch(checked: list[str], found: list[str]) -> tuple[int, int, int]:
    """(word edits, start, end): the stretch found[start:end] that `checked` becomes
    with the fewest words replaced, added or left out (edit distance with the rest of
    `found` free at both ends)."""
    # row[j]: (edits, start) for all of `checked` so far against a stretch ending at j.
    row = [(0, j) for j in range(len(found) + 1)]
    for i, word in enumerate(checked, 1):
        new = [(i, 0)]
        for j, other in enumerate(found, 1):
            new.append(min((row[j - 1][0] + (word != other), row[j - 1][1]),
                           (row[j][0] + 1, row[j][1]), (new[j - 1][0] + 1, new[j - 1][1])))
        row = new
    end = min(range(len(found) + 1), key=lambda j: (row[j][0], j))
    return row[end][0], row[end][1], end


def quoted_fragments(quote: models.Quote) -> list[str]:
    """The parts of a quote inside quotation marks (the marks may lie just outside the span)."""
    text = quote.document.text[max(quote.content_start - 1, 0) : quote.content_end + 1]
    return [next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(text)]


def distinctive_words(text: str) -> list[str]:
    """The words of `text` worth searching for: no stop words, unless that leaves none.

    >>> distinctive_words("We are working")
    ['working']
    """
    all_words = list(dict.fromkeys(words(text)))
    kept = [w for w in all_words if w not in word_list("stop_words.txt") and len(w) > 1]
    return kept or all_words


def _search_candidates(session: Session, text: str, speaker_ids: set[int] | None = None,
                       *, quote_type: str | None = "speech") -> set[int]:
    """Ids of the SEARCH_LIMIT quotes closest to `text` (only the quotes of `speaker_ids`,
    when given; of `quote_type`, None: any) among the SEARCH_POOL that full-text search
    ranks best with at least two of its longest distinctive words; a text with fewer
    than five: with any of them too (a two-word rewording may have replaced all but one),
    and a text with fewer than three: with all its words.

    Two words, not one: a single word (a rare one put in by a rewording) would rank
    quotes sharing nothing else first, and an OR of common words matches a tenth of
    the database, which PostgreSQL ranks row by row. Closest: the most of the text's
    words in the same order, for the shorter of the two (`_closeness`), which full-text
    ranks do not measure (a quote with the text's stop words around one of its rare
    words is the one reworded). Words are normalised (letters, digits and underscores
    only); quoting them as search terms is `quotes.db.search`'s business.
    """
    rare = [w for w in distinctive_words(text) if w not in word_list("stop_words.txt")]
    longest = sorted(rare, key=len, reverse=True)[:MAX_SEARCH_WORDS]
    # (A text of stop words only has no rare words: two of its stop words are in most quotes.)
    pool = matching_quotes(session, longest, at_least=2, speaker_ids=speaker_ids,
                           quote_type=quote_type, limit=SEARCH_POOL) if len(longest) >= 3 else []
    if 0 < len(longest) < 5:  # two of a few rare words may be the ones a rewording changed
        pool += matching_quotes(session, longest, at_least=1, speaker_ids=speaker_ids,
                                quote_type=quote_type, limit=SEARCH_POOL)
    if len(longest) < 3:  # a short text: a verbatim quote among many with one of its words
        pool += matching_quotes(session, list(dict.fromkeys(words(text))),
                                speaker_ids=speaker_ids, quote_type=quote_type, limit=SEARCH_LIMIT)
    checked = words(text)
    closest = sorted(dict(pool).items(), key=lambda row: -_closeness(checked, words(row[1])))
    return {quote_id for quote_id, _ in closest[:SEARCH_LIMIT]}


def _closeness(checked: list[str], found: list[str]) -> float:
    """How many words two wordings share in order, for the shorter of them (0..1)."""
    return LCSseq.similarity(checked, found) / (min(len(checked), len(found)) or 1)


def _load(session: Session, ids: set[int]) -> list[models.Quote]:
    """The quotes with these ids, with their document and speaker."""
    if not ids:
        return []
    query = (select(models.Quote).where(models.Quote.id.in_(ids))
             .options(joinedload(models.Quote.document), *RECORD_LOADS))
    return list(session.scalars(query).unique())


def _occurrence(text: str, quote: models.Quote, relation: Relation, match: Match, wording: str,
                same_speaker: bool) -> Occurrence:
    document = quote.document
    return Occurrence(
        quote_id=quote.id,
        outlet=document.outlet,
        date=quote.said_on,
        title=document.title,
        source=document.source,
        speaker_as_written=quote.speaker_as_written,
        speaker=quote.speaker.name if quote.speaker else None,
        speaker_id=quote.speaker_id,
        same_speaker=same_speaker,
        role=quote.role,
        kind=quote.kind,
        relation=relation,
        match=match,
        wording=wording,
        diff=word_diff(text, wording),
        record=quote_record(quote),
    )


def word_diff(checked: str, found: str) -> tuple[DiffPart, ...]:
    """Word diff of the `found` wording against the `checked` text.

    Words are aligned in order (difflib's SequenceMatcher over words), compared
    normalised (case, accents, punctuation, bracketed insertions ignored) and
    shown as written. Found words before the first and after the last word that
    lines up with the text are context, not changes, unless they take the place
    of checked words there (then they are a replacement).
    """
    # 1. Tokens as written, and their comparable keys; brackets and punctuation have none.
    checked_tokens = _TOKEN.findall(checked)
    found_tokens = _TOKEN.findall(found)
    checked_keyed = [i for i, t in enumerate(checked_tokens) if normalize_statement(t)]
    found_keyed = [i for i, t in enumerate(found_tokens) if normalize_statement(t)]
    matcher = SequenceMatcher(
        None,
        [normalize_statement(checked_tokens[i]) for i in checked_keyed],
        [normalize_statement(found_tokens[i]) for i in found_keyed],
        autojunk=False,
    )

    def span(tokens: list[str], keyed: list[int], start: int, end: int) -> str:
        """The tokens as written from keyed word `start` up to keyed word `end`."""
        first = keyed[start] if start < len(keyed) else len(tokens)
        last = keyed[end] if end < len(keyed) else len(tokens)
        return " ".join(tokens[first:last])

    # 2. Opcodes over keyed words, in the order of both texts. Found words at either
    #    end that stand for no checked word (an insertion there) are context; found
    #    words at an end that replace checked words are a replacement, as anywhere.
    opcodes = matcher.get_opcodes()
    parts: list[DiffPart] = []
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        old = span(checked_tokens, checked_keyed, i1, i2) if i2 > i1 else ""
        new = span(found_tokens, found_keyed, j1, j2) if j2 > j1 else ""
        if op == "equal":
            parts.append(DiffPart("equal", old, new))
        elif not old and n in (0, len(opcodes) - 1) and len(opcodes) > 1:
            parts.append(DiffPart("context", "", new))
        else:
            parts.append(DiffPart("replace" if old and new else "delete" if old else "insert",
                                  old, new))
    return tuple(parts)


def render_diff(parts: tuple[DiffPart, ...]) -> str:
    """A diff as one line: found words plain, [-deleted-] and {+inserted+} marked."""
    shown = []
    for part in parts:
        if part.op in ("equal", "context"):
            shown.append(part.found)
        if part.op in ("delete", "replace"):
            shown.append(f"[-{part.checked}-]")
        if part.op in ("insert", "replace"):
            shown.append(f"{{+{part.found}+}}")
    return " ".join(shown)


@dataclass(frozen=True, slots=True)
class QuoteView:
    """A quote in its article: the paragraph(s) around it, the quoted words, the metadata.

    highlights  (start, end) offsets into `context` of the quoted words (each part)
    attribution the sentence(s) holding the quote and its attribution
    same_statement  the other quotes grouped into the same statement, oldest first
    """

    quote: models.Quote
    context: str
    highlights: tuple[tuple[int, int], ...]
    attribution: str
    same_statement: tuple[models.Quote, ...]

    def marked(self, open_mark: str = ">>>", close_mark: str = "<<<") -> str:
        """The context with each quoted part between the marks."""
        out, at = [], 0
        for start, end in self.highlights:
            out += [self.context[at:start], open_mark, self.context[start:end], close_mark]
            at = end
        return "".join(out + [self.context[at:]])

    def metadata(self) -> dict[str, object]:
        """The quote's record (`quote_record`) and the other quotes of its statement."""
        return quote_record(self.quote) | {"same_statement": [q.id for q in self.same_statement]}


def quote_view(session: Session, quote_id: int) -> QuoteView:
    """Quote `quote_id` in its article context. QuotesError when there is no such quote."""
    quote = session.scalars(
        select(models.Quote).where(models.Quote.id == quote_id)
        .options(joinedload(models.Quote.document), joinedload(models.Quote.speaker))
    ).first()
    if quote is None:
        raise QuotesError(f"no quote with id {quote_id}", hint="find ids with: quotes search")
    text = quote.document.text
    # 1. The paragraph(s) holding the quote and its attribution.
    offsets = [o for o in (quote.speaker_start, quote.speaker_end, quote.cue_start, quote.cue_end)
               if o is not None]
    start = min([quote.content_start, *offsets])
    end = max([quote.content_end, *offsets])
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last == -1 else last
    # 2. The quoted words: each part, else the whole content.
    parts = [tuple(p) for p in quote.parts] or [(quote.content_start, quote.content_end)]
    highlights = tuple((s - first, e - first) for s, e in sorted(parts))
    # 3. The other quotes of the same statement.
    member = session.get(models.StatementQuote, quote.id)
    others: tuple[models.Quote, ...] = ()
    if member is not None:
        others = tuple(session.scalars(
            select(models.Quote).join(models.StatementQuote)
            .where(models.StatementQuote.statement_id == member.statement_id,
                   models.Quote.id != quote.id)
            .options(joinedload(models.Quote.document))
            .order_by(models.Quote.id)
        ))
    return QuoteView(quote, text[first:last], highlights, attribution_sentence(quote), others)
