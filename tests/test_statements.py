"""Statement matching: pairs that must group, pairs that must not, and why."""

from __future__ import annotations

import pytest

from quotes.identity.statements import normalize_statement, statement_similarity

KOVALENKO_BLOOMBERG = (
    "The first North Korean troops have already come under fire in the Kursk region"
)
KOVALENKO_FT = (
    "The first military units of the DPRK [Democratic People’s Republic of Korea] "
    "have already come under fire in Kursk"
)
SYBIHA = (
    "We urge Europe to realise that the DPRK troops are now carrying [out] an aggressive war "
    "in Europe against a sovereign European state"
)
SYRSKYI = (
    "We are working and we will be destroying the Russians, the North Korean soldiers "
    "and anyone who will threaten Ukraine"
)
ZELENSKIY = (
    "Instead of providing the much-needed long-range capabilities, America is watching, "
    "Britain is watching, Germany is watching"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The DPRK [Democratic People’s Republic of Korea] units", "the dprk units"),
        ("carrying [out] an aggressive war", "carrying an aggressive war"),
        ("units [...] have already", "units have already"),
        ("“Much-needed,” said Zelénskiy.", "much needed said zelenskiy"),
        ("", ""),
    ],
)
def test_normalize_statement(text, expected):
    assert normalize_statement(text) == expected


# (a, b, expected kind): must-group pairs first, then must-not-group pairs.
@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        # the same words, up to case, punctuation and editorial brackets
        (SYBIHA, SYBIHA.upper().replace(",", ""), "same"),
        (SYBIHA, SYBIHA.replace(" [out]", ""), "same"),
        # a shorter excerpt, verbatim or with a small change
        (KOVALENKO_FT, "have already come under fire in Kursk", "excerpt"),
        ("have already come under fire in Kursk", KOVALENKO_BLOOMBERG, "excerpt"),
        (SYRSKYI, "We are working", "excerpt"),
        (ZELENSKIY, "America is watching, Britain is watching", "excerpt"),
        # another translation or a paraphrase (the seeds' Kovalenko post)
        (KOVALENKO_BLOOMBERG, KOVALENKO_FT, "paraphrase"),
        (
            SYBIHA,
            "We call on Europe to understand that North Korean troops are now waging an "
            "aggressive war in Europe against a sovereign European state",
            "paraphrase",
        ),
        (
            ZELENSKIY,
            "America is watching, Britain is watching, Germany is watching instead of "
            "providing the long-range capabilities we need",
            "paraphrase",
        ),
        # must not group: same speaker, same topic, another statement
        (KOVALENKO_BLOOMBERG, "North Korean troops were sent to Kursk last month", "different"),
        (
            KOVALENKO_BLOOMBERG,
            "Russia had armed the North Korean troops in Kursk with mortars and sniper rifles",
            "different",
        ),
        (SYBIHA, "Europe must provide more air defence to Ukraine before the winter", "different"),
        (SYBIHA, "The war in Europe will not end until Russia is defeated by a sovereign Ukraine",
         "different"),
        (ZELENSKIY, "Everyone is just waiting for the North Korean military to start targeting "
         "Ukrainians", "different"),
        (SYRSKYI, "The North Korean soldiers are inexperienced and will not threaten Ukraine",
         "different"),
        (SYRSKYI, "We will know soon", "different"),
        # a one- or two-word quote inside a long one is not the same statement
        ("Another official said Moscow was providing military technologies and money", "money",
         "different"),
        ("We are", SYRSKYI, "different"),
        ("", SYRSKYI, "different"),
    ],
)
def test_statement_similarity_kind(a, b, kind):
    match = statement_similarity(a, b)
    assert match.kind == kind, match
    assert match.related is (kind != "different")
    # symmetric in kind and score
    assert statement_similarity(b, a).kind == kind
    assert statement_similarity(b, a).score == match.score


@pytest.mark.parametrize(
    ("a", "b", "score", "excerpt", "reason"),
    [
        (SYBIHA, SYBIHA.lower(), 100.0, None, "same words"),
        (KOVALENKO_FT, "have already come under fire in Kursk", 100.0, "b", "verbatim"),
        ("have already come under fire in Kursk", KOVALENKO_BLOOMBERG, 93.3, "a", "aligned 93"),
        (KOVALENKO_BLOOMBERG, KOVALENKO_FT, 72.4, None, "token sort ratio 72"),
    ],
)
def test_statement_similarity_explains(a, b, score, excerpt, reason):
    match = statement_similarity(a, b)
    assert match.score == pytest.approx(score, abs=0.1)
    assert match.excerpt == excerpt
    assert reason in match.reason
