"""What every pass reads about one Doc, computed once: `Context`.

Text, token texts and offsets, paragraphs and which are boilerplate, the quotations
(outside boilerplate) and the character spans inside their marks. Read-only: what
a pass takes for itself goes into `claims.Claims`.
"""

from __future__ import annotations

import bisect
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

    @classmethod
    def of(cls, doc: Doc) -> Context:
        text = doc.text
        paras = paragraphs(text)
        boiler = [boilerplate_pattern().search(text, s, e) is not None for s, e in paras]
        quotations = [q for q in find_quotations(text) if not boiler[_index(paras, q.start)]]
        strings = doc.vocab.strings
        return cls(doc, text, [strings[h] for h in doc.to_array(ORTH).tolist()], doc.to_array(IDX).tolist(),
                   paras, boiler, quotations, sorted(part for q in quotations for part in q.parts))

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

    def skipped(self, char: int) -> bool:
        """Boilerplate, or inside quotation marks (a cue in a quote is not an attribution)."""
        return self.in_boilerplate(char) or self.quotation_around(char) is not None


def _index(spans: list[CharSpan], char: int) -> int:
    """Index of the last span starting at or before `char` (0 when none does)."""
    return max(0, bisect.bisect_right(spans, (char, float("inf"))) - 1)
