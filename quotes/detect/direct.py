"""Direct quotes: quoted passages attributed by a cue right after or right before them.

Rules, in order, for each quotation (see marks.py):
  quote-then-cue   '“A,” X said ...' / '“A,” said X' (a following '“B”' in the same
                   paragraph joins as a second part, see joins.continue_quote)
  cue-then-quote   'X said: “A”' / 'X said, “A”' / 'X told reporters “A”' / 'Said Comey, “A”'
  colon-intro      'He demurred: “A”' / 'Bush: “A”' (no cue; the clause subject or label)
  sign-off         '“A.” — Jane Roe, director of the institute' ending its paragraph (no cue)
  continued-quote  a quotation that opens its paragraph with no cue of its own, right
                   after a paragraph whose quote was attributed: same speaker
                   (joins.continue_paragraph).
Cues here are speech verbs and manner-of-speaking verbs ("shouted", "beamed").
A quotation that opens mid-sentence ('called it a “disaster”') is left to the
indirect rules (a mixed quote) or dropped (scare quotes, titles, nicknames).
Not handled: a speaker named only in a later paragraph.
"""

from __future__ import annotations

import re

from quotes.detect import joins
from quotes.detect.claims import Claims
from quotes.detect.clauses import SENTENCE_END, ends_sentence, is_cue, opens_clause
from quotes.detect.context import Context
from quotes.detect.draft import Draft
from quotes.detect.fragments import TITLE_SMALL_WORDS
from quotes.detect.indirect import DASHES
from quotes.detect.lexicon import cues, word_set
from quotes.detect.marks import Quotation
from quotes.detect.rules import Rule
from quotes.detect.speakers import (
    QUOTE_MARKS,
    SENTENCE_OPENERS,
    clause_subject,
    find_speaker,
    is_word,
)


def find_direct(ctx: Context, claims: Claims) -> list[Draft]:
    """Drafts for the quotations attributed as direct quotes, in text order; claims their cues."""
    text = ctx.text
    drafts: list[Draft] = []
    merged: set[int] = set()  # quotations already joined to an earlier draft
    previous: Draft | None = None
    previous_paragraph = -1
    for n, q in enumerate(ctx.quotations):
        if n in merged:
            continue
        p_index, (p_start, _) = ctx.paragraph_of(q.start)
        draft = second = None
        if opens_clause(text, q.start, p_start):
            draft = _after(ctx, q, claims) or _sign_off(ctx, q) or _before(ctx, q, p_start, claims)
        elif _manner_cue_before(ctx, q):  # 'A man yelled “Stay there!”', 'One sign read “No more”'
            draft = _before(ctx, q, p_start, claims)
            if draft is not None:  # the quotation alone, not the sentence's lead ('As they walked, ...')
                draft.parts = list(q.parts)
                if _listed(ctx, n):  # 'they chanted “A” and “B”': one statement
                    draft.parts = [(q.start, ctx.quotations[n + 1].end)]
                    merged.add(n + 1)
        if draft is not None:
            # a quote over paragraphs goes on in the paragraph of its last part
            last_start, last_end = ctx.paragraph_of(q.end)[1]
            joined, second = joins.continue_quote(ctx, claims, draft, n, last_start, last_end, _after)
            if joined is not None:
                merged.add(joined)
        else:
            draft = joins.continue_paragraph(ctx, previous, previous_paragraph, q, p_index, p_start)
        if draft is not None:
            drafts.append(draft)
            if second is not None:
                drafts.append(second)
                draft = second
            previous, previous_paragraph = draft, ctx.paragraph_of(draft.end)[0]
    return drafts


def _manner_cue_before(ctx: Context, q: Quotation) -> bool:
    """Whether a manner-of-speaking cue stands right before the opening mark of q ('a man
    yelled “Stay there!”', 'the sign read “No more wars”'): with no comma or colon
    between, these verbs take only a direct quote (a reporting verb there makes a mixed or
    direct quote of the indirect pass). Not a title in title case ('she read “War and
    Peace”'), small words aside."""
    opening = ctx.token_at(q.start - 1)
    if opening < 1 or len(q.parts) > 1:
        return False
    cue = cues().get(ctx.words[opening - 1])
    if cue is None or cue.cls != "direct" or not ctx.doc[opening - 1].whitespace_:
        return False
    words = ctx.text[q.start : q.end].split()
    return len(words) < 2 or not all(  # 'read “War and Peace”', not 'yelled “Stop!”'
        w[:1].isupper() or not w[:1].isalpha() or w in TITLE_SMALL_WORDS for w in words)


