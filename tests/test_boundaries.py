"""Content boundaries: where a statement's content starts and ends (issue 7 §2).

Each row: (text, rule that must fire, the content exactly). The negative rows show
where content must NOT stop or start.
"""

from __future__ import annotations

import pytest

from quotes.detect.rules import Rule as R

# Reported content ends at its clause (indirect._clause_stop).
CLAUSE_ENDS = [
    ("Jane Roe said the reform would take time, which will be harder next year.",
     R.CUE_THAT, "the reform would take time"),
    ("Jane Roe said the reform would take time, while her rivals pushed for a vote.",
     R.CUE_THAT, "the reform would take time"),
    ("Jane Roe said the reform would take time, but her rivals pushed for a vote.",
     R.CUE_THAT, "the reform would take time"),
    ("Jane Roe said the reform would take time, though the party disagreed.",
     R.CUE_THAT, "the reform would take time"),
    ("Jane Roe said the reform would take time, according to two aides.",
     R.CUE_THAT, "the reform would take time"),
    ("Jane Roe said the reform would take time and warned against any delay.",
     R.CUE_THAT, "the reform would take time"),
    ("Jane Roe said the reform would take time, citing the size of the bill.",
     R.CUE_THAT, "the reform would take time"),
    ("Jane Roe told them not to hold protests inside the hall.",
     R.CUE_THAT, "not to hold protests inside the hall"),
    ("Jane Roe said the plan was “a disaster,” citing the cost of the bill.",
     R.CUE_THAT, "the plan was “a disaster,”"),
    ("Overall, Jane Roe said, the plan is working well.", R.PARENTHETICAL, "Overall, Jane Roe said, the plan is working well"),
    ("Instead, Jane Roe told reporters, the plan is working well.",
     R.PARENTHETICAL, "Instead, Jane Roe told reporters, the plan is working well"),
    # a parenthesis closing on a full stop ends no sentence (component.paragraph_sentences)
    ("Sen. Jane Roe (D-Vt.) said the reform would take time.", R.CUE_THAT, "the reform would take time"),
    # a subordinate clause opening the sentence ends at its comma (indirect._subordinate_end)
    ("While Jane Roe has said she opposes the tax, her party voted for it.", R.CUE_THAT, "she opposes the tax"),
    ("Last month, when John Doe asked Jane Roe if she would run, she smiled.", R.CUE_THAT,
     "if she would run"),
    ("Even as Jane Roe said the tax would stay, her party voted against it.", R.CUE_THAT, "the tax would stay"),
    ("While Jane Roe said the plan was “a disaster,” her party backed it.", R.CUE_THAT,
     "the plan was “a disaster,”"),
    # negatives: "as X reported" frames the main clause; a subordinate clause ending the sentence
    ("As the newspaper reported, the party had lavish houses and cars for its leaders.", R.CUE_THAT,
     "the party had lavish houses and cars for its leaders"),
    ("Jane Roe left when she said the plan, which passed on Monday, would fail.", R.CUE_THAT,
     "the plan, which passed on Monday, would fail"),
    # content before the speaker when only an adjunct follows the cue (indirect._adjunct_only),
    # or the inverted speaker's relative clause
    ("The board voted to endorse Jane Roe, John Doe said at the time.", R.CLAUSE_THEN_CUE,
     "The board voted to endorse Jane Roe"),
    ("The plan is within her reach, said a handful of Democrats who point to her record.",
     R.CLAUSE_THEN_CUE, "The plan is within her reach"),
    ("The response came late, the report says.", R.CLAUSE_THEN_CUE, "The response came late"),
    # an infinitive content ends at a comma before the writer's words (indirect._infinitive_end)
    ("Jane Roe vowed to ban the tax, declined to criticize her rival and left.", R.CUE_THAT, "to ban the tax"),
    ("Jane Roe pledged to cut the fee, a move that tilts the race.", R.CUE_THAT, "to cut the fee"),
    # negatives: a list of verbs goes on
    ("Jane Roe pledged to enact reform, fix the broken system and cut taxes.", R.CUE_THAT,
     "to enact reform, fix the broken system and cut taxes"),
    # after a parenthetical attribution, the writer's adjunct is no content (indirect.WRITER_ADJUNCTS)
    ("The plan was never going to work, he said, on condition of anonymity.", R.CLAUSE_THEN_CUE,
     "The plan was never going to work"),
    # negatives: "until", "because" go on with what was said
    ("The plant was a juggernaut, John Doe said, until it went bankrupt in 1999.", R.PARENTHETICAL,
     "The plant was a juggernaut, John Doe said, until it went bankrupt in 1999"),
    ("Jane Roe said the reform would take time, even though her rivals pushed for a vote.",
     R.CUE_THAT, "the reform would take time"),
    ("Jane Roe is pledging to take her campaign to the floor -- even as her rival closed in.",
     R.CUE_THAT, "to take her campaign to the floor"),
    # a dash tail: the sentence's only dash before an appositive (ClauseStops)
    ("Jane Roe said she would cut taxes for families — a proposal she has made before.",
     R.CUE_THAT, "she would cut taxes for families"),
    # mixed content ends after its last fragment before the writer's tail (trim_after_fragment)
    ("Jane Roe said the contest had been “rigged” against her, a charge that officials denied.",
     R.CUE_THAT, "the contest had been “rigged” against her"),
    ("Jane Roe said the vote was “a sham” in many states, as have her rivals in the party.",
     R.CUE_THAT, "the vote was “a sham” in many states"),
    ("Jane Roe said the vote was “a sham” in many states, implicitly blaming her rivals in the party.",
     R.CUE_THAT, "the vote was “a sham” in many states"),
    ("Jane Roe said the vote was “a sham” in many states — and she named her rivals in the party.",
     R.CUE_THAT, "the vote was “a sham” in many states"),
    ("Jane Roe said the plan was “a disaster” and she left the stage early.", R.CUE_THAT, "the plan was “a disaster”"),
    # an attribution closing the sentence reports the clause before it, which ends at its comma
    ("The company said that it would cut jobs, Reuters reported.", R.CUE_THAT, "it would cut jobs"),
    ("The company said that it would cut jobs, Reuters reported.", R.CLAUSE_THEN_CUE,
     "The company said that it would cut jobs"),
    ("Acme warned that funding would run out, a spokesman for the agency said on Tuesday.",
     R.CUE_THAT, "funding would run out"),
    # content opening a paragraph starts after its dateline
    ("LONDON (Reuters) - Acme Corp will cut 200 jobs, the company said on Tuesday.",
     R.CLAUSE_THEN_CUE, "Acme Corp will cut 200 jobs"),
    ("PARIS, May 3 (AFP) — France will send more aid, the foreign minister said.",
     R.CLAUSE_THEN_CUE, "France will send more aid"),
    # negatives: the clause goes on
    ("Jane Roe said the economy, experts say, is strong.", R.CUE_THAT, "the economy, experts say, is strong"),
    ("Jane Roe said the plan, which the mayor said was costly, would fail.",
     R.CUE_THAT, "the plan, which the mayor said was costly, would fail"),
    ("Jane Roe said the bill, which passed on Monday, would fail in the Senate.",
     R.CUE_THAT, "the bill, which passed on Monday, would fail in the Senate"),
    ("Jane Roe said the rule covers doctors, but not the women who seek care.",
     R.CUE_THAT, "the rule covers doctors, but not the women who seek care"),
    ("Jane Roe said the tax cuts -- all three of them -- would expire in May.",
     R.CUE_THAT, "the tax cuts -- all three of them -- would expire in May"),
    ("Jane Roe said she would go home and tell her family the news.",
     R.CUE_THAT, "she would go home and tell her family the news"),
    # a cue inside a coordinated verb phrase of the content is no second report (_verb_before_cue)
    ("Jane Roe said she was impressed by the mayor and liked the way he responded to the crowd.",
     R.CUE_THAT, "she was impressed by the mayor and liked the way he responded to the crowd"),
    ("Jane Roe said the plan was “a disaster, which nobody wanted” on Monday.",
     R.CUE_THAT, "the plan was “a disaster, which nobody wanted” on Monday"),
    # negatives: two dashes bracket an aside; a dash before other words goes on
    ("Jane Roe said the tax cuts — a gift to the rich — would expire in May.",
     R.CUE_THAT, "the tax cuts — a gift to the rich — would expire in May"),
    ("Jane Roe said she would cut taxes — including the estate tax.",
     R.CUE_THAT, "she would cut taxes — including the estate tax"),
    # negatives: mixed content runs on to its quoted fragment over a stop (ClauseStops),
    # unless a cue before the fragment makes it a report of its own
    ("Jane Roe said she hopes to win, but she knows that “the party will decide.”",
     R.CUE_THAT, "she hopes to win, but she knows that “the party will decide.”"),
    ("Jane Roe said she hopes to win, adding: “The party will decide.”",
     R.CUE_THAT, "she hopes to win"),
    # negatives: a list or the clause going on after the fragment (trim_after_fragment)
    ("Jane Roe said the plan was “a disaster” and would cost many jobs.",
     R.CUE_THAT, "the plan was “a disaster” and would cost many jobs"),
    ("Jane Roe said the nominee is a “strong leader” and a loyal, honest friend of the party.",
     R.CUE_THAT, "the nominee is a “strong leader” and a loyal, honest friend of the party"),
    ("Jane Roe said she would “bomb the hell” out of them, raise taxes on banks and cut spending.",
     R.CUE_THAT, "she would “bomb the hell” out of them, raise taxes on banks and cut spending"),
]


