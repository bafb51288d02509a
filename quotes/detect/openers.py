"""Reported speech in a participle clause opening its sentence: "Noting that A, Roe added ...".

Rule (it names the Draft it makes):
  participle-opener  "Noting that only one senator voted for it, Roe added: ...", "Insisting
                     it wasn't rehearsed, Trump invited ...", "Responding to questions at
                     those speeches, Clinton would ...": a speech cue's -ing form (cues.tsv,
                     class verb, or a two-word cue of phrase_cues.tsv) opening the sentence,
                     after a subordinator or none ("Since announcing in October that A, Roe
                     has ..."). The content runs from after the cue ("that" and the
                     particle stepped over) to the first comma outside quotation marks; the
                     speaker is the subject after that comma: the parse's subject of the
                     main verb, else a noun phrase followed by a verb (a cue, an auxiliary or
                     a lower-case -ed form).
Not for: a participle that is no speech verb ("Using ..."), one whose clause says where or
when ("Writing in the journal X, the team ...": a preposition after the cue), a clause with
no comma, a subject that is no noun phrase.
"""

from __future__ import annotations

from quotes.detect.claims import Claims
from quotes.detect.context import Context
from quotes.detect.draft import Draft
from quotes.detect.lexicon import cues, phrase_cues, word_set
from quotes.detect.rules import Rule
from quotes.detect.indirect import _skip_adjuncts
from quotes.detect.speakers import DETERMINERS, PREPOSITIONS, PRONOUNS, QUOTE_MARKS

CLAUSE_SPAN = 40  # tokens the participle clause may take before its comma
SUBJECT_SPAN = 10  # tokens the subject after it may take
ADJUNCT_SPAN = 6  # tokens a prepositional phrase between the cue and "that" may take


def find_openers(ctx: Context, claims: Claims) -> list[Draft]:
    """Drafts for a participle clause of speech opening a sentence; claims their cues."""
    doc, words = ctx.doc, ctx.words
    drafts = []
    for sent in doc.sents:
        i = sent.start
        while i < sent.end and (doc[i].is_space or doc[i].text in QUOTE_MARKS):
            i += 1
        if i < sent.end and words[i].lower() in word_set("subordinators") | {"after", "before", "by", "in"}:
            i += 1  # "Since announcing ...", "After saying ..."
        if i + 2 >= sent.end or not words[i].lower().endswith("ing"):
            continue
        low = words[i].lower()
        cue = phrase_cues().get((low, words[i + 1].lower()))
        cue_end = i + 2 if cue is not None else i + 1
        cue = cue or cues().get(low)
        if cue is None or cue.cls not in ("verb", "act") or not claims.cue_free(i) or ctx.skipped(ctx.token_starts[i]):
            continue
        draft = _opener(ctx, sent.start, sent.end, i, cue_end)
        if draft is not None and not claims.covers(draft.start):
            claims.take_cue(i)
            drafts.append(draft)
    return drafts


def _opener(ctx: Context, lo: int, hi: int, i: int, cue_end: int) -> Draft | None:
    """Draft for the cue at tokens [i, cue_end) opening the sentence [lo, hi), or None."""
    doc, words = ctx.doc, ctx.words
    after = _skip_adjuncts(doc, ctx.text, cue_end, hi)  # "announcing in October that"
    that = next((k for k in range(after, min(hi, after + ADJUNCT_SPAN)) if words[k].lower() == "that"), None)
    if that is not None and words[after].lower() in PREPOSITIONS and all(words[k].isalnum() for k in range(after, that)):
        after = that  # "announcing in October that A"
    if after < hi and words[after].lower() in {"that", "to", "on", "about"}:
        after += 1  # "Noting that A", "Responding to questions"
    elif after < hi and words[after].lower() in PREPOSITIONS:
        return None  # "Writing in the journal X, the team ...", "Speaking at a rally": where, not what
    comma = next((k for k in range(after + 1, min(hi, after + CLAUSE_SPAN))
                  if words[k] == "," and not ctx.quotation_around(doc[k].idx)), None)
    if comma is None or comma + 2 >= hi:
        return None
    subject = _subject(ctx, comma + 1, hi)
    if subject is None:
        return None
    content = (doc[after].idx, doc[comma - 1].idx + len(doc[comma - 1]))
    return Draft([content], Rule.PARTICIPLE_OPENER, cue=(i, cue_end), speaker=subject,
                 attribution=(doc[lo].idx, content[0]))


def _subject(ctx: Context, start: int, hi: int) -> tuple[int, int] | None:
    """The subject of the main clause starting at token `start`: with a parse the subject of
    the verb it belongs to, else a noun phrase followed by a verb."""
    doc, words = ctx.doc, ctx.words
    if ctx.parsed:
        head = doc[start]
        while head.dep_ in ("compound", "det", "amod", "poss", "nmod", "case", "punct") and head.head.i != head.i:
            head = head.head
        if head.dep_ not in ("nsubj", "nsubjpass") or head.left_edge.i != start:
            return None
        return start, head.right_edge.i + 1
    if not (words[start][:1].isupper() or words[start].lower() in DETERMINERS | PRONOUNS):
        return None
    for end in range(start + 1, min(hi, start + SUBJECT_SPAN)):
        word = words[end]
        if word.lower() in word_set("auxiliaries") or word in cues() or (word.islower() and word.endswith("ed")):
            return start, end  # "Trump invited", "Clinton would offer", "the spokeswoman told"
        if doc[end].is_punct and word not in {".", "-", "’s", "'s"}:
            return None
    return None
