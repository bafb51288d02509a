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
from quotes.detect.noun_that import author_before
from quotes.detect.rules import Rule
from quotes.detect.speakers import QUOTE_MARKS

MODIFIER_SPAN = 3  # lower-case words between the author and the noun ("debate", "oft-stated")


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
    speaker = author_before(ctx, lo, colon - 1, MODIFIER_SPAN, bare_name=True)
    if speaker is None:
        return None
    content = (doc[after].idx, doc[end - 1].idx + len(doc[end - 1]))
    return Draft([content], Rule.NOUN_COLON, cue=(colon - 1, colon), speaker=speaker,
                 attribution=(doc[speaker[0]].idx, content[0]))
