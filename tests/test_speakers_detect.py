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
    # the name opening a chain of appositives, not a place inside one
    ("Jane Roe, who lost her son in the flood in Aurora, Colorado, in July 2012, said that the city "
     "had failed.", "Jane Roe, who lost her son in the flood in Aurora, Colorado, in July 2012", "Jane Roe"),
    # "told X": X is the addressee, never an inverted speaker
    ("“We will win,” Senator John Doe, a close adviser to the governor, told AFP.",
     "Senator John Doe, a close adviser to the governor", "John Doe"),
    ("Jane Roe, who was listed on the slate, told POLITICO, “I like the governor best.”",
     "Jane Roe, who was listed on the slate", "Jane Roe"),
    # the subject of a coordinated or participle cue: a role, over a quoted fragment, past an -ing opening
    ("The spokesman refused to answer questions but said there was no call planned.",
     "The spokesman", "The spokesman"),
    ("Mr. Doe called the chief ''driven'' and asserted that things were being resolved.", "Mr. Doe", "Doe"),
    ("Mrs. Roe’s campaign was hopeful, but acknowledged that support was fading.", "Mrs. Roe’s campaign",
     "Mrs. Roe’s campaign"),
    ("Speaking in Ohio, Jane Roe insisted that she has “grown the party,” claiming that she is responsible.",
     "Jane Roe", "Jane Roe"),
    ("Jane Roe (who has 25 delegates to date) said it is possible.", "Jane Roe (who has 25 delegates to date)",
     "Jane Roe (who has 25 delegates to date)"),
    # negatives: the subject of a quoted clause is not the writer's subject
    ("John Doe “was handled lightly,” said an official who led the inquiry and described the case as “minor.”",
     "an official", "an official"),
    # the agent of a passive addressee cue (speakers._by_agent)
    ("“Absolutely,” he said when asked by a reporter if that remains his view.", "a reporter", "a reporter"),
    ("When asked by a reporter whether this differed from the rules, Jane Roe said, “You tell me.”",
     "Jane Roe", "Jane Roe"),
    # a sentence adverb set off by commas: the subject is the clause before it (parenthetical_adverbs.txt)
    ("Party members and officials, in fact, even insist that the plan works.",
     "Party members and officials", "Party members and officials"),
    ("Former officials in both parties, though, say the decision caused problems.",
     "Former officials in both parties", "Former officials in both parties"),
    # a contracted negation between subject and cue ("ca" + "n’t")
    ("Jane Roe can’t say whether the plan will work this year.", "Jane Roe", "Jane Roe"),
    # "’s" for "has" after a person pronoun (speakers._has_contracted)
    ("She’s said she would run again next year.", "She", "She"),
    # a cue's noun form after a determiner is part of the speaker ("the report says")
    ("The report says the plan works.", "The report", "The report"),
    # a name in apposition after a description is the speaker; a ratio is one subject
    ("A lawyer for the news outlets, John Doe, said no decision had been made.", "John Doe", "John Doe"),
    ("Two in three said they are less likely to vote in November.", "Two in three", "Two in three"),
    # negatives: after a quotation the description and name are one speaker
    ("“We will win,” the party’s nominee, Jane Roe, said on Sunday.", "the party’s nominee, Jane Roe",
     "Jane Roe"),
    # a participle after a document: the author of the document ("released a statement saying")
    ("Later, the Acme campaign released a statement saying it was postponing a rally.",
     "the Acme campaign", "Acme campaign"),
    ("Jane Roe sent an angry letter urging voters to stay home.", "Jane Roe", "Jane Roe"),
    # negatives: a document in a prepositional phrase is the writer's frame, not a cue's subject
    ("In a statement announcing the pick, the union called Jane Roe a “champion” for workers.",
     "the union", "the union"),
    # negatives: words that look like adverbs or openers but are the subject
    ("The family said that the trip was over.", "The family", "The family"),
    ("Husted continued by saying that the state would appeal.", "Husted", "Husted"),
]
# (text, mention, name, role): "who said" keeps the mention and resolves the name
RELATIVE = [
    ("The plan is bad, said Howard Roe, a senior analyst at Foo Bank, who noted that costs will rise.",
     "who", "Howard Roe", "senior analyst at Foo Bank"),
    ("Jane Roe, who said that the talks had failed, left early.", "who", "Jane Roe", None),
    ("Jane Roe, who told POLITICO she would run again, left early.", "who", "Jane Roe", None),
    ("The ministry, which said that the border was closed, gave no figures.", "which", "ministry", None),
]
# a passive cue names no speaker, and the end of a compound is no cue: nothing is attributed
PASSIVE = [
    "He’s said to be ill.",  # "’s" is "is" before "to"
    "Jane Roe was told by the court.",  # an agent, but no content
    "Jane Roe is said to have pressed for the plan.",
    "The decision was reported to the board on Monday.",
    "The value-added tax was passed on Monday.",
]