# Content does not start with the addressee: it starts at the complement after it
# (indirect._complement_start, for the cues of data/addressee_cues.txt).
COMPLEMENT_STARTS = [
    ("Jane Roe urged voters to stay in line on Tuesday.", R.CUE_THAT, "to stay in line on Tuesday"),
    ("Jane Roe told reporters at the Capitol on Monday that the bill would pass.",
     R.CUE_THAT, "the bill would pass"),
    ("Jane Roe assured her allies that the bill would pass.", R.CUE_THAT, "the bill would pass"),
    ("Jane Roe asked John Doe whether the bill would pass this year.", R.CUE_THAT, "whether the bill would pass this year"),
    ("Jane Roe told them not to hold protests inside the hall.", R.CUE_THAT, "not to hold protests inside the hall"),
    ("Jane Roe said at a rally in Toledo, Ohio, that the bill would pass.", R.CUE_THAT, "the bill would pass"),
    ("A spokesperson said in an emailed statement that the plant would stay open.",
     R.CUE_THAT, "the plant would stay open"),
    # after a passive cue's agent; a subordinate clause ends at its comma
    ("When asked by a reporter whether the bill would pass, Jane Roe smiled.", R.CUE_THAT,
     "whether the bill would pass"),
    # a frame cue with a fragment in doubled apostrophes (context._MARK)
    ("Jane Roe called it ''predatory'' on Monday.", R.CUE_THAT, "it ''predatory'' on Monday"),
    # a participle cue after a comma reports the content (indirect._participle_cue)
    ("Jane Roe responded on Twitter, calling the charge “pathetic” and “dangerous.”",
     R.CUE_THAT, "the charge “pathetic” and “dangerous.”"),
    ("Jane Roe attacked John Doe, calling him “a failed candidate.”", R.CUE_THAT, "him “a failed candidate.”"),
    # the words between a cue and its "that" (data/that_lead_ins.txt)
    ("Jane Roe stated of the scandal that the report “was not good.”", R.CUE_THAT, "the report “was not good.”"),
    ("Jane Roe spoke briefly, saying only that the talks went well.", R.CUE_THAT, "the talks went well"),
    # a quoted sentence after a comma ends the content: the words before it are the setting
    # (indirect._trailing_quote)
    ("Jane Roe said on Monday, in reference to the vote held in the county last week by the party, “We will win.”",
     R.CUE_THAT, "We will win.”"),
    # after a verb the lexicon lacks, its particle is not content (fragments.py)
    ("Jane Roe spoke. She fixates on the “pivot” line in every speech.", R.FRAGMENT_SUBJECT,
     "the “pivot” line in every speech"),
    ("Jane Roe spoke. She has gone after John Doe as a “spoiled brat” for weeks.", R.FRAGMENT_SUBJECT,
     "John Doe as a “spoiled brat” for weeks"),
    # negatives: the words after the cue are the reported clause itself
    ("Jane Roe warned the economy was going to slow down.", R.CUE_THAT, "the economy was going to slow down"),
    ("Jane Roe promised to cut taxes for families.", R.CUE_THAT, "to cut taxes for families"),
    ("Jane Roe told reporters she would run again next year.", R.CUE_THAT, "she would run again next year"),
    ("Jane Roe acknowledged urging her staff to raise salaries.", R.CUE_THAT, "urging her staff to raise salaries"),
    ("Jane Roe spoke. She fixes the “pivot” line in every speech.", R.FRAGMENT_SUBJECT,
     "the “pivot” line in every speech"),
    # a participle after a comma, nearer the fragment, is the verb that reports it (fragments._participle)
    ("Jane Roe spoke. She spent a long and busy day in the state, teasing her rival for his “tiny” plan.",
     R.FRAGMENT_SUBJECT, "her rival for his “tiny” plan"),
    ("Jane Roe said the same thing at every diner stop and every rally in the county last week: “We will win.”",
     R.CUE_THAT, "the same thing at every diner stop and every rally in the county last week: “We will win.”"),
    ("Jane Roe warned the company that produced the drug would be sued.",
     R.CUE_THAT, "the company that produced the drug would be sued"),
    # the writer's relative clause or parenthesis after the last fragment is not content (trim_after_fragment)
    ("Jane Roe spoke. She pounded the “tax-and-spend” plan, which is like a sundae compared to her own plans.",
     R.FRAGMENT_SUBJECT, "the “tax-and-spend” plan"),
    ("Jane Roe called the migrants “rapists” (although she allowed that some were good) and left the stage.",
     R.CUE_THAT, "the migrants “rapists”"),
    # a hyphenated addressee is one word (_addressee_end, _glued)
    ("The mayor told African-Americans this weekend he would run again.", R.CUE_THAT, "he would run again"),
    ("Jane Roe told co-host John Doe that the plan would fail.", R.CUE_THAT, "the plan would fail"),
    # the preposition a cue takes is not content (_particle); "to" before a verb is
    ("At one point, Jane Roe referred to him as “the devil.”", R.CUE_THAT, "him as “the devil.”"),
    ("Jane Roe remarked upon the fact that there is still “more work to do.”", R.CUE_THAT,
     "the fact that there is still “more work to do.”"),
]


