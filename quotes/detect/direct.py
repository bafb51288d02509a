"""Direct quotes: quoted passages attributed by a cue right after or right before them.

Rules, in order, for each quotation (see marks.py):
  quote-then-cue   '“A,” X said ...' / '“A,” said X' (a following '“B”' in the same
                   paragraph joins as a second part, also when it opens the sentence after
                   a longer attribution; after '..., adding:' / 'adding later,' B is a
                   quote of its own with the same speaker)
  cue-then-quote   'X said: “A”' / 'X said, “A”' / 'X told reporters “A”' / 'Said Comey, “A”'
  colon-intro      'He demurred: “A”' / 'Bush: “A”' (no cue; the clause subject or label)
  continued-quote  a quotation that opens its paragraph with no cue of its own, right
                   after a paragraph whose quote was attributed: same speaker.
Cues here are speech verbs and manner-of-speaking verbs ("shouted", "beamed").
A quotation that opens mid-sentence ('called it a “disaster”') is left to the
indirect rules (a mixed quote) or dropped (scare quotes, titles, nicknames).
Not handled: a speaker named only in a later paragraph.
"""

from __future__ import annotations

import bisect

from spacy.attrs import IDX
from spacy.tokens import Doc

from quotes.detect.draft import Draft
from quotes.detect.lexicon import cues
from quotes.detect.marks import Quotation
from quotes.detect.speakers import (
    QUOTE_MARKS,
    SENTENCE_OPENERS,
    clause_subject,
    find_speaker,
    is_word,
)

SENTENCE_END = {".", "!", "?"}
LEAD_IN = {":", ",", "that", "—", "-", "–"}


def _token_at(doc: Doc, char: int) -> int:
    """Index of the token holding character `char` (the last token before it when in whitespace)."""
    starts = doc.user_data.get("quotes_token_starts")
    if starts is None or len(starts) != len(doc):
        starts = doc.user_data["quotes_token_starts"] = doc.to_array(IDX).tolist()
    return max(0, bisect.bisect_right(starts, char) - 1)


def _is_cue(doc: Doc, i: int) -> bool:
    t = doc[i]
    if t.lower_ == "according":
        return i + 1 < len(doc) and doc[i + 1].lower_ == "to"
    cue = cues().get(t.text)  # lower case only: "State" and "States" are no cues
    compound = not t.whitespace_ and i + 1 < len(doc) and doc[i + 1].text == "-"  # "counter-terror"
    return cue is not None and cue.cls in ("verb", "direct") and not compound


LOOKBACK = 200  # characters before a quotation that opens_clause reads


def opens_clause(text: str, start: int, paragraph_start: int) -> bool:
    """True when the quotation starting at `start` (after its mark) opens a sentence or follows ':' / ','."""
    # Looking back at most LOOKBACK characters keeps a paragraph of marks linear.
    before = text[max(paragraph_start, start - LOOKBACK):start].rstrip().rstrip("'\"“„«‘").rstrip()
    return not before or before[-1] in ".!?:,;—–-”\"" or before.endswith("(")


def find_direct(doc: Doc, text: str, quotations: list[Quotation], paragraph_of,
                used_cues: set[int]) -> list[Draft]:
    """Drafts for the quotations attributed as direct quotes; cue tokens go into used_cues."""
    drafts: list[Draft] = []
    merged: set[int] = set()
    previous: Draft | None = None
    previous_paragraph = -1
    for n, q in enumerate(quotations):
        if n in merged:
            continue
        p_index, (p_start, p_end) = paragraph_of(q.start)
        draft = second = None
        if opens_clause(text, q.start, p_start):
            draft = _after(doc, q, p_end, used_cues) or _before(doc, q, p_start, used_cues)
        if draft is not None:
            # '“A,” she said, “B.”': the next quotation of the paragraph joins
            nxt = quotations[n + 1] if n + 1 < len(quotations) else None
            second = None
            if draft.rule == "quote-then-cue" and nxt is not None and nxt.start < p_end and \
                    not text[draft.attribution[1] : nxt.start - 1].strip(" ,.'") and \
                    (opens_clause(text, nxt.start, p_start) or _ends_at_cue(doc, draft)) and \
                    not _after(doc, nxt, p_end, set()):
                second = _second_cue(doc, draft, nxt, used_cues)
                if second is None:
                    draft.parts.extend(nxt.parts)
                else:  # '“A,” Trump said, adding later, “B.”': B is a quote of its own, same speaker
                    used_cues.add(second)
                    second = Draft(list(nxt.parts), "cue-then-quote", 0.85, cue=(second, second + 1),
                                   speaker=draft.speaker, attribution=(doc[second].idx, nxt.start - 1))
                merged.add(n + 1)
            elif draft.rule == "quote-then-cue":
                later = _next_sentence_quote(doc, text, quotations, n, draft, p_end)
                if later is not None:
                    draft.parts.extend(quotations[later].parts)
                    merged.add(later)
        elif previous is not None and p_index <= previous_paragraph + 1 and \
                text[p_start:q.start].strip(" '\"“„«") == "" and len(text[q.start:q.end].split()) >= 4:
            draft = Draft(list(q.parts), "continued-quote", 0.7, follows=previous)
        if draft is not None:
            drafts.append(draft)
            if second is not None:
                drafts.append(second)
                draft = second
            previous, previous_paragraph = draft, paragraph_of(draft.end)[0]
    return drafts


