"""Who said it: the mention tied to a cue, and its name, role and kind.

With a dependency parse the mention is the subject of the cue verb (or the object
of "according to"); without one, rules over the tokens find the noun phrase just
before the cue (skipping adverbs, auxiliaries and time words, and stepping over an
appositive "X, the head of ..., said"), or after an inverted cue ("..., said X").
Not handled: speakers named only in a later sentence, and subjects longer than a
dozen words without commas (rules path).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from quotes.detect.lexicon import cues, noun_forms, organisation_words, titles, word_set
from quotes.identity.names import Mention, corporate_suffix, split_name, word_list

PRONOUNS = word_set("subject_pronouns")
SKIP = word_set("speaker_skip")  # between a subject and its cue: "Zelenskiy also said", "has said"
ADVERBS = word_set("speaker_adverbs")
LY_NOUNS = word_set("ly_nouns")
WEEKDAYS = word_set("weekdays")
TIME_NOUNS = WEEKDAYS | word_set("time_nouns")
TIME_MODIFIERS = word_set("time_modifiers")
BOUNDARY = word_set("subject_boundaries")  # end a subject when met walking left from the cue
CLAUSE_OPENERS = word_set("subject_openers")
ADVERBIAL_OPENERS = word_set("adverbial_openers")
PARTICIPLE_OBJECTS = word_set("participle_objects")
BE_FORMS = word_set("be_forms")
RELATIVES = word_set("speaker_relatives")  # the speaker of "officials, who said" is the officials
NAME_PARTICLES = word_list("particles.txt")  # inside names: "dos Santos", "de Blasio"
DETERMINERS = word_list("determiners.txt")  # open an inverted subject: "said the official"
QUANTIFIERS = DETERMINERS - word_set("articles") - {"one", "another"}  # "some", "two": count a plural
PREPOSITIONS = word_set("inverted_subject_stops")
QUOTE_MARKS = set("“”„«»\"‘’") | {"''", "``"}
CLOSING_MARKS = {"”", "»", '"', "''"}
SENTENCE_END = {".", "!", "?"}
_INITIAL = re.compile(r"[A-Z]\.")  # "J." in a name
SENTENCE_OPENERS = word_set("sentence_openers")  # capitalised words that open sentences, no names
UNNAMED_HEADS = word_set("unnamed_heads")
AUXILIARIES = word_set("auxiliaries")  # a verb in the words after a cue: they are content, no subject
DOCUMENTS = word_set("document_nouns")  # "according to a statement": a medium, nobody
ROLE_SYNONYMS = {"leader": word_set("leader_titles")}


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
        ratio = 0 < i < len(doc) - 1 and doc[i - 1].like_num and doc[i + 1].like_num  # "Two in three said"
        return not hyphenated and not ratio and (i + 1 >= len(doc) or not _capitalised(doc[i + 1]))
    doc, i = token.doc, token.i
    compound = not token.whitespace_ and i + 1 < len(doc) and doc[i + 1].text == "-"
    if token.lower_ in AUXILIARIES and _capitalised(token) and token.is_sent_start is False:
        return False  # "Will", "May" inside a sentence: a name
    noun = token.lower_ in noun_forms() and i > 0 and doc[i - 1].lower_ in word_set("noun_markers")
    return token.lower_ in BOUNDARY or (
        token.lower_ in cues() and not compound and not _modifier(token) and not noun)  # not "the report says"


def _modifier(token: Token) -> bool:
    """A cue form inside a noun phrase, not a verb: capitalised ("the State Department") or a
    noun form before another noun ("state media", "state Sen. Mark Hunt")."""
    if _capitalised(token) and token.i > 0 and not token.is_sent_start:
        return True
    doc, i = token.doc, token.i
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return token.lower_ in noun_forms() and nxt is not None and nxt.text[:1].isalpha() and (
        _capitalised(nxt) or nxt.lower_.rstrip(".") in titles() or nxt.lower_ in word_set("media_nouns"))


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
        if _has_contracted(doc, j, lo):
            j -= 1  # "she’s said": has
            continue
        if low in TIME_NOUNS or low == "past" or (time and low in TIME_MODIFIERS | {"in", "past"}):
            time = True
        elif (low in SKIP or _adverb(doc[j])) and not (_capitalised(doc[j]) and doc[j].is_sent_start is False):
            time = False  # (a capitalised "Will" or "May" inside a sentence is a name: '“A,” Will wrote')
        else:
            break
        j -= 1
    return j


def _has_contracted(doc: Doc, j: int, lo: int) -> bool:
    """Token j is "’s" for "has" after a person pronoun before a participle ("she’s said",
    "who’s argued"), not "is" ("he’s said to be ill", "it’s said") nor a possessive."""
    return j > lo and doc[j].lower_ in {"’s", "'s"} and doc[j - 1].lower_ in {"he", "she", "who"} \
        and j + 1 < len(doc) and doc[j + 1].lower_.endswith(("ed", "id")) \
        and not (j + 2 < len(doc) and doc[j + 2].lower_ == "to")


def _np_left(doc: Doc, end: int, lo: int, limit: int = 10) -> int:
    """Start of the noun phrase ending just before token `end` (== end when none)."""
    j = end - 1
    if j >= lo and doc[j].lower_ in PRONOUNS:
        return j
    tags = 0  # tokens of party tags stepped over: they do not count towards `limit`
    while j >= lo and end - j - tags <= limit and (
            not _stop_left(doc[j]) or doc[j].text == ")" or _role_preposition(doc, j, lo)):
        if doc[j].text == ")":  # "Sen. Bernie Sanders (I-Vt.)": step over the party tag
            k = j
            while k > lo and doc[k].text != "(" and j - k < 10:
                k -= 1
            if doc[k].text == "(":
                tags += j - k + 1
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
    if start == end - 1 and start - 2 >= lo and doc[start - 1].text == "," and corporate_suffix(doc[start].text):
        start = _np_left(doc, start - 1, lo, limit)  # "Acme Robotics, Inc.": the name before the comma
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


def _role_preposition(doc: Doc, j: int, lo: int) -> bool:
    """A preposition after a role head, inside the speaker: "a spokesperson for the company",
    "an official at the ministry", "people familiar with the matter", "officials involved in
    the talks"; or after a counted plural ("some voters in the capital", "two states in the west")."""
    if doc[j].lower_ not in word_set("role_prepositions") or j <= lo:
        return False
    if doc[j].lower_ == "to" and j + 1 < len(doc) and doc[j + 1].is_lower \
            and doc[j + 1].lower_ not in DETERMINERS | word_set("possessive_determiners"):
        return False  # "the only Republican to endorse him": an infinitive, not "close to the president"
    head = doc[j - 1].lower_
    counted = j - 2 >= lo and doc[j - 2].lower_ in QUANTIFIERS and head.endswith("s") \
        and doc[j - 1].is_alpha and doc[j - 1].is_lower
    return head in titles() or head in UNNAMED_HEADS or head in word_set("source_adjectives") or counted \
        or _opening_group(doc, j, lo)


