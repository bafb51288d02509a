"""Indirect and mixed quotes: reported speech around a cue, in one sentence.

Rules (each names the Draft it makes):
  cue-that         "X said (on Friday) (that) CLAUSE" / "X told Y (that) CLAUSE"
  clause-then-cue  "CLAUSE, X said (in his daily address)." / "CLAUSE, said X."
  parenthetical    "The economy, he said, is strong." (two parts)
  according-to     "According to X, CLAUSE." / "CLAUSE, according to X."
  label-colon      "Trump: We will win" (headline) / "A: I came home ..." (interview)
The content is the reported clause; when it carries quotation marks the quote is
mixed (kind is decided from the marks). Frame cues ("called", "described") count
only with a quoted fragment in their clause, or when they name their object ("called
him a liar"; _names_object); "called on Russia to stop" is a speech act of the
attitudes pass (phrase_cues.tsv). Not handled: content spread over several sentences,
and cues whose subject sits in another sentence.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span

from quotes.detect.claims import Claims
from quotes.detect.context import Context
from quotes.detect.draft import Draft
from quotes.detect.lexicon import cues, media_pattern, noun_forms, titles, word_set
from quotes.detect.rules import Rule
from quotes.detect.speakers import (
    CLOSING_MARKS,
    DETERMINERS,
    PREPOSITIONS,
    PRONOUNS,
    QUOTE_MARKS,
    SKIP,
    TIME_MODIFIERS,
    TIME_NOUNS,
    _appositive,
    document_verb,
    find_speaker,
)



def _content_end(sent: Span) -> int:
    """Token index where the sentence content ends (before final punctuation/marks)."""
    end = sent.end
    while end > sent.start and (sent.doc[end - 1].is_punct or sent.doc[end - 1].is_space) \
            and sent.doc[end - 1].text not in QUOTE_MARKS:
        end -= 1
    return end


def _skip_adjuncts(doc: Doc, text: str, i: int, hi: int) -> int:
    """Step over time words, a medium phrase and commas after a cue ("said Sunday", "said in a statement")."""
    while i < hi:
        t = doc[i]
        if t.lower_ == "not" and i + 1 < hi and doc[i + 1].lower_ == "to":
            break  # "told them not to go": the negation is content
        if t.lower_ in TIME_NOUNS or t.lower_ in SKIP or t.text == "," or (
            t.lower_ in TIME_MODIFIERS and i + 1 < hi and doc[i + 1].lower_ in TIME_NOUNS
        ):
            i += 1
            continue
        medium = media_pattern().match(text, t.idx) if t.lower_ in word_set("medium_starts") else None
        if medium:
            end_char = medium.end()
            while i < hi and doc[i].idx < end_char:
                i += 1
            continue
        break
    return i


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def find_indirect(ctx: Context, claims: Claims) -> list[Draft]:
    """Drafts for reported speech in every sentence outside boilerplate and quotations; claims their cues."""
    doc, words = ctx.doc, ctx.words
    drafts = []
    table = cues()
    subjects: dict[int, tuple[int, int]] = {}  # a second cue of the same subject -> that subject
    for sent in doc.sents:
        stops = None  # where content ends in this sentence, found when first needed
        title = _title_case(words, sent.start, sent.end)
        for i in range(sent.start, sent.end):
            word = words[i]
            cue = table.get(word)  # lower case only: "State", "States" are no cues ...
            if cue is None and title and i > sent.start and word.istitle() and word.lower() in word_set("headline_cues"):
                cue = table[word.lower()]  # ... but in a title-case headline: "Trump Says He Will Win"
            according = word.lower() == "according" and i + 1 < sent.end and words[i + 1] == "to"
            if (cue is None and not according) or not claims.cue_free(i) or ctx.skipped(ctx.token_starts[i]):
                continue
            if not doc[i].whitespace_ and i + 1 < len(words) and words[i + 1] == "-":
                continue  # part of a compound: "counter-disinformation", "state-run"
            if not according and not (title and word.istitle()) and not _used_as_verb(ctx, i, sent.start, sent.end):
                continue
            if not according and cue.cls == "direct":
                continue  # manner-of-speaking verbs only attach to direct quotes
            if according:
                draft = _according(doc, sent, i, ctx.text)
            else:
                if stops is None:
                    stops = ClauseStops(doc, sent.start, _content_end(sent))
                draft = _reported(ctx, sent, i, cue.cls, stops, subjects.get(i))
            if draft is None:
                continue
            if draft.cue is not None:
                claims.take_cue(i)
            drafts.append(draft)
            second = _coordinated_cue(doc, ctx.token_at(draft.end - 1) + 1, sent.end)
            if second is not None:
                subjects[second] = draft.speaker  # "X said A and urged B": X urged too
    return drafts


def _title_case(words: list[str], start: int, end: int) -> bool:
    """Whether the sentence [start, end) is a title-case headline: five or more words, and
    every word of four or more letters capitalised ("Trump Says He Never Pledged To Kill ...")."""
    long = [w for w in words[start:end] if len(w) >= 4 and w.isalpha()]
    return len(long) >= 5 and all(w[0].isupper() for w in long)


PARENTHESIS_SPAN = 30  # tokens a parenthesis between content and a coordinated cue may take


def _coordinated_cue(doc: Doc, k: int, end: int) -> int | None:
    """The cue of "(,) and urged ..." right after content ending at token k, if any (after the
    writer's parenthesis: '“rapists” (although ...) and promised')."""
    if k < end and doc[k].text == "(":
        k = next((m + 1 for m in range(k + 1, min(end, k + PARENTHESIS_SPAN)) if doc[m].text == ")"), k)
    if k < end and doc[k].text == ",":
        k += 1
    if k + 1 < end and doc[k].lower_ in word_set("clause_conjunctions") and doc[k + 1].text in cues():
        return k + 1
    return None


def _used_as_verb(ctx: Context, i: int, lo: int, hi: int) -> bool:
    """Whether cue word i is a verb here: the tagger's tag (not after an article), else
    its neighbours.

    Without a parser: not after an article, possessive or number ("his remarks",
    "the report", "six states") or opening a compound noun ("think tank"), unless the number or quantifier is the subject of a
    form that is no noun ("Two in three said", "Many say"); a mostly-noun form ("states") only before "that" or a
    colon; a form that is also a noun needs a clause opener
    after it ("states that", "notes it"); an -ing form needs a comma (also before a closing
    mark), an auxiliary or a made document before it ("..., saying", "is telling", "issued a
    statement saying"), not "all precincts reporting".
    """
    words = ctx.words
    if _naming_participle(ctx, i, lo):
        return False
    before = words[i - 1].lower() if i > lo else ""
    if ctx.tagged:
        return ctx.doc[i].tag_.startswith("VB") and before not in word_set("articles")  # "a pledged delegate"
    contracted = before in {"’s", "'s"} and i - 2 >= lo and words[i - 2].lower() in {"he", "she", "who"}
    if (before in word_set("noun_markers") or before.isdigit()) and not contracted and not (
            (before in DETERMINERS - word_set("articles") or before.isdigit())
            and words[i] not in noun_forms() and not words[i].endswith("ed")):
        return False  # "his remarks", "the added benefit"; not "Two in three said", "many say"
    after = words[i + 1] if i + 1 < hi else ""
    if f"{words[i].lower()} {after.lower()}" in word_set("cue_compounds"):
        return False  # "the think tank": one noun
    if words[i] in word_set("noun_cues") and after.lower() not in {"that", ":"}:
        return False  # "in five states, effectively ...", "forcing states to pay"
    if words[i] in noun_forms() and not (
        after.lower() in word_set("clause_openers") or after.lower() in PRONOUNS or after[:1].isupper()
    ) or words[i] in noun_forms() and after.lower().rstrip(".") in titles():  # "state Sen. Jane Roe"
        return False
    if words[i].endswith("ing") and before not in word_set("before_ing_cues") \
            and document_verb(ctx.doc, i - 1, lo) is None and not (before in CLOSING and i - 2 >= lo and words[i - 2] == ","):
        return False  # not "all precincts reporting"; but '“A,” adding', "issued a statement saying"
    return True


NAMED_NOUN_SPAN = 4  # words of the noun phrase a naming participle follows


def _naming_participle(ctx: Context, i: int, lo: int) -> bool:
    """Whether frame cue i is a participle naming the noun before it ('performing a play called
    “Los Hijos de Trump”', 'slammed the tax loophole called an “inversion”'): a past form right
    after a lower-case noun whose article follows a word of the clause, a quotation right after
    it. Not 'what the editors called “A”' (a relative clause: the editors said it)."""
    words = ctx.words
    cue = cues().get(words[i].lower())
    if cue is None or cue.cls != "frame" or not words[i].endswith("ed") or i - 1 <= lo:
        return False
    k = i + 2 if i + 2 < len(words) and words[i + 1].lower() in word_set("articles") else i + 1
    if k >= len(words) or words[k] not in QUOTE_MARKS or not (words[i - 1].isalpha() and words[i - 1].islower()):
        return False
    for m in range(i - 1, max(lo, i - 1 - NAMED_NOUN_SPAN), -1):
        if words[m].lower() in word_set("articles"):
            before = words[m - 1]
            return m > lo and before.isalpha() and before.islower() and before not in word_set("relative_objects")
        if not words[m].isalpha():
            return False
    return False


def _glued(doc: Doc, j: int) -> bool:
    """Token j continues the word before it, with no space: "African-[-][Americans]", "co-[host]"."""
    return j > 0 and not doc[j - 1].whitespace_ and (doc[j].text == "-" or doc[j - 1].text == "-")


def _addressee_end(doc: Doc, start: int, end: int) -> int:
    """End of the addressee after "told": "the FT", "CNN", "Fox News", "reporters", "a reporter",
    "African-Americans" (hyphenated words are one)."""
    j = start
    if doc[j].lower_ in word_set("addressee_determiners"):
        j += 1
        if j < end and not doc[j].text[:1].isupper():
            j += 1  # "the newspaper", "a reporter"
            while j < end and _glued(doc, j):
                j += 1
            return j
    if j < end and doc[j].text[:1].isupper():
        while j < end and (doc[j].text[:1].isupper() or _glued(doc, j)):
            j += 1
        return j
    j = min(j + 1, end)
    while j < end and _glued(doc, j):
        j += 1
    return j


ADDRESSEE_SPAN = 14  # tokens an addressee and its adjuncts may take before the complement


def _complement_start(ctx: Context, start: int, end: int) -> int | None:
    """Where the complement of an addressee cue starts ("told reporters on Monday that A",
    "asked Trump whether A", "urged voters not to A"), or None when no complement opener
    follows the addressee within ADDRESSEE_SPAN tokens.

    The words before the opener must read as an addressee: no verb (by tag, or without
    tags an auxiliary or an -ed form), no quotation mark, no punctuation but commas; so
    "warned the economy would slow to a crawl" keeps its clause. "to" opens a complement
    only before a verb-like word ("to raise", not "to the court"). Not handled: a
    complement without an opener ("told reporters he would run"; see _addressee_end).
    """
    doc, words = ctx.doc, ctx.words
    openers, not_verbs = word_set("complement_openers"), word_set("auxiliaries") | word_set("articles") \
        | word_set("possessive_determiners") | word_set("addressee_objects")
    for k in range(start, min(end, start + ADDRESSEE_SPAN)):
        word = words[k].lower()
        if word in openers:
            if word == "that":  # a verb right after it makes it a relative pronoun ("the company that made")
                return None if k + 1 < end and _verb_like(ctx, k + 1) else k + 1
            if word != "to":
                return k
            nxt = words[k + 1] if k + 1 < end else ""
            if not (nxt.isalpha() and nxt.islower() and nxt not in not_verbs):
                return None  # "told it to the court"
            return k - 1 if k > start and words[k - 1].lower() == "not" else k
        if words[k] in QUOTE_MARKS or (doc[k].is_punct and words[k] not in {",", "'", "’"} and not _glued(doc, k)) \
                or _verb_like(ctx, k):
            return None
    return None


def _verb_like(ctx: Context, k: int) -> bool:
    """Token k is a verb: by its tag, or without tags an auxiliary or a lower-case -ed form."""
    if ctx.tagged:
        return ctx.doc[k].tag_.startswith(("VB", "MD"))
    word = ctx.words[k]
    return word.lower() in word_set("auxiliaries") or (word.endswith("ed") and word.islower())


class ClauseStops:
    """Where reported content ends: at the end of its clause, before the writer's words.

    Stops (outside quotation marks, after at least three words of content):
      ";"                               a new sentence in all but name
      ", citing ...", ", saying ..."    a participle clause
      ", which ...", ", who ..."        a relative clause, unless it closes with a comma
                                        and the content goes on (", which passed, would fail")
      ", while ...", ", but ...", ", according to ..."   the writer's next clause
      "and (<subject>) <cue>"           a second report ("and said", "and three-quarters said")
      " — a proposal he has raised"     a dash tail: the sentence's only spaced dash, before
                                        an appositive (two dashes bracket an aside in the
                                        content; "— and", "— including" go on with it)
      ", Reuters reported."             an attribution closing the sentence (nested: its source
                                        reports the whole clause before it)
    Not handled: a second clause without a cue (", and he appeared in Michigan").

    Found for every token of [lo, end) in one right-to-left pass, so that many cues in
    one long sentence cost linear time, not a scan to the sentence end per cue: per
    token k and whether k is entered inside quotation marks, the first stop at or
    after k. `after(start)` then reads the stop of content starting at `start`.
    """

    def __init__(self, doc: Doc, lo: int, end: int) -> None:
        self.lo, self.end = lo, end
        self.words = [t.text for t in doc[lo:end]]
        # first[quoted][k - lo]: the first stop at or after token k, entering k (un)quoted
        first = ([end] * (end - lo + 1), [end] * (end - lo + 1))
        conjunctions, table = word_set("clause_conjunctions"), cues()
        dashes = [k for k in range(lo + 1, end - 1) if self.words[k - lo] in DASHES and _spaced_dash(doc, k)]
        # the only dash of the sentence, before the writer's appositive ("— a proposal he made")
        tail_dash = dashes[0] if len(dashes) == 1 and doc[dashes[0] + 1].lower_ in word_set("dash_tails") else None
        fragment_ahead = False  # a quotation opens after k, with no cue before it
        for k in range(end - 1, lo, -1):
            text = doc[k].text
            here: list[int | None] = []  # the stop at k outside quotation marks, found once
            for entering in (False, True):
                quoted = entering
                if text in QUOTE_MARKS:
                    quoted = text in "“„«" or (text in {'"', "''"} and not quoted)
                    if quoted or doc[k - 1].text != ",":
                        first[entering][k - lo] = first[quoted][k + 1 - lo]
                        continue
                if quoted:
                    first[entering][k - lo] = first[quoted][k + 1 - lo]
                    continue
                if not here:
                    stop = k if text == ";" or k == tail_dash else end if k + 1 >= end \
                        else self._stop_at(doc, k, end, text, conjunctions, table)
                    if fragment_ahead and (text == "," or text in QUOTE_MARKS) and stop is not None:
                        stop = None  # mixed content runs on to its quoted fragment (", but she knows that “A”")
                    here.append(stop)
                first[entering][k - lo] = first[quoted][k + 1 - lo] if here[0] is None else here[0]
            if text in "“„«" or (text in {'"', "''"} and doc[k - 1].whitespace_):
                fragment_ahead = True
            elif text in table and table[text].cls in ("verb", "frame") or k in dashes:
                fragment_ahead = False  # ", adding that “A”": the fragment has a cue of its own
        self.first = first

    @staticmethod
    def _stop_at(doc: Doc, k: int, end: int, text: str, conjunctions, table) -> int | None:
        """The stop at token k (outside quotation marks, not the last token), or None."""
        nxt = doc[k + 1]
        if text == "," or text in QUOTE_MARKS:  # ', citing' or ',” citing' after a quoted fragment
            cut = k + 1 if text in QUOTE_MARKS else k
            word = nxt.text
            if word.endswith("ing") and word.islower() and word not in word_set("not_participles"):
                return cut
            then = doc[k + 2].lower_ if k + 2 < end else ""
            if word.lower() == "but" and then in word_set("contrast_phrases"):
                return None  # ", but not women": the same clause goes on
            if word.lower() == "even" and then == "though":
                return cut  # ", even though ...": the writer's concession
            if word.lower() in word_set("clause_tails") or (
                    word.lower() in word_set("relative_pronouns") and not _relative_closes(doc, k + 1, end)):
                return cut
            if text == "," and _trailing_attribution(doc, k, end, table):
                return cut
        if doc[k].lower_ in conjunctions:
            for m in range(k + 1, min(end, k + 8)):
                if doc[m].text in QUOTE_MARKS or doc[m].text in {".", ";", ":"}:
                    break
                cue = table.get(doc[m].text)
                if cue is not None and cue.cls in ("verb", "frame") and (m > k + 1 or doc[m].text != cue.lemma) \
                        and not _verb_before_cue(doc, k + 1, m):
                    return k - 1 if doc[k - 1].text == "," else k
        return None

    def after(self, start: int) -> int:
        """Token index where content starting at token `start` (at least `lo`) ends: the
        first stop three or more tokens on, or `end` when nothing stops it; sooner before a
        participle cue ("attacked Romney, calling him ..." leaves "Romney", too short to report)."""
        for k in range(start + 1, min(start + 3, self.end - 1)):
            if self.words[k - self.lo] == "," and _participle_cue(self.words[k + 1 - self.lo]):
                return k
        if start + 3 >= self.end:
            return self.end
        quoted = False  # the marks of the first words still open or close a quotation
        for k in range(start + 1, start + 3):
            text = self.words[k - self.lo]
            if text in QUOTE_MARKS:
                quoted = text in "“„«" or (text in {'"', "''"} and not quoted)
        return self.first[quoted][start + 3 - self.lo]


def _verb_before_cue(doc: Doc, start: int, m: int) -> bool:
    """Whether the words [start, m) between a conjunction and cue m hold a verb of their own,
    so that the cue sits in a coordinated verb phrase of the content ("and liked the way she
    responded"), not after a new subject ("and three-quarters said", "and officials have since
    said"). The cue's auxiliaries and adverbs right before it do not count. A verb: by its tag,
    or without tags a lower-case -ed word not after a determiner ("the retired general")."""
    j = m
    while j > start and (doc[j - 1].lower_ in word_set("auxiliaries") | SKIP or doc[j - 1].lower_ == "not"
                         or doc[j - 1].lower_.endswith("ly")):
        j -= 1
    tagged = doc.has_annotation("TAG")
    for t in doc[start:j]:
        if tagged and t.tag_.startswith(("VB", "MD")):
            return True
        if not tagged and t.text.islower() and t.text.endswith("ed") and not (
                t.i > start and doc[t.i - 1].lower_ in DETERMINERS):
            return True
    return False


TRAILING_SPEAKER = 6  # words of a speaker in an attribution closing the sentence
TRAILING_ADJUNCT = 4  # words after its cue ("on Tuesday", "in a statement")


def _trailing_attribution(doc: Doc, k: int, end: int, table: dict) -> bool:
    """Whether the comma at token k opens an attribution that closes the sentence: a few
    words of speaker, a reporting verb, a few words more (", Reuters reported.", ", the
    company said on Tuesday."), so that content before it ends at the comma. Looks at a
    bounded number of tokens."""
    for m in range(k + 2, min(end, k + 2 + TRAILING_SPEAKER)):
        if doc[m].is_punct:
            return False
        cue = table.get(doc[m].text)
        if cue is not None and cue.cls == "verb":
            return end - m <= TRAILING_ADJUNCT and not any(doc[x].is_punct for x in range(m + 1, end))
    return False


def _participle_cue(word: str) -> bool:
    """A cue's -ing form ("calling", "saying", "citing"), which reports content of its own."""
    return word.endswith("ing") and word in cues()


def _clause_stop(doc: Doc, start: int, end: int) -> int:
    """Where content starting at token `start` ends, before `end` (see ClauseStops); for one
    span only: content of many cues in one sentence reads one ClauseStops."""
    return ClauseStops(doc, start, end).after(start)


DASHES = frozenset({"—", "–", "―", "--", "-"})


def _spaced_dash(doc: Doc, k: int) -> bool:
    """Token k is a dash with spaces around it (" — ", " -- ", " - "), not a hyphen."""
    return doc[k].text in DASHES and bool(doc[k - 1].whitespace_) and bool(doc[k].whitespace_)


RELATIVE_SPAN = 40


def _relative_closes(doc: Doc, k: int, end: int) -> bool:
    """Whether the relative clause opening at token k closes with a comma after which
    the reported content goes on (", which passed on Monday, would fail"); a relative
    clause runs at most RELATIVE_SPAN tokens, so a sentence without commas costs no rescan."""
    for m in range(k + 1, min(end - 1, k + RELATIVE_SPAN)):
        if doc[m].text == ",":
            after = doc[m + 1].text
            return after.islower() and after.lower() not in word_set("clause_tails") and not after.endswith("ing")
    return False


CLOSING = {"”", '"', "''", "’"}  # closing quotation marks
_THREE_WORDS = re.compile(r"\s*\S+\s+\S+\s+\S")
_PUNCTUATION = ".,;:!?\"'“”‘’()[]"


# Right after the last fragment's closing mark: "and" opening the writer's next clause
# ("and he didn't", "and his administration has", "and generally impugning"), or the
# writer's parenthesis ('“rapists” (although he allowed ...)').
_WRITER_AFTER_MARK = re.compile(r",?\s+and\s+(?:he|she|they|his|her|their|it|its|\w+ly\s+\w+ing)\b|,?\s+\(")
FRAGMENT_CUTS = 4  # commas and dashes after the last fragment where the writer's tail is looked for
_NEXT_WORDS = re.compile(r"\s*(\S+)\s+(\S+)\s+(\S+)")  # matches wherever _THREE_WORDS does


def trim_after_fragment(ctx: Context, span: tuple[int, int]) -> tuple[int, int]:
    """Mixed content ends at the first comma or dash after its last quoted fragment, when
    the writer's words follow it (three or more):
      ', a charge that ...', ', as have ...', ', when ...'   an appositive or adverbial
                                                              tail (data/fragment_tails.txt)
      ', John said none ...'                                 a cue: another attribution
      ' — and he singled out ...', ' — saying ...'            after a dash, a new clause
      '“a nice guy” and he didn’t ...'                        "and" and a new subject
                                                              right after the mark
      ', implicitly putting ...'                             an adverb and a participle
    'was “a disaster,” citing the cost' ends at its participle in ClauseStops. Not cut:
    a list or a clause going on ('“King James” is a longtime, dedicated advocate',
    '“bomb the hell” out of terrorists, bring back waterboarding').
    """
    start, end = span
    last_mark = ctx.last_closer(start, end)
    if last_mark is None:
        return span
    if _WRITER_AFTER_MARK.match(ctx.text, last_mark + 1, end):
        return start, last_mark + 1  # 'calling him a “nice guy” and he didn’t ...'
    cut = ctx.first_cut(last_mark, end)
    for _ in range(FRAGMENT_CUTS):  # the first cuts after the fragment: linear time in a long sentence
        if cut is None or not _THREE_WORDS.match(ctx.text, cut[1], end):
            break
        words = [w.strip(_PUNCTUATION).lower() for w in _NEXT_WORDS.match(ctx.text, cut[1], end).groups()]
        dash = "," not in ctx.text[cut[0] : cut[1]]
        if words[0] in word_set("fragment_tails") or any(w in cues() and cues()[w].cls == "verb" for w in words) \
                or dash and (words[0] == "and" or words[0].endswith("ing")) \
                or words[0].endswith("ly") and words[1].endswith("ing"):  # ', implicitly putting ...'
            return start, cut[0]
        cut = ctx.first_cut(cut[1], end)
    return span


def _reported(ctx: Context, sent: Span, i: int, cls: str, stops: ClauseStops,
              subject: tuple[int, int] | None = None) -> Draft | None:
    """Draft for a cue verb at token i, or None when no speaker or no content.
    `stops`: the sentence's clause stops; `subject`: the speaker already found for the
    first of two coordinated cues."""
    doc, text = ctx.doc, ctx.text
    found = (*subject, "coordinated") if subject else find_speaker(doc, i, sent.start, sent.end, text)
    if found is None:
        return None
    # "X, the pollster, said CLAUSE": what follows the comma may be content, not an inverted
    # subject, and the name before the appositive the speaker (rules path only): read so
    # when the sentence opens with that name, or when the inverted reading finds no content
    named = _appositive(doc, i - 1, sent.start) if found[2] == "inverted" else None
    draft = None
    if named is not None and named[0] == sent.start and not ctx.parsed:
        draft = _around_speaker(ctx, sent, i, cls, stops, *named)
    if draft is None:
        draft = _around_speaker(ctx, sent, i, cls, stops, found[0], found[1])
    if draft is None and named is not None:
        draft = _around_speaker(ctx, sent, i, cls, stops, *named)
    if draft is None and found[2] == "parse":
        unparsed = find_speaker(doc, i, sent.start, sent.end, text, parse=False)
        if unparsed is not None and unparsed[2] == "inverted" and unparsed[:2] != found[:2]:
            draft = _around_speaker(ctx, sent, i, cls, stops, unparsed[0], unparsed[1])
    return draft


def _around_speaker(ctx: Context, sent: Span, i: int, cls: str, stops: ClauseStops,
                    s_start: int, s_end: int) -> Draft | None:
    """Draft for a cue verb at token i with its speaker at tokens [s_start, s_end), or None
    when it has no content (see _reported)."""
    doc, text = ctx.doc, ctx.text
    if s_start <= i < s_end:
        return None
    end = _content_end(sent)
    after = i + 1
    if s_start > i:  # inverted: "..., said Mr. Barrett, the lawyer for the agency."
        after = s_end
    lemma = cues()[doc[i].lower_].lemma
    complement = _complement_start(ctx, after, end) if lemma in word_set("addressee_cues") else None
    if complement is not None:  # "told reporters that ...", "urged voters to ...": skip the addressee
        after = complement
    else:
        if lemma == "tell" and after < end:
            after = _addressee_end(doc, after, end)
        after = _skip_adjuncts(doc, text, after, end)
        # "said (in Monday's meeting) that ...": skip "that", after at most a prepositional phrase
        that = next((k for k in range(after, min(end, after + ADDRESSEE_SPAN)) if doc[k].lower_ == "that"), None)
        infinitive = doc[after].lower_ == "to" and after + 1 < end and ctx.words[after + 1].isalpha() \
            and ctx.words[after + 1].islower() and ctx.words[after + 1] not in DETERMINERS  # "pledged to cut X, a move that"
        if that is not None and not infinitive and (
                that == after or doc[after].lower_ in PREPOSITIONS | word_set("that_lead_ins")) and all(
            doc[k].text not in QUOTE_MARKS and (not doc[k].is_punct or doc[k].text in {",", "'", "’"})
            for k in range(after, that)
        ):
            after = that + 1
    if after < end - 1 and ctx.words[after - 1] == "," and _participle_cue(ctx.words[after]):
        # "responded on Twitter, calling it “pathetic”", "denied, noting that A": content follows the participle
        after += 2 if ctx.words[after + 1].lower() == "that" else 1
        if _particle(ctx, after, end):
            after += 1  # ", calling on Congress to act"
    end = stops.after(after)
    agent = s_start > i and doc[s_start - 1].lower_ == "by"  # "when asked by X whether A"
    if s_start < i or agent:
        end = _subordinate_end(ctx, sent.start, min(s_start, i), after, end)
        end = _relative_end(ctx, s_start, s_end, after, end)
        if after < end and (ctx.words[after] == "to" or ctx.words[after] == "not" and ctx.words[after + 1] == "to"):
            end = _infinitive_end(ctx, after, end)
    trailing = min(s_start, i) > sent.start and doc[min(s_start, i) - 1].text in {",", "”", '"', "''"}
    clause = after > i + 1 and doc[after - 1].lower_ == "that"  # "saying that about 5,500 troops ..."
    if after < end and not trailing and not clause and (doc[after].lower_ in word_set("not_content_starts") and not (
            doc[after].lower_ == "about" and after + 1 < end and (doc[after + 1].like_num or doc[after + 1].lower_ == "half")
            and not doc[i].lower_.endswith("ing")) or (
            doc[after].lower_ == "to" and lemma in word_set("addressee_to_cues"))):  # (not "said about half of A ...", but ", adding about 12 miles")
        return None  # "warned about its report", "was reported by", "did not respond to"
    speaker_first = s_start < i or agent
    if speaker_first and trailing and after < end and not clause and _adjunct_only(doc, after, _content_end(sent)):
        speaker_first = False  # "CLAUSE, Roe said at the time.": the content is before the speaker
    if speaker_first and (end - after >= 3 or end - after == 2 and _short_content(ctx, s_start, s_end, i, after)):
        if after == i + 1 and _particle(ctx, after, end):
            after += 1  # "remarked upon the fact ...", "referred to her as “A”": the cue takes its preposition
        parts = [_chars(doc, after, end)]
        rule = Rule.CUE_THAT
        # "The economy, he said, is strong" / "Instead, Trump told CNN, his policy is ...": the
        # words before the speaker join when a comma also closes the attribution
        if s_start > sent.start + 1 and doc[s_start - 1].text == "," and any(
                ctx.words[k] == "," for k in range(i + 1, after)):
            parts.insert(0, _chars(doc, sent.start, s_start - 1))
            rule = Rule.PARENTHETICAL
            if doc[after].lower_ in WRITER_ADJUNCTS and doc[after - 1].lower_ != "that" and s_start - sent.start >= 4:
                # "A, he said, on condition of anonymity", "A, officials said, although ...": the
                # words after the attribution are the writer's adjunct; the content is A
                parts, rule = parts[:1], Rule.CLAUSE_THEN_CUE
    else:
        # "CLAUSE, X said." / "CLAUSE, said X.": content before the speaker
        first = min(s_start, i)
        if first - 1 <= sent.start or doc[first - 1].text not in {",", "”", '"', "''"} or (
                end - after > 6 and not _describes_speaker(doc, s_start, s_end, i, end)):
            return None
        stop = first - 1
        while stop > sent.start and (doc[stop - 1].is_punct and doc[stop - 1].text not in QUOTE_MARKS):
            stop -= 1
        if stop - sent.start < 3:
            return None
        parts = [(_quotation_sentence(ctx, sent.start), _chars(doc, sent.start, stop)[1])]
        rule = Rule.CLAUSE_THEN_CUE
    if ctx.parsed and rule == Rule.CUE_THAT:
        parts = _parsed_content(doc, i, rule, parts, after, end)
        parts[-1] = _object_end(ctx, i, after, parts[-1])
    if cls != "verb" and not any(ctx.has_mark(s, e) for s, e in parts) and not (
            rule == Rule.CUE_THAT and _names_object(ctx, i, end)):
        return None
    if rule == Rule.CUE_THAT and _object_not_statement(ctx, i, after, parts):
        return None  # "adds a critical voice", "added 292,000 jobs": no statement
    if rule == Rule.CUE_THAT and s_end - s_start == 1 and ctx.words[s_start].lower() == "that" and not clause \
            and lemma not in word_set("relative_cues") and ctx.words[after].lower() not in WH_OPENERS \
            and not (s_start > sent.start and ctx.words[s_start - 1].lower() in word_set("authored_documents")) \
            and not any(ctx.has_mark(s, e) for s, e in parts):
        # "a group that has pledged loyalty to ...", "groups that don't disclose their funds": as
        # without a parse (speakers._by_relative), a relative "that" reports only a clause; but
        # "a statement that accused the party of ..." reports what its author said
        return None
    parts[-1] = trim_after_fragment(ctx, parts[-1])
    if rule == Rule.CUE_THAT:
        parts[-1] = _trailing_quote(ctx, parts[-1])
    relative = _relative_object(ctx, s_start, sent.start) if rule == Rule.CUE_THAT else None
    if relative is not None:  # "a deal which he called “a disaster”": the pronoun is what was said
        if parts[-1][0] == doc[after].idx:  # "a bill that he said would fail": the verb is content
            while after - 1 > i and ctx.words[after - 1].lower() in word_set("auxiliaries"):
                after -= 1
            parts[-1] = (doc[after].idx, parts[-1][1])
        parts.insert(0, _chars(doc, relative, relative + 1))
        if cls == "frame":  # "what they called ''supermarkets,'' all-in-one shops": the name ends at its mark
            parts[-1] = _through_first_quotation(ctx, parts[-1])
    # the attribution (medium, addressee, date) lies between speaker and content
    first_char = doc[min(s_start, i)].idx
    attribution = (first_char, parts[-1][0]) if rule == Rule.CUE_THAT else (first_char, sent.end_char)
    return Draft(parts, rule, cls, cue=(i, i + 1), speaker=(s_start, s_end),
                 attribution=attribution)


def _short_content(ctx: Context, s_start: int, s_end: int, i: int, after: int) -> bool:
    """Whether a content of two words at `after` reports ("Roe denied those claims", "They said
    she could", "what the senators said was economic gerrymandering"): it opens with a word
    of data/short_content_openers.txt or follows a relative "what" before the speaker, and
    no negation stands between the speaker and the cue ("which does not disclose its finances")."""
    words = ctx.words
    what = s_start > 0 and words[s_start - 1].lower() == "what"
    return (what or words[after].lower() in word_set("short_content_openers")) and not any(
        w.lower() in word_set("negations") for w in words[s_end:i])


def _quotation_sentence(ctx: Context, start: int) -> int:
    """Where content ending the sentence of token `start` begins: at the sentence start, or,
    when that sentence opens inside a quotation begun in an earlier sentence of the
    paragraph ('The people “deserve better. That’s her,” said X'), at the start of the
    sentence where the quotation opens (its opening mark when it opens that sentence)."""
    char = ctx.doc[start].idx
    quoted = ctx.quotation_around(char)
    if quoted is None or quoted[0] >= char:
        return char
    opening = ctx.token_at(quoted[0] - 1)
    return ctx.doc[ctx.doc[opening].sent.start].idx


ADJUNCT_SPAN = 10  # tokens an adjunct after a cue may take
WH_OPENERS = word_set("wh_openers")  # "explains why ..."


def _adjunct_only(doc: Doc, start: int, end: int) -> bool:
    """Whether the words [start, end) after a cue are an adjunct that ends the sentence: a
    preposition, then a few words without a verb or a comma ("at the time", "during his
    campaign speech", "in an interview with the paper"). Without tags, a verb is an
    auxiliary or a lower-case -ed form."""
    if end - start > ADJUNCT_SPAN or doc[start].lower_ not in PREPOSITIONS - {"that", "who", "this", "as", "to", "for"}:
        return False
    return not any(t.text in {",", ";", ":"} or t.text in QUOTE_MARKS or t.lower_ in word_set("auxiliaries")
                   or t.tag_.startswith(("VBD", "VBZ", "VBP", "MD")) for t in doc[start:end])


# First words of the writer's adjunct after a parenthetical attribution ("A, he said, on
# condition of anonymity"; not "until", "because", "while", which go on with what was said).
WRITER_ADJUNCTS = word_set("writer_adjuncts")
SUBORDINATE_CUTS = 4  # commas after the content start where a subordinate clause may close


def _subordinate_end(ctx: Context, lo: int, s_start: int, after: int, end: int) -> int:
    """Where content ends when its speaker (or passive cue: "When asked by X whether A, Y
    said") at `s_start` opens a subordinate clause at the start of the
    sentence (or after a comma): "While he has said A, his administration B", "Even as Roe
    said A, B", "Last month, when I asked Roe if A, he B": at the first comma outside
    quotation marks, which closes the subordinate clause. Not handled: a subordinate clause
    whose content holds a comma of its own ("When Roe said A, B and C, D")."""
    doc = ctx.doc
    k = s_start - 1
    even_as = k - 1 >= lo and doc[k].lower_ == "as" and doc[k - 1].lower_ == "even"
    if k < lo or doc[k].lower_ not in word_set("subordinators") and not even_as:
        return end
    opening = k - 1 if k - 1 >= lo and doc[k - 1].lower_ in {"even", "ever", "and", "but"} else k
    if not (opening == lo or opening - 1 >= lo and doc[opening - 1].text == ","):
        return end  # "Roe left when he said A, B": the clause ends the sentence
    return _first_comma(ctx, after, end, verb_after=False)


def _first_comma(ctx: Context, after: int, end: int, verb_after: bool) -> int:
    """Token index of the first comma outside quotation marks among the first few cuts of
    content [after, end) (`end` when none): where a clause closes. `verb_after`: only a
    comma before a lower-case verb ("who says A, tweeted that B")."""
    doc = ctx.doc
    start, stop = doc[after].idx, doc[end - 1].idx + len(doc[end - 1])
    cut = ctx.first_cut(start, stop)
    # a comma closing a quoted fragment ('had been “hacked,” experts said') is no cut of its own
    k = bisect.bisect_left(ctx.closers, start)
    closing = next((c for c in ctx.closers[k : k + SUBORDINATE_CUTS] if c < stop and ctx.text[c - 1] == ","), None)
    if closing is not None and (cut is None or closing - 1 < cut[0]):
        cut = (closing - 1, closing)
    for _ in range(SUBORDINATE_CUTS):  # the first few cuts: linear time in a long sentence
        if cut is None:
            break
        if ctx.text[cut[0]] == "," and (ctx.quotation_around(cut[0]) is None or cut[1] == closing):
            comma = ctx.token_at(cut[0])
            if cut[1] == closing:
                comma = ctx.token_at(closing) + 1  # the fragment keeps its closing mark
            if not verb_after:
                return comma if comma - after >= 2 else end
            nxt = ctx.words[comma + 1] if comma + 1 < end else ""
            if comma - after >= 2 and nxt.islower() and (nxt in cues() or _verb_like(ctx, comma + 1)):
                return comma
        cut = ctx.first_cut(cut[1], stop)
    return end


def _particle(ctx: Context, k: int, end: int) -> bool:
    """Token k, right after a cue, is the preposition the cue takes, not content: one of
    data/verb_particles.txt, "to" only before a determiner or pronoun ("referred to her",
    not "promised to cut"), and not before "that" ("spoke of that")."""
    word = ctx.words[k].lower()
    if k + 2 >= end or word not in word_set("verb_particles"):
        return False
    nxt = ctx.words[k + 1].lower()
    if nxt == "that":
        return False
    return word != "to" or nxt in word_set("articles") | word_set("possessive_determiners") | word_set(
        "object_pronouns")


def _infinitive_end(ctx: Context, after: int, end: int) -> int:
    """An infinitive content ("vowed to ban X", "urged them to raise Y") ends at its first
    comma when the writer's words follow: a participle or past form ("declined ...",
    "based on ..."), a subordinator, an article or "and" ("a requirement that ...", "after
    he introduced ..."), or a name and a cue ("Stovall said"). A list of verbs goes on
    ("to enact reform, fix the system"), and so does a relative clause that closes."""
    comma = _first_comma(ctx, after, end, verb_after=False)
    if comma >= end - 1 or ctx.words[comma] != ",":
        return end
    nxt = ctx.words[comma + 1]
    writer = nxt.lower() in word_set("subordinators") | {"after", "before", "a", "an", "and"} \
        or nxt.islower() and nxt.endswith("ed") \
        or nxt[:1].isupper() and any(w in cues() for w in ctx.words[comma + 2 : min(end, comma + 5)])
    return comma if writer else end


def _through_first_quotation(ctx: Context, span: tuple[int, int]) -> tuple[int, int]:
    """`span` cut after the closing mark of its first quotation, when the span goes on after it."""
    start, end = span
    k = bisect.bisect_left(ctx.inside, (start, -1))
    if k == len(ctx.inside) or ctx.inside[k][1] >= end - 1:
        return span
    close = ctx.inside[k][1]
    close += 2 if ctx.text.startswith("''", close) else 1
    return (start, close) if close < end else span


def _relative_end(ctx: Context, s_start: int, s_end: int, after: int, end: int) -> int:
    """Where content ends when its speaker is a relative pronoun after a comma: the relative
    clause closes at a comma before the main clause's verb ("Roe, who says A, tweeted B")."""
    doc = ctx.doc
    if s_end - s_start != 1 or doc[s_start].lower_ not in {"who", "which"} or s_start == 0 \
            or doc[s_start - 1].text != ",":
        return end
    return _first_comma(ctx, after, end, verb_after=True)


def _describes_speaker(doc: Doc, s_start: int, s_end: int, i: int, end: int) -> bool:
    """Whether the words after an inverted speaker describe it: "CLAUSE, said Larry Sabato,
    director of the center." / "..., said a spokesman for the ministry, Oleg Voloshyn." A comma
    or a role preposition follows the speaker, and no cue or quotation mark comes before `end`
    (", adding that ..." reports a second statement)."""
    if not (i < s_start and s_end < end and (doc[s_end].text == "," or doc[s_end].lower_ in (
            word_set("role_prepositions") | {"who"}))):  # "..., said a handful of Democrats who ..."
        return False
    return not any(t.text in cues() or t.text in QUOTE_MARKS for t in doc[s_end:end])


QUANTITY_STARTS = word_set("quantity_starts")


def _object_not_statement(ctx: Context, i: int, after: int, parts: list[tuple[int, int]]) -> bool:
    """Whether the content after cue i is a noun object that a cue of data/clause_only_cues.txt
    takes in another sense ("adds a critical voice", "adding 151,000 jobs", "threatening losses",
    "conceding the race"), with no quotation mark in it. With a parse: the cue has a direct
    object and no clausal complement; without one: the content opens with a number or an amount
    ("added around 292,000 jobs", "add up to $1.5 trillion"), no noun object being told from a
    clause's subject."""
    doc = ctx.doc
    if cues()[doc[i].lower_].lemma not in word_set("clause_only_cues") or doc[after - 1].lower_ == "that" \
            or any(ctx.has_mark(s, e) for s, e in parts):
        return False
    if ctx.parsed:
        deps = {c.dep_ for c in doc[i].children}
        return "dobj" in deps and not deps & {"ccomp", "xcomp", "parataxis"}
    first = doc[after]
    return first.like_num or first.lower_ in QUANTITY_STARTS or first.text[:1] in QUANTITY_STARTS


AS_SPAN = 8  # tokens between "described" and its "as"


def _names_object(ctx: Context, i: int, end: int) -> bool:
    """Whether frame cue i names its object: "She called him a misogynist", "critics call it
    a mouthpiece", "The campaign called the charges unsubstantiated" (with a parse), "Allies
    described it as a serious lapse".

    With a parse: the cue has an object and an object predicate (or "as") after it. Without
    one: an object pronoun, then "a"/"an" (not "called it a day"); for "describe", an "as"
    within AS_SPAN words with no punctuation before it. Not handled without a parse: a noun
    object of "call" ("called the charges false"), which reads like "called the police".
    """
    doc, words = ctx.doc, ctx.words
    describe = cues()[words[i].lower()].lemma == "describe"
    if ctx.parsed:
        deps = {c.dep_ for c in doc[i].children if c.i > i}  # not "what officials called a crime"
        return "dobj" in deps and ("oprd" in deps or describe and any(
            c.lower_ == "as" for c in doc[i].children if c.i > i))
    if describe:
        for k in range(i + 2, min(end - 1, i + 2 + AS_SPAN)):
            if words[k] == "as":
                return True
            if doc[k].is_punct or words[k] in QUOTE_MARKS:
                return False
        return False
    return i + 3 < end and words[i + 1].lower() in word_set("object_pronouns") \
        and words[i + 2].lower() in {"a", "an"} and words[i + 3].lower() != "day"


def _trailing_quote(ctx: Context, span: tuple[int, int]) -> tuple[int, int]:
    """'said on Twitter, in reference to her child, “Next summer, ...”': content whose last
    words are a quoted sentence opened after a comma is that quotation; what comes before
    it tells where and about what it was said. After a colon the words before are content
    too ('said the same thing at every stop: “It's not about me”')."""
    start, end = span
    quoted = ctx.quotation_around(end - 1) or ctx.quotation_around(end - 2)
    if quoted is None or quoted[0] <= start + 1 or not ctx.text[quoted[0] : quoted[0] + 1].isupper():
        return span
    before = ctx.text[max(start, quoted[0] - 4) : quoted[0]].rstrip(" '\"“„«")  # a few characters: linear
    return (quoted[0], end) if before.endswith(",") else span


def _relative_object(ctx: Context, s_start: int, lo: int) -> int | None:
    """The relative pronoun right before the speaker that stands for part of the reported
    content ("the deal, which he called “a disaster”", "what aide Kevin Phillips called
    “a new era”", "a plan that experts say is sound"), as annotators take it. Not after a
    cue ("says what he believes"); but for "what", not after a verb or preposition ("he
    knew that she said", "in which he said"); "that" with tags only after a noun. Not
    handled: without tags, the complementiser after an adjective ("he was sure that she
    said ...")."""
    k = s_start - 1
    if ctx.words[s_start].lower() == "what":
        k = s_start  # "what aide Kevin Phillips called": the parse took "what" into the subject
    elif k - 1 > lo and ctx.words[k].islower() and ctx.words[k] in titles():
        k -= 1  # "what aide Kevin Phillips called": a title the speaker span left out
    if k <= lo or ctx.words[k].lower() not in word_set("relative_objects"):
        return None
    before, word = ctx.words[k - 1], ctx.words[k].lower()
    if before in cues() or word != "what" and (
            _verb_like(ctx, k - 1) or before.lower() in PREPOSITIONS | word_set("adverbial_openers")):
        return None  # "says what he believes", "he said that she", "in which he said" (not "led to what X called")
    if word == "that" and ctx.tagged and not ctx.doc[k - 1].tag_.startswith("NN"):
        return None  # a noun before it makes "that" relative ("the plan that experts say")
    return k


def _parsed_content(doc: Doc, i: int, rule: Rule, parts: list[tuple[int, int]],
                    first: int, last: int) -> list[tuple[int, int]]:
    """The clausal complement of the cue from the parse, when it lies where the rule looked.

    The parser knows where a reported clause ends ("said X and added Y" has two),
    so its ccomp subtree replaces the rules' sentence-end guess. `first`, `last`: the
    rules' content, tokens [first, last). The rules' start stays when the parse lost the
    clause's subject ("showed the party with the most votes won ...": a clause opening on its
    verb) or left out an opening adverbial ("says despite being an alumna, she plans ..."); the
    rules' end stays when the parse stopped inside a phrase, before a quoted fragment the
    sentence goes on to (_fragment_ahead), or where the clause goes on after a colon ('sent
    them all the same text: “Do you feel ...”'), which the parse leaves out and annotators
    keep; and the content opens before a colon the rules' content runs through ('said the
    same thing at every stop: “It's not about me”').
    """
    clause = next((c for c in doc[i].children if c.dep_ in ("ccomp", "parataxis")), None)
    if clause is None:
        return parts
    if cues()[doc[i].lower_].cls == "frame" and any(c.dep_ == "dobj" and c.i < clause.left_edge.i for c in doc[i].children):
        return parts  # 'called it “critical” that she speak': the object and its predicate are content
    start, end = clause.left_edge.i, clause.right_edge.i + 1
    while start < end and (doc[start].lower_ in {"that", ","} or doc[start].is_space):
        start += 1
    if start > first and rule == Rule.CUE_THAT:
        if doc[start].tag_.startswith(("VB", "MD")) and not any(c.dep_ in SUBJECTS for c in clause.children):
            return parts  # "show the $2 million she raised | is the most": the subject is elsewhere
        if start - 1 > first and doc[start - 1].text == ",":
            start = first  # "says despite being an alumna, she plans": the adverbial is content
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) \
            and doc[end - 1].text not in QUOTE_MARKS:
        end -= 1
    end = _clause_stop(doc, start, end)  # the parse joins relative clauses and tails to the clause
    if end - start < 3:
        return parts
    span = _chars(doc, start, end)
    k = start - 1
    while k > i and doc[k].text in QUOTE_MARKS:
        k -= 1
    if k > i and doc[k].text == ":" and doc[k].idx > parts[0][0]:
        span = (parts[0][0], span[1])  # 'said the same thing at every stop: “A”': the words before the colon too
    right_place = span[0] >= parts[0][0] - 1 if rule == Rule.CUE_THAT else span[1] <= parts[-1][1] + 1
    if right_place and span[1] < parts[-1][1] and (
            _ends_on_function_word(doc, end) or _breaks_phrase(doc, end) or _ends_at_fragment(doc, end)
            or _fragment_ahead(doc, first, end, last) or _goes_on_after_colon(doc, end)
            or _verb_phrase_of_cue(doc, i, end)):
        span = (span[0], parts[-1][1])  # "they’re fine with" ends inside a phrase: the parse broke off
    return [span] if right_place else parts


