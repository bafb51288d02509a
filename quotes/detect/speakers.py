"""Who said it: the mention tied to a cue, and its name, role and kind.

With a dependency parse the mention is the subject of the cue verb (or the object
of "according to"); without one, rules over the tokens find the noun phrase just
before the cue (skipping adverbs, auxiliaries and time words, and stepping over an
appositive "X, the head of ..., said"), or after an inverted cue ("..., said X").
Not handled: speakers named only in a later sentence, and subjects longer than a
dozen words without commas (rules path).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from quotes.detect.lexicon import cues, organisation_words, titles

PRONOUNS = {"he", "she", "they", "we", "i", "it", "you"}
# Words skipped between a subject and its cue ("Zelenskiy also said", "has said").
SKIP = {
    "also", "has", "have", "had", "later", "earlier", "previously", "again", "then", "recently",
    "repeatedly", "once", "reportedly", "further", "would", "will", "did", "does", "do", "not",
    "n't", "never", "was", "is", "been", "publicly", "privately", "simply", "just", "flatly",
    "often", "frequently", "always", "still", "initially", "first", "finally", "openly",
    "explicitly", "strongly", "could", "might", "may", "should", "can", "even", "long",
}
# Adverbs stepped over besides SKIP and lower-case "-ly" words ("has not yet said").
ADVERBS = {"already", "yet", "outright", "now", "ever", "n't", "since", "instead", "too", "soon",
           "almost"}
# Lower-case "-ly" words that are nouns, not adverbs ("the family said").
LY_NOUNS = {"family", "assembly", "supply", "monopoly", "anomaly", "butterfly", "italy", "july"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
TIME_NOUNS = WEEKDAYS | {
    "week", "month", "year", "morning", "afternoon", "evening", "night", "weekend", "yesterday",
    "today", "tonight",
}
TIME_MODIFIERS = {"last", "this", "next", "on", "earlier", "late", "over", "the", "early"}
# Lower-case words that end a subject when met walking left from the cue.
BOUNDARY = {
    "that", "which", "who", "whom", "whose", "but", "or", "because", "as", "while", "when",
    "if", "so", "although", "though", "after", "before", "where", "than", "since", "until",
    "unless", "whether", "what", "how", "why", "to", "for", "with", "about", "by", "from",
    "into", "is", "are", "was", "were", "be", "not", "says", "said", "say", "at", "on", "during",
    "against", "over", "under", "through", "without", "within", "like", "if", "also", "then",
    "would", "will", "has", "have", "had", "did", "does", "do", "can", "could", "should", "may",
}
# Words that open a clause before its subject ("But", "However, ...", "And then he said").
CLAUSE_OPENERS = {"but", "and", "so", "yet", "however", "still", "then", "there", "instead",
                  "meanwhile", "also", "now", "later", "again", "indeed", "moreover", "separately"}
# Words that open an adverbial phrase ended by a comma ("After the vote, Roe said").
ADVERBIAL_OPENERS = {"at", "in", "on", "after", "before", "during", "with", "without", "since",
                     "despite", "when", "while", "as", "if", "although", "though", "because",
                     "for", "from", "by", "under", "over", "amid", "following", "until", "unlike",
                     "among", "through", "once", "whether", "where", "earlier", "last"}
# Words after a participle that opens a sentence ("Speaking to reporters, Roe said").
PARTICIPLE_OBJECTS = {"by", "about", "to", "at", "on", "in", "for", "with", "from", "after", "if",
                      "whether", "the", "a", "an", "his", "her", "their", "its", "last", "this"}
# Words that may open an inverted subject ("said the official", "said one of them").
DETERMINERS = {"the", "a", "an", "another", "one", "two", "three", "some", "several", "many"}
PREPOSITIONS = {"on", "in", "at", "during", "after", "before", "while", "when", "to", "for",
                "from", "with", "about", "as", "last", "this", "who", "that", "via", "over"}
QUOTE_MARKS = set("“”„«»\"‘’") | {"''", "``"}
SENTENCE_END = {".", "!", "?"}
# Capitalised words that open sentences without being names.
SENTENCE_OPENERS = {"the", "a", "an", "in", "on", "at", "but", "and", "as", "for", "when", "after",
                    "before", "it", "this", "that", "there", "while", "if", "he", "she", "they",
                    "we", "i", "his", "her", "their", "our", "its", "so", "yet", "still", "then"}
UNNAMED_HEADS = {"official", "officials", "source", "sources", "aide", "aides", "diplomat",
                 "diplomats", "person", "people", "insider", "insiders", "adviser", "advisers"}
ROLE_SYNONYMS = {"leader": {"president", "prime", "premier", "chancellor", "leader", "king"}}


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker mention: token span, the name written in it, its role and kind."""

    start: int
    end: int
    name: str  # the name or description as written, role removed
    role: str | None
    kind: str  # person, organisation, group, unnamed, pronoun, description