@pytest.mark.parametrize(("text", "rule", "content"), CLAUSE_ENDS + COMPLEMENT_STARTS)
def test_content_starts_at_the_complement_and_ends_at_its_clause(nlp, text, rule, content):
    (quote,) = [q for q in nlp(text)._.quotes if q.rule == rule]
    assert text[quote.content[0] : quote.content[1]] == content


# A relative pronoun right before the speaker stands for part of what was said: it is the
# content's first part (indirect._relative_object). (text, content parts)
RELATIVE_OBJECTS = [
    # a frame cue's quoted name ends at its closing mark: what follows is the writer's ('what
    # they called “financial supermarkets,” all-in-one shops', annotators' spans end at the mark)
    ("Voters rejected the deal, which Jane Roe called “a total disaster” for the party.",
     ["which", "“a total disaster”"]),
    ("Banks went on to form what they called “financial supermarkets,” all-in-one service shops.",
     ["what", "“financial supermarkets,”"]),
    # the parse takes "what" into the subject ("what aide Jane Roe"): it is still the content's first part
    ("The plan led to what aide Jane Roe called “the start of a new era” in her book.",
     ["what", "“the start of a new era”"]),
    ("The party dropped a plan that Jane Roe says is the future of the state.",
     ["that", "is the future of the state"]),
    # negative: the complementiser of an outer cue (None: no content opens with a pronoun)
    ("He was told that Jane Roe said the plan would fail.", None),
]


