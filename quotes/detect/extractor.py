"""From a Doc to `Quote` records: the passes, the joins, then speakers and details.

The whole algorithm, in order:
1. Read the Doc once into a `Context`: paragraphs (boilerplate ones, such as newsletter
   sign-ups and copyright lines, are skipped), quotations, token offsets.
2. Run the `PASSES` in order. Each `find(ctx, claims)` proposes drafts; a cue attributes
   one statement only, so a pass claims its cues and later passes skip them. Its `keep`
   policy says which drafts stay:
     direct     quoted passages with a cue before or after them (direct.py), a second
                quotation right after one continuing it (joins.py); all kept
     indirect   reported speech around a cue in every sentence (indirect.py); surest
                first, each kept unless it mostly overlaps a statement kept before it
                (one reporting another, 'X said CLAUSE, CNN reported', does not)
     labels     'Label: ...' paragraphs (find_labels in indirect.py); kept likewise
     attitudes  beliefs, intentions, documents and speech acts with phrase content
                ("polls show ...", "declined to comment"; attitudes.py); kept likewise
     passive    a report in the passive with its source as agent ("The plan was first
                reported by CNN"; passive.py); kept likewise
     openers    a participle clause of speech opening its sentence ("Noting that A, Roe
                added ..."; openers.py); kept likewise
     noun colon a speech noun with its author before a colon ("Carrier's message: A";
                noun_colon.py); kept likewise
     noun that  a claim noun with its author and a "that" clause ("Roe's claim that A";
                noun_that.py); kept likewise
     nested     the outer source of a kept statement ('“A,” X said, according to CNN'), whose
                content is the inner statement (nested.py); all kept
     fragments  quoted fragments around verbs the lexicon does not know (fragments.py);
                they look only at quotations no kept statement covers; all kept
3. Run the `JOINS` over all kept statements (joins.py): content stopping inside a
   quotation runs on to its closing mark, then the paragraph's next unclaimed
   quotation joins an attributed statement, and a paragraph continuing a quote whose
   attribution ended the previous paragraph becomes its last part, as does a paragraph of
   one unattributed quotation after a paragraph ending with reported speech.
4. Resolve speakers in document order, so pronouns and descriptions refer back
   (coref.py); a lede's description named in the next paragraph takes that name
   (`_delayed_name`), and an indefinite "a spokesperson" named later with that title takes
   that name (`_named_later`); read medium, addressee and date from the attribution (details.py),
   and emit `Quote` records in text order, direct/mixed/indirect by their marks.
Not handled: other statements whose speaker is named only in a later paragraph.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import NamedTuple, get_args

from spacy.tokens import Doc

from quotes.detect.attitudes import find_attitudes
from quotes.detect.claims import Claims
from quotes.detect.context import Context
from quotes.detect.coref import Resolver
from quotes.detect.details import details
from quotes.detect.direct import find_direct
from quotes.detect.draft import Draft
from quotes.detect.fragments import find_fragments
from quotes.detect.indirect import find_indirect, find_labels
from quotes.detect.joins import (
    continue_reported_paragraph,
    join_following_quotation,
    merge_continued_paragraphs,
    run_to_closing_mark,
)
from quotes.detect.lexicon import cue_of, titles, word_set
from quotes.detect.nested import find_nested
from quotes.detect.noun_colon import find_noun_colons
from quotes.detect.noun_that import find_noun_thats
from quotes.detect.openers import find_openers
from quotes.detect.passive import find_passive
from quotes.detect.records import CharSpan, Quote, SpeakerKind
from quotes.detect.speakers import UNNAMED_HEADS, dateline_at, describe


def keep_all(drafts: list[Draft], claims: Claims) -> None:
    """Every draft stays."""
    for draft in drafts:
        claims.keep(draft)


def keep_unless_overlapping(drafts: list[Draft], claims: Claims) -> None:
    """Surest first, a draft stays unless half of it lies in a statement already kept."""
    for draft in sorted(drafts, key=lambda d: -d.confidence):
        if not claims.overlaps(draft):
            claims.keep(draft)


class Pass(NamedTuple):
    find: Callable[[Context, Claims], list[Draft]]
    keep: Callable[[list[Draft], Claims], None]


PASSES: tuple[Pass, ...] = (
    Pass(find_direct, keep_all),
    Pass(find_indirect, keep_unless_overlapping),
    Pass(find_labels, keep_unless_overlapping),
    Pass(find_attitudes, keep_unless_overlapping),
    Pass(find_passive, keep_unless_overlapping),
    Pass(find_openers, keep_unless_overlapping),
    Pass(find_noun_colons, keep_unless_overlapping),
    Pass(find_noun_thats, keep_unless_overlapping),
    Pass(find_nested, keep_all),
    Pass(find_fragments, keep_all),
)
JOINS: tuple[Callable[[Context, list[Draft]], None], ...] = (
    run_to_closing_mark, join_following_quotation, merge_continued_paragraphs, continue_reported_paragraph)


def find_quotes(doc: Doc) -> list[Quote]:
    """Every statement in `doc` with its speaker, as `Quote` records in text order."""
    ctx = Context.of(doc)
    claims = Claims()
    for step in PASSES:
        step.keep(step.find(ctx, claims), claims)
    for join in JOINS:
        join(ctx, claims.drafts)
    return _resolve(ctx, sorted(claims.drafts, key=lambda d: d.start))


def _kind(ctx: Context, parts: list[CharSpan]) -> str:
    """direct / mixed / indirect from how many content letters lie inside quotation marks."""
    text = ctx.text
    quoted = unquoted = 0
    for s, e in parts:
        inside = 0
        k = max(0, bisect.bisect_right(ctx.inside, (s, float("inf"))) - 1)
        while k < len(ctx.inside) and ctx.inside[k][0] < e:  # the quoted spans meeting the part
            a, b = max(s, ctx.inside[k][0]), min(e, ctx.inside[k][1])
            inside += sum(map(str.isalnum, text[a:b])) if a < b else 0
            k += 1
        quoted += inside
        unquoted += sum(map(str.isalnum, text[s:e])) - inside
    if quoted == 0:
        return "indirect"
    return "direct" if unquoted == 0 else "mixed"


# A coordinating conjunction ending a content part after a comma or a closing mark.
_DANGLING_CONJUNCTION = re.compile(r"(?<=[,;”\"’])\s+(?:and|but|or|nor)$")
# A part's last word keeping its full stop: an initialism ("U.S.", "a.m.") or an initial ("J.").
_ABBREVIATION_END = re.compile(r"(?:\b(?:\w\.)+|\b[A-Z]\.)$")


def _without_sentence_punctuation(text: str, part: CharSpan) -> CharSpan:
    """A content part without the punctuation of the sentence around it: the comma, colon,
    semicolon or dash before an attribution ('“Turkey is a reliable partner,” he said') and
    the full stop ending the reporting sentence ('said that talks would resume.'), and a
    conjunction left dangling at its end ('a “decent man,” and'). Question
    and exclamation marks and ellipses stay: they belong to what was said. Not handled: an
    abbreviation outside data/final_abbreviations.txt ending the content loses its stop."""
    start, end = part
    dangling = _DANGLING_CONJUNCTION.search(text, start, end)
    if dangling and dangling.start() > start:
        end = dangling.start()  # 'Roe is a “decent man,” and': the writer's next clause began
    while end > start and text[end - 1] in " \t\n\u00a0,;:—–-":
        end -= 1
    if end - start > 1 and text[end - 1] == "." and text[end - 2] != ".":  # not an ellipsis
        last_word = text[start:end].rsplit(None, 1)[-1]
        if not _ABBREVIATION_END.search(last_word) and \
                last_word.rstrip(".") not in word_set("final_abbreviations"):
            end -= 1
    return (start, end) if end > start else part


def _after_dateline(text: str, parts: list[CharSpan]) -> list[CharSpan]:
    """Content opening a paragraph starts after its dateline: "LONDON (Reuters) - Acme will cut
    jobs, the company said" reports "Acme will cut jobs"."""
    start, end = parts[0]
    if start > 0 and text[start - 1] != "\n":
        return parts
    after = dateline_at(text, start)
    return [(after, end), *parts[1:]] if start < after < end else parts


