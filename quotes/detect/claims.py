"""What the passes have taken so far: `Claims`, one per Doc, shared by all passes in order.

A cue token attributes one statement; a statement kept by one pass bars another
pass from reporting the same words (see extractor.PASSES for who yields to whom).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from quotes.detect.draft import Draft
from quotes.detect.rules import Rule



@dataclass(slots=True)
class Claims:
    cues: set[int] = field(default_factory=set)  # token indices of cues already attributing
    drafts: list[Draft] = field(default_factory=list)  # statements kept, in pass order
    spans: list[tuple[int, int]] = field(default_factory=list)  # (start, index in drafts), sorted
    longest: int = 0  # the longest content span kept

    def take_cue(self, i: int) -> None:
        self.cues.add(i)

    def cue_free(self, i: int) -> bool:
        return i not in self.cues

    def keep(self, draft: Draft) -> None:
        bisect.insort(self.spans, (draft.start, len(self.drafts)))
        self.drafts.append(draft)
        self.longest = max(self.longest, draft.end - draft.start)

    def covers(self, char: int) -> bool:
        """True when `char` lies in the content span of a kept statement (only those
        starting within `longest` before it can, as in `overlaps`)."""
        lo = bisect.bisect_left(self.spans, (char - self.longest, 0))
        hi = bisect.bisect_right(self.spans, (char, len(self.drafts)))
        return any(char < self.drafts[k].end for _, k in self.spans[lo:hi])

    def overlaps(self, draft: Draft) -> bool:
        """True when half of the shorter of `draft` and a kept statement lies in both.

        Only kept spans starting within `longest` before the draft can meet it, so
        many short statements in one long sentence cost no comparison of all pairs.
        """
        lo = bisect.bisect_left(self.spans, (draft.start - self.longest, 0))
        hi = bisect.bisect_left(self.spans, (draft.end, 0))
        return any(_overlap(draft, self.drafts[k]) >= 0.5 and not _nested(draft, self.drafts[k])
                   for _, k in self.spans[lo:hi])


def _nested(a: Draft, b: Draft) -> bool:
    """Whether one draft reports the other, attribution included, from an attribution after
    it: 'The company said that A, Reuters reported' holds the company's statement in Reuters'
    content, and both stand. ("..., according to CNN" around a statement is the nested pass's.)"""
    return any(s <= inner.attribution[0] < e
               for inner, outer in ((a, b), (b, a))
               if inner.attribution is not None and outer.rule == Rule.CLAUSE_THEN_CUE
               for s, e in outer.parts)


def _overlap(a: Draft, b: Draft) -> float:
    """Share of the shorter draft's content in both, counted over their parts: the
    narrative between the parts of '“A,” X said, adding that C. “B”' is in neither."""
    common = sum(max(0, min(e, f) - max(s, r)) for s, e in a.parts for r, f in b.parts)
    length = min(sum(e - s for s, e in a.parts), sum(f - r for r, f in b.parts))
    return common / max(1, length)