OBJECT_SPAN = 60  # tokens of a noun object where _object_end looks for its comma


def _object_end(ctx: Context, i: int, after: int, span: tuple[int, int]) -> tuple[int, int]:
    """With a parse, content that is the cue's noun object, not a clause, ends at its first
    comma or spaced dash outside quotation marks: the writer's words follow ("mentioned Roe, |
    who trailed ...", "praised the remarks, | but also used them ...", "predicted a weak quarter,
    | at least by ..."). Not at a comma before an appositive of the object itself ("mentions Jane
    Roe, the one inmate whose ...") or a list going on ("touted her plans to build roads, expand
    schools, and ..."), nor at a dash opening an aside another dash closes. Content after "that",
    or with a clausal complement of the cue, keeps its end."""
    doc = ctx.doc
    start, stop = span
    if after >= len(doc) or doc[after].idx != start or doc[after - 1].lower_ == "that" \
            or any(c.dep_ in ("ccomp", "parataxis", "xcomp") for c in doc[i].children):
        return span
    obj = next((c for c in doc[i].children if c.dep_ == "dobj" and c.left_edge.i == after), None)
    if obj is None:
        return span
    end = min(ctx.token_at(stop - 1) + 1, after + OBJECT_SPAN)  # a bounded scan: many cues, one long sentence
    appositives = {c.left_edge.i for c in obj.children if c.dep_ == "appos"}
    dashes = [k for k in range(after + 1, end - 1) if _spaced_dash(doc, k)]
    for k in range(after + 1, end - 1):
        if not (doc[k].text == "," or k in dashes[-1:] and len(dashes) == 1) \
                or ctx.quotation_around(doc[k].idx) is not None:
            continue
        if doc[k + 1].lower_ not in {"and", "or"} and doc[k + 1].dep_ != "conj" and k + 1 not in appositives:
            return (start, doc[k - 1].idx + len(doc[k - 1])) if k > after else span
    return span


SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
FRAGMENT_SPAN = 40  # tokens between a parsed clause's end and a quoted fragment
OWN_ATTRIBUTION = 6  # tokens after a fragment's closing mark where its own cue may stand


def _fragment_ahead(doc: Doc, first: int, end: int, last: int) -> bool:
    """Whether a quoted fragment opens between a parsed clause [first, end) and the rules'
    content end `last`, with no cue of its own before it (in the clause too) or right after its
    closing mark: "would direct ICE “to stop deportations”", "hopes to win, but she knows that
    “LeBron is king”", "the same text: ''Do you feel the bern?''" go on to it; "a fondness for
    leaders - ''He would have loved Stalin,'' Mr. Biden said - and", "while adding on climate,
    “I don't have any doubt”" do not. Looks at FRAGMENT_SPAN tokens either side of `end` at most."""
    table = cues()
    if any(t.text in table and table[t.text].cls in ("verb", "frame") for t in doc[max(first, end - FRAGMENT_SPAN) : end]):
        return False  # "while adding on climate, “I don't ...”": the fragment is the second cue's
    for k in range(end, min(last, end + FRAGMENT_SPAN)):
        text = doc[k].text
        if text in table and table[text].cls in ("verb", "frame"):
            return False  # ", and he added that “A”": the fragment is the next report's
        if text in {"“", "„", "«"} or text in {'"', "''"} and (k == 0 or doc[k - 1].whitespace_) \
                and not doc[k].whitespace_:
            close = next((m for m in range(k + 1, min(len(doc), k + FRAGMENT_SPAN)) if doc[m].text in CLOSING), None)
            if close is None:
                return False  # a long quotation, no fragment: its own statement
            for t in doc[close + 1 : min(len(doc), close + 1 + OWN_ATTRIBUTION)]:
                if t.text in {".", "!", "?", ";"} or t.text in QUOTE_MARKS or t.is_space:
                    break
                if t.text in table and table[t.text].cls == "verb":
                    return False  # "''He would have loved Stalin,'' Mr. Biden said"
            return True
    return False