def _check_relative(pipeline, text, mention, name, role):
    quote = pipeline(text)._.quotes[-1]
    assert text[quote.speaker[0] : quote.speaker[1]] == mention
    assert quote.speaker_text == name
    if role:
        assert role in quote.role


@pytest.mark.parametrize(("text", "mention", "name", "role"), RELATIVE)
def test_relative_pronoun_keeps_mention_and_names_antecedent(nlp, text, mention, name, role):
    _check_relative(nlp, text, mention, name, role)


# with a parse: the relative clause of an authored document speaks for its author (a report or
# a poll is a source of its own and keeps the relative's antecedent)
RELATIVE_PARSED = [
    ("Mr. Roe released a statement that accused the party of rigging the vote.", "that", "Roe", None),
]


@pytest.mark.parametrize(("text", "mention", "name", "role"), RELATIVE + RELATIVE_PARSED)
def test_relative_pronoun_trained(trained_nlp, text, mention, name, role):
    _check_relative(trained_nlp, text, mention, name, role)


@pytest.mark.parametrize("text", PASSIVE)
def test_passive_cue_has_no_speaker(nlp, text):
    assert nlp(text)._.quotes == []


# wire copy: a dateline is never the speaker nor a person a pronoun refers to
WIRE = [
    ("New York (AFP) – Vice President John Doe on Monday hit the campaign trail, accusing his "
     "rival of endangering troops.", "Vice President John Doe", "John Doe"),
    ("SPRINGFIELD, Ill. (AP) — Gov. Jane Roe said Tuesday that the budget was balanced.",
     "Gov. Jane Roe", "Jane Roe"),
    ("WASHINGTON — The Senate voted to pass the bill and said it would reconvene in June.",
     "The Senate", "Senate"),
    ("NEW YORK, Dec. 22 (UPI) — Jane Roe announced that she is expecting a second child.",
     "Jane Roe", "Jane Roe"),
    ("SAN DIEGO (AP) — Rain fell all day.\nHe said that the roads were closed.", "He", "He"),
    # an agency in lower case ("dpa") still makes a dateline
    ("Berlin (dpa) - Officials have called on the government to pay more, saying that costs have risen.",
     "Officials", "Officials"),
    # press wires' datelines
    ("SAN JOSE, Calif.--(BUSINESS WIRE)--Acme Robotics, Inc. today announced that it would open a plant.",
     "Acme Robotics, Inc.", "Acme Robotics, Inc."),
    ("CHICAGO, May 3, 2026 /PRNewswire/ -- Acme Corp said on Tuesday that it would cut 200 jobs.",
     "Acme Corp", "Acme Corp"),
    # negatives: capitals and a dash that open no paragraph are no dateline
    ("The mayor said that WASHINGTON — not Ohio — pays for the roads.", "The mayor", "The mayor"),
]
# rows only the rules path must get right (the parser may hang these elsewhere)
RULES_ONLY = {
    "Jane Roe, who was listed on the slate, told POLITICO, “I like the governor best.”",
    "Jane Roe, the party chairman, this past week announced that a website would open.",
    "At a rally in Springfield, Ohio, Jane Roe railed against taxes, and explained that they hurt.",
    "There, the county GOP Chairman John Doe declined to comment but said one was a supporter.",
    "Voters from Ohio said that the plan works.",
    "“It fails,” said the chairman, Jane Roe, on Monday.",
    "In the state, a majority of those who say they will vote back the plan.",
}