@pytest.mark.parametrize(("text", "parts"), RELATIVE_OBJECTS)
def test_relative_pronoun_opens_the_content(nlp, text, parts):
    got = [[text[s:e] for s, e in q.parts] for q in nlp(text)._.quotes if q.rule == R.CUE_THAT]
    if parts is None:
        assert got and not any(p[0] in {"that", "which"} for p in got)
    else:
        assert parts in got


# The pieces of an interrupted quote are one statement (joins.join_following_quotation),
# and a report between the pieces is a statement of its own (claims.Claims.overlaps).
# A "(,) and <cue>" after reported content is a second report with the same speaker.
# (text, [(rule, content parts)]) for every quote found.
PIECES = [
    ("“We have to act now,” Jane Roe said. Instead, “they keep waiting for a miracle.”",
     [(R.QUOTE_THEN_CUE, ["We have to act now", "they keep waiting for a miracle"])]),
    ("“We have to act now,” Jane Roe said, adding that the party would win in May. “Nobody doubts it.”",
     [(R.QUOTE_THEN_CUE, ["We have to act now", "Nobody doubts it"]),
      (R.CUE_THAT, ["the party would win in May"])]),
    # a fragment quoted in the narrative between the pieces is stepped over (join_following_quotation)
    ("''We have to act now,'' Jane Roe said, pointing to the ''rapid response'' team at length. ''Nobody else will do it.''",
     [(R.QUOTE_THEN_CUE, ["We have to act now", "Nobody else will do it"])]),
    # a quote over paragraphs that each open a mark, only the last closing: one statement,
    # attributed by the cue after the last closing mark (direct._after) or by a colon
    # ending the paragraph before (direct._colon_paragraph)
    ("“We will cut taxes this year.\n“We will build roads.\n“And we will win,” Jane Roe said on Monday.",
     [(R.QUOTE_THEN_CUE, ["We will cut taxes this year", "We will build roads", "And we will win"])]),
    ("Jane Roe said on Monday:\n“We will cut taxes this year.\n“And we will win.”",
     [(R.CUE_THEN_QUOTE, ["We will cut taxes this year", "And we will win"])]),
    ("Judge Fiona Carr told him: ‘You chose a small business.\n‘The consequences have been profound.’",
     [(R.CUE_THEN_QUOTE, ["You chose a small business", "The consequences have been profound"])]),
    # negative: the paragraph before ends without a colon
    ("Jane Roe spoke on Monday.\n“We will cut taxes this year and we will win.”", []),
    # a quote over two paragraphs: the attribution ends the first (joins.merge_continued_paragraphs)
    ("“We are ready,” Jane Roe said.\n“Nobody will stop us now, not this year.”",
     [(R.QUOTE_THEN_CUE, ["We are ready", "Nobody will stop us now, not this year"])]),
    # an adverbial opening the sentence before a parenthetical attribution, the quote going
    # on with its sentence (direct._lead)
    ("When the rule takes effect, Jane Roe said, “it will feel like a new job.”",
     [(R.CUE_THEN_QUOTE, ["When the rule takes effect", "it will feel like a new job"])]),
    # negatives: a scene-setter before a quote opening its own sentence, a lone adverb
    ("In a statement on Monday, Jane Roe said, “We are ready to govern.”",
     [(R.CUE_THEN_QUOTE, ["We are ready to govern"])]),
    ("Still, Jane Roe added, “we are ready to govern.”",
     [(R.CUE_THEN_QUOTE, ["we are ready to govern"])]),
    # negative: a statement of its own between the attribution and the quotation (join_following_quotation):
    # the quotation opening the next sentence goes on with that reported statement ('X said that A. “B ...”')
    ("The plan is not good enough, said Jane Roe, an analyst at Acme, who notes that Acme has vowed to cut costs. "
     "“The stock has not done well at all this year.”",
     [(R.CLAUSE_THEN_CUE, ["The plan is not good enough"]),
      (R.CUE_THAT, ["Acme has vowed to cut costs", "The stock has not done well at all this year"])]),
    ("John Doe called her a master at closing deals. “She showed again and again what she can do.”",
     [(R.CUE_THAT, ["her a master at closing deals", "She showed again and again what she can do"])]),
    # a straight mark after a full stop and a space opens the next sentence (component.paragraph_sentences)
    ('John Doe called her a master at closing deals. "She showed again and again what she can do."',
     [(R.CUE_THAT, ["her a master at closing deals", "She showed again and again what she can do"])]),
    # a paragraph of one unattributed quotation goes on with a reported statement ending the
    # paragraph before (joins.continue_reported_paragraph)
    ("John Doe now said Roe had “the opportunity to bring us together.”\n“I think she can do that, and soon.”",
     [(R.CUE_THAT, ["Roe had “the opportunity to bring us together.”", "I think she can do that, and soon"])]),
    # negative: the paragraph goes on after the statement
    ("John Doe said the plan would fail. He then left.\n“I think she can do that, and soon.”",
     [(R.CUE_THAT, ["the plan would fail"])]),
    # negatives: narrative after the attribution, or a continuation waiting for its own attribution
    ("“We are ready,” Jane Roe said. She left the stage.\n“Nobody will stop us now, not this year.”",
     [(R.QUOTE_THEN_CUE, ["We are ready"]), (R.CONTINUED_QUOTE, ["Nobody will stop us now, not this year"])]),
    ("“We are ready,” Jane Roe said.\n“Nobody will stop us now, not this year,” John Doe said.",
     [(R.QUOTE_THEN_CUE, ["We are ready"]), (R.QUOTE_THEN_CUE, ["Nobody will stop us now, not this year"])]),
    # negatives: a fragment in the narrative after the adverb is not a piece of the quote
    ("“We have to act now,” Jane Roe said. Instead, the party called it a “sham vote” on Monday.",
     [(R.QUOTE_THEN_CUE, ["We have to act now"]),
      (R.CUE_THAT, ["it a “sham vote” on Monday"])]),
    ("“We have to act now,” Jane Roe said. Instead, John Doe said: “They keep waiting.”",
     [(R.QUOTE_THEN_CUE, ["We have to act now"]), (R.CUE_THEN_QUOTE, ["They keep waiting"])]),
]


