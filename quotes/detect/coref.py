"""Who a mention is: full names for surnames, antecedents for pronouns and role descriptions.

Works inside one article. The people table holds every person the article names
(from speaker mentions, entities when a trained pipeline gave them, and runs of
capitalised words), with the role written next to them. A pronoun takes the most
recent compatible speaker or person; a role description ("the foreign minister",
"the Ukrainian leader") takes the most recent person whose role shares its head
word (or a synonym: a "leader" is a president, prime minister...); an age ("the
52-year-old") takes the most recent person. Not handled:
cataphora ("In his speech, Smith said") and "I"/"we" inside quotes. A pronoun
never takes a person of the other gender (see `gender`).
"""

from __future__ import annotations

import bisect
import re
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.tokens import Doc

from quotes.detect.gender import agrees
from quotes.detect.lexicon import cues, organisation_words, titles, word_set
from quotes.detect.records import CharSpan
from quotes.detect.speakers import (
    BOUNDARY,
    ROLE_SYNONYMS,
    SENTENCE_OPENERS,
    TIME_NOUNS,
    UNNAMED_HEADS,
    dateline_end,
    describe,
)
from quotes.identity.names import Mention, corporate_suffix, corporate_suffixes

# How many people back a pronoun or a role description looks for its referent (a bound that
# keeps resolution linear in the article's length; referents are far more recent than this).
PRONOUN_WINDOW = 100
DESCRIPTION_WINDOW = 400
MODIFIERS = word_set("title_modifiers")
AGE = re.compile(r"\d+-year-old")  # "the 52-year-old": a person described by their age  # "senior", "former": modify a head, name no role on their own


@dataclass(slots=True)
class Person:
    """Someone named in the article, where, and the role written with the name."""

    position: int  # character offset of the mention
    name: str
    role: str | None
    kind: str  # person, unnamed, group, organisation


def _place(words: list[str], end: int) -> bool:
    """A run ending at token `end` that names a place or an institution: it ends with a place
    word ("Vine Street", "Lakeshore Medical Center"), or one follows it ("Elm and Vine streets").
    Not handled: places without one ("Chicago")."""
    return words[end - 1].lower() in word_set("place_heads") or (
        end < len(words) and words[end].islower() and words[end] in word_set("place_heads") | word_set("place_plurals"))