def is_word(token: Token) -> bool:
    return any(c.isalnum() for c in token.text)


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _stop_left(token: Token) -> bool:
    """True when a leftward subject scan must stop before `token`."""
    if "\n" in token.text:
        return True
    if token.is_space:
        return False
    if token.text in QUOTE_MARKS or (token.is_punct and token.text not in {"-", "&", "."}):
        return True
    if token.lower_ == "in":  # "The Defense Ministry in Moscow", not "in the speech"
        doc, i = token.doc, token.i
        hyphenated = i > 0 and doc[i - 1].text == "-"  # "commander-in-chief"
        return not hyphenated and (i + 1 >= len(doc) or not _capitalised(doc[i + 1]))
    doc, i = token.doc, token.i
    compound = not token.whitespace_ and i + 1 < len(doc) and doc[i + 1].text == "-"
    return token.lower_ in BOUNDARY or (token.lower_ in cues() and not compound)


def _adverb(token: Token) -> bool:
    """An adverb between a subject and its cue ("has already warned", "forcefully told")."""
    low = token.lower_.replace("’", "'")
    return low in ADVERBS or (
        low.endswith("ly") and len(low) >= 6 and low.isalpha() and token.text.islower()
        and low not in LY_NOUNS
    )


def _skip_left(doc: Doc, j: int, lo: int) -> int:
    """Step left over adverbs, auxiliaries and time expressions; return the new index.

    A time modifier ("this", "in the") is stepped over only when the time word after it was.
    """
    time = False
    while j >= lo:
        low = doc[j].lower_
        if low in TIME_NOUNS or low == "past" or (time and low in TIME_MODIFIERS | {"in", "past"}):
            time = True
        elif low in SKIP or _adverb(doc[j]):
            time = False
        else:
            break
        j -= 1
    return j


def _np_left(doc: Doc, end: int, lo: int, limit: int = 10) -> int:
    """Start of the noun phrase ending just before token `end` (== end when none)."""
    j = end - 1
    if j >= lo and doc[j].lower_ in PRONOUNS:
        return j
    while j >= lo and end - j <= limit and not _stop_left(doc[j]):
        if doc[j].text == ")":  # "Sen. Bernie Sanders (I-Vt.)"
            k = j
            while k > lo and doc[k].text != "(" and j - k < 6:
                k -= 1
            if doc[k].text == "(":
                j = k - 1
                continue
            break
        if doc[j].lower_ == "and" and not (
            j > lo and j < end - 1 and _capitalised(doc[j - 1]) and _capitalised(doc[j + 1])
        ):
            break
        if doc[j].lower_ in PRONOUNS and j < end - 1:
            break
        j -= 1
    start = j + 1
    # a list of places or bodies: "Kyiv, Washington and Seoul"
    while (
        start - 2 >= lo and doc[start - 1].text == "," and _capitalised(doc[start - 2])
        and any(t.lower_ == "and" for t in doc[start:end])
        and (start - 2 == lo or doc[start - 3].text in {",", "\n"} or doc[start - 3].is_sent_start)
    ):
        start -= 2
    while start < end and not is_word(doc[start]):
        start += 1
    return start