@pytest.mark.parametrize(("text", "expected"), PIECES)
def test_pieces_of_a_quote_are_one_statement(nlp, text, expected):
    got = [(q.rule, [text[s:e] for s, e in q.parts]) for q in nlp(text)._.quotes]
    assert sorted(got) == sorted(expected)


def test_coordinated_cue_keeps_the_speaker(nlp):
    text = "Jane Roe said on Friday that the party could win and urged voters to stay in line."
    got = [(q.cue_lemma, text[q.content[0] : q.content[1]], q.speaker_text) for q in nlp(text)._.quotes]
    assert got == [("say", "the party could win", "Jane Roe"), ("urge", "to stay in line", "Jane Roe")]


# With a parse, the cue's clausal complement ends the content, unless the parse broke off
# inside a phrase or at a quoted fragment the sentence goes on after or to
# (indirect._ends_on_function_word, _breaks_phrase, _ends_at_fragment, _fragment_ahead). (text, first content)
PARSED_ENDS = [
    ("A significant number of Democrats said they’re fine with however it plays out but just "
     "want to put the drama to rest.",
     "they’re fine with however it plays out but just want to put the drama to rest"),
    ("Jane Roe said the studies they reviewed aren’t “uniform,” with some doing far better than others.",
     "the studies they reviewed aren’t “uniform,” with some doing far better than others"),
    ("Jane Roe recalls the clerk being “confused,” and the judge being patient with her.",
     "the clerk being “confused,” and the judge being patient with her"),
    # negative: the rules' clause end stops at the participle too
    ("Jane Roe said the plan was “a disaster,” citing the cost of the bill.", "the plan was “a disaster,”"),
    # negative: the parse ends the first clause before "and added"
    ("Jane Roe said the talks would resume on Monday and added that she was hopeful.",
     "the talks would resume on Monday"),
    # a cue inside a coordinated verb phrase of the clause is no second report (_verb_before_cue)
    ("Jane Roe said she was impressed by the mayor and liked the way he responded to the crowd.",
     "she was impressed by the mayor and liked the way he responded to the crowd"),
    # the parse attached the clause's second verb phrase to the cue (_verb_phrase_of_cue)
    ("Officials asserted that foreign donors gave money to the charity, and in return received favors "
     "from the agency.", "foreign donors gave money to the charity, and in return received favors from the agency"),
    # a noun object ends at its first comma: the writer's words follow (_object_end)
    ("The governor predicted a weak quarter, at least by the standards of the company.", "a weak quarter"),
    ("Jane Roe mentioned the mayor, who trailed in the polls by ten points.", "the mayor"),
    # negative: an appositive of the object itself goes on
    ("Jane Roe mentions John Doe, the only senator whose vote she could count on.",
     "John Doe, the only senator whose vote she could count on"),
    # the parse left out an opening adverbial (_parsed_content)
    ("Jane Roe says despite being a Stanford graduate, she plans to root for the other team.",
     "despite being a Stanford graduate, she plans to root for the other team"),
    # the parse stopped before a quoted fragment the content goes on to (_fragment_ahead)
    ("Jane Roe says she hopes to win the seat, but she knows that “the district will always be red.”",
     "she hopes to win the seat, but she knows that “the district will always be red.”"),
    # a closing mark glued to a word that ends no sentence ends none: the parser's sentence goes on
    # after it (component.paragraph_sentences)
    ("The company says its policy ''is not to cover'' Mr. Roe's company, Acme Holdings.",
     "its policy ''is not to cover'' Mr. Roe's company, Acme Holdings"),
    # negative: the fragment has its own attribution, or follows a second cue
    ("Jane Roe said the city had a fondness for big projects - ''He would have loved Rome,'' Mr. Doe "
     "said twice - and reminded the crowd of the cost.", "the city had a fondness for big projects"),
    ("Roe insisted it was “premature” to back the plan while adding on trade matters, “I don’t have "
     "any doubt that her heart is in the right place.”",
     "it was “premature” to back the plan while adding on trade matters"),
]


