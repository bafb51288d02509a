"""The detector's rules by name, and how sure each one is.

A `Rule` value is the string stored in `Quote.rule` (and so in the database and in
extract's JSON), so renaming a member's value is a schema-visible change.
`CONFIDENCE` is the one table of confidences: per rule, and for the reported-speech
rules per cue class (a speech verb is surer than a frame or belief cue; cues.tsv
names the classes); a rule
that checked its finding against a dependency parse has its own "parse" entry.
"""

from __future__ import annotations

from enum import StrEnum


class Rule(StrEnum):
    """Every rule that makes a statement (see direct.py, indirect.py, attitudes.py, nested.py, fragments.py)."""

    QUOTE_THEN_CUE = "quote-then-cue"  # '“A,” X said'
    CUE_THEN_QUOTE = "cue-then-quote"  # 'X said: “A”'
    COLON_INTRO = "colon-intro"  # 'He demurred: “A”'
    SIGN_OFF = "sign-off"  # '“A.” — Jane Roe'
    CONTINUED_QUOTE = "continued-quote"  # a paragraph continuing the previous speaker's quote
    CUE_THAT = "cue-that"  # 'X said (that) CLAUSE'
    CLAUSE_THEN_CUE = "clause-then-cue"  # 'CLAUSE, X said'
    PARENTHETICAL = "parenthetical"  # 'The economy, he said, is strong'
    ACCORDING_TO = "according-to"  # 'According to X, CLAUSE'
    LABEL_COLON = "label-colon"  # 'Trump: We will win'
    FRAGMENT_SUBJECT = "fragment-subject"  # 'Reid mocked Trump as a “human leech”'
    ATTITUDE = "attitude"  # 'Polls show CONTENT', 'She believes CONTENT', 'He wants to CONTENT'
    SPEECH_ACT = "speech-act"  # 'X declined to comment', 'X called for an inquiry'
    NESTED = "nested"  # '“A,” X said, according to CNN': CNN reports the statement of X
    PASSIVE_AGENT = "passive-agent"  # 'The plan was first reported by CNN'
    PARTICIPLE_OPENER = "participle-opener"  # 'Noting that A, Roe added ...'
    NOUN_COLON = "noun-colon"  # "Carrier's message: Moving jobs south is ..."
    NOUN_THAT = "noun-that"  # "Roe's claim that the vote was rigged"


# (rule, evidence) -> confidence; evidence "" is the rule alone, a cue class
# (cues.tsv: "verb", "frame", "belief", ...) for reported speech and attitudes,
# "parse" when a parse confirmed it.
CONFIDENCE: dict[tuple[Rule, str], float] = {
    (Rule.QUOTE_THEN_CUE, ""): 0.9,
    (Rule.CUE_THEN_QUOTE, ""): 0.85,
    (Rule.CONTINUED_QUOTE, ""): 0.7,
    (Rule.COLON_INTRO, ""): 0.6,
    (Rule.SIGN_OFF, ""): 0.6,
    **{(rule, "verb"): 0.75 for rule in (Rule.CUE_THAT, Rule.CLAUSE_THEN_CUE, Rule.PARENTHETICAL)},
    **{(rule, "frame"): 0.6 for rule in (Rule.CUE_THAT, Rule.CLAUSE_THEN_CUE, Rule.PARENTHETICAL)},
    **{(rule, "belief"): 0.5 for rule in (Rule.CUE_THAT, Rule.CLAUSE_THEN_CUE, Rule.PARENTHETICAL)},
    **{(rule, "intention"): 0.5 for rule in (Rule.CUE_THAT, Rule.CLAUSE_THEN_CUE, Rule.PARENTHETICAL)},
    **{(rule, "document"): 0.55 for rule in (Rule.CUE_THAT, Rule.CLAUSE_THEN_CUE, Rule.PARENTHETICAL)},
    **{(rule, "act"): 0.6 for rule in (Rule.CUE_THAT, Rule.CLAUSE_THEN_CUE, Rule.PARENTHETICAL)},
    (Rule.ACCORDING_TO, ""): 0.75,
    (Rule.LABEL_COLON, ""): 0.5,
    (Rule.FRAGMENT_SUBJECT, ""): 0.4,
    (Rule.FRAGMENT_SUBJECT, "parse"): 0.45,
    (Rule.ATTITUDE, "belief"): 0.45,
    (Rule.ATTITUDE, "intention"): 0.45,
    (Rule.ATTITUDE, "document"): 0.5,
    (Rule.SPEECH_ACT, "act"): 0.5,
    (Rule.SPEECH_ACT, "frame"): 0.45,
    (Rule.SPEECH_ACT, "verb"): 0.55,
    (Rule.NESTED, ""): 0.6,
    (Rule.PASSIVE_AGENT, ""): 0.5,
    (Rule.PARTICIPLE_OPENER, ""): 0.5,
    (Rule.NOUN_COLON, ""): 0.5,
    (Rule.NOUN_THAT, ""): 0.45,
}