def _np_right(doc: Doc, start: int, hi: int, limit: int = 10, any_start: bool = False) -> int:
    """End of an inverted subject starting at `start` ("said [one of the officials]").

    `any_start` lets it open with a plain word ('“...,” said undecided voter X').
    """
    if start >= hi:
        return start
    first = doc[start]
    # "said last week", "said on Monday", "said the day before": time, not a speaker
    time = first.lower_ in TIME_MODIFIERS - {"the"} or first.lower_ in PREPOSITIONS or (
        start + 1 < hi and doc[start + 1].lower_ in TIME_NOUNS | {"day"})
    if first.lower_ in WEEKDAYS or time or not (
        any_start and first.is_alpha or first.lower_ in DETERMINERS | PRONOUNS or _capitalised(first)
    ):
        return start
    if first.lower_ in PRONOUNS:
        return start + 1
    j = start
    while j < hi and j - start < limit:
        t = doc[j]
        if t.is_space or t.text in QUOTE_MARKS or (t.is_punct and t.text not in {"-", "."}):
            break
        if j > start and (t.lower_ in PREPOSITIONS or t.lower_ in WEEKDAYS):
            break
        j += 1
    return j


def _clause_end(doc: Doc, j: int, hi: int) -> bool:
    """True when token j ends the clause (end, punctuation, quote mark or an adjunct)."""
    if j >= hi:
        return True
    t = doc[j]
    return t.is_punct or t.text in QUOTE_MARKS or t.lower_ in PREPOSITIONS or t.lower_ in WEEKDAYS


@dataclass(frozen=True, slots=True)
class Site:
    """Where a speaker is looked for: cue token `cue` of `doc`, inside [lo, hi).

    `before` is the last token before the cue once adverbs, auxiliaries and time
    words are stepped over (< lo when there is none).
    """

    doc: Doc
    cue: int
    lo: int
    hi: int
    before: int

    @property
    def comma(self) -> bool:
        """The cue follows a comma: "..., said X" / "X, the head of ..., said"."""
        return self.before >= self.lo and self.doc[self.before].text == ","

    @property
    def after_quote(self) -> bool:
        """The cue follows a closing quotation mark (and its comma): '“...,” said X'."""
        doc, j = self.doc, self.before
        return j < self.lo or doc[j].text in QUOTE_MARKS or (
            doc[j].text == "," and j - 1 >= self.lo and doc[j - 1].text in QUOTE_MARKS)

    @property
    def according(self) -> bool:
        return self.doc[self.cue].lower_ == "according"


TokenRange = tuple[int, int]


def _by_parse(site: Site) -> TokenRange | None:
    """The subject of the cue verb in the dependency parse (when there is one)."""
    if not site.doc[site.cue].dep:  # unparsed (Doc.has_annotation would scan the whole Doc)
        return None
    return _from_parse(site.doc[site.cue], site.lo, site.hi)


def _by_according(site: Site) -> TokenRange | None:
    """"according to X": the phrase after "to", up to punctuation."""
    doc, cue, hi = site.doc, site.cue, site.hi
    j = cue + 2
    while j < hi and j - cue <= 12 and not doc[j].is_space and (
        not doc[j].is_punct or doc[j].text in {"-", "."}) and doc[j].text not in QUOTE_MARKS:
        j += 1
    while j > cue + 2 and doc[j - 1].text == ".":
        j -= 1
    return (cue + 2, j) if j > cue + 2 else None


def _by_inversion(site: Site) -> TokenRange | None:
    """"..., said one of the officials" / '“...,” said Smith': the phrase after the cue."""
    doc, cue, hi = site.doc, site.cue, site.hi
    if not (site.comma or site.after_quote) or doc[cue].lower_.endswith("ing"):
        return None  # "..., saying the plan works": a participle has no inverted subject
    after_quote = site.after_quote
    end = _np_right(doc, cue + 1, hi, limit=14 if after_quote else 10, any_start=after_quote)
    if end <= cue + 1 or not _clause_end(doc, end, hi):
        return None
    head = doc[end - 2] if doc[end - 1].text == "." and end - 2 > cue else doc[end - 1]
    if not after_quote and doc[cue + 1].lower_ == "the" and (
            end < hi and not doc[end].is_punct or head.lower_ not in _role_heads()):
        return None  # "X, the head of Y, said the plan works": the object, not an inverted subject
    return cue + 1, end


@cache
def _role_heads() -> frozenset[str]:
    """Words that end a description of a speaker: titles, unnamed sources, organisations."""
    return titles() | organisation_words() | UNNAMED_HEADS