@pytest.mark.parametrize(("text", "content"), PARSED_ENDS)
def test_parsed_content_ends(trained_nlp, text, content):
    quote = trained_nlp(text)._.quotes[0]
    assert text[quote.content[0] : quote.content[1]] == content


# With a parse, a phrase content (speech act) ends with the cue's last complement, unless the
# parse cut off the object's elaboration after a colon or its infinitive, or read the object
# as a clause (attitudes._last_complement).
PARSED_PHRASE_ENDS = [
    ("Jane Roe repeated a point she has made often: that the plan is fundamentally different from the old one.",
     "a point she has made often: that the plan is fundamentally different from the old one"),
    ("The senators endorsed one of their preferred methods for stopping the bill: freeing all delegates "
     "to vote their conscience.",
     "one of their preferred methods for stopping the bill: freeing all delegates to vote their conscience"),
    ("Jane Roe called for the United States and its allies to organize ground forces in the region.",
     "the United States and its allies to organize ground forces in the region"),
    # the parse read "for X to Y" as a clause the particle opens
    ("He calls for $1 trillion in new spending to improve roads and create jobs; she calls for less.",
     "$1 trillion in new spending to improve roads and create jobs"),
    ("Instead, Will called for Republicans to throw their support behind Chris Christie.",
     "Republicans to throw their support behind Chris Christie"),
    # negative: a time adjunct after the object is the writer's
    ("Jane Roe criticized the mayor on Monday.", "the mayor"),
]