SENTENCE_END = re.compile(r"[.!?][\"”’']?\s")


def _paragraph(text: str, char: int) -> int:
    """Where the paragraph around `char` starts."""
    return text.rfind("\n", 0, char) + 1


def _delayed_name(text: str, speakers: list[tuple[int, tuple]], resolved: dict[int, tuple]) -> None:
    """A lede that names its speaker late ("The transport secretary has ruled out ... /
    Speaking on radio, Lucy Roe said"; "Malawi's main opposition candidate said ... / Chikondi
    Roe said"): the article's first speaker, when an unresolved definite description of one
    person before any person speaks, is the person named as the first speaker in the next
    paragraph's first sentence; so is every speaker resolved to it. `speakers`: (position,
    resolved entry) in document order; the entries of `resolved` are replaced. Not handled:
    an indefinite source ("A senior official said" is someone else), a name given later on."""
    def definite(entry: tuple) -> bool:  # "the transport secretary", "Malawi's main candidate"
        mention, _, _, kind = entry
        words = mention.name.split()
        head = words[-1].lower() if words else ""
        return kind in ("unnamed", "description") and len(words) >= 2 and head in titles() | UNNAMED_HEADS \
            and not head.endswith("s") and (words[0].lower() == "the" or words[0].endswith(("’s", "'s")))

    # the first such description, before any person speaks
    first = next((k for k, (_, e) in enumerate(speakers) if e[3] == "person" or definite(e)), None)
    if first is None or speakers[first][1][3] == "person":
        return
    position, (mention, name, role, kind) = speakers[first]
    # the next paragraph with a speaker must name a person first
    later = [(p, e) for p, e in speakers[first + 1 :] if _paragraph(text, p) > _paragraph(text, position)]
    if not later or later[0][1][3] != "person" or len(later[0][1][1].split()) < 2:
        return
    opening = _paragraph(text, later[0][0])
    if text[text.find("\n", position) : opening].strip() or SENTENCE_END.search(text, opening, later[0][0]):
        return  # not in the next paragraph's first sentence
    person = later[0][1][1]
    for key, (m, n, r, k) in resolved.items():
        if (n, k) == (name, kind):
            resolved[key] = (m, person, r, "person")


