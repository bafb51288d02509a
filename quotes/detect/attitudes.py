"""Attributions with no reported clause: beliefs, intentions, documents and speech acts.

Rules (each names the Draft it makes):
  attitude    "Polls show her ahead", "She believes the plan works", "He wants to run":
              a cue of class belief, intention or document (cues.tsv); "find" and
              the others of evidence_cues.txt only with a poll, study or record as
              subject ("The survey found ..."), and without a tagger a document cue
              right after such a noun is a verb ("Numbers show more than ...")
  speech-act  "The campaign declined to comment", "Roe called for an inquiry",
              "The senator criticized the plan": a cue of class act or a two-word
              cue (phrase_cues.tsv). Speech verbs are the indirect pass's; frame
              cues ("called", "attacked") still need a quoted fragment there
              (unquoted, most were not attributions on the dev set), but those of
              unquoted_frames.txt report a phrase here too ("described the probe
              as a security review").
The speaker is the subject before the cue, in its sentence (find_speaker); the
content runs from after the cue (its particle, time words, a medium phrase and
"that" stepped over) to the end of its clause (indirect.ClauseStops); a phrase
content (no "that", a cue other than belief and document) ends before a time,
place or medium adjunct, and with a dependency parse with the verb's last
complement (object, clausal or predicative complement, the particle's object, a
"for", "as", "by" or "over" phrase: "criticized Roe for the delay");
a phrase cue with no complement makes nothing. The attribution type comes from
the cue's class.
Not handled: cues after their content ("..., polls show"), passives ("is
expected to"), nouns as cues ("his plan to ...", "calls from X"), subjects in
another sentence.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from quotes.detect.claims import Claims
from quotes.detect.context import Context
from quotes.detect.draft import Draft
from quotes.detect.indirect import ClauseStops, _content_end, _skip_adjuncts, _title_case, _used_as_verb
from quotes.detect.lexicon import NOT_SPEECH, Cue, cues, media_pattern, phrase_cues, word_set
from quotes.detect.rules import Rule
from quotes.detect.speakers import QUOTE_MARKS, TIME_MODIFIERS, TIME_NOUNS, find_speaker

# Dependency labels of a verb's complements: what it takes, not where or when; a "for", "as",
# "by" or "over" phrase also counts ("criticized Roe for the delay", "cited the vote as a
# reason", "attacked Roe by accusing her of ...", "criticized Roe over her remarks").
COMPLEMENTS = {"dobj", "ccomp", "xcomp", "attr", "oprd", "acomp", "dative"}
BE = word_set("be_inflections")
CLITIC_BE = word_set("clitic_be")  # "is" after a pronoun ("he’s expected to"), else a possessive ("Roe’s")
FIRST_SECOND = word_set("first_second_pronouns")
POSSESSIVES = word_set("possessives")
NEGATIONS = word_set("negations")
SUBORDINATORS = word_set("clause_subordinators")  # "After the court refused to act, Roe appealed."
MONTHS = word_set("months")


def find_attitudes(ctx: Context, claims: Claims) -> list[Draft]:
    """Drafts for attitude and speech-act cues no earlier pass claimed; claims their cues."""
    doc, words = ctx.doc, ctx.words
    drafts = []
    table, phrases = cues(), phrase_cues()
    for sent in doc.sents:
        stops = None  # where content ends in this sentence (indirect.ClauseStops), found when first needed
        title = _title_case(words, sent.start, sent.end)
        for i in range(sent.start, sent.end):
            # a two-word cue first ("called for"), else the word alone (lower case only)
            cue = phrases.get((words[i], words[i + 1])) if i + 1 < sent.end else None
            headline = title and cue is None and i > sent.start and i + 1 < sent.end and words[i].istitle() \
                and words[i + 1].istitle() and phrases.get((words[i].lower(), words[i + 1].lower())) is not None
            if headline:  # a two-word cue in a title-case headline: "Democrats Call For Action"
                cue = phrases[words[i].lower(), words[i + 1].lower()]
            cue_end = i + 2 if cue is not None else i + 1
            if cue is None:
                cue = table.get(words[i])
            if cue is None or cue.cls in ("verb", "direct") or cue.cls == "frame" and words[i].lower() not in word_set("unquoted_frames") or not claims.cue_free(i) or ctx.skipped(ctx.token_starts[i]):
                continue
            if claims.covers(ctx.token_starts[i]):
                continue  # inside content already reported ("They want safe homes" in an answer)
            if i > sent.start and words[i - 1] == "-" and not doc[i - 1].whitespace_:
                continue  # the end of a compound: "long-term", "first-term"
            if not (headline or _verb_here(ctx, i, sent, two_words=cue_end > i + 1) or _after_evidence(ctx, i, sent, cue)):
                continue
            if stops is None:
                stops = ClauseStops(doc, sent.start, _content_end(sent))
            draft = _attitude(ctx, sent, i, cue_end, cue, stops)
            if draft is not None:
                claims.take_cue(i)
                drafts.append(draft)
    return drafts


def _after_evidence(ctx: Context, i: int, sent: Span, cue: Cue) -> bool:
    """Without a tagger, a document cue right after an evidence noun is a verb even before
    a word that is no clause opener ("Numbers show more than ...", "polls show Roe ahead")."""
    return not ctx.tagged and cue.cls == "document" and i > sent.start \
        and ctx.words[i - 1].lower() in word_set("evidence_nouns")


def _verb_here(ctx: Context, i: int, sent: Span, two_words: bool) -> bool:
    """Whether the cue at token i is a verb: as for indirect cues; a two-word cue without a
    tagger needs only no article or possessive before it ("the calls for", "her calls for")."""
    if two_words and not ctx.tagged:
        return i == sent.start or ctx.words[i - 1].lower() not in word_set("noun_markers")
    return _used_as_verb(ctx, i, sent.start, sent.end)


def _attitude(ctx: Context, sent: Span, i: int, cue_end: int, cue: Cue, stops: ClauseStops) -> Draft | None:
    """Draft for the cue at tokens [i, cue_end): subject before it, content after it.
    `stops`: the sentence's clause stops (its content end is `_content_end(sent)`)."""
    doc, text = ctx.doc, ctx.text
    found = find_speaker(doc, i, sent.start, sent.end, text) or _evidence_subject(ctx, i, sent.start)
    if found is None:
        return None
    s_start, s_end, _ = found
    if s_end > i:
        return None  # inverted ("..., said X") or around the cue: the indirect pass's case
    if doc[s_start].lower_ in FIRST_SECOND and s_end - s_start == 1:
        return None  # "I think", "you know": the words of unmarked speech, not an attribution
    if doc[i].lower_ in word_set("evidence_cues") and not any(
            t.lower_ in word_set("evidence_nouns") for t in doc[s_start:s_end]):
        return None  # "Roe found a seat": only a poll, study or record finds what it reports
    between = {t.lower_ for t in doc[s_end:i]} | {
        "is" for t in doc[max(s_end, 1) : i] if t.lower_ in CLITIC_BE and doc[t.i - 1].lower_ in word_set("person_pronouns") | {"it", "that", "there", "who"}}
    if between & BE and not doc[i].lower_.endswith("ing"):
        return None  # a passive ("is expected to", "was called for"): no holder is named
    if between & NEGATIONS and cue.cls != "belief":
        return None  # "did not endorse a candidate": no act to report
    if doc[sent.end - 1].text == "?" or doc[_content_end(sent) - 1].text == "?":
        return None  # a question ("Do you support ...?") reports no view
    if s_start > sent.start and doc[s_start - 1].text in {",", "”", '"', "''"} and not _opener(doc, sent.start, s_start):
        return None  # "CLAUSE, X thinks": content before the cue, not after
    end = _content_end(sent)
    if cue_end >= end or doc[cue_end].is_punct and doc[cue_end].text not in QUOTE_MARKS:
        return None  # no object ("the deal she supported, like ...", "Trump declined, even though")
    if cue_end > i + 1 and doc[cue_end].lower_ in {"in", "at", "on", "during", "with", "when", "while"}:
        return None  # a stranded particle: "the change the party warned about in its report"
    after = _skip_adjuncts(doc, text, cue_end, end)
    if after < end and doc[after].lower_ == "that":
        after += 1
    end = stops.after(after)
    end = next((k for k in range(after + 1, end - 1) if doc[k].text in {",", "—", "–", "-", "--", "("}
                and doc[k + 1].lower_ in word_set("phrase_stops") | {"—", "–"}), end)
    if cue.cls not in ("belief", "document") and (after == cue_end or doc[after - 1].lower_ != "that"):
        # a phrase, not a clause: it ends before adjuncts, and with a parse at the last complement
        end = _phrase_end(doc, text, after, end)
        if any(t.lower_ in SUBORDINATORS for t in doc[sent.start : s_start]):
            # the cue is in a subordinate clause: its content ends at the comma closing it
            end = next((k for k in range(after + 1, end) if doc[k].text == ","), end)
        if ctx.parsed:
            end = _last_complement(doc, i, cue_end, after, end)
    if after >= end or doc[after].is_punct and doc[after].text not in QUOTE_MARKS:
        return None  # nothing after the cue ("Trump declined, even though ...")
    if doc[after].lower_ in word_set("not_content_starts") or doc[after].lower_ == "to" and (
            cue.lemma in word_set("addressee_to_cues") or cue.cls in ("belief", "document")):
        return None  # "thought about", "did not respond to", "support to": no content of its own
    if any(t.lower_ in POSSESSIVES and doc[t.i - 1].lower_ != "of" for t in doc[s_start + 1 : s_end]):
        return None  # "gave her full support": a possessive inside is an object, not a subject
    if not any(c.isalnum() for c in text[doc[after].idx : doc[end - 1].idx + len(doc[end - 1])]):
        return None
    content = (doc[after].idx, doc[end - 1].idx + len(doc[end - 1]))
    rule = Rule.ATTITUDE if cue.cls in NOT_SPEECH else Rule.SPEECH_ACT
    return Draft([content], rule, cue.cls, cue=(i, cue_end), speaker=(s_start, s_end),
                 attribution=(doc[s_start].idx, content[0]))


