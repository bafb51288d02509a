"""From a Doc to `Quote` records: run the extractors, resolve speakers, add details.

Order: direct quotes first (they claim their cues), then reported speech in every
sentence, then "Label: ..." paragraphs, then quoted fragments around other verbs
(fragments.py); a statement whose content mostly overlaps one already found is
dropped. Content that stops inside a quotation runs on to its closing mark, and the
next unclaimed quotation of the paragraph joins an attributed statement. Speakers are
resolved in document order so pronouns and descriptions can refer back.
Boilerplate paragraphs (newsletter sign-ups, copyright lines) are skipped.
"""

from __future__ import annotations

import bisect

from spacy.attrs import ORTH
from spacy.tokens import Doc

from quotes.detect.coref import Resolver
from quotes.detect.details import details
from quotes.detect.direct import _token_at, find_direct, opens_clause
from quotes.detect.fragments import find_fragments
from quotes.detect.draft import Draft
from quotes.detect.indirect import find_indirect, find_labels
from quotes.detect.lexicon import boilerplate_pattern, cues
from quotes.detect.marks import find_quotations, paragraphs
from quotes.detect.records import Quote
from quotes.detect.speakers import describe


def _kind(text: str, inside: list[tuple[int, int]], parts: list[tuple[int, int]]) -> str:
    """direct / mixed / indirect from how many content letters lie inside quotation marks."""
    quoted = unquoted = 0
    for s, e in parts:
        for i in range(s, e):
            if text[i].isalnum():
                k = bisect.bisect_right(inside, (i, float("inf"))) - 1
                if k >= 0 and inside[k][0] <= i < inside[k][1]:
                    quoted += 1
                else:
                    unquoted += 1
    if quoted == 0:
        return "indirect"
    return "direct" if unquoted == 0 else "mixed"


def _finish_quotation(draft: Draft, inside: list[tuple[int, int]]) -> None:
    """Reported content that stops inside a quotation runs on to the closing mark
    ('that the laws “are set… And I think we have to leave it that way”')."""
    start, end = draft.parts[-1]
    k = bisect.bisect_right(inside, (end, float("inf"))) - 1
    if k >= 0 and inside[k][0] < end < inside[k][1] and inside[k][0] >= start - 1:
        draft.parts[-1] = (start, inside[k][1])


def _join_following(text: str, drafts: list[Draft], quotations, paragraph_of) -> None:
    """The next quotation of the paragraph, claimed by no other statement, continues an
    attributed one: right after its attribution ('Teachers are “looking ...,” Smith said.
    “That’s got to scare them.”'), or as a new sentence of four words or more after
    narrative ('“A,” Smith said. They live far away. “B ...”'), as annotators do."""
    starts = {d.start for d in drafts}
    for draft in drafts:
        if draft.rule not in ("clause-then-cue", "quote-then-cue", "cue-then-quote") or draft.attribution is None:
            continue
        after = max(draft.attribution[1], draft.end)
        nxt = next((q for q in quotations if q.start >= after), None)
        if nxt is None or nxt.start in starts or any(d.start <= nxt.start < d.end or after <= d.start < nxt.start
                                                     for d in drafts):
            continue
        if paragraph_of(nxt.start)[0] != paragraph_of(draft.start)[0]:
            continue
        between = text[after : nxt.start].rstrip(" '\"“„«")
        if not opens_clause(text, nxt.start, paragraph_of(nxt.start)[1][0]):
            continue  # a fragment inside the narrative ('ended the debate with a “Star Wars” line')
        if not between.strip(" .,;'\"”") or (between.endswith((".", "!", "?")) and len(nxt.parts) == 1
                                              and len(text[nxt.start : nxt.end].split()) >= 4):
            draft.parts.extend(nxt.parts)


def _overlap(a: Draft, b: Draft) -> float:
    common = max(0, min(a.end, b.end) - max(a.start, b.start))
    return common / max(1, min(a.end - a.start, b.end - b.start))