def _by_appositive(site: Site) -> TokenRange | None:
    """"X, the head of ..., said": the name before the appositives."""
    return _appositive(site.doc, site.before, site.lo) if site.comma else None


def _by_participle_subject(site: Site) -> TokenRange | None:
    """"Smith left, saying ...": the subject of the clause a participle hangs on."""
    if site.comma and site.doc[site.cue].lower_.endswith("ing"):
        return clause_subject(site.doc, site.lo, site.cue, past_opening=True)
    return None


def _by_left(site: Site) -> TokenRange | None:
    """"the foreign minister said": the noun phrase just before the cue."""
    if site.before < site.lo or site.comma:
        return None
    start = _np_left(site.doc, site.before + 1, site.lo)
    return (start, site.before + 1) if start <= site.before else None


def _by_coordinated_subject(site: Site) -> TokenRange | None:
    """"FBI officials were angered and predicted ...", "X continued by saying": the clause subject."""
    doc, j = site.doc, site.before
    if j < site.lo or site.comma:
        return None
    if doc[j].lower_ in {"and", "but"} or (doc[j].lower_ == "by" and doc[site.cue].lower_.endswith("ing")):
        return clause_subject(doc, site.lo, j, past_opening=True)
    return None


# Speaker finding, in order: the first strategy that finds a span names the speaker.
# "according to" has one strategy of its own; the others read the words around a verb.
STRATEGIES: tuple[tuple[str, Callable[[Site], TokenRange | None]], ...] = (
    ("parse", _by_parse),
    ("inverted", _by_inversion),
    ("appositive", _by_appositive),
    ("subject", _by_participle_subject),
    ("left", _by_left),
    ("subject", _by_coordinated_subject),
)
ACCORDING_STRATEGIES: tuple[tuple[str, Callable[[Site], TokenRange | None]], ...] = (
    ("parse", _by_parse),
    ("according", _by_according),
)


def find_speaker(doc: Doc, cue: int, lo: int, hi: int) -> tuple[int, int, str] | None:
    """Token span (start, end) of the speaker of cue token `cue` within [lo, hi), and how.

    "how" names the strategy that found it (see STRATEGIES): "parse" (subject from
    the parser), "according" (the phrase after "according to"), "inverted" ("said
    X"), "appositive" (stepping over ", ROLE,"), "left" (noun phrase before the
    cue), or "subject" (the clause subject of a participle or coordinated cue:
    "Smith left, saying ...", "and predicted ...").
    """
    site = Site(doc, cue, lo, hi, _skip_left(doc, cue - 1, lo))
    for name, strategy in ACCORDING_STRATEGIES if site.according else STRATEGIES:
        found = strategy(site)
        if found:
            return (*found, name)
    return None


def _appositive(doc: Doc, comma: int, lo: int) -> tuple[int, int] | None:
    """Speaker before one or more appositives ending at `comma`: "X, the head of ..., said"."""
    k = comma - 1
    segments = 0
    while k >= lo and comma - k <= 40 and "\n" not in doc[k].text:
        if doc[k].text == ",":
            start = _np_left(doc, k, lo, limit=6)
            if start < k and (start == lo or doc[start - 1].text in QUOTE_MARKS | {",", ";", ":", "—"}
                              or doc[start - 1].is_sent_start):
                return start, comma
            segments += 1
            if segments >= 3:
                return None
        elif doc[k].text in SENTENCE_END and not doc[k].text == ".":
            return None
        k -= 1
    return None


