"""Mixed quotes around a verb the lexicon does not know: a named subject, then a quoted fragment.

'Reid frequently mocked Trump as a “human leech”' reports Reid's words although
"mocked" is no speech cue. Rule "fragment-subject": a short quotation that opens
mid-sentence, not yet part of any statement and not in title case, in a sentence
whose subject is he, she, they or a name already quoted in the article, followed
by a verb, becomes a mixed quote from after the verb (and its particle: "fixates on") to the
sentence end. A participle after a comma nearer the fragment is the verb instead ("spent the
day there, teasing her rival for his “tiny” plan"); the fragment must open within MAX_GAP
words of the verb, with no colon or semicolon between, and the verb be no article or
preposition ("Cruz is the only ..."). With a parser, the subject must be the
nsubj of a verb that governs the fragment. Not handled: fragments whose sentence
opens with something other than its subject ("In 2012, Reid called ..."), which
stay unattributed like scare quotes and titles.
"""

from __future__ import annotations

from quotes.detect.claims import Claims
from quotes.detect.context import Context
from quotes.detect.draft import Draft
from quotes.detect.indirect import trim_after_fragment
from quotes.detect.lexicon import word_set
from quotes.detect.marks import Quotation
from quotes.detect.rules import Rule
from quotes.detect.speakers import BOUNDARY, PREPOSITIONS, QUOTE_MARKS, SKIP, clause_subject, is_word

MAX_WORDS = 25  # longer unattributed quotations are passages, not fragments
TITLE_SMALL_WORDS = word_set("title_small_words")  # "Person of the Year"
MAX_GAP = 8  # words between the verb and the fragment's opening mark: farther, it is not the verb's


def find_fragments(ctx: Context, claims: Claims) -> list[Draft]:
    """Drafts for quoted fragments, in no statement kept so far, whose sentence subject is a person or group."""
    doc, text = ctx.doc, ctx.text
    drafts = []
    speakers = {doc[d.speaker[1] - 1].text for d in claims.drafts if d.speaker}  # last words of names
    for q in ctx.quotations:
        words = text[q.start : q.end].split()
        if len(q.parts) > 1 or len(words) > MAX_WORDS:
            continue
        if not words or words[0][:1].isupper() and all(
                w[:1].isupper() or not w[:1].isalpha() or w in TITLE_SMALL_WORDS for w in words):
            continue  # a title or a name ("The Crown", "Hispanics 4 Trump", "Face the Nation")
        if claims.covers(q.start) or any(d.start <= q.start < d.end for d in drafts):
            continue
        mark = ctx.token_at(q.start - 1)
        sent = doc[mark].sent
        if mark - sent.start < 3:
            continue  # the quotation opens its sentence: not a fragment
        before = text[max(0, q.start - 20) : q.start - 1].lower().split()
        if before and before[-1] in word_set("scare_quote_markers"):
            continue  # 'the so-called “rebels”': the writer's scare quote
        if ctx.parsed:
            draft = _from_parse(ctx, q, mark, speakers)
            if draft is not None:
                drafts.append(draft)
            continue
        subject = clause_subject(doc, sent.start, mark)
        if subject is None:
            continue
        start, end = subject
        if doc[start].lower_ not in word_set("third_person_pronouns") and doc[end - 1].text not in speakers:
            continue  # only pronouns and names already quoted in this article
        verb = end
        while verb < mark and (doc[verb].lower_ in SKIP or doc[verb].text == ","):
            verb += 1
        word = doc[verb]
        if verb >= mark - 1 or not word.is_alpha or not word.text.islower() or word.lower_ in BOUNDARY \
                or word.lower_ in NOT_VERBS:
            continue
        verb = _participle(doc, verb, mark)
        if not _governs(doc, verb, mark) or doc[verb].lower_ in word_set("not_fragment_verbs"):
            continue
        last = sent.end
        while last > verb + 1 and (doc[last - 1].is_punct or doc[last - 1].is_space) \
                and doc[last - 1].text not in QUOTE_MARKS:
            last -= 1
        first = verb + 2 if doc[verb + 1].lower_ in word_set("verb_particles") else verb + 1  # "fixates on it"
        if doc[first].is_punct and doc[first].text not in QUOTE_MARKS:
            continue  # 'whose heroism Trump belittled, with a “defeat the establishment” theme': the verb's phrase ended
        content = trim_after_fragment(ctx, (doc[first].idx, doc[last - 1].idx + len(doc[last - 1])))
        if not content[0] <= q.start < content[1]:
            continue
        drafts.append(Draft([content], Rule.FRAGMENT_SUBJECT, cue=(verb, verb + 1), speaker=(start, end),
                            attribution=(doc[start].idx, content[0])))
    return drafts