def _second_cue(doc: Doc, draft: Draft, nxt: Quotation, used_cues: set[int]) -> int | None:
    """'“A,” Trump said, adding later, “B.”': a second cue before B makes B a quote of its own."""
    found = None
    opening = _token_at(doc, nxt.start - 1)
    for k in range(draft.cue[1], opening):
        if _ends_sentence(doc, k):
            return None  # '“A,” X said. “B.”' continues A
        if found is None and _is_cue(doc, k) and k not in used_cues:
            found = k
    if found is None or not (doc[found].lower_.endswith("ing") or doc[opening - 1].text == ":"):
        return None  # only a participle ('adding') or a colon ('then predicted:') opens a new statement
    return found


def _next_sentence_quote(doc: Doc, text: str, quotations: list[Quotation], n: int, draft: Draft,
                         p_end: int) -> int | None:
    """'“A,” X said during an interview on “Y” Sunday. “B.”': the quotation opening the sentence
    right after the attribution's, in the same paragraph and with no cue of its own, continues A."""
    i = draft.cue[1]
    limit = min(len(doc), i + 60)
    while i < limit and doc[i].idx < p_end and not _ends_sentence(doc, i):
        i += 1
    if i >= limit or doc[i].idx >= p_end:
        return None
    sentence_end = doc[i].idx + len(doc[i])
    for m in range(n + 1, len(quotations)):
        nxt = quotations[m]
        if nxt.start >= p_end:
            return None
        if nxt.start < sentence_end:
            continue  # a title or scare quote inside the attribution sentence
        if text[sentence_end : nxt.start - 1].strip() or _after(doc, nxt, p_end, set()):
            return None
        return m
    return None


def _after(doc: Doc, q: Quotation, p_end: int, used_cues: set[int]) -> Draft | None:
    """'“A,” X said ...': a cue within the sentence after the closing mark."""
    if not q.closed:
        return None
    first = _token_at(doc, q.end) + 1  # after the closing mark
    hi = first
    while hi < len(doc) and doc[hi].idx < p_end and doc[hi].text not in "“„«" and hi - first < 45:
        if _ends_sentence(doc, hi):
            break
        if doc[hi].text in {'"', "''"} and hi > first:
            break
        hi += 1
    for i in range(first, hi):
        if _is_cue(doc, i) and i not in used_cues:
            found = find_speaker(doc, i, first, hi)
            if found is None:
                return None
            start, end, how = found
            if how != "inverted" and any(_is_cue(doc, k) for k in range(start, end)):
                return None
            if any(is_word(t) for t in doc[first : min(start, i)]):
                return None  # words between the quote and its attribution: not attached to it
            used_cues.add(i)
            end_char = doc[hi - 1].idx + len(doc[hi - 1]) if hi > first else q.end + 1
            return Draft(list(q.parts), "quote-then-cue", 0.9, cue=(i, i + 1), speaker=(start, end),
                         attribution=(q.end + 1, end_char))
        if _ends_sentence(doc, i):
            break
    return None


def _ends_at_cue(doc: Doc, draft: Draft) -> bool:
    """'“A,” Trump said “B ...”': the attribution ends with its cue, right before the next quote."""
    cue = doc[draft.cue[1] - 1]
    return draft.attribution[1] == cue.idx + len(cue)