@pytest.mark.parametrize(("text", "content"), PARSED_PHRASE_ENDS)
def test_parsed_phrase_ends(trained_nlp, text, content):
    quote = trained_nlp(text)._.quotes[0]
    assert text[quote.content[0] : quote.content[1]] == content


# With a parse, a speaker the parse runs into the content or cuts inside a phrase gives way to the
# rules' speaker ("said X" / "according to X, ..."; indirect._reported, _according).
# (text, [(rule, content, speaker_text)])
PARSED_SPEAKER_FALLBACKS = [
    ("According to the Associated Press, 571 of the 714 superdelegates — a group of party leaders — "
     "supported Roe, with fewer than 100 still uncommitted.",
     [("according-to", "571 of the 714 superdelegates — a group of party leaders — supported Roe, with "
       "fewer than 100 still uncommitted", "Associated Press")]),
    ("Its first television ad could start this week, said Brian Doe, a longtime adviser to the Roe "
     "family who oversees the group's last-minute campaign to stop the bill.",
     [("clause-then-cue", "Its first television ad could start this week", "Brian Doe")]),
    ("But that is not good enough, said Howard Roe, a senior analyst at Jefferies, who notes that the "
     "company has vowed to cut costs.",
     [("clause-then-cue", "But that is not good enough", "Howard Roe"),
      ("cue-that", "the company has vowed to cut costs", "Howard Roe")]),
    # the parse hangs the sentence's rest on the subject before the cue: the subject ends before
    # its verb (speakers._subject_span)
    ('Now Jane Roe says she is so troubled by the tone of the campaign -- "an outrage and an insult to '
     'voters" -- that she is considering what she so categorically dismissed.',
     [("cue-that", 'she is so troubled by the tone of the campaign -- "an outrage and an insult to voters" -- '
       "that she is considering what she so categorically dismissed", "Jane Roe")]),
    # the parse reads the cue as a participle of the name ("Van Doren ... called": acl) and the rules
    # read "called Trump a" as an inverted subject: the name before the appositive speaks (indirect._reported)
    ("Van Doren, speaking on WOR710, called Trump a “blowhard,” and said his remarks were priceless "
     "“propaganda” for terrorist groups.",
     [("cue-that", "Trump a “blowhard,”", "Van Doren"),
      ("cue-that", "his remarks were priceless “propaganda” for terrorist groups", "Van Doren")]),
    # negative: the parse's speaker stands
    ("According to Jane Roe, a spokeswoman, the plan will go ahead.",
     [("according-to", "the plan will go ahead", "Jane Roe")]),
]