# (text, speaker_text of the last statement): wire-service house style
WIRE_STYLE = [
    # an AP party-state tag is never a name, nor a person a pronoun refers to
    ("Rep. Jim Roe, R-Ohio, said taxes were high. “We were promised cuts,” he said.", "Jim Roe"),
    ("Sen. Jane Doe, D-N.Y., said that the hearing had been rushed.", "Jane Doe"),
    ("Rep. Jim Roe (R-Ohio) said that taxes were high.", "Jim Roe"),  # a tag in parentheses
    ("Attorney General Bill Roe (R) said that taxes were high.", "Bill Roe"),
    # an aside between the subject and its cue: the words after the cue are content, no inverted subject
    ("A senior European diplomat, speaking on condition of anonymity because the talks were private, "
     "said several governments were reluctant to commit new funds.", "A senior European diplomat"),
    ("The plan is dead, said one of the officials.", "one of the officials"),  # negative: still inverted
    # a role head joined to its organisation or topic by a preposition
    ("A spokesperson for the company said that the results reflected demand.", "A spokesperson for the company"),
    ("The order will be signed next week, two people familiar with the matter told Reuters.",
     "two people familiar with the matter"),
    ("Voters from Ohio said that the plan works.", "Ohio"),  # negative: "voters" is no role head
    # a cue form modifying a noun is no cue: "State Department", "state media", "state Sen."
    ("“We remain committed,” a State Department spokesperson said.", "a State Department spokesperson"),
    ("Russian state media reported that the suspect had been detained.", "Russian state media"),
    ("Republican state Sen. Mark Doe, who voted against the bill, said it would fail.", "Mark Doe"),
    ("The governor claims the vote was rigged.", "The governor"),  # negative: a verb before a clause
    # "residents who returned said": the noun the relative clause hangs on
    ("Residents who returned said they found only ash.", "Residents who returned"),
    # a title abbreviation spaCy would split ("Capt.") ends no sentence
    ("“We turned a corner overnight,” fire Capt. Jane Roe said.", "Jane Roe"),
    # a family name first: "Wang" is the one earlier "Wang ..." (not when two people share it)
    ("Spokesman Wang Lei spoke first. Wang said that Beijing would respond.", "Wang Lei"),
    ("Wang Lei met Wang Yi. Wang said that Beijing would respond.", "Wang"),
    # a speaker "of" an organisation is the person named before "of"
    ("Dan Roe of the Ocean Defence Network said that the reef was dying.", "Dan Roe"),
    ("“We must act,” said Detective Constable Ryan Doe of Northumbria Police.", "Ryan Doe"),
    ("The Federal Reserve Bank of New York said that rates would rise.", "Federal Reserve Bank of New York"),
    # someone speaking for the person named is not that person
    ("A spokesperson for Gov. Jane Roe said she planned to sign the budget.", "A spokesperson for Gov. Jane Roe"),
    ("Trump lawyer Jane Roe said that the case was weak.", "Jane Roe"),  # negative: no "for"/"to"
    # a role head or a counted plural keeps its prepositional phrase
    ("Two officials involved in the negotiations said the total could exceed 4 billion euros.",
     "Two officials involved in the negotiations"),
    ("Some voters in the capital said they were growing anxious.", "Some voters in the capital"),
    # an inverted description with the name in apposition: the name
    ("“We cannot keep putting families into sports halls,” said the association's president, Klaus Roe.",
     "Klaus Roe"),
    ("“It fails,” said the chairman, Jane Roe, on Monday.", "the chairman"),  # negative: no clause end
    # a lower-case title inside the subject of a coordinated cue
    ("JVP chief Anil Roe, who is set to be chief minister, thanked voters and said roads came first.",
     "Anil Roe"),
    # a parse that gives the cue several subjects: the nearest, with the pieces of a split name;
    # a relative pronoun before it is no part of it
    ("“It is a modest gain,” said study co-author Dr. Jane Roe of the University of Leeds.", "Jane Roe"),
    ("The state must scrap the voting rules, passed by the legislature, that federal judges said hurt "
     "older voters.", "federal judges"),
    ("A tall man with a grey beard on his chin, Tom said he arrived in the city as station chief in 2011.",
     "Tom"),
    # a coordinated cue the parser hung on the reported clause of an earlier verb: that verb's subject
    ("Mr. Doe forecast that the slumping market would soon recover and praised the work of Finance "
     "Minister Jane Roe.", "Doe"),
    ("Roe said the decision was made by the board chairman John Doe and said, “Who are you going to "
     "believe?”", "Roe"),
    ("Farmers fear that the ministry has already lost the argument and warn that relying on imports is "
     "not a safe strategy.", "Farmers"),
    # "who" right after "X of Y" (no comma) is Y's; a place after a plural that opens the clause is the speaker's
    ("The council approved the garage on Tuesday over the objections of residents who say it will bring "
     "more traffic to the old town.", "residents"),
    ("Shop owners on the north side of the river said they feared losing customers for a year.",
     "Shop owners on the north side of the river"),
    ("Analysts at Foo Bank wrote in a note to clients that they expected rates to rise by June.",
     "Analysts at Foo Bank"),
    ("Voters on Monday said they feared losing their homes.", "Voters"),  # negative: a time
    ("The yield rose to 1.5%, the highest since May.\n\nStrategists at Foo Bank wrote in a note to clients "
     "that they expected the 10-year yield to reach 1.8% by the middle of next year.", "Strategists at Foo Bank"),
    # "That said," is a sentence adverb, no statement; a participle after a spaced hyphen has the clause's subject
    ("Older voters are less upbeat. That said, young voters say they believe success will require effort.",
     "young voters"),
    ("Jane Roe says she will vote for Doe but has withheld her endorsement, meaning she will not campaign "
     "with him - essentially conceding that she does not feel comfortable telling others to vote for Doe.",
     "Jane Roe"),
    # the plural a nationality modifies is the head of the clause's subject; not a verb in -s
    ("Hundreds of Dutch fishermen blocked ports on Monday, vowing to keep up the pressure until the "
     "government drops the quota.", "Hundreds of Dutch fishermen"),
    ("Acme Corp boasts about its sales, claiming that it sold three billion units.", "Acme Corp"),
    # an object pronoun closing an aside is not the speaker; names before "streets" are places
    ("Mayor Tom Reed said the garage was needed. Council member Rita Albanese, who voted against it, said "
     "the city had not studied traffic on Elm and Vine streets. “I'm not against parking,” she said.",
     "Rita Albanese"),
    ("In the state, a majority of those who say they will vote back the plan.",  # negative: "those"
     "a majority of those"),
]


