"""Reports in the passive with their source as agent: "The plan was first reported by CNN".

Rule (it names the Draft it makes):
  passive-agent  "SUBJECT was (first) reported by X", "... the email, which was first
                 reported by AP", "Scenes from the film were described to him by a
                 reporter": a participle of data/passive_cues.txt after a form of "be"
                 (adverbs and an object pronoun "to him" aside) and before "by". The
                 speaker is the agent after "by" (an inverted subject, speakers._np_right);
                 the content is what was reported, the passive subject: with a parse the
                 participle's passive subject, else the words before "be" back to the
                 sentence start, a clause boundary (punctuation, a conjunction, a
                 subordinator or "that") or a relative pronoun, which stands for its
                 antecedent as in the relative rule of indirect.py ("which he called ...").
Not for: a pronoun subject ("It was reported by CNN that ...": the content is the clause,
"He was described by friends as ...": what they said follows "as"), a negation ("was not
reported by"), addressee cues ("was told by", "was asked by": speakers._by_agent's), and
participles that are no report ("was denied by the court").
"""

from __future__ import annotations

from spacy.tokens import Doc

from quotes.detect.claims import Claims
from quotes.detect.context import Context
from quotes.detect.draft import Draft
from quotes.detect.lexicon import word_set
from quotes.detect.rules import Rule
from quotes.detect.speakers import PRONOUNS, QUOTE_MARKS, _adverb, _np_right

SUBJECT_SPAN = 20  # tokens a passive subject may take without a parse
AGENT_SPAN = 14  # tokens the agent after "by" may take
RELATIVES = word_set("passive_relatives")
CONJUNCTIONS = word_set("coordinators")
NEGATIONS = word_set("negations")


def find_passive(ctx: Context, claims: Claims) -> list[Draft]:
    """Drafts for "SUBJECT was reported by X" in every sentence; claims their cues."""
    doc, words = ctx.doc, ctx.words
    participles = word_set("passive_cues")
    drafts = []
    for sent in doc.sents:
        for i in range(sent.start + 1, sent.end - 2):
            if words[i].lower() not in participles or not claims.cue_free(i) or ctx.skipped(ctx.token_starts[i]):
                continue
            draft = _passive_report(ctx, sent.start, sent.end, i)
            if draft is not None and not claims.covers(draft.start):
                claims.take_cue(i)
                drafts.append(draft)
    return drafts


def _passive_report(ctx: Context, lo: int, hi: int, i: int) -> Draft | None:
    """Draft for the participle at token i in the sentence [lo, hi), or None."""
    doc, words = ctx.doc, ctx.words
    by = i + 1
    if by + 1 < hi and words[by].lower() == "to" and words[by + 1].lower() in word_set("object_pronouns"):
        by += 2  # "were described to him by"
    if by + 1 >= hi or words[by].lower() != "by":
        return None
    be = i - 1
    while be > lo and i - be <= 2 and _adverb(doc[be]) or be > lo and words[be].lower() in {"first", "also", "later"}:
        be -= 1  # "was first reported", "were also described", "was jointly written"
    if words[be].lower() not in word_set("be_inflections"):
        return None
    aux = be
    while aux > lo and (words[aux - 1].lower() in word_set("auxiliaries") or words[aux - 1].lower() in NEGATIONS):
        aux -= 1  # "might be", "has been", "had not been"
    if any(w.lower() in NEGATIONS for w in words[aux:i]):
        return None
    subject = _subject(ctx, lo, aux, i)
    if subject is None:
        return None
    s_start, s_end = subject
    if s_end - s_start == 1 and words[s_start].lower() in PRONOUNS - RELATIVES:
        return None  # "It was reported by CNN that ...", "He was described by friends as ..."
    start = by + 1
    end = _np_right(doc, start, hi, limit=AGENT_SPAN, any_start=True)
    if end - 1 > start and words[end - 1] == "." and (end >= hi or not doc[end].is_punct):
        end -= 1  # "by BuzzFeed." ends the sentence
    if end <= start:
        return None
    if end < hi and words[end].lower() in {"as", "that"}:
        return None  # "described by friends as ...": the report follows, not the subject
    if not any(c.isalnum() for c in words[s_start]):
        return None
    content = (doc[s_start].idx, doc[s_end - 1].idx + len(doc[s_end - 1]))
    attribution = (content[0], doc[end - 1].idx + len(doc[end - 1]))
    return Draft([content], Rule.PASSIVE_AGENT, cue=(i, i + 1), speaker=(start, end), attribution=attribution)


def _subject(ctx: Context, lo: int, aux: int, i: int) -> tuple[int, int] | None:
    """Token span of the passive subject ending before token `aux`: the parse's passive
    subject of the participle at i when there is a parse, else the words back to a clause
    boundary (a relative pronoun alone)."""
    doc, words = ctx.doc, ctx.words
    if aux <= lo:
        return None
    if ctx.parsed:
        subj = next((c for c in doc[i].children if c.dep_ == "nsubjpass"), None)
        if subj is None or subj.left_edge.i >= aux or subj.i >= aux:
            return None
        return subj.left_edge.i, min(subj.right_edge.i + 1, aux)  # (an appositive hung on it after the verb aside)
    if words[aux - 1].lower() in RELATIVES:
        return aux - 1, aux
    k = aux
    while k > lo and aux - k < SUBJECT_SPAN and not _boundary(doc, k - 1):
        k -= 1
    if aux - k >= SUBJECT_SPAN or k == aux:
        return None
    return k, aux


def _boundary(doc: Doc, k: int) -> bool:
    """Token k ends the clause before a subject: punctuation, a quotation mark, a conjunction,
    a subordinator, "that" or a line break."""
    t = doc[k]
    return (t.is_punct and t.text not in {"-", "&", "’s", "'s"}) or t.text in QUOTE_MARKS or "\n" in t.text \
        or t.lower_ in CONJUNCTIONS or t.lower_ in word_set("subordinators") or t.lower_ == "that"