def _ends_sentence(doc: Doc, i: int) -> bool:
    """A full stop, ! or ? that ends a sentence (not "(D-Mo.)" inside parentheses)."""
    if doc[i].text not in SENTENCE_END:
        return False
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return nxt is None or nxt.text not in {")", ","}


def _before(doc: Doc, q: Quotation, p_start: int, used_cues: set[int]) -> Draft | None:
    """'X said: “A”': a cue a few words before the opening mark, in the same sentence."""
    opening = _token_at(doc, q.start - 1)
    inverted = _inverted_intro(doc, q, p_start, opening, used_cues)
    if inverted is not None:
        return inverted
    colon = _colon_intro(doc, q, p_start, opening, used_cues)
    if colon is not None:
        return colon
    j = opening - 1
    lead = 0
    while j >= 0 and doc[j].idx >= p_start and lead <= 10:
        if doc[j].text in SENTENCE_END or doc[j].text in QUOTE_MARKS:
            return None
        if _is_cue(doc, j) and j not in used_cues:
            between = [t.text for t in doc[j + 1 : opening] if not t.is_space]
            if between and between[-1] not in LEAD_IN and len(between) > 0 and doc[j].lower_ != "according":
                return None
            lo = j
            while lo > 0 and doc[lo - 1].idx >= p_start and doc[lo - 1].text not in SENTENCE_END \
                    and doc[lo - 1].text not in QUOTE_MARKS:
                lo -= 1
            found = find_speaker(doc, j, lo, opening)
            if found is None:
                return None
            used_cues.add(j)
            return Draft(list(q.parts), "cue-then-quote", 0.85, cue=(j, j + 1), speaker=found[:2],
                         attribution=(doc[found[0]].idx, q.start - 1))
        j -= 1
        lead += 1
    return None


def _inverted_intro(doc: Doc, q: Quotation, p_start: int, opening: int, used_cues: set[int]) -> Draft | None:
    """'Said Comey, “...”' / 'Stated Stone: “...”': a sentence opening with its cue, then a name."""
    if opening < 3 or doc[opening - 1].text not in {",", ":"}:
        return None
    lo = opening - 1
    while lo > 0 and opening - lo <= 6 and doc[lo - 1].idx >= p_start and \
            not _ends_sentence(doc, lo - 1) and doc[lo - 1].text not in QUOTE_MARKS:
        lo -= 1
    if not (lo == 0 or _ends_sentence(doc, lo - 1) or "\n" in doc[lo - 1].text or doc[lo - 1].idx < p_start):
        return None
    cue = cues().get(doc[lo].lower_)
    if cue is None or cue.cls not in ("verb", "direct") or not doc[lo].text[:1].isupper() or lo in used_cues:
        return None
    name = doc[lo + 1 : opening - 1]
    if not len(name) or not all(t.text[:1].isupper() or t.text in {".", "-"} for t in name):
        return None
    used_cues.add(lo)
    return Draft(list(q.parts), "cue-then-quote", 0.85, cue=(lo, lo + 1), speaker=(lo + 1, opening - 1),
                 attribution=(doc[lo].idx, q.start - 1))


def _colon_intro(doc: Doc, q: Quotation, p_start: int, opening: int, used_cues: set[int]) -> Draft | None:
    """'He demurred: “...”': a clause ending in a colon, no cue, its subject a pronoun or name."""
    if opening < 2 or doc[opening - 1].text != ":" or _token_at(doc, q.end) - opening < 5:
        return None
    lo = opening - 1
    while lo > 0 and doc[lo - 1].idx >= p_start and not _ends_sentence(doc, lo - 1) \
            and doc[lo - 1].text not in QUOTE_MARKS:
        lo -= 1
    if any(_is_cue(doc, k) for k in range(lo, opening)):
        return None  # the cue rules below handle 'X said: “...”'
    subject = clause_subject(doc, lo, opening - 1)
    if subject is None:
        return None
    if subject[1] >= opening - 1 and not (subject[0] == lo and opening - 1 - lo <= 4):
        return None  # 'Bush: “...”' is a speaker label; 'The mission:' without a verb is not
    start, end = subject
    if doc[start].lower_ in SENTENCE_OPENERS - {"he", "she", "they", "we", "i"}:
        return None
    return Draft(list(q.parts), "colon-intro", 0.6, speaker=(start, end),
                 attribution=(doc[start].idx, q.start - 1))
