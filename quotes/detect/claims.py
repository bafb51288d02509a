"""What the passes have taken so far: `Claims`, one per Doc, shared by all passes in order.

A cue token attributes one statement; a statement kept by one pass bars another
pass from reporting the same words (see extractor.PASSES for who yields to whom).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from quotes.detect.draft import Draft
from quotes.detect.records import CharSpan


@dataclass(slots=True)
class Claims:
    cues: set[int] = field(default_factory=set)  # token indices of cues already attributing
    drafts: list[Draft] = field(default_factory=list)  # statements kept, in pass order
    spans: list[CharSpan] = field(default_factory=list)  # their content spans, sorted
    longest: int = 0  # the longest content span kept

    def take_cue(self, i: int) -> None:
        self.cues.add(i)

    def cue_free(self, i: int) -> bool:
        return i not in self.cues

    def keep(self, draft: Draft) -> None:
        self.drafts.append(draft)
        bisect.insort(self.spans, (draft.start, draft.end))
        self.longest = max(self.longest, draft.end - draft.start)

    def covers(self, char: int) -> bool:
        """True when `char` lies in the content span of a kept statement."""
        return any(d.start <= char < d.end for d in self.drafts)

    def overlaps(self, draft: Draft) -> bool:
        """True when half of the shorter of `draft` and a kept statement lies in both.

        Only kept spans starting within `longest` before the draft can meet it, so
        many short statements in one long sentence cost no comparison of all pairs.
        """
        lo = bisect.bisect_left(self.spans, (draft.start - self.longest, 0))
        hi = bisect.bisect_left(self.spans, (draft.end, 0))
        return any(_overlap(draft.start, draft.end, s, e) >= 0.5 for s, e in self.spans[lo:hi])


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    common = max(0, min(a_end, b_end) - max(a_start, b_start))
    return common / max(1, min(a_end - a_start, b_end - b_start))