def _verb_phrase_of_cue(doc: Doc, i: int, end: int) -> bool:
    """Whether the parse ended a clause [.., end) before "(,) and/but" and a verb phrase it
    attached to the cue i, with no subject of its own and no cue ("asserted that foreign
    entities gave money to the foundation, and in return received favors"): the clause's
    subject goes on with it, as annotators read it."""
    k = end
    if k < len(doc) and doc[k].text == ",":
        k += 1
    if k >= len(doc) or doc[k].lower_ not in {"and", "but"}:
        return False
    verb = next((c for c in doc[i].children if c.dep_ == "conj" and c.i > k), None)
    return verb is not None and verb.tag_.startswith("VB") and verb.text not in cues() \
        and not any(c.dep_ in SUBJECTS for c in verb.children)


def _breaks_phrase(doc: Doc, end: int) -> bool:
    """Whether the word after a parsed clause [.., end) continues its phrase: a noun or
    adjective right after it ("a hard line on Wall Street | excesses while ..."), not
    punctuation, a conjunction, a preposition or a relative word."""
    nxt = doc[end] if end < len(doc) else None
    return nxt is not None and nxt.is_alpha and nxt.tag_.startswith(("NN", "JJ")) and not nxt.is_title


def _ends_at_fragment(doc: Doc, end: int) -> bool:
    """Whether a parsed clause [.., end) ends with a quoted fragment the sentence goes on after
    ('aren’t “monolithic,” with some performing better'): the parse stops at the closing
    mark, where the rules' clause end (which already stops at ", citing", ", which" ...) does
    not."""
    def closing(token) -> bool:  # a straight mark closes when glued to the word before it
        return token.text in CLOSING_MARKS and (token.text in {"”", "»"} or not doc[token.i - 1].whitespace_)

    k = end
    while k < len(doc) and doc[k].text in {",", "."}:
        k += 1
    return closing(doc[end - 1]) or (k < len(doc) and closing(doc[k]))


