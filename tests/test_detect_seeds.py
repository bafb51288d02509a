"""Acceptance on the two sample articles: each expected statement, found with the right speaker.

Every row runs on the rules-only pipeline and on the trained one (skipped when absent).
"""

from __future__ import annotations

import pytest

from conftest import SEEDS
from quotes.detect.rules import Rule as R

BLOOMBERG = "bloomberg-2024-11-04-north-korean-troops.txt"
FT = "ft-2024-11-04-north-korean-troops.txt"

# (article, words in the content, rule that must fire, kind, speaker_text contains, other fields that must contain a value)
EXPECTED = [
    (BLOOMBERG, "The first North Korean troops have already", R.QUOTE_THEN_CUE, "direct", "Andriy Kovalenko",
     {"role": "head of the anti-disinformation body", "medium": "on Telegram", "when": "Monday"}),
    (BLOOMBERG, "its troops repelled counterattacks", R.CUE_THAT, "indirect", "Defense Ministry in Moscow",
     {"when": "Sunday"}),
    (BLOOMBERG, "we will be destroying the Russians", R.QUOTE_THEN_CUE, "direct", "Oleksandr Syrskyi",
     {"role": "military commander-in-chief", "medium": "on his Telegram channel"}),
    (BLOOMBERG, "significant escalation", R.CUE_THAT, "mixed", "Mark Rutte", {"role": "Secretary General"}),
    (BLOOMBERG, "Ukraine is seeing an increase in Western military shipments", R.CUE_THAT, "indirect",
     "Volodymyr Zelenskiy", {}),
    (BLOOMBERG, "Instead of providing the much-needed", R.QUOTE_THEN_CUE, "direct", "Volodymyr Zelenskiy",
     {"medium": "in his daily address", "when": "Friday"}),
    (BLOOMBERG, "Everyone is just waiting", R.QUOTE_THEN_CUE, "direct", "Volodymyr Zelenskiy", {}),
    (BLOOMBERG, "Russia dropped more than 900 bombs", R.CLAUSE_THEN_CUE, "indirect", "Volodymyr Zelenskiy",
     {"medium": "in his daily address", "when": "Sunday"}),
    (FT, "their forces had fired at North Korean soldiers", R.CUE_THAT, "indirect", "Ukrainian officials",
     {"when": "Monday"}),
    (FT, "The first military units of the DPRK", R.QUOTE_THEN_CUE, "direct", "Andriy Kovalenko", {"medium": "on Telegram"}),
    (FT, "need for decisive action", R.CUE_THAT, "mixed", "Andrii Sybiha", {}),
    (FT, "We urge Europe to realise", R.QUOTE_THEN_CUE, "direct", "Andrii Sybiha", {"medium": "in a news conference"}),
    (FT, "shamelessly protecting", R.CUE_THAT, "mixed", "US", {"when": "Monday"}),
    (FT, "as well as “money”", R.CUE_THAT, "mixed", "senior Ukrainian official",
     {"speaker_kind": "unnamed", "addressee": "the FT"}),
    (FT, "no doubt whatsoever", R.CUE_THAT, "mixed", "Choe Son-hui", {"when": "last week"}),
    (FT, "preparing to enter the fight within “days”", R.CUE_THAT, "mixed", "Ukrainian intelligence officials",
     {"speaker_kind": "unnamed", "addressee": "the FT"}),
    (FT, "Pyongyang had sent roughly 12,000 troops", R.CUE_THAT, "indirect", "Kyiv, Washington and Seoul",
     {"speaker_kind": "group"}),  # three governments: one group, not one organisation
    (FT, "legitimate military targets", R.CUE_THAT, "mixed", "White House", {}),
    (FT, "pre-emptively", R.CUE_THAT, "mixed", "Volodymyr Zelenskyy", {"when": "Friday"}),
    (FT, "it occurred within Russia’s Kursk region", R.CUE_THAT, "indirect",
     "senior Ukrainian intelligence official", {"speaker_kind": "unnamed"}),
    (FT, "Russia had armed the North Korean troops", R.CUE_THAT, "indirect", "GUR", {"when": "over the weekend"}),
    (FT, "some were also provided with night-vision devices", R.CUE_THAT, "indirect", "GUR", {}),
    (FT, "We will know soon", R.CLAUSE_THEN_CUE, "mixed", "one of the officials", {"when": "Monday"}),
]
BOILERPLATE = [
    (BLOOMBERG, "Listen to the Here’s Why podcast"),
    (BLOOMBERG, "Updated with context"),
    (BLOOMBERG, "©2024 Bloomberg"),
    (FT, "Simply sign up"),
    (FT, "Read the full article here"),
]


@pytest.fixture(params=["nlp", "trained_nlp"], scope="module")
def pipeline(request):
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module")
def found(pipeline):
    """Quotes per seed article, as (text, quotes)."""
    result = {}
    for name in (BLOOMBERG, FT):
        text = (SEEDS / name).read_text(encoding="utf-8")
        result[name] = (text, pipeline(text)._.quotes)
    return result


@pytest.mark.parametrize(("article", "words", "rule", "kind", "speaker", "fields"), EXPECTED,
                         ids=[row[1][:30] for row in EXPECTED])
def test_seed_statement(found, article, words, rule, kind, speaker, fields):
    text, quotes = found[article]
    matches = [q for q in quotes if words in text[q.content[0] : q.content[1]]]
    assert matches, f"no quote contains {words!r}"
    quote = matches[0]
    assert quote.rule == rule
    assert quote.kind == kind
    assert speaker.lower() in (quote.speaker_text or "").lower()
    for field, value in fields.items():
        assert value in (getattr(quote, field) or ""), field
    assert 0 < quote.confidence <= 1


@pytest.mark.parametrize(("article", "words"), BOILERPLATE)
def test_boilerplate_yields_nothing(found, article, words):
    text, quotes = found[article]
    start = text.index(words)
    assert not [q for q in quotes if q.content[0] <= start < q.content[1] or
                start <= q.content[0] < start + len(words)]