LISTED = re.compile(r"[^\S\n]+(?:and|or)[^\S\n]+[“\"]")  # '“A” and “B”'


def _listed(ctx: Context, n: int) -> bool:
    """Whether quotation n is followed by 'and' or 'or' and the next quotation ('“A” and “B”')."""
    quotations = ctx.quotations
    if n + 1 >= len(quotations) or len(quotations[n + 1].parts) > 1:
        return False
    match = LISTED.match(ctx.text, quotations[n].end + 1)
    return match is not None and match.end() == quotations[n + 1].start


def _after(ctx: Context, q: Quotation, claims: Claims) -> Draft | None:
    """'“A,” X said ...': a cue within the sentence after the closing mark (of the last
    paragraph, for a quote over paragraphs that each open a mark)."""
    if not q.closed:
        return None
    doc = ctx.doc
    p_end = ctx.paragraph_of(q.end)[1][1]
    first = ctx.token_at(q.end) + 1  # after the closing mark
    hi = first
    cue_seen = False
    while hi < len(doc) and doc[hi].idx < p_end and hi - first < 45:
        if doc[hi].text in "“„«":
            name = None if cue_seen else _quoted_name(ctx, hi)
            if name is None:
                break
            hi = name  # 'X, wearing “Ted Cruz” pins, said': a name quoted inside the attribution, before its cue
            continue
        cue_seen = cue_seen or is_cue(doc, hi)
        if ends_sentence(doc, hi):
            break
        if doc[hi].text in {'"', "''"} and hi > first:
            break
        hi += 1
    for i in range(first, hi):
        if is_cue(doc, i) and claims.cue_free(i) and not _noun_use(doc, i, first):
            found = find_speaker(doc, i, first, hi, ctx.text)
            if found is None:
                return None
            start, end, how = found
            if how != "inverted" and any(is_cue(doc, k) and not _noun_use(doc, k, start)
                                         and not (how == "parse" and doc[k].tag_ == "VBG") for k in range(start, end)):
                return None  # (a parsed subject's participle is a modifier: "X, an early voice in urging ...")
            if any(is_word(t) for t in doc[first : min(start, i)]):
                return None  # words between the quote and its attribution: not attached to it
            claims.take_cue(i)
            end_char = doc[hi - 1].idx + len(doc[hi - 1]) if hi > first else q.end + 1
            return Draft(list(q.parts), Rule.QUOTE_THEN_CUE, cue=(i, i + 1), speaker=(start, end),
                         attribution=(q.end + 1, end_char))
        if ends_sentence(doc, i):
            break
    return None


SIGN_OFF = 12  # tokens of a sign-off's name and role


def _sign_off(ctx: Context, q: Quotation) -> Draft | None:
    """'“The plan will fail.” — Jane Roe, director of the Foo Institute': a dash after the
    closing mark, then a capitalised name (and a role) ending the paragraph; no cue."""
    if not q.closed:
        return None
    doc = ctx.doc
    p_end = ctx.paragraph_of(q.end)[1][1]
    dash = ctx.token_at(q.end) + 1  # after the closing mark
    if dash + 1 >= len(doc) or doc[dash].text not in DASHES or not doc[dash + 1].text[:1].isupper() \
            or not is_word(doc[dash + 1]):
        return None
    end = dash + 1
    while end < len(doc) and doc[end].idx < p_end and end - dash <= SIGN_OFF:
        end += 1
    if end < len(doc) and doc[end].idx < p_end:
        return None  # the paragraph goes on: the dash opens the writer's words
    while doc[end - 1].is_punct:
        end -= 1
    return Draft(list(q.parts), Rule.SIGN_OFF, speaker=(dash + 1, end), attribution=(q.end + 1, p_end))