def _goes_on_after_colon(doc: Doc, end: int) -> bool:
    """Whether a parsed clause [.., end) stops at a colon the sentence goes on after
    ('might be possible: “In business, ...”', 'was not to be taken seriously: His words were')."""
    return end + 1 < len(doc) and doc[end].text == ":" and not doc[end + 1].is_space


def _ends_on_function_word(doc: Doc, end: int) -> bool:
    """Whether a parsed clause [.., end) ends on a preposition, determiner or auxiliary,
    inside a phrase ("they’re fine with", "has to do"): a parse that broke off."""
    last = doc[end - 1]
    return last.tag_ in ("IN", "DT", "TO", "MD", "PRP$", "CC") or last.lower_ in word_set("auxiliaries") \
        or last.lower_ in {"do", "be", "have"}


def _according(doc: Doc, sent: Span, i: int, text: str | None = None) -> Draft | None:
    """Reported speech around "according to X" (before or after the clause); `text`: doc.text."""
    found = find_speaker(doc, i, sent.start, sent.end, text)
    if found is None:
        return None
    s_start, s_end, how = found
    end = _content_end(sent)
    if i <= sent.start + 1:
        if how == "parse" and (end - s_end < 4 or doc[s_end].text != ","):
            # "According to the AP, 571 of the delegates supported ...": the parse took the clause in
            found = find_speaker(doc, i, sent.start, sent.end, text, parse=False)
            if found is None:
                return None
            s_start, s_end, how = found
        after = s_end + 1 if s_end < end and doc[s_end].text == "," else s_end
        if end - after < 3:
            return None
        parts = [_chars(doc, after, end)]
    else:
        stop = i - 1 if doc[i - 1].text == "," else i
        parts = [_chars(doc, sent.start, stop)] if stop > sent.start else []
        if 0 < stop - sent.start <= OPENER_WORDS and doc[i - 1].text == "," and s_end + 3 < end \
                and doc[s_end].text == "," and _adverbial_opener(doc[sent.start].lower_):
            # "Over the long term, according to the CBO, deficits will rise": an opening adverbial,
            # then the clause reported; both parts are content
            parts.append(_chars(doc, s_end + 1, end))
        elif stop - sent.start < 3:
            return None
    return Draft(parts, Rule.ACCORDING_TO, cue=(i, i + 2), speaker=(s_start, s_end),
                 attribution=(doc[i].idx, doc[s_end - 1].idx + len(doc[s_end - 1])))


