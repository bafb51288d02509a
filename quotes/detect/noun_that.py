"""A claim noun with its author and a "that" clause: "Roe's claim that the vote was rigged".

Rule (it names the Draft it makes):
  noun-that  "Despite Mr. Roe's claims that his firm is worth $10 billion, ...", "his stern
             warning that A": a noun of data/claim_nouns.txt (up to two lower-case
             modifiers before it) after its author, a possessive name ("Roe's") or
             possessive determiner ("his", "their"), and before "that" opening a clause
             (not a relative "that" before a verb: "claims that were made"). The content
             is the clause: with a parse the noun's clausal modifier, else up to the first
             comma or the clause's stop (indirect.ClauseStops). The speaker is the author.
Not for: a noun without an author ("the claim that A": whose?), nouns of belief ("his
belief that": a belief, not a statement), accusations (often the writer's summary).
"""

from __future__ import annotations

from quotes.detect.claims import Claims
from quotes.detect.context import Context
from quotes.detect.draft import Draft
from quotes.detect.indirect import ClauseStops, _content_end, _verb_like
from quotes.detect.lexicon import word_set
from quotes.detect.rules import Rule
from quotes.detect.speakers import PREPOSITIONS, SENTENCE_OPENERS

MODIFIER_SPAN = 2  # lower-case words between the author and the noun ("continued", "stern")
NAME_SPAN = 4  # capitalised words of the author's name


def find_noun_thats(ctx: Context, claims: Claims) -> list[Draft]:
    """Drafts for "AUTHOR's NOUN that CLAUSE" in every sentence; claims their nouns."""
    doc, words = ctx.doc, ctx.words
    nouns = word_set("claim_nouns")
    drafts = []
    for sent in doc.sents:
        stops = None
        end = _content_end(sent)
        for k in range(sent.start + 1, end - 3):
            if words[k].lower() not in nouns or words[k + 1].lower() != "that" or _verb_like(ctx, k + 2):
                continue
            if not claims.cue_free(k) or ctx.skipped(ctx.token_starts[k]) or claims.covers(doc[k].idx):
                continue
            speaker = author_before(ctx, sent.start, k, MODIFIER_SPAN)
            if speaker is None:
                continue
            if stops is None:
                stops = ClauseStops(doc, sent.start, end)
            last = _clause_end(ctx, k, stops.after(k + 2))
            if speaker[0] == sent.start or speaker[0] > sent.start and words[speaker[0] - 1] in SENTENCE_OPENERS:
                last = _before_main_verb(ctx, k + 2, last)
            if last - (k + 2) < 3:
                continue
            content = (doc[k + 2].idx, doc[last - 1].idx + len(doc[last - 1]))
            claims.take_cue(k)
            drafts.append(Draft([content], Rule.NOUN_THAT, cue=(k, k + 1), speaker=speaker,
                                attribution=(doc[speaker[0]].idx, content[0])))
    return drafts


def author_before(ctx: Context, lo: int, noun: int, modifiers: int, *,
                  bare_name: bool = False) -> tuple[int, int] | None:
    """Token span of the author of the speech noun at `noun`, past up to `modifiers` lower-case
    words ("stern", "oft-stated"): a possessive ("their argument", "its claim") or a
    capitalised name with 's ("Mr. Roe's claims"; with `bare_name` also without it: "Carrier
    message:"), without an opening preposition ("Despite Roe's claims"); else None."""
    words = ctx.words
    possessives = word_set("possessive_determiners") | {"its"}
    j = noun - 1
    while j >= lo and noun - j <= modifiers and words[j].isalpha() and words[j].islower() \
            and words[j] not in possessives:
        j -= 1
    if j < lo:
        return None
    if words[j].lower() in possessives:
        return j, j + 1
    if words[j] in {"’s", "'s"}:
        stop = j - 1
    elif bare_name:
        stop = j
    else:
        return None
    if stop < lo or not words[stop][:1].isupper():
        return None
    start = stop
    while start - 1 >= lo and stop - start < NAME_SPAN - 1 and words[start - 1][:1].isupper() \
            and words[start - 1].rstrip(".").isalpha():
        start -= 1
    while start < stop and (words[start] in SENTENCE_OPENERS or words[start].lower() in PREPOSITIONS | {"despite"}):
        start += 1  # "Despite Mr. Roe's claims": the preposition opens the sentence, not the name
    if words[start] in SENTENCE_OPENERS or words[start].lower() in word_set("articles"):
        return None
    return start, stop + 1


def _before_main_verb(ctx: Context, start: int, end: int) -> int:
    """The noun phrase is the sentence's subject ("Roe's claim that A would depend on ..."):
    the clause ends before a second auxiliary or modal, the main verb's."""
    seen = False
    for m in range(start, end):
        if ctx.words[m].lower() in word_set("auxiliaries"):
            if seen:
                return m
            seen = True
    return end


def _clause_end(ctx: Context, k: int, stop: int) -> int:
    """End of the clause after "that" (token k + 1): the parse's clausal modifier of the noun
    at k, else the first comma outside quotation marks before `stop`."""
    doc = ctx.doc
    if ctx.parsed:
        clause = next((c for c in doc[k].children if c.dep_ in ("acl", "ccomp", "relcl", "appos") and c.i > k + 1), None)
        if clause is not None:
            return min(stop, clause.right_edge.i + 1)
    return next((m for m in range(k + 2, stop)
                 if doc[m].text == "," and ctx.quotation_around(doc[m].idx) is None), stop)
