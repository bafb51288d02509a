"""What every pass reads about one Doc, computed once: `Context`.

Text, token texts and offsets, paragraphs and which are boilerplate, the quotations
(outside boilerplate) and the character spans inside their marks, whether the Doc is
tagged and parsed, and where marks and comma/dash cuts are (so that no pass scans the
text again per cue: linear time on long sentences). Read-only: what a pass takes for
itself goes into `claims.Claims`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.attrs import IDX, ORTH
from spacy.tokens import Doc

from quotes.detect.lexicon import boilerplate_pattern
from quotes.detect.marks import Quotation, find_quotations, paragraphs
from quotes.detect.records import CharSpan


@dataclass(frozen=True, slots=True)
class Context:
    """One Doc as the passes see it. Not handled: quotations inside boilerplate (dropped)."""

    doc: Doc
    text: str
    words: list[str]  # token texts (read once: Token objects are costly to create)
    token_starts: list[int]  # character offset of each token
    paragraphs: list[CharSpan]
    boilerplate: list[bool]  # per paragraph: newsletter sign-ups, copyright lines
    quotations: list[Quotation]  # outside boilerplate, in text order
    inside: list[CharSpan]  # the quoted parts of all quotations, sorted
    parsed: bool  # the Doc has a dependency parse
    tagged: bool  # the Doc has part-of-speech tags
    marks: list[int]  # offsets of every quotation mark character (and apostrophe)
    closers: list[int]  # offsets of closing marks: after a non-space, before a non-alphanumeric
    cuts: list[CharSpan]  # every ", " and spaced dash (" — ", " -- "), where mixed content may end

    @classmethod
    def of(cls, doc: Doc) -> Context:
        text = doc.text
        paras = paragraphs(text)
        boiler = [boilerplate_pattern().search(text, s, e) is not None for s, e in paras]
        quotations = [q for q in find_quotations(text) if not boiler[_index(paras, q.start)]]
        strings = doc.vocab.strings
        return cls(doc, text, [strings[h] for h in doc.to_array(ORTH).tolist()], doc.to_array(IDX).tolist(),
                   paras, boiler, quotations, sorted(part for q in quotations for part in q.parts),
                   doc.has_annotation("DEP"), doc.has_annotation("TAG"),
                   [m.start() for m in _MARK.finditer(text)],
                   [i for i in (m.start() for m in _CLOSER.finditer(text))
                    if i + 1 >= len(text) or not text[i + 1].isalnum()],
                   [(m.start(), m.start() + len(m.group(1))) for m in _CUT.finditer(text)])

    def paragraph_of(self, char: int) -> tuple[int, CharSpan]:
        """Index and span of the paragraph holding `char` (the one before it when between)."""
        k = _index(self.paragraphs, char)
        return k, self.paragraphs[k]

    def token_at(self, char: int) -> int:
        """Index of the token holding `char` (the last token before it when in whitespace)."""
        return max(0, bisect.bisect_right(self.token_starts, char) - 1)

    def in_boilerplate(self, char: int) -> bool:
        return bool(self.paragraphs) and self.boilerplate[_index(self.paragraphs, char)]

    def quotation_around(self, char: int) -> CharSpan | None:
        """The quoted part holding `char`, if any."""
        k = bisect.bisect_right(self.inside, (char, float("inf"))) - 1
        return self.inside[k] if k >= 0 and self.inside[k][0] <= char < self.inside[k][1] else None

    def has_mark(self, start: int, end: int) -> bool:
        """True when a quotation mark (or apostrophe) lies in text[start:end]."""
        k = bisect.bisect_left(self.marks, start)
        return k < len(self.marks) and self.marks[k] < end

    def last_closer(self, start: int, end: int) -> int | None:
        """The last closing mark after `start` in text[start:end] (at `end - 1` it may precede a letter)."""
        last = end - 1
        if last > start and self.text[last] in CLOSERS and not self.text[last - 1].isspace():
            return last
        k = bisect.bisect_left(self.closers, last) - 1
        return self.closers[k] if k >= 0 and self.closers[k] > start else None

    def first_cut(self, start: int, end: int) -> CharSpan | None:
        """The first ", " or spaced dash lying wholly in text[start:end]."""
        k = bisect.bisect_left(self.cuts, (start, 0))
        while k < len(self.cuts) and self.cuts[k][0] < end:
            if self.cuts[k][1] <= end:
                return self.cuts[k]
            k += 1
        return None

    def skipped(self, char: int) -> bool:
        """Boilerplate, or inside quotation marks (a cue in a quote is not an attribution)."""
        return self.in_boilerplate(char) or self.quotation_around(char) is not None


MARKS = "“”„«»\"‘’"  # quotation marks, and the apostrophe ’ that doubles as one
CLOSERS = "”»\"’'"  # characters that may close a quoted fragment
_MARK = re.compile(f"''|[{MARKS}]")  # and two apostrophes as one mark
_CLOSER = re.compile(f"(?<=\\S)[{CLOSERS}]")
_CUT = re.compile(r"(?=(,\s|\s[―—–]\s|\s--\s))")  # overlapping: every position where one starts


def _index(spans: list[CharSpan], char: int) -> int:
    """Index of the last span starting at or before `char` (0 when none does)."""
    return max(0, bisect.bisect_right(spans, (char, float("inf"))) - 1)
