"""Pronoun-gender agreement used when resolving "he" and "she"."""

import pytest

from quotes.detect.gender import agrees, gender


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        ("Hillary Clinton", None, "f"),
        ("Bill Clinton", None, "m"),
        ("Donald J. Trump", None, "m"),
        ("Mrs. Clinton", None, "f"),  # an honorific
        ("Mr. Trump", None, "m"),
        ("Clinton", None, None),  # a surname alone says nothing
        ("Warren", None, None),  # ... even when it is also a given name
        ("Kim Davis", None, None),  # a name given to both is not listed
        ("Choe Son-hui", "North Korea's foreign minister", None),  # unknown name order
        ("Sarah Huckabee Sanders", "White House press secretary", "f"),
        ("Josh Earnest", "White House spokesman", "m"),
        ("A senior official", "spokeswoman for the ministry", "f"),
        ("Ukrainian officials", None, None),
        ("Choe", "the king’s sister", "f"),  # possessive stripped, the head word counts
    ],
)
def test_gender(name, role, expected):
    assert gender(name, role) == expected


@pytest.mark.parametrize(
    ("pronoun", "name", "expected"),
    [
        ("he", "Hillary Clinton", False),
        ("she", "Hillary Clinton", True),
        ("She", "Donald Trump", False),
        ("he", "Donald Trump", True),
        ("he", "Clinton", True),  # unknown: compatible
        ("they", "Hillary Clinton", True),  # not a gendered pronoun
    ],
)
def test_agrees(pronoun, name, expected):
    assert agrees(pronoun, name) is expected


PRONOUN_CASES = [
    # the most recent person is of the other gender: the pronoun skips them
    ("Bernie Sanders met Hillary Clinton on Monday. “We will win this,” he said.",
     "Bernie Sanders"),
    ("Hillary Clinton met Bernie Sanders on Monday. “We will win this,” she said.",
     "Hillary Clinton"),
    # an office with "of" before the name is no part of it ("State Jane Roe" would hide her gender)
    ("Bernie Sanders met Secretary of State Hillary Clinton on Monday. “We will win this,” he said.",
     "Bernie Sanders"),
]
# ... also when the article calls them by surname only (a PERSON entity of a trained pipeline)
SURNAME_CASES = [
    ("Hillary Clinton met Bernie Sanders on Monday. Voters cheered Clinton. "
     "“We will win this,” he said.", "Bernie Sanders"),
]


def _speaker(nlp, text):
    (quote,) = nlp(text)._.quotes
    assert text[quote.speaker[0]:quote.speaker[1]] in ("he", "she")
    return quote.speaker_text


@pytest.mark.parametrize(("text", "speaker_text"), PRONOUN_CASES)
def test_pronoun_takes_the_person_of_its_gender(nlp, text, speaker_text):
    assert _speaker(nlp, text) == speaker_text


@pytest.mark.parametrize(("text", "speaker_text"), PRONOUN_CASES + SURNAME_CASES)
def test_pronoun_gender_with_a_trained_pipeline(trained_nlp, text, speaker_text):
    assert _speaker(trained_nlp, text) == speaker_text