@pytest.mark.parametrize(("text", "name"), WIRE_STYLE)
def test_wire_style_speakers(nlp, text, name):
    assert nlp(text)._.quotes[-1].speaker_text == name


@pytest.mark.parametrize(("text", "name"), [r for r in WIRE_STYLE if r[0] not in RULES_ONLY])
def test_wire_style_speakers_trained(trained_nlp, text, name):
    assert trained_nlp(text)._.quotes[-1].speaker_text == name


def test_according_to_a_document_names_nobody(nlp):
    text = "Canada will impose tariffs, Finance Minister Jane Roe said on Friday, according to a statement."
    assert all(q.speaker_text != "a statement" for q in nlp(text)._.quotes)


@pytest.mark.parametrize(("text", "mention", "name"), WIRE)
def test_dateline_is_never_a_speaker(nlp, text, mention, name):
    assert _last(nlp, text) == (mention, name)


@pytest.mark.parametrize(("text", "mention", "name"), WIRE)
def test_dateline_is_never_a_speaker_trained(trained_nlp, text, mention, name):
    assert _last(trained_nlp, text)[1] == name


# (text, speaker_text, role) of the last statement: names, roles and who a description is
ROLES = [
    # a title and a name after an organisation word: a person, not the organisation
    ("Agency spokeswoman Jane Roe said that the plant was safe.", "Jane Roe", "Agency spokeswoman"),
    ("UN chief Jane Roe said that the talks would resume.", "Jane Roe", "UN chief"),
    ("The Foo Agency said that the plant was safe.", "Foo Agency", None),  # negative: no name follows
    # a company's legal form makes it an organisation, also after a comma, without its appositive
    ("Acme Corp said that the plant was safe.", "Acme Corp", None),
    ("Acme Robotics, Inc., a maker of robots, said that the plant was safe.", "Acme Robotics, Inc.", None),
    # hyphenated titles stay whole, and "the secretary-general" is the person with that title
    ("Attorney-General John Doe said that the law was clear.", "John Doe", "Attorney-General"),
    ("U.N. Secretary-General Jane Roe arrived in Geneva. The secretary-general said that talks would resume.",
     "Jane Roe", "Secretary-General"),
    ("Jane Son-hui said that the talks failed.", "Jane Son-hui", None),  # negative: a hyphenated name
    ("Union Secretary-Treasurer Jane Roe said that the talks failed.", "Jane Roe", "Union Secretary-Treasurer"),
    # a role with a nationality: the person with that role and nationality, not the latest one
    ("German Foreign Minister Hans Doe met his French counterpart Jean Roe. Doe arrived late. "
     "The French foreign minister said that the talks failed.", "Jean Roe", "French Foreign Minister"),
    ("French Foreign Minister Jean Roe met his German counterpart Hans Doe. Doe arrived late. "
     "The French foreign minister said that the talks failed.", "Jean Roe", "French Foreign Minister"),
    ("The French foreign minister, Jean Roe, met the German foreign minister, Hans Doe. "
     "The German foreign minister said that the talks failed.", "Hans Doe", "German foreign minister"),
    # an unnamed source: the official, not the relative clause after it
    ("A U.S. official, who was not authorized to speak publicly, said that the talks had failed.",
     "A U.S. official", "U.S. official"),
    # a pronoun after "NAME, the director of ORG," is the person
    ("Jane Roe, the director of the Foo Institute, arrived late. She said that the study was flawed.",
     "Jane Roe", "the director of the Foo Institute"),
    # a name inside the quotation is not the speaker
    ("“We must act before Paris does,” he said.", "he", None),
    ("“John Doe must act before the election,” he said.", "he", None),
    # an organisation inside the appositive is the role's, not who "she" is
    ("Jane Roe, the director of Human Rights Watch, arrived late. She said that the study was flawed.",
     "Jane Roe", "the director of Human Rights Watch"),
    ("Jane Roe met John Doe. He said that the study was flawed.", "John Doe", None),  # negative
    # "he" is one person: not a crowd or a body described as the speaker before
    ("“Mexico will pay,” the audience shouted back. “We will build it very fast,” he said.", "he", None),
    ("A senior official arrived late. “It is over,” she said.", "A senior official", "senior official"),
    # an age description is the most recent person
    ("“We will stay,” said Jerome Roe, a cereal grower. “They want us to compete,” the 52-year-old told AFP.",
     "Jerome Roe", None),
    # a place or an institution ("... Elementary", "... Street") is no one a pronoun refers to
    ("Janet Roe said she was worried about children who walk to Millbrook Elementary.\n\n"
     "“There are no sidewalks,” she said.", "Janet Roe", None),
    # a byline names the writer, not someone a pronoun refers to
    ("Jane Roe, Political Correspondent\n\n“It is not fair,” she said.", "she", None),
    ("By Jane Roe\n\n“It is not fair,” she said.", "she", None),
    ("Jane Roe, the mayor, arrived.\n\n“It is not fair,” she said.", "Jane Roe", "the mayor"),  # negative
    # "the transport secretary" is not the shadow one, "the president" not the vice president
    ("The shadow transport secretary, Mark Doe, said the plan was a gimmick. Asked later, the transport "
     "secretary said she had no doubt.", "the transport secretary", "transport secretary"),
    ("Vice President Mike Doe arrived. The president said that it was fine.", "The president", "president"),
    ("The transport secretary, Lucy Roe, spoke first. Asked later, the transport secretary said she had no doubt.",
     "Lucy Roe", "transport secretary"),  # negative: the office itself
    # a surname opening a sentence is that person again; elsewhere it is too often an object
    ("Hillary Clinton spoke in Iowa. Mary Smith's rally drew crowds. Clinton bashed the plan. She said that it was wrong.",
     "Hillary Clinton", None),
    ("Marco Roe criticised Donald Doe. Roe said that he had begun to unmask Doe. He said that his attacks had worked.",
     "Marco Roe", None),
]
# (text, speaker_text of the first statement): a lede's description named in the next paragraph
DELAYED = [
    ("LILONGWE, Sept 18 (Reuters) - Malawi's main opposition candidate said on Thursday he was leading.\n\n"
     "Chikondi Roe of the United Progress Alliance said in a post that the figures were clear.", "Chikondi Roe"),
    # negatives: named only in a later sentence; an indefinite source is someone else
    ("LILONGWE, Sept 18 (Reuters) - Malawi's main opposition candidate said on Thursday he was leading.\n\n"
     "Results were late. Chikondi Roe of the United Progress Alliance said that the figures were clear.",
     "Malawi's main opposition candidate"),
    ("A senior official said on Thursday that talks had failed.\n\nJane Roe said that they would resume.",
     "A senior official"),
]