@pytest.mark.parametrize(("text", "expected"), PARSED_SPEAKER_FALLBACKS)
def test_parsed_speaker_fallbacks(trained_nlp, text, expected):
    got = [(q.rule, text[q.content[0] : q.content[1]], q.speaker_text) for q in trained_nlp(text)._.quotes]
    assert got == expected


# With a parse, a relative "that" as the cue's subject reports a clause only, as without one
# (indirect._around_speaker; speakers._by_relative). (text, contents)
PARSED_RELATIVE_THAT = [
    ("The group is a militia that has pledged loyalty to the Islamic State.", []),
    ("The money comes from groups that don't disclose their fundraising on a regular basis.", []),
    # negative: a clause, or a question word opening one
    ("Roe met the officials that said the plan would fail.", ["the plan would fail"]),
    ("She published a memo that explains why the campaign is virtually guaranteed to lose the delegate battles.",
     ["why the campaign is virtually guaranteed to lose the delegate battles"]),
    # the parse takes "what" into the subject ("what aide Jane Roe"): the content opens with it
    ("The plan led to what aide Jane Roe called “the start of a new era” in her book.",
     ["what aide Jane Roe called “the start of a new era”"]),
]


@pytest.mark.parametrize(("text", "contents"), PARSED_RELATIVE_THAT)
def test_parsed_relative_that(trained_nlp, text, contents):
    assert [text[q.content[0] : q.content[1]] for q in trained_nlp(text)._.quotes] == contents
