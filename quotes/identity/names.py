"""Name normalisation: the lookup key that makes "Zelenskiy", "ZELENSKIY" and "Zelénskiy" equal."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+")


def normalize_name(name: str) -> str:
    """Lower-case, accents stripped, punctuation and spaces folded to single spaces.

    >>> normalize_name("  Andrii  Sybiha’s ")
    'andrii sybiha s'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    no_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", no_accents.casefold()).strip()
