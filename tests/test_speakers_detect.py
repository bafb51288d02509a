"""Speaker finding and resolution: (text, expected speaker) tables with negative cases.

Each row is a sentence written for this table (no corpus text). `mention` is the
speaker as written in the text (None: no statement may be found), `name` the
resolved speaker_text. Rows run on the rules-only pipeline and, where a trained
pipeline is installed, on it too, unless marked rules-only.
"""

from __future__ import annotations

import pytest

from quotes.detect.speakers import STRATEGIES, find_speaker

# (text, mention, name)
NOUN_PHRASES = [
    # adverbs between the subject and its cue are not the speaker
    ("The Justice Department has already warned that it will send fewer observers.",
     "The Justice Department", "Justice Department"),
    ("The mayor forcefully told reporters that the budget was final.", "The mayor", "The mayor"),
    ("Union leaders have largely said they were not sure what happened.", "Union leaders", "Union leaders"),
    ("Jane Roe wouldn’t say Tuesday how the party would vote.", "Jane Roe", "Jane Roe"),
    ("They don’t necessarily say that the money is gone.", "They", "They"),
    # time phrases between subject and cue
    ("Roe’s close friends have in the past said he was staying quiet.", "Roe’s close friends",
     "Roe’s close friends"),
    ("Jane Roe, the party chairman, this past week announced that a website would open.",
     "Jane Roe, the party chairman", "Jane Roe"),
    # the subject of a coordinated or participle cue, past what opens the clause
    ("But the Court of Appeals overruled and said the state already provided early voting.",
     "the Court of Appeals", "Court of Appeals"),
    ("After the election, Jane Roe tried an olive branch by telling Doe she had been able.",
     "Jane Roe", "Jane Roe"),
    ("At a rally in Springfield, Ohio, Jane Roe railed against taxes, and explained that they hurt.",
     "Jane Roe", "Jane Roe"),
    ("There, the county GOP Chairman John Doe declined to comment but said one was a supporter.",
     "the county GOP Chairman John Doe", "John Doe"),
    ("Reached by phone, Jane Roe denied the claim, explaining that she had been away.",
     "Jane Roe", "Jane Roe"),
    ("John Doe continued by saying that the vote would be close.", "John Doe", "John Doe"),
    # an inverted subject after a quotation; after a comma only a role, never the object
    ("“It works,” said the minister.", "the minister", "the minister"),
    ("Jane Roe, a delegate from Texas, said the turmoil at the convention was normal.",
     "Jane Roe, a delegate from Texas", "Jane Roe"),
    ("Jane Roe, the head of the council, said the plan works.", "Jane Roe, the head of the council",
     "Jane Roe"),
    # negatives: words that look like adverbs or openers but are the subject
    ("The family said that the trip was over.", "The family", "The family"),
    ("Husted continued by saying that the state would appeal.", "Husted", "Husted"),
]
# rows only the rules path must get right (the parser may hang these elsewhere)
RULES_ONLY = {
    "Jane Roe, the party chairman, this past week announced that a website would open.",
    "At a rally in Springfield, Ohio, Jane Roe railed against taxes, and explained that they hurt.",
    "There, the county GOP Chairman John Doe declined to comment but said one was a supporter.",
}


def _last(nlp, text):
    quotes = nlp(text)._.quotes
    assert quotes, f"no statement found in {text!r}"
    quote = quotes[-1]
    return text[quote.speaker[0] : quote.speaker[1]], quote.speaker_text


@pytest.mark.parametrize(("text", "mention", "name"), NOUN_PHRASES)
def test_speaker_is_a_noun_phrase(nlp, text, mention, name):
    assert _last(nlp, text) == (mention, name)


@pytest.mark.parametrize(("text", "mention", "name"), [r for r in NOUN_PHRASES if r[0] not in RULES_ONLY])
def test_speaker_is_a_noun_phrase_trained(trained_nlp, text, mention, name):
    got_mention, got_name = _last(trained_nlp, text)
    assert name.lower() in got_name.lower() or got_mention == mention


# (text, cue word, strategy that must find the speaker on the rules path)
STRATEGY_ROWS = [
    ("“It works,” said the minister.", "said", "inverted"),
    ("The plan works, said the spokesman.", "said", "inverted"),
    ("Jane Roe left the room, saying the plan works.", "saying", "subject"),  # never inverted
    ("Jane Roe, the head of the council, said the plan works.", "said", "appositive"),
    ("The minister said the plan works.", "said", "left"),
    ("The plan works, according to the minister.", "according", "according"),
]


@pytest.mark.parametrize(("text", "cue", "strategy"), STRATEGY_ROWS)
def test_strategy_that_finds_the_speaker(nlp, text, cue, strategy):
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name != "quotes":
            doc = proc(doc)
    i = next(t.i for t in doc if t.lower_ == cue)
    found = find_speaker(doc, i, 0, len(doc))
    assert found is not None and found[2] == strategy


def test_strategies_are_named_in_order():
    names = [name for name, _ in STRATEGIES]
    assert names[0] == "parse" and names.index("inverted") < names.index("left")
