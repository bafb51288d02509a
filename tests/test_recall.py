"""The attitudes pass (attitudes.py): beliefs, intentions, documents and speech acts, typed.

Sentences are written for these tests. Each row names the rule that must fire;
an empty list means no statement at all.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.detect.lexicon import cue_of
from quotes.detect.rules import Rule as R

# (text, [(rule, type, speaker_text, content exactly)])
ATTITUDES = [
    ("Polls show that the senator is ahead in Ohio.",
     [(R.ATTITUDE, "document", "Polls", "the senator is ahead in Ohio")]),
    ("The new survey shows Roe leading by six points.",
     [(R.ATTITUDE, "document", "new survey", "Roe leading by six points")]),
    # an evidence subject (evidence_nouns.txt): "find" reports only with one; without a tagger
    # a document cue right after one is a verb before any word
    ("The survey found most farmers back the new water tax.",
     [(R.ATTITUDE, "document", "survey", "most farmers back the new water tax")]),
    ("Numbers show more than 600 voters have cast ballots.",
     [(R.ATTITUDE, "document", "Numbers", "more than 600 voters have cast ballots")]),
    ("Jane Roe found a seat near the back.", []),  # a person finds no evidence
    # an evidence noun that is itself a cue form ("report") is the subject right before the cue
    ("The Senate report found the city overpaid for the bridge.",
     [(R.ATTITUDE, "document", "Senate report", "the city overpaid for the bridge")]),
    ("Reports indicate the mayor will run again.", [(R.ATTITUDE, "document", "Reports", "the mayor will run again")]),
    ("Jane Roe believes the plan will fail.",
     [(R.ATTITUDE, "belief", "Jane Roe", "the plan will fail")]),
    ("The union supported the new water tax.",
     [(R.ATTITUDE, "belief", "union", "the new water tax")]),
    ("Strong support among farmers helped Jane Roe.", []),  # "support": mostly a noun, no cue
    ("The mayor laid out a plan to rebuild the bridge.",
     [(R.SPEECH_ACT, "speech", "mayor", "a plan to rebuild the bridge")]),
    ("Most farmers favor the new water tax.",
     [(R.ATTITUDE, "belief", "Most farmers", "the new water tax")]),
    ("Many farmers feel the water tax is unfair.",
     [(R.ATTITUDE, "belief", "Many farmers", "the water tax is unfair")]),
    ("The market views Jane Roe as a great unknown.",
     [(R.ATTITUDE, "belief", "market", "Jane Roe as a great unknown")]),
    # a frame cue of unquoted_frames.txt reports an unquoted phrase too ("described X as Y"
    # naming its object is the indirect pass's first: indirect._names_object)
    ("The campaign described the delay as a routine review.",
     [(R.CUE_THAT, "speech", "campaign", "the delay as a routine review")]),
    ("Rivals mocked the plan as timid.", [(R.SPEECH_ACT, "speech", "Rivals", "the plan as timid")]),
    ("The senator attacked the plan as a waste.", [(R.SPEECH_ACT, "speech", "senator", "the plan as a waste")]),
    ("The senator blasted the plan.", []),  # other frame cues still need a quoted fragment
    ("A lone-wolf attack on the club left two dead.", []),  # "attack": mostly a noun
    ("Jane Roe drew millions of views online.", []),  # "views": a noun
    ("John Doe aims to run for governor.",
     [(R.ATTITUDE, "intention", "John Doe", "to run for governor")]),
    ("The union intends to strike.",
     [(R.ATTITUDE, "intention", "union", "to strike")]),
    ("The mayor declined to comment.",
     [(R.SPEECH_ACT, "speech", "mayor", "to comment")]),
    ("Jane Roe called for an inquiry into the contract on Friday.",
     [(R.SPEECH_ACT, "speech", "Jane Roe", "an inquiry into the contract")]),
    ("John Doe endorsed Jane Roe in March.",
     [(R.SPEECH_ACT, "speech", "John Doe", "Jane Roe")]),
    ("The governor criticized the budget, which passed anyway.",
     [(R.SPEECH_ACT, "speech", "governor", "the budget")]),
    ("The council spoke about the new bridge.",
     [(R.SPEECH_ACT, "speech", "council", "the new bridge")]),
    ("John Doe blamed the weather.", [(R.SPEECH_ACT, "speech", "John Doe", "the weather")]),
    # a verb phrase after "and" or "but" (and an adverb) ends a phrase content
    ("Some officials praised the new bridge but also had to delay its opening.",
     [(R.SPEECH_ACT, "speech", "officials", "the new bridge")]),
    ("The union endorsed Jane Roe and then voted to cut its dues.",
     [(R.SPEECH_ACT, "speech", "union", "Jane Roe")]),
    ("After the court refused to hear the case, Jane Roe appealed.",
     [(R.SPEECH_ACT, "speech", "court", "to hear the case")]),
    ("The governor endorses Jane Roe - but not her plan.",
     [(R.SPEECH_ACT, "speech", "governor", "Jane Roe")]),
    # an opening adverbial before the subject is no reported clause (attitudes._opener)
    ("In July, the union called for a moratorium on new charter schools.",
     [(R.SPEECH_ACT, "speech", "union", "a moratorium on new charter schools")]),
    ("On Monday, John Doe endorsed Jane Roe.", [(R.SPEECH_ACT, "speech", "John Doe", "Jane Roe")]),
    ("In a video posted to her account on the city website, she criticized the mayor.",
     [(R.SPEECH_ACT, "speech", "she", "the mayor")]),
    # a possessive "’s" between subject and cue is no "is" ("he’s expected to" is)
    ("Jane Roe pointed to the mayor’s record and praised the new budget.",
     [(R.SPEECH_ACT, "speech", "Jane Roe", "the new budget")]),
    # negatives
    ("The plan is expected to pass next week.", []),  # passive: no holder named
    ("He’s expected to favor the new water tax.", []),
    ("The vote on the new bridge was close, John Doe believes in the end.", []),  # a clause before the comma
    ("Do you favor the new water tax?", []),  # a question reports no view
    ("The union did not endorse a candidate.", []),  # a negated act
    ("The union didn’t endorse a candidate.", []),
    ("The senator heaps praise on the mayor.", []),  # a noun before a preposition
    ("The much-praised leader left the party.", []),  # the end of a compound, no cue
    ("The senator called the police on Friday.", []),  # a frame cue without a quoted fragment
    ("She sent her quick thanks to the mayor.", []),  # a possessive inside the subject: an object
    ("The plan she once favored, like many others, failed.", []),  # no object after the cue
    ("The senator did not respond to requests for comment.", []),  # "respond to": an addressee
    ("The state was called for Jane Roe at nine.", []),  # a passive two-word cue
    ("“We want safe streets,” the mayor said.", [(R.QUOTE_THEN_CUE, "speech", "mayor", "We want safe streets")]),
]


@pytest.mark.parametrize(("text", "expected"), ATTITUDES)
def test_attitudes(nlp, text, expected):
    got = [(q.rule, q.type, q.speaker_text, text[q.content[0] : q.content[1]]) for q in nlp(text)._.quotes]
    assert len(got) == len(expected), got
    for (rule, kind, speaker, content), (want_rule, want_type, want_speaker, want_content) in zip(got, expected):
        assert (rule, kind, content) == (want_rule, want_type, want_content)
        assert want_speaker.lower() in speaker.lower()


# (cue as written, attribution type): the type follows the cue's class in cues.tsv
TYPES = [("said", "speech"), ("believes", "belief"), ("intends", "intention"), ("shows", "document"),
         ("called for", "speech"), ("declined", "speech"), ("described as", "speech"),
         ("found", "document"), ("supported", "belief"), ("laid out", "speech")]


@pytest.mark.parametrize(("cue", "expected"), TYPES)
def test_cue_type(cue, expected):
    assert cue_of(cue).type == expected


def test_unknown_cue_has_no_entry():
    assert cue_of("walked") is None and cue_of("walked about") is None


def test_trained_pipeline_types_an_intention(trained_nlp):
    text = "The mayor intends to build a new bridge."
    (quote,) = trained_nlp(text)._.quotes
    assert (quote.rule, quote.type, text[quote.content[0] : quote.content[1]]) == (
        R.ATTITUDE, "intention", "to build a new bridge")


@pytest.mark.parametrize(("text", "content"), [
    ("The governor criticized the mayor for the long delay on Friday.", "the mayor for the long delay"),
    ("The senator cited the vote as a reason for hope.", "the vote as a reason for hope"),
    ("The article attacked the mayor by accusing him of waste.", "the mayor by accusing him of waste"),
    ("The senator criticized the mayor over his remarks.", "the mayor over his remarks"),
])
def test_trained_pipeline_keeps_a_for_as_by_or_over_phrase(trained_nlp, text, content):
    (quote,) = trained_nlp(text)._.quotes
    assert (quote.rule, text[quote.content[0] : quote.content[1]]) == (R.SPEECH_ACT, content)


def test_extract_json_carries_type(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Jane Roe said the bridge would open. Polls show the mayor ahead.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "ndjson", "--model", "blank"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert [q["type"] for q in record["quotes"]] == ["speech", "document"]


# Reported speech the indirect pass finds by class (indirect.py); each negative names the
# rule that keeps it out. (text, [(rule, speaker_text, content exactly)])
REPORTED = [
    # an inverted speaker with a description after it (_describes_speaker)
    ("The plan will fail in the end, said Larry Sabato, director of the Center for Politics at the university.",
     [(R.CLAUSE_THEN_CUE, "Larry Sabato", "The plan will fail in the end")]),
    ("He had a voice in decisions about investments, said a former spokesman for the Foreign Ministry, Oleg Voloshyn.",
     [(R.CLAUSE_THEN_CUE, "former spokesman", "He had a voice in decisions about investments")]),
    # negative: a second cue after the inverted speaker reports its own statement
    ("The plan will fail, said Larry Sabato, who added that the state budget was in very bad shape this year.",
     [(R.CUE_THAT, "Larry Sabato", "the state budget was in very bad shape this year")]),
    # a name and its appositive before the cue, a capitalised clause after it (_reported's fallback)
    ("Mr. Kopachko, the pollster, said Mr. Manafort envisioned an approach that exploited old rifts.",
     [(R.CUE_THAT, "Kopachko", "Mr. Manafort envisioned an approach that exploited old rifts")]),
    ("Jane Roe, director of the group, which wrote the letter, said Clinton’s response was undercut by her ties.",
     [(R.CUE_THAT, "Jane Roe", "Clinton’s response was undercut by her ties")]),
    # negative: an inverted subject stays one when the clause before the comma is the content
    ("The plan will fail in the end, said Jane Roe of the Center for Politics.",
     [(R.CLAUSE_THEN_CUE, "Jane Roe", "The plan will fail in the end")]),
    # a number or counting determiner may be the subject of a cue that is no noun (determiners.txt)
    ("Many said the vote was unfair to the workers.", [(R.CUE_THAT, "Many", "the vote was unfair to the workers")]),
    ("Nearly nine out of 10 say they will need new skills.",
     [(R.CUE_THAT, "Nearly nine out of 10", "they will need new skills")]),
    ("All told, the plan will cost the city more than it can pay.", []),  # "all" is no quantifier here
    ("Many remarks about the plan were unfair to the workers.", []),  # a noun form
    # a relative pronoun before "say" is its subject without "that" (speakers._by_relative)
    ("The party gave fresh ammunition to Republicans who say the law is a money pit.",
     [(R.CUE_THAT, "Republicans", "the law is a money pit")]),
    ("He joined the senators who accused the agency of hiding the report.", []),  # no "that", no "say"
    # "adding to" increases, it reports nothing (addressee_to_cues.txt)
    ("Jane Roe has won the primary in Virginia, adding to her victories in three other states.", []),
    ("Jane Roe won in Virginia, adding that the party would unite behind her.",
     [(R.CUE_THAT, "Jane Roe", "the party would unite behind her")]),
    # a party tag between the speaker and the cue (speakers._np_left)
    ("The plan will fail, Sen. Chuck Grassley (R-Iowa) said.",
     [(R.CLAUSE_THEN_CUE, "Grassley", "The plan will fail")]),
    # after "that" the clause may open with any word (not_content_starts guards bare objects only)
    ("Jane Roe revised her plans in October, saying that about 5,500 troops would stay.",
     [(R.CUE_THAT, "Jane Roe", "about 5,500 troops would stay")]),
    ("The senator warned about its report on Friday.", []),  # no "that": a bare object
    # a capitalised cue inside a title-case headline (headline_cues.txt, indirect._title_case)
    ("Roe Says She Will Never Back The New Bridge Plan",
     [(R.CUE_THAT, "Roe", "She Will Never Back The New Bridge Plan")]),
    ("Jane Roe Just Announced Her Official Endorsement Of A Big Name Candidate",
     [(R.CUE_THAT, "Jane Roe", "Her Official Endorsement Of A Big Name Candidate")]),
    ("Says Who Wants The New Bridge Plan Built Anyway", []),  # no subject before the cue
    ("Announced Plans For The New Bridge Were Dropped In May", []),
    ("Jane Roe Says is the title of her new memoir about the bridge.", []),  # no headline
    # "say" is a verb unless a noun marker comes before it (noun_forms.txt, noun_markers.txt)
    ("Political scientists say Republican turnout is higher this year.",
     [(R.CUE_THAT, "Political scientists", "Republican turnout is higher this year")]),
    ("The tax plans would have no impact on what the middle class pays, analysts say.",
     [(R.CLAUSE_THEN_CUE, "analysts", "The tax plans would have no impact on what the middle class pays")]),
    ("The board has the final say on the budget this year.", []),  # a noun marker before it
    ("Voters want a say in how the money is spent.", []),
    # "states" is a cue without a tagger only before "that" or a colon (noun_cues.txt)
    ("The new law states that every voter must show a photo ID.",
     [(R.CUE_THAT, "new law", "every voter must show a photo ID")]),
    ("She won in five states, effectively ending his chances of winning.", []),
    ("The decline is forcing states to deal with the cost of the mines.", []),
    ("Union leaders have spent weeks in swing states, where turnout will decide the race.", []),
    # a colon after a news tag, a discourse marker or a handle names no speaker (not_label_speakers.txt)
    ("The Latest: Sanders wins the Minnesota caucuses by a wide margin", []),
    ("Revealed: More than 100 delegates are planning a revolt", []),
    ("Twitter: @janeroe_writes_here", []),
    ("Roe: We will not give up the fight for the bridge",
     [(R.LABEL_COLON, "Roe", "We will not give up the fight for the bridge")]),
    # a title-case phrase is no label speaker (indirect.LABEL_PHRASE_WORDS)
    ("Big Win For Roe: The Union Holds Off On An Endorsement", []),
    ("The One Thing Both Sides Want: A New Bridge", []),
    ("Mayor Jane Roe To Voters: The Bridge Will Be Built",
     [(R.LABEL_COLON, "Roe", "The Bridge Will Be Built")]),
    # a naming cue with an object pronoun and a predicate needs no quoted fragment (_names_object)
    ("She called him a misogynist at the debate.", [(R.CUE_THAT, "She", "him a misogynist at the debate")]),
    ("Critics call it a mouthpiece of the government.",
     [(R.CUE_THAT, "Critics", "it a mouthpiece of the government")]),
    ("After a long night, the players called it a day.", []),  # an idiom
    ("The senator called the police on Friday night.", []),  # a noun object: no predicate
    ("He called them back after the meeting.", []),  # no "a"/"an" predicate
    # a house note under the article is boilerplate (boilerplate.txt)
    ("Editor’s note: John Doe has said he will ban all visitors from entering the country.", []),
    ("The editor noted that John Doe will ban all visitors from entering the country.",
     [(R.CUE_THAT, "editor", "John Doe will ban all visitors from entering the country")]),
]


@pytest.mark.parametrize(("text", "expected"), REPORTED)
def test_reported(nlp, text, expected):
    got = [(q.rule, q.speaker_text, text[q.content[0] : q.content[1]]) for q in nlp(text)._.quotes]
    assert len(got) == len(expected), got
    for (rule, speaker, content), (want_rule, want_speaker, want_content) in zip(got, expected):
        assert (rule, content) == (want_rule, want_content)
        assert want_speaker.lower() in speaker.lower()


# the same construction read from the trained pipeline's parse: an object and its predicate
NAMED = [
    ("She called him a misogynist.", ["him a misogynist"]),
    ("He criticized what officials called a hate crime.", []),  # the object comes before the cue
    ("The senator called the police on Friday.", []),  # no object predicate
]


@pytest.mark.parametrize(("text", "expected"), NAMED)
def test_trained_pipeline_reads_a_named_object(trained_nlp, text, expected):
    got = [text[q.content[0] : q.content[1]] for q in trained_nlp(text)._.quotes if q.rule == R.CUE_THAT]
    assert got == expected