def _opening_group(doc: Doc, j: int, lo: int) -> bool:
    """"at"/"on" after a plural common noun that opens the clause, not before a time: "Analysts at
    Foo Bank", "Shop owners on the north side of the river" (not "Voters on Monday")."""
    head, nxt = doc[j - 1], doc[j + 1] if j + 1 < len(doc) else None
    if doc[j].lower_ not in {"at", "on"} or nxt is None or not (
            head.is_alpha and head.lower_.endswith("s") and (head.is_lower or head.i == lo or head.is_sent_start)):
        return False
    if nxt.lower_ in TIME_NOUNS or nxt.like_num or nxt.lower_ in TIME_MODIFIERS - {"the"} or not nxt.is_alpha:
        return False
    k = j - 1
    while k > lo and j - 1 - k < 2 and not doc[k].is_sent_start and doc[k - 1].is_alpha and (
            doc[k - 1].is_lower or doc[k - 1].is_sent_start or k - 1 == lo):
        k -= 1
    return k == lo or doc[k].is_sent_start is True


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


# A dateline opening a paragraph: "PARIS, May 3 (Reuters) -", "GENEVA (AP) —", "Berlin (dpa) -", "WASHINGTON —",
# "SPRINGFIELD, Ill. (AP) —", press wires' "SAN JOSE, Calif.--(BUSINESS WIRE)--" and
# "CHICAGO, May 3, 2026 /PRNewswire/ --". The place is in capitals, or an agency follows it.
DATELINE = re.compile(
    r"(?P<place>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)?"
    r"(?:,? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?)?"
    r"(?:(?P<agency> \([A-Za-z][\w .&-]{0,30}\)| /[A-Za-z][\w .&-]{0,30}/)? ?[-–—]+ "
    r"|(?P<wire>--\([A-Za-z][\w .&-]{0,30}\)--))"
)


def dateline_at(text: str, char: int) -> int:
    """Where a dateline at `char` ends (`char` when there is none): a paragraph's opening
    place in capitals or with an agency, before a dash."""
    m = DATELINE.match(text, char)
    return m.end() if m is not None and (m.group("place").isupper() or m.group("agency") or m.group("wire")) \
        else char


def dateline_end(doc: Doc, i: int, text: str | None = None) -> int:
    """Index of the first token after a dateline opening a paragraph at token i (i when none).
    `text`: doc.text when the caller has it (Doc.text joins every token anew)."""
    if i >= len(doc) or i > 0 and "\n" not in doc[i - 1].text and "\n" not in doc[i - 1].whitespace_ \
            and not doc[i - 1].text.endswith("\n"):
        return i
    end = dateline_at(doc.text if text is None else text, doc[i].idx)
    j = i
    while j < len(doc) and doc[j].idx < end:
        j += 1
    return j


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
    doc = site.doc
    found = _from_parse(doc[site.cue], doc[site.cue].sent.start, site.hi)
    if found and found[0] < site.lo:  # the parser hung a dateline or earlier words on the subject
        found = (site.lo, found[1]) if found[1] > site.lo else None
    if found and found[1] < site.hi and doc[found[1]].text == ")" \
            and any(t.text == "(" for t in doc[found[0] : found[1]]) and not any(t.text == ")" for t in doc[found[0] : found[1]]):
        found = (found[0], found[1] + 1)  # the closing mark the parser left out: "Rep. Jim Roe (R-Ohio"
    if found:  # a name particle the parser left out: "..., dos Santos says" (it took "dos" for a verb)
        start = found[0]
        while start - 1 >= site.lo and start - 1 != site.cue and doc[start - 1].text in NAME_PARTICLES \
                and doc[start].text[:1].isupper():
            start -= 1
        found = (start, found[1])
    if found:  # titles the parser left out: "fire Capt. Jane Roe said"
        start = found[0]
        while start - 1 >= site.lo and start - 1 != site.cue and found[0] - start < 3 and (
                doc[start - 1].lower_.rstrip(".") in titles()
                or doc[start - 1].is_lower and doc[start - 1].is_alpha and doc[start].lower_.rstrip(".") in titles()
                and doc[start - 1].lower_ not in cues() and doc[start - 1].lower_ not in BOUNDARY | SKIP):
            start -= 1
        found = (start, found[1])
    return found


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
    cue_entry = cues().get(doc[cue].lower_)
    if cue_entry is not None and cue_entry.lemma == "tell":
        return None  # "X, an adviser, told AFP": what follows "told" is the addressee
    after_quote = site.after_quote
    end = _np_right(doc, cue + 1, hi, limit=14 if after_quote else 10, any_start=after_quote)
    if end <= cue + 1 or not _clause_end(doc, end, hi):
        return None
    if end - 1 > cue + 1 and doc[end - 1].text == "." and (end >= hi or not doc[end].is_punct):
        end -= 1  # "said one of the officials." ends the sentence
    if any(t.lower_ in AUXILIARIES for t in doc[cue + 1 : end]):
        return None  # "X, speaking ..., said several governments were reluctant": content, no subject
    head = doc[end - 2] if doc[end - 1].text == "." and end - 2 > cue else doc[end - 1]
    if not after_quote and doc[cue + 1].lower_ == "the" and (
            end < hi and not doc[end].is_punct or head.lower_ not in _role_heads()):
        return None  # "X, the head of Y, said the plan works": the object, not an inverted subject
    # '..., said the association's president, Klaus Brenner.': the name in apposition is the speaker's
    if end + 1 < hi and doc[end].text == "," and describe(doc, cue + 1, end).kind != "person":
        k = end + 1
        while k < hi and _capitalised(doc[k]) and (doc[k].is_alpha or _INITIAL.fullmatch(doc[k].text)):
            k += 1
        if k - end > 2 and (k >= hi or doc[k].text in SENTENCE_END | QUOTE_MARKS or "\n" in doc[k].text):
            end = k
    return cue + 1, end


