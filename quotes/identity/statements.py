"""Statements: quotes by one speaker that report the same thing, across articles.

Two wordings are compared after normalisation (case, accents and punctuation
folded; editorial insertions in square brackets such as "[Democratic People's
Republic of Korea]", "[out]" or "[...]" dropped) and are one statement when

- they are the same words ("same", score 100),
- the shorter one is an excerpt of the longer one: its words appear in order in
  one stretch of the longer, allowing a few inserted or changed words
  ("excerpt", a word-level alignment score), or
- they are a different translation or a paraphrase of each other: close word
  sets in any order ("paraphrase", rapidfuzz token_sort_ratio).

Thresholds were calibrated on the seed articles (Kovalenko's Telegram post in
two translations, scores 72 and up) and on made-up statements of the same
speakers on the same topic (67 and below); see tests/test_statements.py.

Not handled: negation and changed figures ("have not come under fire", "8,000"
vs "12,000" troops) score like the statement they contradict; two different
statements that share most of their words ("the first troops have arrived in
Kursk" vs "the first troops have come under fire in Kursk") are grouped;
excerpts of fewer than three words are never grouped by containment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from rapidfuzz import fuzz

from quotes.identity.names import normalize_name

MatchKind = Literal["same", "excerpt", "paraphrase", "different"]

EXCERPT_THRESHOLD = 85.0  # word-level alignment of the shorter text with a stretch of the longer
PARAPHRASE_THRESHOLD = 70.0  # rapidfuzz token_sort_ratio of the normalised texts
MIN_EXCERPT_WORDS = 3  # "money" inside a long statement is not the same statement

_BRACKETED = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True, slots=True)
class Match:
    """How two wordings relate.

    score    0..100, the evidence for `kind` (100 for identical or contained words)
    kind     same, excerpt, paraphrase or different
    reason   one line a journalist can read, with the measure that decided
    excerpt  for kind "excerpt": which side is the shorter excerpt ("a" or "b")
    """

    score: float
    kind: MatchKind
    reason: str
    excerpt: Literal["a", "b"] | None = None

    @property
    def related(self) -> bool:
        """True when both wordings report the same statement."""
        return self.kind != "different"


def normalize_statement(text: str) -> str:
    """Comparable form: bracketed insertions dropped, then folded like a name.

    >>> normalize_statement("The DPRK [Democratic People’s Republic of Korea] units [...] are here.")
    'the dprk units are here'
    """
    return normalize_name(_BRACKETED.sub(" ", text))


def words(text: str) -> list[str]:
    """The normalised words of `text`."""
    return normalize_statement(text).split()


def excerpt_alignment(short: list[str], long: list[str]) -> tuple[float, int, int]:
    """Align `short` with one stretch of `long`, word by word.

    Returns (score, start, end): `long[start:end]` is the stretch from the first
    to the last word that matches, and the score is 100 * 2 * matched words /
    (len(short) + stretch length): 100 when `short` appears there verbatim.
    """
    matcher = SequenceMatcher(None, short, long, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return 0.0, 0, 0
    start, end = blocks[0].b, blocks[-1].b + blocks[-1].size
    matched = sum(block.size for block in blocks)
    return 100.0 * 2 * matched / (len(short) + end - start), start, end


def statement_similarity(a: str, b: str) -> Match:
    """Whether wordings `a` and `b` report the same statement, with a score and reason."""
    # 1. Normalise both; identical words are the same statement.
    words_a, words_b = words(a), words(b)
    if not words_a or not words_b:
        return Match(0.0, "different", "nothing to compare")
    if words_a == words_b:
        return Match(100.0, "same", "same words")

    # 2. The shorter one inside the longer one, allowing a few changed words.
    a_shorter = len(words_a) <= len(words_b)
    short, long = (words_a, words_b) if a_shorter else (words_b, words_a)
    if len(short) >= MIN_EXCERPT_WORDS:
        score, _, _ = excerpt_alignment(short, long)
        if score >= EXCERPT_THRESHOLD:
            how = "verbatim" if score == 100.0 else f"aligned {score:.0f}"
            return Match(
                round(score, 1),
                "excerpt",
                f"excerpt: {len(short)} words inside {len(long)}, {how}",
                "a" if a_shorter else "b",
            )

    # 3. Same words in another order or another translation.
    score = fuzz.token_sort_ratio(" ".join(words_a), " ".join(words_b))
    if score >= PARAPHRASE_THRESHOLD:
        return Match(round(score, 1), "paraphrase", f"paraphrase: token sort ratio {score:.0f}")
    return Match(round(score, 1), "different", f"different: token sort ratio {score:.0f}")