def _quoted_name(ctx: Context, opening: int) -> int | None:
    """For an opening mark at token `opening`: the token after its closing mark when the
    quotation is a short name in title case ("Ted Cruz", "Face the Nation"), else None."""
    doc, text = ctx.doc, ctx.text
    quoted = ctx.quotation_around(doc[opening].idx + 1)
    if quoted is None:
        return None
    words = text[quoted[0] : quoted[1]].split()
    if not 0 < len(words) <= 4 or not all(
            w[:1].isupper() or not w[:1].isalpha() or w in {"of", "the", "and"} for w in words):
        return None
    close = ctx.token_at(quoted[1])
    if close >= len(doc) or doc[close].text not in "”»":
        return None
    return close + 1


def _noun_use(doc, i: int, lo: int) -> bool:
    """Cue form i is a noun after an article or possessive ('“A,” the report stated': the
    source, not a second cue)."""
    return i > lo and doc[i - 1].lower_ in word_set("noun_markers") and not doc[i - 1].lower_.isdigit()


def _before(ctx: Context, q: Quotation, p_start: int, claims: Claims) -> Draft | None:
    """'X said: “A”': a cue a few words before the opening mark, in the same sentence, or
    ending the paragraph before with a colon ('X said:\n“A”')."""
    doc = ctx.doc
    opening = ctx.token_at(q.start - 1)
    p_start, opening = _colon_paragraph(ctx, q, p_start, opening)
    inverted = _inverted_intro(ctx, q, p_start, opening, claims)
    if inverted is not None:
        return inverted
    colon = _colon_intro(ctx, q, p_start, opening)
    if colon is not None:
        return colon
    j = opening - 1
    lead = 0
    while j >= 0 and doc[j].idx >= p_start and lead <= 10:
        if doc[j].text in SENTENCE_END or doc[j].text in QUOTE_MARKS:
            return None
        if is_cue(doc, j) and claims.cue_free(j):
            between = [t.text for t in doc[j + 1 : opening] if not t.is_space]
            if between and between[-1] not in word_set("lead_ins") and len(between) > 0 and doc[j].lower_ != "according":
                return None
            lo = j
            while lo > 0 and doc[lo - 1].idx >= p_start and doc[lo - 1].text not in SENTENCE_END \
                    and doc[lo - 1].text not in QUOTE_MARKS:
                lo -= 1
            found = find_speaker(doc, j, lo, opening, ctx.text)
            if found is None:
                return None
            claims.take_cue(j)
            return Draft([*_lead(ctx, lo, found[0], q), *q.parts], Rule.CUE_THEN_QUOTE, cue=(j, j + 1),
                         speaker=found[:2], attribution=(doc[found[0]].idx, q.start - 1))
        j -= 1
        lead += 1
    return None


def _colon_paragraph(ctx: Context, q: Quotation, p_start: int, opening: int) -> tuple[int, int]:
    """For a quotation opening its paragraph after a paragraph that ends with a colon
    ('Stated Stone:\n“I think ...”'): that paragraph's start, and the token after its
    colon standing for the opening mark; else `p_start` and `opening` unchanged."""
    text = ctx.text
    p_index, _ = ctx.paragraph_of(q.start)
    # (slices of a few characters only: a paragraph of many quotations stays linear)
    if p_index == 0 or q.start - p_start > 4 or text[p_start : q.start].strip(" '\"“„«"):
        return p_start, opening
    previous_start, previous_end = ctx.paragraphs[p_index - 1]
    tail = text[max(previous_start, previous_end - 8) : previous_end].rstrip()
    if not tail.endswith(":") or ctx.in_boilerplate(previous_start):
        return p_start, opening
    return previous_start, ctx.token_at(max(previous_start, previous_end - 8) + len(tail) - 1) + 1


def _lead(ctx: Context, lo: int, speaker: int, q: Quotation) -> list[tuple[int, int]]:
    """'In cases of abortion, it said, “the woman is a victim”': the words opening the
    sentence before a parenthetical attribution are the quote's first part when the
    quotation goes on with their sentence (it opens in lower case) and they open with an
    adverbial word. None when the sentence opens with the speaker ('X said, “A”'), nor for
    a scene-setter before a quote that opens its own sentence ('In a statement, X said,
    “We are ...”'), a lone adverb ('Still, she added, “we ...”') or the writer's own clause
    ('His remarks were aimed at critics, including, he said, “politicians who ...”')."""
    doc = ctx.doc
    if speaker - 1 <= lo or doc[speaker - 1].text != "," or not ctx.text[q.start : q.start + 1].islower():
        return []
    last = speaker - 2
    if not any(t.lower_ in word_set("adverbial_openers") for t in doc[lo : min(lo + 2, last + 1)]):
        return []  # the lead is an adverbial ("When the rule takes effect", "So if"), not the writer's clause
    return [(doc[lo].idx, doc[last].idx + len(doc[last]))]