@cache
def _role_heads() -> frozenset[str]:
    """Words that end a description of a speaker: titles, unnamed sources, organisations."""
    return titles() | organisation_words() | UNNAMED_HEADS


def _by_appositive(site: Site) -> TokenRange | None:
    """"X, the head of ..., said": the name before the appositives."""
    return _appositive(site.doc, site.before, site.lo) if site.comma else None


SPACED_DASHES = frozenset({"—", "–", "--"})
DASH_SPAN = 40  # tokens an aside between dashes may take


def _by_dash_appositive(site: Site) -> TokenRange | None:
    """"A former candidate -- John Doe, who lost in 2008 -- said": the subject before an aside
    between two dashes (or the name opening the aside, when nothing comes before it)."""
    doc, close = site.doc, site.before
    if close < site.lo or doc[close].text not in SPACED_DASHES:
        return None
    opening = next((k for k in range(close - 1, max(site.lo, close - DASH_SPAN) - 1, -1)
                    if doc[k].text in SPACED_DASHES), None)
    if opening is None:
        return None
    start = _np_left(doc, opening, site.lo)
    if start < opening and (start == site.lo or doc[start - 1].is_sent_start or doc[start].is_sent_start):
        return start, opening
    return None


def _by_participle_subject(site: Site) -> TokenRange | None:
    """"Smith left, saying ...": the subject of the clause a participle hangs on."""
    doc, j = site.doc, site.before
    after_fragment = j - 1 >= site.lo and doc[j].text in CLOSING_MARKS and doc[j - 1].text == ","
    dash = j >= site.lo and (doc[j].text in SPACED_DASHES or doc[j].text == "-" and doc[j].whitespace_
                             and j > 0 and doc[j - 1].whitespace_)  # "... with him - essentially conceding"
    if (site.comma or after_fragment or dash) and doc[site.cue].lower_.endswith("ing"):  # '“...,” claiming'
        return clause_subject(doc, site.lo, site.cue, past_opening=True)
    return None


def document_verb(doc: Doc, j: int, lo: int) -> int | None:
    """The verb that made the document noun at token j ("issued a statement", "released an
    extraordinary statement", "sent a letter"), None when the noun has none: "in a statement".
    Not handled: more than two adjectives before the noun."""
    if doc[j].lower_ not in DOCUMENTS:
        return None
    k = j - 1
    while k > lo and j - k <= 3 and doc[k].is_alpha and doc[k].is_lower and doc[k].lower_ not in {"a", "an", "the"}:
        k -= 1  # "an extraordinary statement", "a new radio ad"
    if k <= lo or doc[k].lower_ not in {"a", "an", "the"}:
        return None
    verb = doc[k - 1]
    if not (verb.is_alpha and verb.is_lower) or verb.lower_ in PREPOSITIONS | ADVERBIAL_OPENERS:
        return None  # "in a statement saying": the writer's words
    return k - 1


def _by_document_author(site: Site) -> TokenRange | None:
    """"Roe issued a statement saying ...": a participle after a document noun reports what the
    document says; its speaker is the subject of the verb that made the document."""
    doc, j = site.doc, site.before
    if j < site.lo or not doc[site.cue].lower_.endswith("ing"):
        return None
    verb = document_verb(doc, j, site.lo)
    if verb is None:
        return None
    return _by_left(Site(doc, verb, site.lo, site.hi, _skip_left(doc, verb - 1, site.lo)))


