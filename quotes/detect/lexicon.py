"""Data files of the detector (quotes/detect/data/), each loaded once.

The rules read words from here rather than from code, so a journalist can add a
cue verb or a title without touching Python. Titles are the one list identity uses
too (quotes/identity/data/titles.txt, `names.titles`). Not handled: multi-word cues other
than "according to" (which the extractors know as a phrase).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from quotes.identity.names import titles  # noqa: F401  (the one titles list, shared with identity)


def _lines(filename: str) -> list[str]:
    """Non-blank, non-comment lines of a data file."""
    text = resources.files("quotes.detect").joinpath("data", filename).read_text("utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True, slots=True)
class Cue:
    """A speech cue word: its base form and how it reports (verb, frame, belief)."""

    lemma: str
    cls: str


@cache
def cues() -> dict[str, Cue]:
    """Inflected form (lower case) -> Cue."""
    table = {}
    for line in _lines("cues.tsv"):
        form, lemma, cls = line.split("\t")
        table[form] = Cue(lemma, cls)
    return table


@cache
def word_set(name: str) -> frozenset[str]:
    """The word set in data/NAME.txt, one entry a line (each file says what it holds)."""
    return frozenset(_lines(f"{name}.txt"))


def noun_forms() -> frozenset[str]:
    """Cue forms that are also nouns or adjectives ("state", "remarks")."""
    return word_set("noun_forms")


def organisation_words() -> frozenset[str]:
    """Head words that mark an organisation (lower case)."""
    return word_set("organisations")


@cache
def media_pattern() -> re.Pattern[str]:
    """One regular expression matching any medium phrase at the start of a string."""
    return re.compile("|".join(f"(?:{p})" for p in _lines("media.txt")), re.IGNORECASE)


@cache
def boilerplate_pattern() -> re.Pattern[str]:
    """One regular expression matching a boilerplate paragraph."""
    return re.compile(
        "|".join(f"(?:{p})" for p in _lines("boilerplate.txt")), re.IGNORECASE | re.MULTILINE
    )


@cache
def given_names() -> dict[str, str]:
    """Lower-case given name -> "f" or "m" (names given to both are in neither file)."""
    return {**dict.fromkeys(_lines("male_names.txt"), "m"),
            **dict.fromkeys(_lines("female_names.txt"), "f")}