def _inverted_intro(ctx: Context, q: Quotation, p_start: int, opening: int, claims: Claims) -> Draft | None:
    """'Said Comey, “...”' / 'Stated Stone: “...”': a sentence opening with its cue, then a name."""
    doc = ctx.doc
    if opening < 3 or doc[opening - 1].text not in {",", ":"}:
        return None
    lo = opening - 1
    while lo > 0 and opening - lo <= 6 and doc[lo - 1].idx >= p_start and \
            not ends_sentence(doc, lo - 1) and doc[lo - 1].text not in QUOTE_MARKS:
        lo -= 1
    if not (lo == 0 or ends_sentence(doc, lo - 1) or "\n" in doc[lo - 1].text or doc[lo - 1].idx < p_start):
        return None
    cue = cues().get(doc[lo].lower_)
    if cue is None or cue.cls not in ("verb", "direct") or not doc[lo].text[:1].isupper() or not claims.cue_free(lo):
        return None
    name = doc[lo + 1 : opening - 1]
    if not len(name) or not all(t.text[:1].isupper() or t.text in {".", "-"} for t in name):
        return None
    claims.take_cue(lo)
    return Draft(list(q.parts), Rule.CUE_THEN_QUOTE, cue=(lo, lo + 1), speaker=(lo + 1, opening - 1),
                 attribution=(doc[lo].idx, q.start - 1))


SOURCE_LABEL = 5  # tokens of the source in a 'From the report:' label


def _from_source(doc, lo: int, colon: int) -> tuple[int, int] | None:
    """The source of a 'From the report:' / 'More from the study:' label before a colon: the
    phrase after "from", a name or a determiner and a noun."""
    k = lo + 1 if doc[lo].lower_ == "more" else lo
    if doc[k].lower_ != "from" or not 0 < colon - k - 1 <= SOURCE_LABEL:
        return None
    first = doc[k + 1]
    if not (first.lower_ in {"the", "a", "an", "this", "that"} or first.text[:1].isupper()):
        return None
    if any(not (t.is_alpha or t.text in {"’s", "'s", "-"}) for t in doc[k + 1 : colon]):
        return None
    return k + 1, colon


def _colon_intro(ctx: Context, q: Quotation, p_start: int, opening: int) -> Draft | None:
    """'He demurred: “...”': a clause ending in a colon, no cue, its subject a pronoun or name."""
    doc = ctx.doc
    if opening < 2 or doc[opening - 1].text != ":" or ctx.token_at(q.end) - opening < 5:
        return None
    lo = opening - 1
    while lo > 0 and doc[lo - 1].idx >= p_start and not ends_sentence(doc, lo - 1) \
            and doc[lo - 1].text not in QUOTE_MARKS:
        lo -= 1
    source = _from_source(doc, lo, opening - 1)
    if source is not None:  # 'From the report: “...”'
        return Draft(list(q.parts), Rule.COLON_INTRO, speaker=source, attribution=(doc[lo].idx, q.start - 1))
    if any(is_cue(doc, k) for k in range(lo, opening)):
        return None  # the cue rules below handle 'X said: “...”'
    dash = next((k for k in range(opening - 2, lo, -1) if doc[k].text in DASHES and doc[k].whitespace_
                 and doc[k - 1].whitespace_), None)
    if dash is not None and opening - 1 - dash <= 4:
        lo = dash + 1  # 'Turnout has been key - Jane Roe: “...”': a speaker label after a newsletter's dash
    subject = clause_subject(doc, lo, opening - 1)
    if subject is None:
        return None
    if subject[1] >= opening - 1 and not (subject[0] == lo and opening - 1 - lo <= 4):
        return None  # 'Bush: “...”' is a speaker label; 'The mission:' without a verb is not
    start, end = subject
    if doc[start].lower_ in SENTENCE_OPENERS and doc[start].lower_ not in word_set("person_pronouns"):
        return None
    return Draft(list(q.parts), Rule.COLON_INTRO, speaker=(start, end),
                 attribution=(doc[start].idx, q.start - 1))