def _skip_opening(doc: Doc, i: int, hi: int) -> int | None:
    """Step over what opens a clause before its subject: a conjunction or sentence adverb
    ("But", "However,"), and adverbial phrases ending in a comma ("After the election,",
    "Reached by phone,", "On Sunday,"). None when an adverbial phrase has no comma to end
    it inside [i, hi): the subject is not in the clause.
    """
    for _ in range(4):
        while i < hi and (doc[i].lower_ in CLAUSE_OPENERS or doc[i].text == ","):
            i += 1
        if i >= hi:
            return i
        first = doc[i]
        adverbial = first.lower_ in ADVERBIAL_OPENERS or first.lower_ in TIME_MODIFIERS - {"the"} or (
            _capitalised(first) and first.lower_.endswith(("ed", "ing")) and i + 1 < hi
            and doc[i + 1].lower_ in PARTICIPLE_OBJECTS)  # "Reached by phone,", "Asked about it,"
        if not adverbial:
            return i
        comma = next((k for k in range(i + 1, hi) if doc[k].text == ","), None)
        if comma is None:
            return None
        i = comma + 1
        # a place after the comma belongs to the phrase: "in St. Clairsville, Ohio, Jane Roe"
        if i + 1 < hi and _capitalised(doc[i]) and doc[i + 1].text == ",":
            i += 2
    return i


def clause_subject(doc: Doc, lo: int, hi: int, *, past_opening: bool = False) -> tuple[int, int] | None:
    """The subject that opens the clause [lo, hi): a pronoun or a run of capitalised words.

    A quotation inside the clause is skipped ('“...,” he said, adding that ...': "he").
    `past_opening` steps over conjunctions and adverbial phrases first ("But", "After
    the vote,"; see `_skip_opening`); without it the clause must open with its subject.
    """
    i = lo
    for k in range(hi - 1, lo - 1, -1):
        if doc[k].text in QUOTE_MARKS:
            i = k + 1
            break
    while i < hi and (doc[i].text in QUOTE_MARKS or doc[i].is_space):
        i += 1
    if past_opening:
        i = _skip_opening(doc, i, hi)
        if i is None:
            return None
    if i < hi and doc[i].lower_ in PRONOUNS:
        return i, i + 1
    j = i
    if j < hi and doc[j].lower_ in DETERMINERS:
        j += 1
        # "the district GOP Chairman Chuck Williams": lower-case words before the capitals
        k = j
        while k < hi and k - j < 3 and doc[k].is_alpha and doc[k].text.islower() \
                and doc[k].lower_ not in BOUNDARY and doc[k].lower_ not in cues():
            k += 1
        run = k
        while run < hi and _capitalised(doc[run]):
            run += 1
        if k > j and run > k and any(t.lower_ in titles() for t in doc[j:run]):
            j = k
    elif j < hi and "-" in doc[j].text and doc[j].text.islower():
        j += 1  # "62-year-old Brenda Johnson"
    while j < hi and (_capitalised(doc[j]) or doc[j].text in {"’s", "'s", "-", "."} or doc[j].lower_ == "of"):
        j += 1
    if j > i and _capitalised(doc[j - 1]):
        return i, j
    return None


def _from_parse(cue: Token, lo: int, hi: int) -> tuple[int, int] | None:
    """Subject of the cue verb from the dependency parse, inside [lo, hi)."""
    verb = cue
    if cue.lower_ == "according":
        objects = [t for c in cue.children for t in c.children if t.dep_ == "pobj"]
        objects += [c for c in cue.children if c.dep_ == "pobj"]
        subject = objects[0] if objects else None
    else:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and verb.dep_ in ("advcl", "xcomp", "conj", "ccomp") and verb.tag_ == "VBG":
            subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and verb.dep_ == "conj":
            subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    if subject.lower_ in {"who", "which", "that"} and verb.dep_ == "relcl":
        subject = verb.head  # "officials, who said": the noun the clause hangs on
        start, end = subject.left_edge.i, subject.i + 1
    else:
        start, end = subject.left_edge.i, subject.right_edge.i + 1
    # time and place adjuncts the parser hung on the subject are not part of it
    for t in subject.doc[subject.i + 1 : end]:
        if t.lower_ in TIME_NOUNS or t.lower_ in {"on", "at", "during", "after", "before", "last"}:
            end = t.i
            break
    while end > start and subject.doc[end - 1].is_punct:
        end -= 1
    # a relative clause or quoted text inside the subtree is not part of the name
    for t in subject.doc[start:end]:
        if t.text in QUOTE_MARKS or "\n" in t.text:
            if t.i < subject.i:
                start = t.i + 1
            else:
                end = t.i
                break
    if start < lo or end > hi or start >= end:
        return None
    return start, end


