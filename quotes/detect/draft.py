"""The intermediate record the passes share before speakers are resolved."""

from __future__ import annotations

from dataclasses import dataclass

from quotes.detect.records import CharSpan
from quotes.detect.rules import CONFIDENCE, Rule


@dataclass(slots=True)
class Draft:
    """A found statement: content parts, cue and speaker tokens, and the rule that made it.

    `evidence` selects the rule's row in rules.CONFIDENCE (a cue class, or "parse");
    `speaker` is a token span; `follows` points to an earlier draft whose speaker a
    continued quote takes over; `attribution` is the char span of the words around
    the cue where medium, addressee and date are looked for.
    """

    parts: list[CharSpan]
    rule: Rule
    evidence: str = ""
    cue: tuple[int, int] | None = None  # token span
    speaker: tuple[int, int] | None = None  # token span
    follows: "Draft | None" = None
    attribution: CharSpan | None = None

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.rule, self.evidence]

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]