OPENER_WORDS = 6  # words an opening adverbial before a parenthetical "according to X" may take


def _adverbial_opener(word: str) -> bool:
    """Whether a sentence opening on `word` opens on an adverbial: a preposition ("Over the long
    term", "About 10 p.m.", "For Trump") or another adverbial opener (data/adverbial_openers.txt)."""
    return word in word_set("adverbial_openers") or word in {"about", "over", "around", "by", "for", "in"}


LABEL_PHRASE_WORDS = word_set("label_phrase_words")  # "Big Win For Bernie: ..." is a phrase, no name
# "Trump: Clinton should have congratulated me" (headline), "A: I came home ..." (interview).
LABEL = re.compile(r"(?:[^\S\n]*(?:[A-Z][\w.&’'-]*|[–—](?=[^\S\n]+[A-Z]))){1,8}:[^\S\n]+(?=\S)")  # (a dash: "EXCLUSIVE – Roe: ...")


def find_labels(ctx: Context, claims: Claims) -> list[Draft]:
    """Rule "label-colon": a paragraph opening with a title-case label and a colon quotes the label.

    Boilerplate paragraphs are skipped; labels claim no cue (they have none).
    """
    doc, text = ctx.doc, ctx.text
    drafts = []
    for (p_start, p_end), boilerplate in zip(ctx.paragraphs, ctx.boilerplate):
        if boilerplate:
            continue
        match = LABEL.match(text, p_start, p_end)
        if match is None:
            continue
        label = text[match.start() : match.end()].strip().rstrip(":")
        if label.lower() in word_set("not_label_speakers"):
            continue  # "Breaking: ...", "Editor's note: ..."
        if any(w.lower() in LABEL_PHRASE_WORDS for w in label.split()[1:]) or label.split()[0].lower() == "the":
            continue  # "Big Win For Bernie: ...", "The One Thing Both Sides Want: ...": a phrase, no speaker
        for dash in ("–", "—", " - "):
            if dash in label:  # "EXCLUSIVE – Roger Stone"
                label = label.split(dash)[-1].strip()
        if not label:
            continue
        label_start = text.index(label, match.start())
        speaker = doc.char_span(label_start, label_start + len(label), alignment_mode="expand")
        content_end = p_end
        while content_end > match.end() and text[content_end - 1] in " .":
            content_end -= 1
        if speaker is None or content_end - match.end() < 8:
            continue
        drafts.append(Draft([(match.end(), content_end)], Rule.LABEL_COLON,
                            speaker=(speaker.start, speaker.end), attribution=(label_start, match.end())))
    return drafts