def describe(doc: Doc, start: int, end: int) -> Mention:
    """Split a speaker mention into name and role and tell its kind."""
    tokens = [t for t in doc[start:end]]
    while tokens and tokens[-1].text in {",", "’s", "'s"}:
        tokens.pop()
    text = "".join(t.text_with_ws for t in tokens).strip()
    if len(tokens) == 1 and tokens[0].lower_ in PRONOUNS:
        return Mention(start, end, text, None, "pronoun")
    segments: list[list[Token]] = [[]]
    for t in tokens:
        if t.text == ",":
            segments.append([])
        else:
            segments[-1].append(t)
    segments = [s for s in segments if s]
    if len(segments) > 1 and all(len(s) <= 3 and _capitalised(s[0]) for s in segments) \
            and any(t.lower_ == "and" for t in segments[-1]):
        return Mention(start, end, text, None, "group")  # "Kyiv, Washington and Seoul"
    for k, segment in enumerate(segments):
        name, prefix = _split_title(segment)
        if name:
            others = [_words(s) for i, s in enumerate(segments) if i != k]
            role = ", ".join(x for x in [_words(prefix, strip_owner=True), *others] if x) or None
            return Mention(start, end, _words(name), role, _name_kind(segment, name))
    # no name: a description ("Ukrainian officials", "a senior Ukrainian official")
    words = [t.lower_ for t in tokens]
    head = words[-1] if words else ""
    org = any(w in organisation_words() for w in words) and any(_capitalised(t) for t in tokens)
    if org:
        return Mention(start, end, _words(tokens), None, "organisation")
    if words and (words[0] in {"a", "an", "another", "one"} or "senior" in words):
        return Mention(start, end, text, _words(tokens), "unnamed")
    if words and words[0] in {"the", "this", "that"} and head not in UNNAMED_HEADS | {"officials"}:
        return Mention(start, end, text, _words(tokens), "description")
    if words and words[0] in {"the"} and len(words) > 2:
        return Mention(start, end, text, _words(tokens), "description")
    return Mention(start, end, text, None, "group" if head.endswith("s") else "description")


def _split_title(segment: list[Token]) -> tuple[list[Token], list[Token]]:
    """(name tokens, title tokens before them): the trailing run of capitalised non-title words."""
    if any(t.lower_ in organisation_words() and _capitalised(t) for t in segment):
        return [], segment
    j = len(segment)
    while j > 0:
        t = segment[j - 1]
        if t.text in {"-", "."} or t.text.lower() in {"de", "van", "von", "bin", "al", "jr", "jr."}:
            j -= 1
            continue
        joined = j >= 2 and segment[j - 2].text == "-" and not segment[j - 2].whitespace_
        if joined:  # "Son-hui"
            j -= 1
            continue
        if not _capitalised(t) or t.lower_.rstrip(".") in titles() or t.text in {"’s", "'s"} \
                or t.lower_ in DETERMINERS:
            break
        j -= 1
    name = segment[j:]
    while name and not _capitalised(name[0]):
        name = name[1:]
    prefix = segment[: len(segment) - len(name)]
    # "a move NATO Secretary General": the title starts after the last plain word before capitals
    for k in range(len(prefix) - 1, 0, -1):
        if not _capitalised(prefix[k - 1]) and prefix[k - 1].lower_ not in titles() \
                and _capitalised(prefix[k]) and prefix[k - 1].text not in {"’s", "'s"}:
            prefix = prefix[k:]
            break
    return name, prefix


def _name_kind(segment: list[Token], name: list[Token]) -> str:
    if len(name) == 1 and name[0].text.isupper() and len(name[0].text) > 1:
        return "organisation"  # an acronym: "the GUR", "The US"
    return "person"


def _words(tokens: list[Token], strip_owner: bool = False) -> str:
    """Text of tokens, without a leading article (and owner "Zelenskiy's" when asked)."""
    tokens = list(tokens)
    while tokens and tokens[0].lower_ in {"the", "a", "an", "another", "in", "of"}:
        tokens = tokens[1:]
    if strip_owner and len(tokens) > 2 and tokens[1].text in {"’s", "'s"}:
        tokens = tokens[2:]
    return "".join(t.text_with_ws for t in tokens).strip(" ,")