@pytest.mark.parametrize(("text", "name"), DELAYED)
def test_lede_description_named_in_next_paragraph(nlp, text, name):
    assert nlp(text)._.quotes[0].speaker_text == name
# (text, speaker mentions that may be found): a cue form used as a noun after "a ..." or a
# preposition attributes nothing; a pronoun after "that" is the subject, not the words before it
SPEAKER_SPANS = [
    ("On a more conciliatory note, Jane Roe said the plan works.", {"Jane Roe"}),
    ("The mayor resigned amid reports that the budget was short.", set()),
    ("John Doe will back a measure that he believes would cut costs.", {"he"}),
    ("A top aide claims the vote was rigged.", {"A top aide"}),  # negative: a role head is a subject
    ("Jane Roe is not the only Republican to recently endorse John Doe.", set()),  # "to" + verb: no role
    # a party tag does not count towards the length of a speaker's noun phrase (_np_left)
    ("“The plan will fail,” Senate Minority Leader John M. Doe (D-Nev.) said in a statement.",
     {"Senate Minority Leader John M. Doe (D-Nev.)"}),
    # a cue form after an article is the head noun of a source (_head_noun)
    ("“The plan will fail,” the report stated.", {"the report"}),
    ("The report stated that the plan will fail.", {"The report"}),
    ("“The plan will fail,” her post reads.", {"her post"}),
    ("Jane Roe said the report claims that the plan will fail.", {"Jane Roe"}),  # negative: the clause's own cue
    # manner-of-speaking verbs next to a direct quote (cues.tsv, class direct)
    ("“Because you would be in jail,” John Doe interjected.", {"John Doe"}),
    ("“They would have gone to the bill,” Jane Roe fumed on Tuesday.", {"Jane Roe"}),
    ("Jane Roe fumed about the bill on Tuesday.", set()),  # negative: no direct quote next to it
    # a role after a determiner is the subject a participle cue hangs on (clause_subject)
    ("The spokesman refused to answer questions, adding: “If one is proposed we will consider it.”",
     {"The spokesman"}),
    ("The new plan failed badly, adding: “We will try again next year.”", set()),  # negative: no role
    # a participle after a quoted fragment hangs on the name opening the clause before it
    ("Jane Roe described the move as a “major breach of trust,” adding that the members were informed.",
     {"Jane Roe"}),
    ("To wit, the move was a “major breach of trust,” adding that the members were informed.", set()),
    # a scene between a name and its cue is stepped over (_by_left, SCENE_PREPOSITIONS)
    ("John Doe in his announcement speech called the migrants “rapists.”", {"John Doe"}),
    ("The ad in the campaign called the plan a “disaster.”", {"the campaign"}),  # negative: no name before
    # a capitalised auxiliary inside a sentence is a name (_skip_left, _stop_left)
    ("“The plan will fail,” Will wrote.", {"Will"}),
    ("Jane Roe will say that the plan fails.", {"Jane Roe"}),  # negative: lower case, an auxiliary
    # a short name quoted inside the attribution does not end it (direct._quoted_name)
    ("“We have won more than this,” delegate Jane Roe, wearing a hat and “Roe 2016” pins, said quietly.",
     {"delegate Jane Roe, wearing a hat and “Roe 2016” pins"}),
    # the subject before an aside between dashes (_by_dash_appositive)
    ("A former candidate -- John Doe, who lost the 2008 race -- said the mayor “offered no changes.”",
     {"A former candidate"}),
]