EVIDENCE_SPAN = 4  # words an evidence subject's modifiers may take ("the State Department IG report")


def _evidence_subject(ctx: Context, i: int, lo: int) -> tuple[int, int, str] | None:
    """"The report found ...", "Reports indicate ...": an evidence noun right before the cue,
    with its determiner and capitalised or noun-marker modifiers, as the subject; the speaker
    scan stops at "report", itself a cue form. None when the word before is none."""
    words = ctx.words
    if i - 1 < lo or words[i - 1].lower() not in word_set("evidence_nouns"):
        return None
    start = i - 1
    while start - 1 >= lo and i - start <= EVIDENCE_SPAN and words[start - 1].isalpha() and (
            words[start - 1][:1].isupper() or words[start - 1].lower() in word_set("noun_markers")):
        start -= 1
        if words[start].lower() in word_set("noun_markers"):
            break  # "the", "a", "his": the phrase starts here
    return start, i, "evidence"


OPENER_SPAN = 20  # tokens an opening adverbial and its comma may take before the subject


def _opener(doc: Doc, start: int, subject: int) -> bool:
    """Whether the words from `start` to the comma before `subject` are an opening adverbial
    ("In July, the NAACP called for ...", "Instead, Will called for ..."), not a clause
    reported by the cue: a phrase opening with a preposition or sentence adverb ("In a video
    posted to her account on Monday, she criticized ...": openers that long were measured right)."""
    return subject - start <= OPENER_SPAN and doc[start].lower_ in (
        word_set("adverbial_openers") | word_set("subject_openers")) and doc[subject - 1].text == ","


