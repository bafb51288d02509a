"""A speech noun with its author before a colon: "Carrier's message: Moving jobs south is ...".

Rule (it names the Draft it makes):
  noun-colon  "Their argument: Only a Democratic Senate can act", "another Roe debate line:
              that donors ...": a noun of data/label_nouns.txt (adjectives before it
              aside) right before a colon, its author right before it: a possessive
              ("Carrier's", "their") or a capitalised name modifying it ("Roe debate
              line"). The content runs from after the colon (a leading "that" stepped
              over) to the sentence end; the speaker is the author.
Not for: quoted content (the direct pass's: 'His assessment: “It's not optimistic,” he
said'), a bare noun ("The goal: to draw audiences"), documents ("From the report: ...").
"""

from __future__ import annotations

from quotes.detect.claims import Claims
from quotes.detect.context import Context
from quotes.detect.draft import Draft
from quotes.detect.indirect import _content_end
from quotes.detect.lexicon import word_set
from quotes.detect.rules import Rule
from quotes.detect.speakers import QUOTE_MARKS, SENTENCE_OPENERS

MODIFIER_SPAN = 3  # lower-case words between the author and the noun ("debate", "oft-stated")
NAME_SPAN = 4  # capitalised words of the author's name


def find_noun_colons(ctx: Context, claims: Claims) -> list[Draft]:
    """Drafts for "AUTHOR's NOUN: content" in every sentence; claims their nouns."""
    doc, words = ctx.doc, ctx.words
    nouns = word_set("label_nouns")
    drafts = []
    for sent in doc.sents:
        end = _content_end(sent)
        for k in range(sent.start + 1, end - 2):
            if words[k] != ":" or words[k - 1].lower() not in nouns:
                continue
            if not claims.cue_free(k - 1) or ctx.skipped(ctx.token_starts[k]) or claims.covers(doc[k].idx):
                continue
            draft = _noun_colon(ctx, sent.start, end, k)
            if draft is not None:
                claims.take_cue(k - 1)
                drafts.append(draft)
    return drafts


def _noun_colon(ctx: Context, lo: int, end: int, colon: int) -> Draft | None:
    """Draft for the colon at token `colon` after a speech noun, or None."""
    doc, words = ctx.doc, ctx.words
    after = colon + 1
    if after < end and words[after].lower() == "that":
        after += 1
    if after >= end or words[after] in QUOTE_MARKS or any(words[m] in QUOTE_MARKS for m in range(after, end)):
        return None  # quoted: the direct pass's
    if not any(c.isalnum() for c in words[after]):
        return None
    j = colon - 2  # left of the noun: adjectives, then the author
    while j >= lo and colon - 1 - j <= MODIFIER_SPAN and words[j].islower() and words[j].isalpha() \
            and words[j] not in word_set("possessive_determiners") and words[j] not in {"their", "its"}:
        j -= 1
    if j < lo:
        return None
    if words[j].lower() in word_set("possessive_determiners") | {"their", "its"}:
        speaker = (j, j + 1)  # "Their argument:"
    else:
        stop = j
        if words[j] in {"’s", "'s"}:
            stop = j - 1  # "Carrier's message:"
        elif not words[j][:1].isupper():
            return None
        start = stop
        while start - 1 >= lo and stop - start < NAME_SPAN and words[start - 1][:1].isupper() \
                and words[start - 1].isalpha():
            start -= 1
        if not words[stop][:1].isupper() or words[start].lower() in word_set("articles") \
                or start == lo and words[start] in SENTENCE_OPENERS:
            return None
        speaker = (start, stop + 1)
    content = (doc[after].idx, doc[end - 1].idx + len(doc[end - 1]))
    return Draft([content], Rule.NOUN_COLON, cue=(colon - 1, colon), speaker=speaker,
                 attribution=(doc[speaker[0]].idx, content[0]))