NOT_VERBS = word_set("articles") | word_set("possessive_determiners") | PREPOSITIONS  # "Cruz is the only ..."


def _participle(doc, verb: int, mark: int) -> int:
    """The verb reporting the fragment at token `mark`: the last participle after a comma
    between the clause's verb and the fragment ('brandished a few touches, describing her
    christening “at the church”'), else `verb`."""
    for k in range(mark - 1, max(verb, mark - 2 * MAX_GAP - 2), -1):  # farther, _governs refuses it
        if doc[k - 1].text == "," and doc[k].text.endswith("ing") and doc[k].text.isalpha() \
                and doc[k].text.islower():
            return k
    return verb


def _governs(doc, verb: int, mark: int) -> bool:
    """Whether the fragment opening at token `mark` lies in the phrase of the verb at token
    `verb`: at most MAX_GAP words on, with no semicolon or colon between."""
    if mark - verb - 1 > 2 * MAX_GAP:
        return False
    between = doc[verb + 1 : mark]
    return sum(map(is_word, between)) <= MAX_GAP and not any(t.text in {";", ":"} for t in between)


def _from_parse(ctx: Context, q: Quotation, mark: int, speakers: set[str]) -> Draft | None:
    """With a parse: the verb governing the fragment, its subject a person, group or body.
    A verb inside the fragment heading a clausal complement ('speculated that Acme may
    “prefer the risk”') hands on to the verb it complements, whose subject said it."""
    doc = ctx.doc
    verb = doc[mark + 1] if mark + 1 < len(doc) else doc[mark]
    for _ in range(5):
        if verb.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            if verb.i > mark and verb.dep_ in ("ccomp", "xcomp"):
                verb = verb.head  # the quoted verb of a complement clause: its governing verb reports it
                continue
            break
        if verb.head is verb:
            return None
        verb = verb.head
    else:
        return None
    subject = next(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
    if subject.i > mark or verb.i > mark:
        return None
    verb = doc[_participle(doc, verb.i, mark)]
    if not _governs(doc, verb.i, mark) or verb.lower_ in word_set("not_fragment_verbs"):
        return None
    named = subject.lower_ in word_set("third_person_pronouns") or subject.text in speakers or subject.ent_type_ in (
        "PERSON", "ORG", "NORP", "GPE")
    if not named or subject.lower_ in word_set("relative_pronouns"):
        return None  # 'Humphrey, who calls Trump a “sociopath,” said ...': the relative clause describes him
    start, end = subject.left_edge.i, subject.i + 1
    last = verb.right_edge.i + 1
    while last > verb.i + 1 and (doc[last - 1].is_punct or doc[last - 1].is_space) \
            and doc[last - 1].text not in QUOTE_MARKS:
        last -= 1
    if last <= verb.i + 1:
        return None
    first = verb.i + 2 if doc[verb.i + 1].lower_ in word_set("verb_particles") and verb.i + 2 < last else verb.i + 1
    if doc[first].is_punct and doc[first].text not in QUOTE_MARKS:
        return None  # 'whose heroism Trump belittled, with a “defeat the establishment” theme': the verb's phrase ended
    content = trim_after_fragment(ctx, (doc[first].idx, doc[last - 1].idx + len(doc[last - 1])))
    if not content[0] <= q.start < content[1]:
        return None
    return Draft([content], Rule.FRAGMENT_SUBJECT, "parse", cue=(verb.i, verb.i + 1), speaker=(start, end),
                 attribution=(doc[start].idx, content[0]))