def _by_left(site: Site) -> TokenRange | None:
    """"the foreign minister said": the noun phrase just before the cue."""
    if site.before < site.lo or site.comma:
        return None
    doc = site.doc
    start = _np_left(doc, site.before + 1, site.lo)
    if start <= site.before and start - 1 > site.lo and doc[start - 1].lower_ in RELATIVES \
            and all(t.is_lower for t in doc[start : site.before + 1]):
        # "Residents who returned said": the noun phrase the relative clause hangs on
        head = _np_left(doc, start - 1, site.lo)
        if head < start - 1 and doc[start - 2].lower_ not in PRONOUNS:
            return head, site.before + 1
    if start <= site.before and start - 2 >= site.lo and doc[start - 1].lower_ in SCENE_PREPOSITIONS \
            and doc[start].lower_ in word_set("possessive_determiners") | {"the", "a", "an"} \
            and (_capitalised(doc[start - 2]) or doc[start - 2].lower_ in PRONOUNS):
        # "Trump in his announcement speech called ...": the name before the scene
        subject = start - 2 if doc[start - 2].lower_ in PRONOUNS else _np_left(doc, start - 1, site.lo)
        if subject < start - 1:
            return subject, start - 1
    return (start, site.before + 1) if start <= site.before else None


SCENE_PREPOSITIONS = word_set("scene_prepositions")  # "X in his speech said": a scene between subject and cue


def _by_relative(site: Site) -> TokenRange | None:
    """"Jane Roe, who said ...": the relative pronoun (its antecedent names the speaker)."""
    doc, j, cue = site.doc, site.before, site.cue
    # only with a "that" clause, or after a cue that takes its clause bare ("voters who
    # said Wall Street ...", "who told POLITICO she ..."; data/relative_cues.txt): "who has
    # accused X of ..." reports no statement
    entry = cues().get(doc[cue].lower_)
    if j > site.lo and doc[j].lower_ in RELATIVES - {"that"} and cue + 1 < site.hi \
            and (doc[cue + 1].lower_ == "that" or entry is not None and entry.lemma in word_set("relative_cues")) \
            and _antecedent(doc[j]):
        return j, j + 1
    return None


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
    ("dash appositive", _by_dash_appositive),
    ("subject", _by_participle_subject),
    ("left", _by_document_author),
    ("left", _by_left),
    ("relative", _by_relative),
    ("subject", _by_coordinated_subject),
)
ACCORDING_STRATEGIES: tuple[tuple[str, Callable[[Site], TokenRange | None]], ...] = (
    ("parse", _by_parse),
    ("according", _by_according),
)


def _passive(doc: Doc, cue: int, lo: int) -> bool:
    """A passive cue ("is said to", "was reported"), whose subject is not its speaker."""
    j = cue - 1
    while j >= lo and _adverb(doc[j]):
        j -= 1
    if _has_contracted(doc, j, lo):
        return False  # "she’s said the same thing": has said
    return j >= lo and doc[j].lower_ in BE_FORMS and not doc[cue].lower_.endswith("ing") \
        and doc[cue].lower_ != "according"


def _sentence_start(doc: Doc, k: int) -> int:
    """Where token k's sentence starts, as `doc[k].sent.start` finds it, without Token.sent's
    walk on to the sentence end (linear per cue in a long sentence)."""
    while k > 0 and not doc[k].is_sent_start:
        k -= 1
    return k


def find_speaker(doc: Doc, cue: int, lo: int, hi: int, text: str | None = None,
                 parse: bool = True) -> tuple[int, int, str] | None:
    """Token span (start, end) of the speaker of cue token `cue` within [lo, hi), and how.

    "how" names the strategy that found it (see STRATEGIES): "parse" (subject from
    the parser), "according" (the phrase after "according to"), "inverted" ("said
    X"), "appositive" (stepping over ", ROLE,"), "dash appositive" (over "-- ASIDE --"),
    "left" (noun phrase before the
    cue), or "subject" (the clause subject of a participle or coordinated cue:
    "Smith left, saying ...", "and predicted ..."). `text`: doc.text when the caller has
    it, so that many cues in one long sentence do not join the Doc's text anew each.
    """
    agent = _by_agent(doc, cue, hi)
    if agent is not None:
        return (*agent, "agent")
    if _passive(doc, cue, lo):
        return None  # "Roe is said to have pressed for it": the speaker is not named
    if cue > 0 and doc[cue - 1].text == "-" and not doc[cue - 1].whitespace_:
        return None  # "the self-declared leader", "value-added": the end of a compound, no cue
    lo = max(lo, dateline_end(doc, _sentence_start(doc, lo) if doc.has_annotation("SENT_START") else lo, text))
    if cue < lo:
        return None
    site = Site(doc, cue, lo, hi, _skip_left(doc, cue - 1, lo))
    for name, strategy in ACCORDING_STRATEGIES if site.according else STRATEGIES:
        found = strategy(site) if parse or name != "parse" else None
        if found:
            if site.according and _document(doc, *found) and _reported_before(doc, site):
                return None  # "X said on Friday, according to a statement": a medium, not a source
            start, end = found
            if end - start > 1 and doc[end - 1].lower_ in PRONOUNS and doc[end - 2].lower_ in BOUNDARY \
                    and not (doc[end - 1].lower_ in {"it", "you"} and doc[end - 2].lower_ in PREPOSITIONS | {"against"}):
                start = end - 1  # "support a measure that he believes": the pronoun is the subject
                # (not the object closing an aside: "Jane Roe, who voted against it, said")
            if doc[cue].lower_ in noun_forms() and _bare_modifier(doc, start, end):
                return None  # "amid reports", "a personally signed tweet": a noun, no cue
            if end - start == 1 and end == cue and doc[start].lower_ in {"that", "this"} \
                    and cue + 1 < len(doc) and doc[cue + 1].text == ",":
                return None  # "That said, voters say ...": a sentence adverb, no statement
            return (start, end, name) if _noun_phrase(doc, start, end) else None
    return None


AGENT_SPAN = 8  # tokens the agent of a passive cue may take