def _named_later(speakers: list[tuple[int, tuple]], resolved: dict[int, tuple]) -> None:
    """An unnamed source named later in apposition ("A spokesperson for Gov. Jane Roe said ... /
    the spokesperson, Alicia Moreno, said"): an earlier unresolved indefinite mention whose head is
    a title is the person later named with that title alone, when one person has it in the article.
    Not handled: unnamed sources ("a senior official"), who stay unnamed.
    `speakers`: (position, resolved entry) in document order; entries of `resolved` are replaced."""
    def head(words: list[str]) -> str | None:  # "A spokesperson for ...": spokesperson
        for w in words[1:4]:
            low = w.lower().strip(",")
            if low in titles():
                return low
            if not w.isalpha() or not w.islower():
                return None
        return None

    named: dict[str, tuple[int, set[str]]] = {}  # role -> (where first named, who)
    for position, (mention, name, role, kind) in speakers:
        parts = [w.lower() for w in (role or "").split() if w.lower() != "the"]
        if kind == "person" and len(parts) == 1 and parts[0] in titles():
            first, people = named.setdefault(parts[0], (position, set()))
            people.add(name)
    if not named:
        return
    entries = {id(entry): key for key, entry in resolved.items()}
    for position, entry in speakers:
        m, n, r, k = entry
        words = m.name.split()
        if k != "unnamed" or n != m.name or not words or words[0].lower() not in {"a", "an"}:
            continue
        first, people = named.get(head(words) or "", (0, set()))
        if len(people) == 1 and position < first and id(entry) in entries:
            resolved[entries[id(entry)]] = (m, next(iter(people)), r, "person")


def _resolve(ctx: Context, drafts: list[Draft]) -> list[Quote]:
    """Turn drafts into Quotes: speaker names via coreference, details from the attribution."""
    if not drafts:
        return []
    doc, text = ctx.doc, ctx.text
    resolver = Resolver(doc, ctx.words, ctx.inside, ctx.text)
    resolved: dict[int, tuple] = {}
    ordered = sorted(drafts, key=lambda d: doc[d.speaker[0]].idx if d.speaker else d.start)
    for draft in ordered:
        if draft.follows is not None:
            continue
        mention = describe(doc, *draft.speaker)
        if not any(c.isalnum() for c in mention.name):
            continue  # only punctuation where a speaker should be
        position = doc[draft.speaker[0]].idx
        name, role, kind = resolver.resolve(mention, position)
        resolver.add(position, name, role, kind)
        resolved[id(draft)] = (mention, name, role, kind)
    _delayed_name(text, [(doc[d.speaker[0]].idx, resolved[id(d)]) for d in ordered if id(d) in resolved], resolved)
    _named_later([(doc[d.speaker[0]].idx, resolved[id(d)]) for d in ordered if id(d) in resolved], resolved)
    quotes = []
    for draft in drafts:
        source = draft
        while source.follows is not None:
            source = source.follows
        if id(source) not in resolved:
            continue
        mention, name, role, kind = resolved[id(source)]
        medium = addressee = when = None
        if source.attribution:
            medium, addressee, when = details(text[source.attribution[0] : source.attribution[1]])
        cue = None
        if source.cue:
            first, last = doc[source.cue[0]], doc[source.cue[1] - 1]
            cue = (first.idx, last.idx + len(last))
        cue_text = text[cue[0] : cue[1]].lower() if cue else None
        entry = cue_of(cue_text) if cue_text else None  # None for "according to" and unknown verbs
        lemma = "according to" if cue_text == "according to" else (entry.lemma if entry else None)
        s_first, s_last = doc[source.speaker[0]], doc[source.speaker[1] - 1]
        parts = tuple(_without_sentence_punctuation(text, part) for part in _after_dateline(text, draft.parts))
        quotes.append(Quote(
            content=(parts[0][0], parts[-1][1]),
            kind=_kind(ctx, draft.parts),
            type=entry.type if entry else "speech",
            parts=parts,
            cue=cue,
            cue_lemma=lemma,
            speaker=(s_first.idx, s_last.idx + len(s_last)),
            speaker_text=name,
            speaker_kind=kind if kind in get_args(SpeakerKind) else None,
            role=role,
            medium=medium,
            addressee=addressee,
            when=when,
            confidence=draft.confidence,
            rule=draft.rule.value,
        ))
    return quotes