def _phrase_end(doc: Doc, text: str, start: int, end: int) -> int:
    """A phrase content ends before a time, place or medium adjunct ("endorsed Roe in February",
    "called for more money in a statement on Thursday"; not "only" after an auxiliary: "his view
    that the tax will only hurt families") or an "and" or "but" that opens a verb phrase
    ("praised the plan but also had doubts", "slammed Roe and totally ignored Doe")."""
    for k in range(start + 1, end):
        t = doc[k]
        if t.lower_ in word_set("adjunct_starts") and doc[k - 1].lower_ not in word_set("auxiliaries") or t.lower_ in TIME_NOUNS or t.lower_ in MONTHS or (
                t.lower_ in TIME_MODIFIERS and k + 1 < end and doc[k + 1].lower_ in TIME_NOUNS | MONTHS) or (
                t.lower_ in word_set("medium_starts") and media_pattern().match(text, t.idx)) or (
                t.lower_ in ("and", "but") and _verb_phrase_after(doc, k + 1, end)):
            while k - 1 > start and (doc[k - 1].lower_ in TIME_MODIFIERS | {"in", ","}):
                k -= 1  # "in March", "last week", and a comma before the adjunct
            return k
    return end


COORDINATION_ADVERBS = word_set("coordination_adverbs")


def _verb_phrase_after(doc: Doc, k: int, end: int) -> bool:
    """Whether a verb phrase starts at token k (after "and", "but"): a lower-case past form
    or auxiliary, after an adverb of COORDINATION_ADVERBS or none ("also had", "totally ignored")."""
    if k < end and doc[k].lower_ in COORDINATION_ADVERBS:
        k += 1
    return k < end and doc[k].text.islower() and (
        doc[k].text.endswith("ed") or doc[k].lower_ in word_set("auxiliaries") or doc[k].lower_ in {"had", "used"})


def _last_complement(doc: Doc, i: int, cue_end: int, after: int, end: int) -> int:
    """End of the cue verb's last complement (at most `end`); `after` when it has none."""
    if cue_end > i + 1 and doc[cue_end - 1].dep_ == "mark" and doc[cue_end - 1].head.i > cue_end - 1:
        return end  # "calls for $1 trillion in spending to ...": the parse read "for X to Y" as a clause
    heads = [doc[i]] + ([doc[cue_end - 1]] if cue_end > i + 1 else [])  # the verb and its particle
    last = max((c.right_edge.i + 1 for h in heads for c in h.children
                if c.i >= cue_end and (c.dep_ in COMPLEMENTS or h.i != i and c.dep_ in ("pobj", "pcomp")
                                      or c.dep_ == "prep" and c.lower_ in ("for", "as", "by", "over"))),
               default=after)
    while last > after and (doc[last - 1].is_punct or doc[last - 1].is_space) \
            and doc[last - 1].text not in QUOTE_MARKS:
        last -= 1
    if after < last < end - 1 and (doc[last].text == ":" or doc[last].lower_ == "to" and doc[last + 1].tag_ == "VB"):
        return end  # "called for contestants | to wear ...", "repeated a point he has made | : that ...": the parse cut the object's complement off
    return min(last, end)
