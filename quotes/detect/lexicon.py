"""Data files of the detector (quotes/detect/data/), each loaded once.

The rules read words from here rather than from code, so a journalist can add a
cue verb or a title without touching Python. Titles, organisation head words and given
names are shared with identity, so they live with the names module (quotes/identity/data/,
`names.titles`, `names.organisation_words`, `names.given_names`). Multi-word cues are a verb form
and its particle (phrase_cues.tsv: "called for") and "according to" (which the
extractors know as a phrase); no others are handled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from quotes.identity.names import given_names, organisation_words, titles  # noqa: F401  (shared with identity)


def _lines(filename: str) -> list[str]:
    """Non-blank, non-comment lines of a data file."""
    text = resources.files("quotes.detect").joinpath("data", filename).read_text("utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


# Cue classes whose attributions are not speech (Quote.type); every other class is speech.
NOT_SPEECH = ("belief", "intention", "document")


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue word or phrase: its base form and how it reports (the classes of cues.tsv)."""

    lemma: str
    cls: str

    @property
    def type(self) -> str:
        """The attribution type it makes: speech, belief, intention or document."""
        return self.cls if self.cls in NOT_SPEECH else "speech"


@cache
def cues() -> dict[str, Cue]:
    """Inflected form (lower case) -> Cue."""
    table = {}
    for line in _lines("cues.tsv"):
        form, lemma, cls = line.split("\t")
        table[form] = Cue(lemma, cls)
    return table


@cache
def phrase_cues() -> dict[tuple[str, str], Cue]:
    """(verb form, particle) -> Cue, for two-word cues ("called for")."""
    table = {}
    for line in _lines("phrase_cues.tsv"):
        phrase, lemma, cls = line.split("\t")
        form, particle = phrase.split()
        table[form, particle] = Cue(lemma, cls)
    return table


def cue_of(text: str) -> Cue | None:
    """The Cue written as `text` (lower case): one word, or a verb and its particle."""
    words = tuple(text.split())
    if len(words) == 2:
        return phrase_cues().get(words)
    return cues().get(text)


@cache
def word_set(name: str) -> frozenset[str]:
    """The word set in data/NAME.txt, one entry a line (each file says what it holds)."""
    return frozenset(_lines(f"{name}.txt"))


@cache
def word_table(name: str) -> dict[str, str]:
    """The table in data/NAME.tsv: word -> value, one pair a line, tab-separated."""
    return dict(line.split("\t") for line in _lines(f"{name}.tsv"))


def noun_forms() -> frozenset[str]:
    """Cue forms that are also nouns or adjectives ("state", "remarks")."""
    return word_set("noun_forms")


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