def _by_agent(doc: Doc, cue: int, hi: int) -> TokenRange | None:
    """The agent of a passive addressee cue: "when asked by a reporter whether ...", "was
    warned by the Russian government that ...", "asked directly by The Times if ...". It
    runs from "by" to a complement opener, punctuation or AGENT_SPAN tokens."""
    entry = cues().get(doc[cue].lower_)
    if entry is None or entry.lemma not in word_set("addressee_cues") or not (
            doc[cue].lower_.endswith("ed") or doc[cue].lower_ == "told"):
        return None
    k = cue + 1
    if k < hi and _adverb(doc[k]):
        k += 1  # "asked directly by"
    if k + 1 >= hi or doc[k].lower_ != "by":
        return None
    start = j = k + 1
    while j < hi and j - start < AGENT_SPAN and not doc[j].is_punct and doc[j].text not in QUOTE_MARKS \
            and doc[j].lower_ not in word_set("complement_openers"):
        j += 1
    if j >= hi or not (doc[j].lower_ in word_set("complement_openers") or doc[j].text == ","):
        return None  # "was told by the court." names no content
    return (start, j) if j > start else None


def _document(doc: Doc, start: int, end: int) -> bool:
    """"a statement", "an emailed statement": an indefinite document, which names nobody."""
    return end - start >= 2 and doc[start].lower_ in {"a", "an"} and doc[end - 1].lower_ in DOCUMENTS


def _reported_before(doc: Doc, site: Site) -> bool:
    """A reporting verb earlier in the clause: "X said on Friday, according to ..." (the
    statement has its speaker; "according to a court filing" alone names its source)."""
    return any(doc[k].text in cues() and cues()[doc[k].text].cls in ("verb", "direct")
               for k in range(site.lo, site.cue))


def _bare_modifier(doc: Doc, start: int, end: int) -> bool:
    """Before a cue form that is also a noun, words that modify it rather than say it: a
    preposition ("amid reports") or "a"/"an" and lower-case words ("a personally signed tweet",
    "a more conciliatory note"); "a spokesman notes" has a plural-free head too, so only a head
    that is no role or source counts."""
    words = [t for t in doc[start:end]]
    if words and words[-1].lower_ in ADVERBIAL_OPENERS:
        return True  # "resigned amid reports", "after remarks"
    if not words or words[0].lower_ not in {"a", "an"} or len(words) > 4:
        return False
    rest = words[1:]
    head = rest[-1].lower_ if rest else ""
    return bool(rest) and all(t.is_lower and t.is_alpha for t in rest) and head not in titles() \
        and head not in UNNAMED_HEADS and not head.endswith("s")


def _noun_phrase(doc: Doc, start: int, end: int) -> bool:
    """False for a one-word "speaker" that cannot be one: an article or determiner ("an"
    afternoon tweet), an adverb ("Ultimately, ..."), a lower-case participle ("interviewed")."""
    if end - start != 1:
        return True
    t = doc[start]
    low = t.lower_
    return not (low in word_set("articles") or (low in DETERMINERS and low not in {"one", "some", "many", "several", "another"})
                or (low.endswith("ly") and len(low) >= 6 and low not in LY_NOUNS and t.is_alpha)
                or (t.is_lower and low.endswith("ed") and low not in cues()))


def _appositive(doc: Doc, comma: int, lo: int) -> tuple[int, int] | None:
    """Speaker before one or more appositives ending at `comma`: "X, the head of ..., said"."""
    k = comma - 1
    segments = 0
    inner = None  # a candidate that itself follows a comma ("in Aurora, Colorado, in 2012, said")
    while k >= lo and comma - k <= 40 and "\n" not in doc[k].text:
        if doc[k].text == "," and segments == 0 and \
                " ".join(doc[k + 1 : comma].text.lower().split()) in word_set("parenthetical_adverbs"):
            subject = _clause_before(doc, k, lo)  # "RNC members and officials, in fact, insist"
            if subject is not None:
                return subject
        if doc[k].text == ",":
            start = _np_left(doc, k, lo, limit=6)
            if start < k and (start == lo or doc[start - 1].text in QUOTE_MARKS | {";", ":", "—"}
                              or doc[start - 1].is_sent_start):
                return start, comma  # the name that opens the clause
            if segments == 0 and _name_between(doc, k, comma):
                return k + 1, comma  # "One of the authors of the report, Jane Roe, said": the name
            if start < k and doc[start - 1].text == "," and inner is None:
                inner = start
            segments += 1
            if segments >= 3:
                break
        elif doc[k].text in SENTENCE_END and not doc[k].text == ".":
            break
        k -= 1
    return (inner, comma) if inner is not None else None


SUBJECT_SPAN = 10  # tokens a subject before a parenthetical adverb may take


def _clause_before(doc: Doc, k: int, lo: int) -> tuple[int, int] | None:
    """The words from the start of the clause to token k, when they are a short subject: no
    punctuation, quotation mark or cue among them, at most SUBJECT_SPAN tokens."""
    start = k
    while start > lo and k - start < SUBJECT_SPAN and not (
            doc[start - 1].is_punct or doc[start - 1].text in QUOTE_MARKS or "\n" in doc[start - 1].text):
        start -= 1
    opens = start == lo or doc[start - 1].text in {";", ":", "—", "\n"} or doc[start].is_sent_start
    if start == k or not opens or any(t.lower_ in cues() and not _modifier(t) for t in doc[start:k]):
        return None
    return start, k


