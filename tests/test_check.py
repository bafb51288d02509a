"""Checking a quotation: word diffs, how a stored quote relates to the text, verdicts."""

from __future__ import annotations

import pytest

from quotes.db import models
from quotes.identity.check import distinctive_words, relate, render_diff, word_diff

BLOOMBERG = "The first North Korean troops have already come under fire in the Kursk region"
FT = ("The first military units of the DPRK [Democratic People’s Republic of Korea] "
      "have already come under fire in Kursk")


@pytest.mark.parametrize(
    ("checked", "found", "marked"),
    [
        # the same words: nothing marked, brackets kept as written
        ("have already come under fire in Kursk", FT, FT),
        # an inserted word inside the aligned stretch; words around it are context
        ("have already come under fire in Kursk", BLOOMBERG,
         "The first North Korean troops have already come under fire in {+the+} Kursk region"),
        # another translation: replaced, deleted words
        (BLOOMBERG, FT,
         "The first [-North Korean troops-] {+military units of the DPRK [Democratic People’s "
         "Republic of Korea]+} have already come under fire in [-the-] Kursk [-region-]"),
        # checked words that are missing at the end
        ("We are working hard", "We are working and we will be destroying the Russians",
         "We are working [-hard-] and we will be destroying the Russians"),
        # nothing in common: all replaced
        ("money", "days", "[-money-] {+days+}"),
        # case and punctuation differences are not differences
        ("“WE ARE WORKING,”", "We are working", "We are working"),
    ],
)
def test_word_diff(checked, found, marked):
    assert render_diff(word_diff(checked, found)) == marked


def test_word_diff_parts_are_structured():
    parts = word_diff("have already come under fire in Kursk", BLOOMBERG)
    assert [(p.op, p.checked, p.found) for p in parts] == [
        ("context", "", "The first North Korean troops"),
        ("equal", "have already come under fire in", "have already come under fire in"),
        ("insert", "", "the"),
        ("equal", "Kursk", "Kursk"),
        ("context", "", "region"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are working", ["working"]),
        ("have already come under fire in Kursk", ["come", "fire", "kursk"]),
        ("We are", ["we", "are"]),  # only stop words: keep them
        ("Kursk, Kursk!", ["kursk"]),
    ],
)
def test_distinctive_words(text, expected):
    assert distinctive_words(text) == expected


def _quote(sentence: str, content: str, kind: str) -> models.Quote:
    """An unsaved quote whose content lies inside `sentence`."""
    start = sentence.index(content)
    return models.Quote(content=content, content_start=start, content_end=start + len(content),
                        kind=kind, document=models.Document(text=sentence))


SYBIHA_MIXED = ("Sybiha said he had discussed the “need for decisive action” in response to "
                "North Korea’s deepening involvement in the war.")
SYBIHA_CONTENT = ("the “need for decisive action” in response to North Korea’s deepening "
                  "involvement in the war")


@pytest.mark.parametrize(
    ("text", "quote", "relation"),
    [
        # direct quote containing the text verbatim
        ("have already come under fire in Kursk", _quote(f"“{FT},” he said.", FT, "direct"),
         "as_worded"),
        # direct quote with a word more: another wording
        ("have already come under fire in Kursk",
         _quote(f"“{BLOOMBERG},” he said.", BLOOMBERG, "direct"), "other_wording"),
        # the same words reported as indirect speech are not his wording
        ("have already come under fire in Kursk",
         _quote(f"He said {FT}.", FT, "indirect"), "other_wording"),
        # a quote that is only a piece of the checked text
        (f"{FT} and will be destroyed",
         _quote(f"“{FT},” he said.", FT, "direct"), "partial"),
        # mixed quote: the text inside its quoted fragment
        ("need for decisive action", _quote(SYBIHA_MIXED, SYBIHA_CONTENT, "mixed"), "as_worded"),
        # mixed quote: the text goes beyond the quoted fragment
        ("need for decisive action in response to North Korea’s deepening involvement",
         _quote(SYBIHA_MIXED, SYBIHA_CONTENT, "mixed"), "partial"),
        # unrelated
        ("We will know soon", _quote(f"“{FT},” he said.", FT, "direct"), None),
    ],
)
def test_relate(text, quote, relation):
    related = relate(text, quote)
    assert (related[0] if related else None) == relation