def _name_runs(doc: Doc, words: list[str]) -> list[tuple[int, int]]:
    """Token spans of person names: PERSON entities, else runs of 2+ capitalised non-title words
    and the last word of such a run opening a later sentence alone (a surname as subject; in
    other places a lone surname is too often an object: "attacks on Trump. He said"); neither
    a place nor an institution (`_place`) nor a company ("Acme Robotics, Inc.")."""
    if doc.has_annotation("ENT_IOB"):
        return [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON" and not _place(words, e.end)]
    runs, start, surnames = [], None, set()
    title_words, org_words = titles(), organisation_words()
    for i, text in enumerate(words):
        low = text.lower()
        word = text[:1].isupper() and text.isalpha() and low not in title_words \
            and low not in org_words and low not in SENTENCE_OPENERS \
            and (start is not None or i == 0 or words[i - 1].lower() != "the")
        joined = start is not None and (text == "-" and not doc[i].whitespace_ or words[i - 1] == "-")
        if word or joined:
            start = i if start is None else start
            continue
        company = text == "," and i + 1 < len(words) and corporate_suffix(words[i + 1])  # "Acme Robotics, Inc."
        if start is not None and i - start >= 2 and not _place(words, i) and not company:
            runs.append((start, i))
            surnames.add(words[i - 1])
        elif start is not None and i - start == 1 and words[start] in surnames and doc[start].is_sent_start:
            runs.append((start, i))  # "Clinton bashed ..." after "Hillary Clinton": that person again
        start = None
    return runs


def _inflected_cue(word: str) -> bool:
    """'said', 'stated', 'wrote': an inflected reporting verb (not 'state' or 'read', also names)."""
    cue = cues().get(word)
    return cue is not None and cue.cls in ("verb", "direct") and cue.lemma != word


def _role_word(word: str) -> str:
    """'Ukraine’s' -> 'ukraine', 'Secretary-General,' -> 'secretary-general' (hyphens stay)."""
    word = word.lower().strip(",;:()")
    return word[:-2] if word.endswith(("’s", "'s")) else word


def _counterparts(people: list[Person]) -> None:
    """'his French counterpart Jean Roe' after 'German Foreign Minister Hans Doe': Jean Roe's
    role is French Foreign Minister (the earlier role, its nationality or organisation replaced)."""
    for k, person in enumerate(people):
        words = (person.role or "").split()
        if "counterpart" not in [_role_word(w) for w in words]:
            continue
        earlier = next((p for p in reversed(people[:k]) if p.role and "counterpart" not in p.role.lower()), None)
        if earlier is None:
            continue
        theirs = earlier.role.split()
        if len(theirs) > 1 and theirs[0][:1].isupper() and _role_word(theirs[0]) not in titles():
            theirs = theirs[1:]  # "German Foreign Minister" -> "Foreign Minister"
        dropped = word_set("possessive_determiners") | {"counterpart"}
        person.role = " ".join(w for w in words if _role_word(w) not in dropped) + " " + " ".join(theirs)
        person.role = person.role.strip()


def _inside(spans: list[CharSpan], char: int) -> bool:
    k = bisect.bisect_right(spans, (char, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= char < spans[k][1]


def _in_appositive_role(words: list[str], start: int) -> bool:
    """Whether the name at `start` ends an appositive role: ", the director of [Foo Watch]"."""
    if start < 4 or words[start - 1].lower() not in word_set("role_prepositions") | {"of"}:
        return False
    for t in range(start - 2, max(1, start - 5), -1):
        if words[t].lower() in titles() and words[t - 1].lower() in word_set("articles") and words[t - 2] == ",":
            return True
    return False


# A byline paragraph: "By JANE ROE Associated Press", "By Jane Roe", "Jane Roe, Political Correspondent".
BYLINE_CHARS = 100
BYLINE = re.compile(r"[Bb][Yy] [^.!?“”\"]*|[^,.;:!?“”\"]{1,40},(?: [A-Z][\w'’&-]*){1,4}")


def _byline(text: str, char: int) -> bool:
    """Whether the paragraph around `char` is a byline (`BYLINE`, the whole paragraph, which
    is short: only BYLINE_CHARS either side are searched, so that each name costs the same)."""
    lo = max(0, char - BYLINE_CHARS)
    newline = text.rfind("\n", lo, char)
    end = text.find("\n", char, char + BYLINE_CHARS)
    if (newline < 0 and lo > 0) or (end < 0 and char + BYLINE_CHARS < len(text)):
        return False  # a long paragraph
    return BYLINE.fullmatch(text[newline + 1 : end if end >= 0 else len(text)].strip()) is not None


def _backwards(people: list[Person], end: int) -> Iterator[Person]:
    """people[:end] from the last to the first, without copying the list."""
    return (people[k] for k in range(end - 1, -1, -1))


def _personal(person: Person) -> bool:
    """An unnamed speaker "he" or "she" can be: one person by role ("the official", "a spokesman"),
    not a crowd or a body ("the audience", "the board")."""
    words = (person.role or person.name).lower().split()
    return bool(words) and (words[-1] in titles() or words[-1] in UNNAMED_HEADS) and not words[-1].endswith("s")


def _referent(name: str) -> bool:
    """A name a pronoun can refer to: not a time ("Sunday", "Super Tuesday") or a lone article."""
    words = name.lower().split()
    return bool(words) and not any(w in TIME_NOUNS for w in words) and words != ["an"] and words != ["a"]


class Resolver:
    """Resolves mentions in document order; `add` records each resolved speaker."""

    def __init__(self, doc: Doc, words: list[str], quoted: list[CharSpan] = (), text: str | None = None):
        """`quoted`: the sorted quoted parts of the Doc; a name inside one is no antecedent.
        `text`: doc.text when the caller has it (Doc.text joins every token anew)."""
        self.doc = doc
        self.people: list[Person] = []
        text = doc.text if text is None else text
        for start, end in _name_runs(doc, words):
            if dateline_end(doc, start, text) > start:
                continue  # "NEW YORK (AP) —" is a place, not a person
            if _inside(quoted, doc[start].idx):
                continue  # '“... John Doe must act,” he said': not who "he" is
            if _in_appositive_role(words, start):
                continue  # "Jane Roe, the director of Human Rights Watch": the role's organisation
            if _byline(text, doc[start].idx):
                continue  # "By JANE ROE Associated Press": who wrote the article, not who speaks in it
            first = start
            while end - start >= 2 and _inflected_cue(doc[start].lower_):
                start += 1  # 'Said Comey, “...”': the cue opening the sentence is no first name
            lo = start
            while first == start and lo > 0 and start - lo < 6 and (doc[lo - 1].lower_ in titles() or (
                    doc[lo - 1].text[:1].isupper() and doc[lo - 1].is_alpha) or (
                    doc[lo - 1].text == "-" and not doc[lo - 1].whitespace_ and lo >= 2) or (
                    doc[lo - 1].lower_ == "of" and lo >= 2 and doc[lo - 2].lower_.rstrip(".") in titles())):
                lo -= 1  # (and "of" after a title: "Secretary of State Jane Roe" is Jane Roe, not "State Jane Roe")
            mention = describe(doc, lo, end)
            role = mention.role
            if role is None and lo >= 2 and doc[lo - 1].text == ",":
                k = lo - 2
                while k > 0 and lo - k < 6 and (doc[k - 1].lower_ in titles() or doc[k].lower_ in titles() or (
                        doc[k - 1].is_lower and doc[k - 1].is_alpha and doc[k - 1].lower_ not in word_set("articles")
                        and doc[k - 1].lower_ not in BOUNDARY and any(t.lower_ in titles() for t in doc[k : lo - 1]))) \
                        and not doc[k - 1].is_punct:
                    k -= 1  # with the words before the title: "the shadow transport secretary, Jane Roe"
                while k > 0 and lo - k < 8 and doc[k - 1].is_alpha and doc[k - 1].text[:1].isupper() \
                        and doc[k - 1].lower_ not in SENTENCE_OPENERS:
                    k -= 1  # the nationality or organisation: "the German foreign minister, Hans Doe"
                if any(t.lower_ in titles() for t in doc[k : lo - 1]):
                    role = doc[k : lo - 1].text  # "North Korea's foreign minister, Choe Son-hui"
            if role is None and end < len(doc) - 1 and doc[end].text == ",":
                k = end + 1
                while k < len(doc) and k - end < 8 and not doc[k].is_punct and doc[k].lower_ != "and" \
                        and "\n" not in doc[k].text:
                    k += 1
                if any(t.lower_ in titles() for t in doc[end + 1 : k]):
                    role = doc[end + 1 : k].text  # "Choe Son-hui, North Korea's foreign minister"
            if mention.kind == "person":
                self.people.append(Person(doc[start].idx, mention.name, role, "person"))
        self.people.sort(key=lambda p: p.position)
        _counterparts(self.people)
        self.positions = [p.position for p in self.people]
        self.added: list[Person] = []  # resolved speakers, in document order (see `add`)
        self.added_positions: list[int] = []
        # indexes, so that each look-up costs the same however long the article is
        self.by_last: dict[str, tuple[list[int], list[str]]] = {}  # surname -> positions, full names
        self.by_first: dict[str, dict[str, int]] = {}  # first word -> full name -> first position
        self.roles: dict[str, tuple[int, str]] = {}  # name -> where and which role was written first
        self.by_role: dict[str, tuple[list[int], list[Person]]] = {}  # role word -> people with it
        for person in self.people:
            self._index(person)
        # sentence subjects that describe a person ("The senior ... official declined"),
        # resolved when a pronoun needs them
        self.subjects: list[tuple[int, int, int]] = []
        for sent in doc.sents:
            if sent[0].lower_ in word_set("articles"):
                heads = (titles() | UNNAMED_HEADS) - MODIFIERS
                for end in range(sent.start + 1, min(sent.end - 1, sent.start + 8)):
                    if not doc[end].is_alpha or doc[end].lower_ in BOUNDARY:
                        break
                    if doc[end].lower_ in heads and doc[end + 1].lower_ not in heads:
                        self.subjects.append((sent[0].idx, sent.start, end + 1))
                        break
        self.subject_positions = [s[0] for s in self.subjects]

    def _index(self, person: Person) -> None:
        if person.role and person.position < self.roles.get(person.name, (person.position + 1, ""))[0]:
            self.roles[person.name] = (person.position, person.role)
        if person.kind in ("person", "unnamed"):
            for word in {_role_word(w) for w in (person.role or "").split()}:
                positions, people = self.by_role.setdefault(word, ([], []))
                k = bisect.bisect_right(positions, person.position)
                positions.insert(k, person.position)
                people.insert(k, person)
        words = person.name.split()
        if person.kind != "person" or len(words) < 2:
            return
        positions, names = self.by_last.setdefault(words[-1], ([], []))
        k = bisect.bisect_right(positions, person.position)
        positions.insert(k, person.position)  # nearly always at the end: adds come in order
        names.insert(k, person.name)
        opened = self.by_first.setdefault(words[0], {})
        opened[person.name] = min(opened.get(person.name, person.position), person.position)

    def add(self, position: int, name: str, role: str | None, kind: str) -> None:
        """Record a resolved speaker so later pronouns and descriptions can refer to it.
        Speakers are added in document order (an earlier one is inserted in its place)."""
        person = Person(position, name, role, kind)
        k = bisect.bisect_right(self.added_positions, position)
        self.added.insert(k, person)
        self.added_positions.insert(k, position)
        self._index(person)

    def _before(self, position: int) -> Iterator[Person]:
        """People mentioned before `position`, the most recent first (a resolved speaker before
        a name at the same position)."""
        added = _backwards(self.added, bisect.bisect_left(self.added_positions, position))
        named = _backwards(self.people, bisect.bisect_left(self.positions, position))
        return heapq.merge(added, named, key=lambda p: p.position, reverse=True)

    def full_name(self, name: str, position: int) -> str:
        """The most recent earlier (else the first later) name ending with this surname, else
        the one earlier name it opens (a family name first), or the name itself."""
        words = name.split()
        if len(words) != 1:
            return name
        if words[0] in self.by_last:
            positions, names = self.by_last[words[0]]
            k = bisect.bisect_left(positions, position)
            return names[k - 1] if k > 0 else names[0]
        # family name first ("Wang Lei ... Wang said"): the one earlier person it opens
        opened = [n for n, first in self.by_first.get(words[0], {}).items() if first < position][:2]
        return opened[0] if len(opened) == 1 else name

    def resolve(self, mention: Mention, position: int) -> tuple[str, str | None, str]:
        """(speaker_text, role, kind) for a mention at character `position`."""
        if mention.kind == "person":
            name = self.full_name(mention.name, position)
            role = mention.role or self.roles.get(name, (0, None))[1]
            return name, role, "person"
        if mention.kind == "pronoun":
            wanted = {"he": {"person", "unnamed"}, "she": {"person", "unnamed"}, "i": {"person"},
                      "they": {"group", "organisation", "unnamed"}, "we": {"group", "organisation"},
                      "it": {"organisation"}}.get(mention.name.lower(), set())
            candidates = list(islice(self._before(position), PRONOUN_WINDOW))
            k = bisect.bisect_left(self.subject_positions, position)
            subject = self.subjects[k - 1] if k > 0 else None
            if subject and (not candidates or subject[0] > candidates[0].position):
                name, role, kind = self.resolve(describe(self.doc, subject[1], subject[2]), subject[0])
                candidates.insert(0, Person(subject[0], name, role, kind))
            for p in candidates:
                full = self.full_name(p.name, p.position)  # "Clinton" -> "Hillary Clinton"
                if p.kind in wanted and agrees(mention.name, full, p.role) and _referent(p.name) \
                        and (p.kind != "unnamed" or mention.name.lower() not in ("he", "she") or _personal(p)):
                    return (full if p.kind == "person" else p.name), p.role, p.kind
            return mention.name, None, "person"
        if mention.kind == "description" and AGE.fullmatch(mention.name.split()[-1].lower()):
            # "the 52-year-old": the most recent person named, as "he" or "she" would be
            person = next((p for p in islice(self._before(position), PRONOUN_WINDOW)
                           if p.kind == "person" and _referent(p.name)), None)
            if person:
                return person.name, person.role, person.kind
        if mention.kind == "description":
            head = mention.name.split()[-1].lower()
            heads = ROLE_SYNONYMS.get(head, {head})
            others = {w.lower() for w in mention.name.split()[1:-1]}
            # the most recent person with the head word, preferring the one whose role shares
            # most of the other words ("the French foreign minister": French Foreign Minister)
            best, best_shared = None, -1
            holders = [_backwards(people, bisect.bisect_left(positions, position))
                       for positions, people in (self.by_role.get(h, ([], [])) for h in sorted(heads))]
            seen = set()
            for p in islice(heapq.merge(*holders, key=lambda p: p.position, reverse=True), DESCRIPTION_WINDOW):
                if id(p) in seen:  # a role with two of the heads ("president", "leader")
                    continue
                seen.add(id(p))
                role_words = {_role_word(w) for w in (p.role or "").split()}
                if role_words & word_set("office_modifiers") - others:
                    continue  # "the transport secretary" is not the shadow transport secretary
                if heads & role_words:
                    shared = len(others & role_words)
                    if shared > best_shared:
                        best, best_shared = p, shared
                    if shared == len(others):
                        break
            if best:
                return best.name, best.role, best.kind
            organisation = self._organisation(head, position)
            return (organisation, None, "organisation") if organisation else (mention.name, mention.role, "unnamed")
        if mention.kind == "organisation" and mention.name.islower() and " " not in mention.name:  # "The company"
            organisation = self._organisation(mention.name.lower(), position)
            if organisation:
                return organisation, None, "organisation"
        return mention.name, mention.role, mention.kind

    def _organisation(self, head: str, position: int) -> str | None:
        """"the company", "the ministry": the organisation of that kind that spoke before, when
        only one did (among the last DESCRIPTION_WINDOW speakers): a company has a legal form
        or "Company" in its name (data/company_heads.txt), another institution its head word
        ("the Defense Ministry"). Not handled: organisations named but not quoted before."""
        if head in word_set("company_heads"):
            marks = corporate_suffixes() | {"company", "corporation"}
        elif head in organisation_words():
            marks = {head}
        else:
            return None
        earlier = _backwards(self.added, bisect.bisect_left(self.added_positions, position))
        names = {p.name for p in islice(earlier, DESCRIPTION_WINDOW)
                 if p.kind == "organisation" and p.name[:1].isupper()  # a name, not a description
                 and marks & {w.lower().strip(".,") for w in p.name.split()}}
        return names.pop() if len(names) == 1 else None