def _name_between(doc: Doc, left: int, right: int) -> bool:
    """Whether the tokens between commas `left` and `right` are a person's name in apposition
    after a description ("A lawyer for the outlets, John Doe, said"): two to four capitalised
    words or initials after a description with a lower-case word (not "Washington, D.C., said")."""
    words = doc[left + 1 : right]
    if not 2 <= len(words) <= 4 or not all(
            t.is_alpha and _capitalised(t) and t.lower_ not in SENTENCE_OPENERS or _INITIAL.fullmatch(t.text) for t in words):
        return False
    return left > 0 and doc[left - 1].is_alpha and any(
        t.is_lower and t.is_alpha for t in doc[max(0, left - 6) : left])


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
            and doc[i + 1].lower_ in PARTICIPLE_OBJECTS) or (  # "Reached by phone,", "Asked about it,"
            _capitalised(first) and first.lower_.endswith("ing") and i + 1 < hi
            and doc[i + 1].is_lower)  # "Speaking earlier in Florida,"
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


OPENING_SPAN = 40  # tokens from a clause's opening subject to the cue it governs past a quotation


def clause_subject(doc: Doc, lo: int, hi: int, *, past_opening: bool = False) -> tuple[int, int] | None:
    """The subject that opens the clause [lo, hi): a pronoun, a run of capitalised words, or
    a determiner and a role ("The spokesman refused ... but said").

    A quotation inside the clause is skipped ('“...,” he said, adding that ...': "he"),
    unless no subject follows it ('Roe called it “driven” and asserted ...': "Roe").
    `past_opening` steps over conjunctions and adverbial phrases first ("But", "After
    the vote,"; see `_skip_opening`); without it the clause must open with its subject.
    """
    quoted = next((k for k in range(hi - 1, lo - 1, -1) if doc[k].text in QUOTE_MARKS), None)
    if quoted is None:
        return _clause_subject_from(doc, lo, hi, past_opening)
    found = _clause_subject_from(doc, quoted + 1, hi, past_opening)
    if found is not None or doc[lo].text in QUOTE_MARKS or hi - lo > OPENING_SPAN:
        return found  # (a bounded look back: a sentence of many fragments stays linear)
    found = _clause_subject_from(doc, lo, hi, past_opening)
    # the writer's subject, its verb right after it: not 'Roe “was handled lightly,” said X'
    return found if found is not None and found[1] < hi and doc[found[1]].is_lower and doc[found[1]].is_alpha else None


def _clause_subject_from(doc: Doc, i: int, hi: int, past_opening: bool) -> tuple[int, int] | None:
    """clause_subject for the clause from token i, quotations not looked at."""
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
        elif k > j and run == k and doc[k - 1].lower_ in titles() | UNNAMED_HEADS:
            return i, k  # "The spokesman"
    elif j < hi and "-" in doc[j].text and doc[j].text.islower():
        j += 1  # "62-year-old Brenda Johnson"
    while j < hi and (_capitalised(doc[j]) or doc[j].text in {"’s", "'s", "-", "."} or doc[j].lower_ == "of"
                      or (j > i and doc[j].lower_ in titles() and j + 1 < hi and _capitalised(doc[j + 1]))):
        j += 1  # a lower-case title inside: "JVP chief Anil Naik"
    if j > i + 1 and doc[j - 1].text in {"’s", "'s"} and j < hi and doc[j].lower_ in _role_heads():
        return i, j + 1  # "Mrs. Clinton’s campaign"
    if j > i and _capitalised(doc[j - 1]) and j + 1 < hi and doc[j].is_alpha and doc[j].is_lower \
            and doc[j].lower_.endswith(("s", "men", "people")) and doc[j].lower_ not in BOUNDARY | SKIP and doc[j].lower_ not in cues() \
            and doc[j + 1].is_alpha and doc[j + 1].is_lower and not (j - i == 1 and doc[i].lower_ in word_set("articles")) \
            and (doc[j + 1].lower_.endswith("ed") or doc[j + 1].lower_ in cues() or doc[j + 1].lower_ in AUXILIARIES | SKIP):
        return i, j + 1  # the plural a nationality or party word modifies: "Hundreds of French farmers blocked"
    if j > i and _capitalised(doc[j - 1]) and not (j - i == 1 and doc[i].lower_ in word_set("articles") | {
            "that", "this", "these", "those"} | PREPOSITIONS):
        return i, j  # not "That" or "To" alone
    return None