@pytest.mark.parametrize(("text", "allowed"), SPEAKER_SPANS)
def test_speaker_spans(nlp, text, allowed):
    found = {text[q.speaker[0] : q.speaker[1]] for q in nlp(text)._.quotes}
    assert found <= allowed and bool(found) == bool(allowed)


# a paragraph's quotation with an attribution of its own (a verb the lexicon lacks) does not
# continue the previous speaker's quote
OWN_ATTRIBUTION = [
    ("“We will win this race in the end,” Jane Roe said.\n\n“Because you would be in jail,” John Doe interjected.\n",
     "Because you would be in jail"),
]


@pytest.mark.parametrize(("text", "words"), OWN_ATTRIBUTION)
def test_quote_with_own_attribution_is_no_continuation(nlp, text, words):
    assert not any(words in text[q.content[0] : q.content[1]] and q.speaker_text == "Jane Roe"
                   for q in nlp(text)._.quotes)


def test_paragraph_without_attribution_continues(nlp):  # negative of the row above
    text = "“We will win this race in the end,” Jane Roe said.\n“And we will win it by a wide margin.”\n"
    assert any("by a wide margin" in text[q.content[0] : q.content[1]] and q.speaker_text == "Jane Roe"
               for q in nlp(text)._.quotes)


@pytest.mark.parametrize(("text", "name", "role"), ROLES)
def test_names_and_roles(nlp, text, name, role):
    quote = nlp(text)._.quotes[-1]
    assert (quote.speaker_text, quote.role) == (name, role)


