"""Continuation: when a quotation belongs to a statement found before it.

During the direct pass (direct.py calls these for each attributed quotation):
  continue_quote      '“A,” she said, “B.”' / '“A,” X said on “Y” Sunday. “B.”': B is a
                      second part of A; after '..., adding later,' or '..., then predicted:'
                      B is a statement of its own with the same speaker
  continue_paragraph  a paragraph opening with an unattributed quotation of four words or
                      more, right after an attributed quote: the same speaker continues
After all passes (extractor.JOINS, over every kept statement):
  run_to_closing_mark      content that stops inside a quotation runs on to its closing mark
  join_following_quotation the paragraph's next unclaimed quotation joins an attributed quote
  merge_continued_paragraphs  a continued-quote paragraph joins the quote before it
  continue_reported_paragraph a paragraph of one unclaimed quotation joins the reported
                              statement ending the paragraph before
Not handled: a continuation in a later paragraph with narrative in between.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from quotes.detect.claims import Claims
from quotes.detect.clauses import ends_sentence, is_cue, opens_clause
from quotes.detect.context import Context
from quotes.detect.draft import Draft
from quotes.detect.marks import Quotation
from quotes.detect.rules import Rule

# direct.py's '“A,” X said' finder: (ctx, quotation, claims) -> Draft or None
Attribute = Callable[[Context, Quotation, Claims], Draft | None]
# A sentence adverb between two quotations of one speaker ('“A,” X said. Instead, “B”').
LEAD_WORD = re.compile(r"[.!?]\s+[A-Z][a-z]+,")
# Quoted fragments in the narrative after an attribution that the next piece may follow.
FRAGMENTS_SKIPPED = 2
# Rules whose statement a following quotation may continue (reported speech, 'X said that
# A. “B ...”', only by a quotation opening the next sentence: one in its own sentence would be in its content).
CONTINUED_RULES = (Rule.CLAUSE_THEN_CUE, Rule.QUOTE_THEN_CUE, Rule.CUE_THEN_QUOTE, Rule.CUE_THAT)


def continue_quote(ctx: Context, claims: Claims, draft: Draft, n: int, p_start: int, p_end: int,
                   attribute: Attribute) -> tuple[int | None, Draft | None]:
    """For '“A,” X said' (quotation n): the index of a later quotation taken as its
    continuation, and a new draft when that quotation is a statement of its own.
    `attribute` tells whether a quotation has a cue of its own after it."""
    if draft.rule != Rule.QUOTE_THEN_CUE:
        return None, None
    doc, text, quotations = ctx.doc, ctx.text, ctx.quotations
    nxt = quotations[n + 1] if n + 1 < len(quotations) else None
    # '“A,” she said, “B.”': the next quotation of the paragraph, right after the attribution
    if nxt is not None and nxt.start < p_end and \
            not text[draft.attribution[1] : nxt.start - 1].strip(" ,.'") and \
            (opens_clause(text, nxt.start, p_start) or _ends_at_cue(ctx, draft) and not _title(text, nxt)) \
            and not _own_cue(attribute, ctx, nxt) and not _attributed_later(ctx, nxt):
        second = _second_cue(ctx, claims, draft, nxt)
        if second is None:
            draft.parts.extend(nxt.parts)
            return n + 1, None
        claims.take_cue(second)  # '“A,” Trump said, adding later, “B.”': B of its own, same speaker
        return n + 1, Draft(list(nxt.parts), Rule.CUE_THEN_QUOTE, cue=(second, second + 1),
                            speaker=draft.speaker, attribution=(doc[second].idx, nxt.start - 1))
    later = _next_sentence_quote(ctx, n, draft, p_end, attribute)
    if later is not None:
        draft.parts.extend(quotations[later].parts)
    return later, None


def continue_paragraph(ctx: Context, previous: Draft | None, previous_paragraph: int, q: Quotation,
                       p_index: int, p_start: int) -> Draft | None:
    """'“A,” X said.\\n“B ...”': a paragraph opening with quotation q, right after the
    paragraph of the attributed `previous`, continues its speaker."""
    if previous is None or p_index > previous_paragraph + 1:
        return None
    text = ctx.text
    if text[p_start : q.start].strip(" '\"“„«") or len(text[q.start : q.end].split()) < 4:
        return None
    if _OWN_ATTRIBUTION.match(text, q.end + 1, min(len(text), q.end + 80)):
        return None  # '“B,” Trump interjected.': a verb the lexicon lacks names a speaker of its own
    return Draft(list(q.parts), Rule.CONTINUED_QUOTE, follows=previous)


# After a closing mark: a name or "the NOUN" and a past-tense verb ending the sentence.
_OWN_ATTRIBUTION = re.compile(
    r"[,]?\s*(?:(?:[A-Z][\w.’'-]*\s+){1,3}|(?:the|an?)\s+[a-z]+\s+)[a-z]+ed(?:\s+back)?\s*[.!?,]")


ATTRIBUTION_SPAN = 40  # tokens after a quotation where its sentence's own cue is looked for


def _attributed_later(ctx: Context, q: Quotation) -> bool:
    """Whether q's sentence goes on after its closing mark with words and a cue of its own
    ('“You can't begin until you prove to people” that the border is secure, he said.'):
    the quotation opens a statement of its own, not more of the one before."""
    doc = ctx.doc
    k = ctx.token_at(q.end) + 1  # after the closing mark
    if k >= len(doc) or not doc[k].is_alpha:
        return False  # '“B,” he said' is _own_cue's; '“B.”' ends the sentence
    _, (_, p_end) = ctx.paragraph_of(q.end)
    for m in range(k, min(len(doc), k + ATTRIBUTION_SPAN)):
        if doc[m].idx >= p_end or ends_sentence(doc, m) or doc[m].text in "“„«":
            return False
        if is_cue(doc, m):
            return True
    return False


def _own_cue(attribute: Attribute, ctx: Context, q: Quotation) -> bool:
    """Whether q is attributed by a cue after it, whoever has claimed that cue."""
    return attribute(ctx, q, Claims()) is not None


TITLE_WORDS = 4  # words of a programme or outlet name quoted after a cue ("Fox and Friends")


def _title(text: str, q: Quotation) -> bool:
    """Whether quotation q is a short name in title case ('Fiorina told “Fox and Friends,”'):
    the addressee of the cue, not more of what was said."""
    words = text[q.start : q.end].rstrip(" ,.").split()
    return 0 < len(words) <= TITLE_WORDS and all(w[:1].isupper() or w in {"of", "the", "and", "&"} for w in words)


def _ends_at_cue(ctx: Context, draft: Draft) -> bool:
    """'“A,” Trump said “B ...”': the attribution ends with its cue, right before the next quote."""
    cue = ctx.doc[draft.cue[1] - 1]
    return draft.attribution[1] == cue.idx + len(cue)


def _second_cue(ctx: Context, claims: Claims, draft: Draft, nxt: Quotation) -> int | None:
    """'“A,” Trump said, adding later, “B.”': a second cue before B makes B a quote of its own."""
    doc = ctx.doc
    found = None
    opening = ctx.token_at(nxt.start - 1)
    for k in range(draft.cue[1], opening):
        if ends_sentence(doc, k):
            return None  # '“A,” X said. “B.”' continues A
        if found is None and is_cue(doc, k) and claims.cue_free(k):
            found = k
    if found is None or not (doc[found].lower_.endswith("ing") or doc[opening - 1].text == ":"):
        return None  # only a participle ('adding') or a colon ('then predicted:') opens a new statement
    return found


def _next_sentence_quote(ctx: Context, n: int, draft: Draft, p_end: int, attribute: Attribute) -> int | None:
    """'“A,” X said during an interview on “Y” Sunday. “B.”': the quotation opening the sentence
    right after the attribution's, in the same paragraph and with no cue of its own, continues A."""
    doc, text, quotations = ctx.doc, ctx.text, ctx.quotations
    i = draft.cue[1]
    limit = min(len(doc), i + 60)
    while i < limit and doc[i].idx < p_end and not ends_sentence(doc, i):
        i += 1
    if i >= limit or doc[i].idx >= p_end:
        return None
    sentence_end = doc[i].idx + len(doc[i])
    for m in range(n + 1, len(quotations)):
        nxt = quotations[m]
        if nxt.start >= p_end:
            return None
        if nxt.start < sentence_end:
            continue  # a title or scare quote inside the attribution sentence
        if text[sentence_end : nxt.start].rstrip("'\"“„«").strip() or _own_cue(attribute, ctx, nxt) \
                or _attributed_later(ctx, nxt):
            return None
        return m
    return None


def run_to_closing_mark(ctx: Context, drafts: list[Draft]) -> None:
    """Reported content that stops inside a quotation runs on to the closing mark
    ('that the laws “are set… And I think we have to leave it that way”')."""
    for draft in drafts:
        start, end = draft.parts[-1]
        quoted = ctx.quotation_around(end)
        if quoted is not None and quoted[0] < end and quoted[0] >= start - 1:
            draft.parts[-1] = (start, quoted[1])


def join_following_quotation(ctx: Context, drafts: list[Draft]) -> None:
    """The next quotation of the paragraph, claimed by no other statement, continues an
    attributed one: right after its attribution ('Teachers are “looking ...,” Smith said.
    “That’s got to scare them.”'), or as a new sentence of four words or more after
    narrative ('“A,” Smith said. They live far away. “B ...”', and after reported speech:
    'Doe called him a master at deals. “He showed ...”'; fragments quoted in that
    narrative are stepped over), or after a sentence adverb ('“A,” Smith said. Instead,
    “B.”'), as annotators do."""
    text, quotations = ctx.text, ctx.quotations
    quotation_starts = [q.start for q in quotations]
    by_start = sorted(drafts, key=lambda d: d.start)
    draft_starts = [d.start for d in by_start]
    rank = {id(d): r for r, d in enumerate(by_start)}
    furthest = _PrefixMax([d.end for d in by_start])  # the furthest end of the drafts starting first
    for draft in drafts:
        if draft.rule not in CONTINUED_RULES or draft.attribution is None:
            continue
        after = max(draft.attribution[1], draft.end)
        k = bisect.bisect_left(quotation_starts, after)
        # step over a few fragments quoted in the narrative ('“A,” she said, describing how
        # she builds “tubular mixers,” rods for furnaces. “B ...”')
        skipped = 0
        while k + 1 < len(quotations) and skipped < FRAGMENTS_SKIPPED and not opens_clause(
                text, quotations[k].start, ctx.paragraph_of(quotations[k].start)[1][0]) \
                and quotations[k + 1].start < ctx.paragraph_of(quotations[k].start)[1][1]:
            k, skipped = k + 1, skipped + 1
        if k == len(quotations):
            continue
        nxt = quotations[k]
        # skip a quotation that starts or lies inside a statement, or with one before it
        starting_before = bisect.bisect_right(draft_starts, nxt.start)
        # (a statement between the draft's content and the quotation, '..., said X, who notes that C. “B”', has it)
        if (starting_before and (draft_starts[starting_before - 1] == nxt.start
                                 or furthest.upto(starting_before) > nxt.start)) \
                or bisect.bisect_right(draft_starts, draft.end) < bisect.bisect_left(draft_starts, nxt.start):
            continue
        paragraph, (p_start, _) = ctx.paragraph_of(nxt.start)
        if paragraph != ctx.paragraph_of(draft.start)[0]:
            continue
        between = text[after : nxt.start].rstrip(" '\"“„«")
        if not opens_clause(text, nxt.start, p_start):
            continue  # a fragment inside the narrative ('ended the debate with a “Star Wars” line')
        if _attributed_later(ctx, nxt):
            continue  # '“B” that the border is secure, he said': a statement of its own
        if draft.rule == Rule.CUE_THAT and not text[max(after, nxt.start - 4) : nxt.start].rstrip(
                " '\"“„«").endswith((".", "!", "?")):
            continue  # reported speech goes on only in the next sentence
        if not between.strip(" .,;'\"”") or LEAD_WORD.fullmatch(between) or (
                between.endswith((".", "!", "?")) and len(nxt.parts) == 1
                and len(text[nxt.start : nxt.end].split()) >= 4):
            draft.parts.extend(nxt.parts)
            furthest.raise_to(rank[id(draft)], draft.end)


class _PrefixMax:
    """Maxima of a list's prefixes under increases of its items (a Fenwick tree), so that
    joining n statements costs n log n instead of n² on an article of thousands of quotes."""

    def __init__(self, values: list[int]) -> None:
        self.tree = [-1] * (len(values) + 1)
        for i, value in enumerate(values):
            self.raise_to(i, value)

    def raise_to(self, i: int, value: int) -> None:
        """Item i becomes at least `value`."""
        i += 1
        while i < len(self.tree):
            self.tree[i] = max(self.tree[i], value)
            i += i & -i

    def upto(self, n: int) -> int:
        """The largest of the first n items."""
        best = -1
        while n > 0:
            best = max(best, self.tree[n])
            n -= n & -n
        return best


def merge_continued_paragraphs(ctx: Context, drafts: list[Draft]) -> None:
    """'“A,” X said.\\n“B.”': when an attributed quote's paragraph ends with its attribution
    and the next paragraph continues it (continue_paragraph), A and B are one statement
    quoted over two paragraphs, as annotators take it. Not merged: a continuation ending
    in a comma (it waits for an attribution of its own), or one after a quote whose
    paragraph goes on with narrative ('“A,” X said. He then asked the crowd.\\n“B?”')."""
    text = ctx.text
    into: dict[int, Draft] = {}  # id of a merged continuation -> the statement it joined
    for draft in list(drafts):
        if draft.rule != Rule.CONTINUED_QUOTE or draft.follows is None:
            continue
        target = into.get(id(draft.follows), draft.follows)
        if target.rule != Rule.QUOTE_THEN_CUE or text[draft.start : draft.end].rstrip(" ”\"'").endswith(","):
            continue
        if id(draft.follows) not in into:  # the first continuation: the attribution must end its paragraph
            _, (_, p_end) = ctx.paragraph_of(target.end)
            if text[target.attribution[1] : p_end].strip(" .!?\u00a0"):
                continue
        target.parts.extend(draft.parts)
        drafts.remove(draft)
        into[id(draft)] = target


# Reported-speech rules whose statement a quoted paragraph after it may go on.
REPORTED_RULES = (Rule.CUE_THAT, Rule.PARENTHETICAL, Rule.CLAUSE_THEN_CUE)


def continue_reported_paragraph(ctx: Context, drafts: list[Draft]) -> None:
    """'X now said Trump had “the opportunity ...”\n“I think he can do that ...”': a paragraph
    that is one unattributed quotation of four words or more, right after a paragraph
    ending with a reported statement, is that statement's last part, as annotators take it.
    Not joined: a quotation some statement already holds, or after a paragraph that goes on
    past the statement ('X said A. He then left.\n“B ...”')."""
    text, quotations = ctx.text, ctx.quotations
    if not quotations:
        return
    starts = [q.start for q in quotations]
    held = sorted((s, e) for d in drafts for s, e in d.parts)
    held_starts = [s for s, _ in held]
    for draft in drafts:
        if draft.rule not in REPORTED_RULES or draft.follows is not None:
            continue
        end = max(draft.end, draft.attribution[1]) if draft.attribution else draft.end
        p_index, (_, p_end) = ctx.paragraph_of(draft.end)
        if text[end:p_end].strip(" .!?\u00a0\"”’'") or p_index + 1 >= len(ctx.paragraphs):
            continue  # the paragraph goes on after the statement
        n_start, n_end = ctx.paragraphs[p_index + 1]
        k = bisect.bisect_left(starts, n_start)
        if k == len(quotations) or quotations[k].start >= n_end:
            continue
        q = quotations[k]
        if text[n_start : q.start].strip(" \u00a0'\"“„«") or text[q.end : n_end].strip(" .!?\u00a0\"”’'") \
                or len(text[q.start : q.end].split()) < 4:
            continue  # not a paragraph of one quotation
        h = bisect.bisect_right(held_starts, q.end) - 1
        if h >= 0 and held[h][1] > q.start:
            continue  # some statement holds it
        draft.parts.extend(q.parts)