def _subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _subject_span(verb: Token) -> tuple[Token, int, int] | None:
    """The subject of `verb` and the token span of its phrase. The parser sometimes gives a verb
    several subjects: an opening word or phrase set off by a comma ("Mitigating, Jane Roe said",
    "A rumpled figure ..., Bob said"), a relative pronoun before the real subject ("a change that
    industry groups warned"), or the pieces of one split name ("study co-author Dr. Jane Roe").
    The speaker is the subject nearest the verb, joined with the subjects next to it (nothing
    between them but a hyphen)."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return None
    if len(subjects) == 1:
        subject = subjects[0]
        end = subject.right_edge.i + 1
        if subject.i < verb.i < end:
            end = verb.i  # the parser hung the sentence's rest on the subject: its phrase ends before the verb
        return subject, subject.left_edge.i, end
    doc = verb.doc
    k = min(range(len(subjects)), key=lambda n: abs(subjects[n].i - verb.i))
    subject = subjects[k]
    start, end = subject.left_edge.i, subject.right_edge.i + 1
    for other in reversed(subjects[:k]):  # pieces before it, adjacent or joined by a hyphen
        if other.lower_ in RELATIVES:
            break
        if other.right_edge.i + 1 == start or other.right_edge.i + 2 == start and doc[start - 1].text == "-":
            start = other.left_edge.i
    for other in subjects[k + 1 :]:
        if other.left_edge.i == end or other.left_edge.i == end + 1 and doc[end].text == "-":
            end = other.right_edge.i + 1
    return subject, start, end


def _from_parse(cue: Token, lo: int, hi: int) -> tuple[int, int] | None:
    """Subject of the cue verb from the dependency parse, inside [lo, hi)."""
    verb = cue
    if cue.lower_ == "according":
        objects = [t for c in cue.children for t in c.children if t.dep_ == "pobj"]
        objects += [c for c in cue.children if c.dep_ == "pobj"]
        subject = objects[0] if objects else None
    else:
        found = _subject_span(verb)
        if found is not None and not (found[0].lower_ in RELATIVES and verb.dep_ == "relcl"):
            return _trimmed_subject(*found, lo, hi)
        if found is not None:  # "officials, who said": the mention is "who"; `describe` names its antecedent
            return (found[0].i, found[0].i + 1) if lo <= found[0].i < hi else None
        subject = None
        if verb.tag_ == "VBG" and verb.dep_ == "acl":
            # "she issued a statement calling for ...": the subject of the clause the noun is in
            noun = verb.head
            while noun.dep_ in ("pobj", "prep", "dobj", "appos", "compound") and noun.head.i != noun.i:
                noun = noun.head
            subject = _subject_of(noun) if noun.pos_ in ("VERB", "AUX") else None
        elif subject is None and verb.dep_ in ("advcl", "xcomp", "conj", "ccomp") and verb.tag_ == "VBG":
            # 'X told Newsmax that Y “had ...,” adding': when the head is in a quotation, the
            # nearest reporting verb above it
            up, doc = verb.head, verb.doc
            if any(t.text in CLOSING_MARKS for t in doc[min(up.i, verb.i) : verb.i]):
                while up.head.i != up.i and not (up.lower_ in cues() and _subject_of(up) is not None):
                    up = up.head
                up = up if up.lower_ in cues() and up.i < verb.i else verb.head
            subject = _subject_of(_reporting_verb(up))
        if subject is None and verb.dep_ == "conj":
            subject = _subject_of(_reporting_verb(verb.head))
    if subject is None:
        return None
    if subject.lower_ in RELATIVES and verb.dep_ == "relcl":
        # "officials, who said": the mention is "who"; `describe` names its antecedent
        return (subject.i, subject.i + 1) if lo <= subject.i < hi else None
    return _trimmed_subject(subject, subject.left_edge.i, subject.right_edge.i + 1, lo, hi)


def _placed_group(subject: Token, prep: Token) -> bool:
    """A preposition that places a common-noun subject, part of it: "Strategists at Norland Bank",
    "Business owners on the east side of the river" (not a name's scene, "Roe at a rally", nor a
    time, "officials on Monday")."""
    common = subject.tag_ in ("NN", "NNS") or (  # a common noun tagged a name for its capital: "Strategists at"
        subject.is_sent_start and subject.tag_ in ("NNP", "NNPS") and not subject.ent_type_)
    if prep.lower_ not in {"at", "on"} or prep.head.i != subject.i or not common:
        return False
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and not any(t.lower_ in TIME_NOUNS or t.like_num or t.ent_type_ in ("DATE", "TIME")
                                     for t in objects[0].subtree)


def _reporting_verb(verb: Token) -> Token:
    """The verb whose clause `verb` belongs to, out of a reported clause or an infinitive: a
    coordinated or participle cue the parser hung on the content of an earlier verb ("Mr. Roe
    forecast that the economy would rebound and praised ...", "the company said it would not be
    able to file, warning ...", "pushing for Roe to own the issue, arguing ...") shares the
    subject of that earlier verb, as the rules read it, not the content's subject. Only up to a
    verb with a subject of its own ("old enough to remember Carter going on TV, declaring ...":
    Carter)."""
    while verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX") and _subject_of(verb.head) is not None and (
            verb.dep_ == "ccomp" or verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VB"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)):
        verb = verb.head
    return verb


def _trimmed_subject(subject: Token, start: int, end: int, lo: int, hi: int) -> tuple[int, int] | None:
    """The subject phrase [start, end) of a parse, without what the parser hung on it."""
    # time and place adjuncts the parser hung on the subject are not part of it
    for t in subject.doc[subject.i + 1 : end]:
        if (t.lower_ in TIME_NOUNS or t.lower_ in {"on", "at", "during", "after", "before", "last"}) \
                and not _placed_group(subject, t):
            end = t.i
            break
    for t in subject.doc[subject.i + 1 : end - 1]:
        nxt = subject.doc[t.i + 1]
        if t.text == "," and _participle(nxt):
            end = t.i  # "A senior diplomat, speaking on condition of anonymity, said"
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


def _antecedent(relative: Token) -> tuple[int, int] | None:
    """Token span of the noun phrase a relative pronoun refers to ("Jane Roe, the head of X, who").

    With a parse, the noun the relative clause hangs on; without one, the name before
    the appositives, else the noun phrase just before the pronoun.
    """
    doc, i = relative.doc, relative.i
    if relative.dep_ == "nsubj" and relative.head.dep_ == "relcl":
        noun = relative.head.head
        if relative.lower_ == "who":  # "Jane Roe, an analyst at Foo, who": a person, not Foo
            # (only over a name, to a noun: "the objections of residents who say" are the residents')
            while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.text[:1].isupper() \
                    and noun.head.head.pos_ in ("NOUN", "PROPN", "PRON"):
                noun = noun.head.head
            if noun.lower_ == "those" and noun.head.lower_ == "among" and _subject_of(noun.head.head) is not None:
                noun = _subject_of(noun.head.head)  # "Jane Roe is among those who say": Jane Roe
            if noun.dep_ == "appos":
                noun = noun.head
        if noun.lower_ in word_set("authored_documents") and noun.dep_ == "dobj":
            # "Roe released a statement that accused ...": the author, not the statement
            author = _subject_of(noun.head)
            if author is not None and author.lower_ not in RELATIVES:
                noun = author
        return (noun.left_edge.i, noun.i + 1) if noun.i < i else None
    lo = relative.sent.start
    j = i - 1 if i > lo and doc[i - 1].text == "," else i
    found = _appositive(doc, j, lo) if j < i else None
    if found:
        return found
    # '..., said Jane Roe, an analyst at Foo, who': a name before the appositive
    comma = next((k for k in range(j - 1, max(lo, j - 15) - 1, -1) if doc[k].text == ","), None)
    if comma is not None:
        start = _np_left(doc, comma, lo, limit=6)
        if start < comma and describe(doc, start, comma).kind == "person":
            return start, j
    start = _np_left(doc, j, lo)
    if j == i and relative.lower_ == "who":  # no comma: the noun right before ("the objections of residents who")
        start = next((k + 1 for k in range(j - 1, start, -1) if doc[k].lower_ == "of" and k + 1 < j
                      and doc[k + 1].lower_ not in {"those", "them", "these", "us"}), start)
    return (start, j) if start < j else None


def describe(doc: Doc, start: int, end: int) -> Mention:
    """Split a speaker mention into name and role (`names.split_name`) and tell its kind."""
    tokens = [t for t in doc[start:end]]
    while tokens and tokens[-1].text in {",", "’s", "'s"}:
        tokens.pop()
    text = "".join(t.text_with_ws for t in tokens).strip()
    if len(tokens) == 1 and tokens[0].lower_ in PRONOUNS:
        return Mention(text, None, "pronoun")
    if len(tokens) == 1 and tokens[0].lower_ in RELATIVES:
        antecedent = _antecedent(tokens[0])
        if antecedent:  # "Jane Roe, who said": the mention stays "who", the name is Jane Roe
            named = describe(doc, *antecedent)
            return Mention(named.name, named.role, named.kind)
    segments: list[list[Token]] = [[]]
    for k, t in enumerate(tokens):
        if t.text == "," and not (k + 1 < len(tokens) and corporate_suffix(tokens[k + 1].text) and (
                k + 2 == len(tokens) or tokens[k + 2].text == ",")):  # "Acme Robotics, Inc." is one name
            segments.append([])
        else:
            segments[-1].append(t)
    segments = [s for s in segments if s]
    if len(segments) > 1 and all(len(s) <= 3 and _capitalised(s[0]) for s in segments) \
            and any(t.lower_ == "and" for t in segments[-1]):
        return Mention(text, None, "group")  # "Kyiv, Washington and Seoul"
    words = [_text(s).split() for s in segments]
    for k, segment in enumerate(words):
        prefix, name = split_name(segment)
        if name:
            # a relative clause ("who lost her son") describes, it is no role
            others = [_words(s) for i, s in enumerate(words) if i != k and segments[i][0].lower_ not in RELATIVES]
            role = ", ".join(x for x in [_words(prefix, strip_owner=True), *others] if x) or None
            return Mention(_words(name), role, _name_kind(name))
    # no name: a description ("Ukrainian officials", "a senior Ukrainian official"); a
    # relative clause after it is no part of it ("A U.S. official, who was not authorized")
    if len(segments) > 1 and (segments[1][0].lower_ in RELATIVES or _participle(segments[1][0])):
        tokens = segments[0]  # "A senior diplomat, speaking on condition of anonymity"
        text = _text(tokens)
    words = [t.lower_ for t in tokens]
    head = words[-1] if words else ""
    role_head = head in titles() or head in UNNAMED_HEADS or any(  # "a spokesperson for the company"
        w in word_set("role_prepositions") and k > 0 and words[k - 1] in titles() | UNNAMED_HEADS
        for k, w in enumerate(words))
    org = any(w.rstrip(".") in organisation_words() for w in words) and any(_capitalised(t) for t in tokens)
    if org and role_head:  # "a State Department spokesperson": a person with a role
        return Mention(text, _words(text.split()), "unnamed")
    if org:  # the part naming it, without an appositive ("Acme Corp, a maker of brakes")
        named = next((s for s in segments if any(t.lower_.rstrip(".") in organisation_words() for t in s)), tokens)
        return Mention(_words(_text(named).split()), None, "organisation")
    if words and (words[0] in {"a", "an", "another", "one"} or "senior" in words):
        return Mention(text, _words(text.split()), "unnamed")
    if words and words[0] in {"the", "this", "that"} and head not in UNNAMED_HEADS | {"officials"}:
        return Mention(text, _words(text.split()), "description")
    if words and words[0] in {"the"} and len(words) > 2:
        return Mention(text, _words(text.split()), "description")
    return Mention(text, None, "group" if head.endswith("s") else "description")


def _participle(token: Token) -> bool:
    """A lower-case "-ing" word opening an aside: "speaking on condition of anonymity"."""
    return token.is_lower and token.lower_.endswith("ing") and len(token) > 5


def _text(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def _name_kind(name: list[str]) -> str:
    if len(name) == 1 and name[0].isupper() and len(name[0]) > 1:
        return "organisation"  # an acronym: "the GUR", "The US"
    return "person"


def _words(words: list[str], strip_owner: bool = False) -> str:
    """Words joined, without a leading article (and owner "Zelenskiy's" when asked)."""
    while words and words[0].lower() in {"the", "a", "an", "another", "in", "of"}:
        words = words[1:]
    if strip_owner and len(words) > 1 and words[0].endswith(("’s", "'s")):
        words = words[1:]
    return " ".join(words).strip(" ,")