@pytest.mark.parametrize(("text", "name", "role"), ROLES)
def test_names_and_roles_trained(trained_nlp, text, name, role):
    assert trained_nlp(text)._.quotes[-1].speaker_text == name


# a company with its legal form is an organisation, never a person surnamed "Corp"
KINDS = [
    ("Acme Corp said that the plant was safe.", "organisation"),
    ("Acme Robotics, Inc., a maker of robots, said that the plant was safe.", "organisation"),
    ("Jane Roe, Jr. said that the plant was safe.", "person"),  # negative: a generation suffix
]


# "the company", "the ministry": the one organisation of that kind quoted before
ORGANISATION_REFERENTS = [
    ("Acme Corp said it would cut jobs. “We had no choice,” the company said.", "Acme Corp"),
    ("Acme Robotics, Inc., a maker of robots, said it would cut jobs. The company said it had no choice.",
     "Acme Robotics, Inc."),
    ("The Defense Ministry said the strikes hit depots. The ministry said that talks had failed.", "Defense Ministry"),
    # negatives: two companies quoted before; a company named but never quoted; no legal form
    ("Acme Corp said it would cut jobs. Beta Inc said it would hire. The company said it had no choice.", "company"),
    ("Jane Roe left Acme Corp in May. The company said that she had resigned.", "company"),
    ("Jane Roe said the plan was sound. The company said that it had no choice.", "company"),
]


@pytest.mark.parametrize(("text", "name"), ORGANISATION_REFERENTS)
def test_company_description_names_the_company_quoted_before(nlp, text, name):
    assert nlp(text)._.quotes[-1].speaker_text == name


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_speaker_kind(nlp, text, kind):
    assert nlp(text)._.quotes[-1].speaker_kind == kind




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
    ("The minister issued a statement saying the plan works.", "saying", "left"),
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


# (text, speaker_text of the first statement): an unnamed source with a title named later in
# apposition is that person; negatives: another title, or the name before the unnamed mention
NAMED_LATER = [
    ("A spokesperson for Gov. Jane Roe said she planned to sign the budget.\n\nAsked about the tax, the "
     "spokesperson, Alicia Moreno, said the governor had no concerns.", "Alicia Moreno"),
    ("A spokesman for the ministry said the talks had failed. The mayor, John Doe, said it would strike.",
     "A spokesman for the ministry"),
    ("Spokesman John Doe said the talks had failed. A spokesman for the union said it would strike.",
     "John Doe"),
]


@pytest.mark.parametrize(("text", "name"), NAMED_LATER)
def test_unnamed_source_named_later(nlp, text, name):
    assert nlp(text)._.quotes[0].speaker_text == name


@pytest.mark.parametrize(("text", "name"), NAMED_LATER)
def test_unnamed_source_named_later_trained(trained_nlp, text, name):
    assert trained_nlp(text)._.quotes[0].speaker_text == name
