"""Nested attribution: '“A,” X said, according to CNN.'

A statement that a source reports is two statements: the inner one keeps its speaker
(X said “A”), and the outer source (CNN) is the speaker of the outer one, whose content
is the inner statement with its attribution ('“A,” X said'). This pass looks right after
each kept statement, in its sentence, for ", according to SOURCE". ('X said CLAUSE, CNN
reported.' is the indirect pass's: its content stops before a closing attribution, and
the outer statement is kept beside the inner one, see claims.Claims.overlaps.)
Not handled: an outer source before the statement ("According to CNN, X said ..."), and
"CNN reported that X said ..." (the reported-speech rules keep only the outer statement).
"""

from __future__ import annotations

from quotes.detect.claims import Claims
from quotes.detect.clauses import ends_sentence
from quotes.detect.context import Context
from quotes.detect.draft import Draft
from quotes.detect.indirect import CLOSING
from quotes.detect.rules import Rule
from quotes.detect.speakers import find_speaker

LOOKAHEAD = 12  # tokens after the inner statement where the outer source may stand


def find_nested(ctx: Context, claims: Claims) -> list[Draft]:
    """Outer statements around the statements kept so far; claims their cues."""
    drafts = []
    # a cue an earlier pass took without keeping a statement for it is free here
    attributing = {d.cue[0] for d in claims.drafts if d.cue}
    for inner in list(claims.drafts):
        if inner.cue is None or inner.speaker is None or inner.follows is not None:
            continue
        outer = _according_after(ctx, attributing, inner)
        if outer is not None:
            claims.take_cue(outer.cue[0])
            drafts.append(outer)
    return drafts


def _inner_end(ctx: Context, inner: Draft) -> int:
    """Index of the first token after the inner statement and its attribution."""
    doc = ctx.doc
    last = max(inner.end, doc[inner.speaker[1] - 1].idx + len(doc[inner.speaker[1] - 1]),
               doc[inner.cue[1] - 1].idx + len(doc[inner.cue[1] - 1]))
    k = ctx.token_at(last)
    return k + 1 if doc[k].idx < last else k


def _according_after(ctx: Context, attributing: set[int], inner: Draft) -> Draft | None:
    """'“A,” X said, according to CNN.': the source after the inner attribution."""
    doc = ctx.doc
    k = _inner_end(ctx, inner)
    while k < len(doc) and doc[k].text in CLOSING:
        k += 1
    if not (k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ == "according"
            and doc[k + 2].lower_ == "to" and k + 1 not in attributing):
        return None
    hi = k + 3
    while hi < len(doc) and hi - k < LOOKAHEAD and not ends_sentence(doc, hi) and "\n" not in doc[hi].text:
        hi += 1
    found = find_speaker(doc, k + 1, k + 1, hi, ctx.text)
    if found is None:
        return None
    attributing.add(k + 1)
    start = min(inner.start, doc[inner.speaker[0]].idx)
    return Draft([(start, doc[k].idx)], Rule.NESTED, cue=(k + 1, k + 3), speaker=found[:2],
                 attribution=(doc[k].idx, doc[hi - 1].idx + len(doc[hi - 1])))