def find_quotes(doc: Doc) -> list[Quote]:
    """Every statement in `doc` with its speaker, as `Quote` records in text order."""
    text = doc.text
    paras = paragraphs(text)
    starts = [s for s, _ in paras]
    boiler = [boilerplate_pattern().search(text, s, e) is not None for s, e in paras]

    def paragraph_of(char: int) -> tuple[int, tuple[int, int]]:
        k = max(0, bisect.bisect_right(starts, char) - 1)
        return k, paras[k]

    quotations = [q for q in find_quotations(text) if not boiler[paragraph_of(q.start)[0]]]
    inside = sorted(part for q in quotations for part in q.parts)

    def skip(char: int) -> bool:
        """Boilerplate, or inside quotation marks (a cue in a quote is not an attribution)."""
        if boiler[paragraph_of(char)[0]]:
            return True
        k = bisect.bisect_right(inside, (char, float("inf"))) - 1
        return k >= 0 and inside[k][0] <= char < inside[k][1]

    used: set[int] = set()
    strings = doc.vocab.strings
    words = [strings[h] for h in doc.to_array(ORTH).tolist()]  # faster than making Tokens
    drafts = find_direct(doc, text, quotations, paragraph_of, used)
    for draft in sorted(find_indirect(doc, text, words, used, skip), key=lambda d: -d.confidence):
        if all(_overlap(draft, kept) < 0.5 for kept in drafts):
            drafts.append(draft)
    for draft in find_labels(doc, text, [p for p, b in zip(paras, boiler) if not b]):
        if all(_overlap(draft, kept) < 0.5 for kept in drafts):
            drafts.append(draft)
    drafts += find_fragments(doc, text, quotations, drafts, lambda char: _token_at(doc, char))
    for draft in drafts:
        _finish_quotation(draft, inside)
    _join_following(text, drafts, quotations, paragraph_of)
    drafts.sort(key=lambda d: d.start)
    return _resolve(doc, text, words, drafts, inside)


def _resolve(doc: Doc, text: str, words: list[str], drafts: list[Draft],
             inside: list[tuple[int, int]]) -> list[Quote]:
    """Turn drafts into Quotes: speaker names via coreference, details from the attribution."""
    if not drafts:
        return []
    resolver = Resolver(doc, words)
    resolved: dict[int, tuple] = {}
    ordered = sorted(drafts, key=lambda d: doc[d.speaker[0]].idx if d.speaker else d.start)
    for draft in ordered:
        if draft.follows is not None:
            continue
        mention = describe(doc, *draft.speaker)
        if not any(c.isalnum() for c in mention.name):
            continue  # only punctuation where a speaker should be
        position = doc[draft.speaker[0]].idx
        name, role, kind = resolver.resolve(mention, position)
        resolver.add(position, name, role, kind)
        resolved[id(draft)] = (mention, name, role, kind)
    quotes = []
    for draft in drafts:
        source = draft
        while source.follows is not None:
            source = source.follows
        if id(source) not in resolved:
            continue
        mention, name, role, kind = resolved[id(source)]
        medium = addressee = when = None
        if source.attribution:
            medium, addressee, when = details(text[source.attribution[0] : source.attribution[1]])
        cue = None
        if source.cue:
            first, last = doc[source.cue[0]], doc[source.cue[1] - 1]
            cue = (first.idx, last.idx + len(last))
        cue_text = text[cue[0] : cue[1]].lower() if cue else None
        lemma = "according to" if cue_text == "according to" else (
            cues()[cue_text].lemma if cue_text in cues() else None)
        s_first, s_last = doc[source.speaker[0]], doc[source.speaker[1] - 1]
        quotes.append(Quote(
            content=(draft.start, draft.end),
            kind=_kind(text, inside, draft.parts),
            parts=tuple(draft.parts),
            cue=cue,
            cue_lemma=lemma,
            speaker=(s_first.idx, s_last.idx + len(s_last)),
            speaker_text=name,
            speaker_kind=kind if kind in {"person", "organisation", "group", "unnamed"} else None,
            role=role,
            medium=medium,
            addressee=addressee,
            when=when,
            confidence=draft.confidence,
            rule=draft.rule,
        ))
    return quotes
