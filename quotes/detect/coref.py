"""Who a mention is: full names for surnames, antecedents for pronouns and role descriptions.

Works inside one article. The people table holds every person the article names
(from speaker mentions, entities when a trained pipeline gave them, and runs of
capitalised words), with the role written next to them. A pronoun takes the most
recent compatible speaker or person; a role description ("the foreign minister",
"the Ukrainian leader") takes the most recent person whose role shares its head
word (or a synonym: a "leader" is a president, prime minister...). Not handled:
cataphora ("In his speech, Smith said") and "I"/"we" inside quotes. A pronoun
never takes a person of the other gender (see `gender`).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from quotes.detect.gender import agrees
from quotes.detect.lexicon import cues, organisation_words, titles, word_set
from quotes.detect.speakers import (
    BOUNDARY,
    ROLE_SYNONYMS,
    SENTENCE_OPENERS,
    UNNAMED_HEADS,
    dateline_end,
    describe,
)
from quotes.identity.names import Mention

MODIFIERS = word_set("title_modifiers")  # "senior", "former": modify a head, name no role on their own


@dataclass(slots=True)
class Person:
    """Someone named in the article, where, and the role written with the name."""

    position: int  # character offset of the mention
    name: str
    role: str | None
    kind: str  # person, unnamed, group, organisation


def _name_runs(doc: Doc, words: list[str]) -> list[tuple[int, int]]:
    """Token spans of person names: PERSON entities, else runs of 2+ capitalised non-title words."""
    if doc.has_annotation("ENT_IOB"):
        return [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]
    runs, start = [], None
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
        if start is not None and i - start >= 2:
            runs.append((start, i))
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


class Resolver:
    """Resolves mentions in document order; `add` records each resolved speaker."""

    def __init__(self, doc: Doc, words: list[str]):
        self.doc = doc
        self.people: list[Person] = []
        for start, end in _name_runs(doc, words):
            if dateline_end(doc, start) > start:
                continue  # "NEW YORK (AP) —" is a place, not a person
            first = start
            while end - start >= 2 and _inflected_cue(doc[start].lower_):
                start += 1  # 'Said Comey, “...”': the cue opening the sentence is no first name
            lo = start
            while first == start and lo > 0 and start - lo < 6 and (doc[lo - 1].lower_ in titles() or (
                    doc[lo - 1].text[:1].isupper() and doc[lo - 1].is_alpha) or (
                    doc[lo - 1].text == "-" and not doc[lo - 1].whitespace_ and lo >= 2)):  # "Secretary-General"
                lo -= 1
            mention = describe(doc, lo, end)
            role = mention.role
            if role is None and lo >= 2 and doc[lo - 1].text == ",":
                k = lo - 2
                while k > 0 and lo - k < 6 and (doc[k - 1].lower_ in titles() or doc[k].lower_ in titles()) \
                        and not doc[k - 1].is_punct:
                    k -= 1
                while k > 0 and lo - k < 8 and doc[k - 1].is_alpha and doc[k - 1].text[:1].isupper() \
                        and doc[k - 1].lower_ not in SENTENCE_OPENERS:
                    k -= 1  # the nationality or organisation: "the German foreign minister, Hans Doe"
                if any(t.lower_ in titles() for t in doc[k : lo - 1]):
                    role = doc[k : lo - 1].text  # "North Korea's foreign minister, Choe Son-hui"
            if role is None and end < len(doc) - 1 and doc[end].text == ",":
                k = end + 1
                while k < len(doc) and k - end < 8 and not doc[k].is_punct and doc[k].lower_ != "and":
                    k += 1
                if any(t.lower_ in titles() for t in doc[end + 1 : k]):
                    role = doc[end + 1 : k].text  # "Choe Son-hui, North Korea's foreign minister"
            if mention.kind == "person":
                self.people.append(Person(doc[start].idx, mention.name, role, "person"))
        self.people.sort(key=lambda p: p.position)
        _counterparts(self.people)
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

    def add(self, position: int, name: str, role: str | None, kind: str) -> None:
        """Record a resolved speaker so later pronouns and descriptions can refer to it."""
        self.people.append(Person(position, name, role, kind))
        self.people.sort(key=lambda p: p.position)

    def _before(self, position: int) -> list[Person]:
        return [p for p in self.people if p.position < position][::-1]

    def full_name(self, name: str, position: int) -> str:
        """The longest earlier (else later) name ending with this surname, or the name itself."""
        words = name.split()
        if len(words) != 1:
            return name
        for p in self._before(position) + self.people:
            if p.kind == "person" and len(p.name.split()) > 1 and p.name.split()[-1] == words[0]:
                return p.name
        return name

    def resolve(self, mention: Mention, position: int) -> tuple[str, str | None, str]:
        """(speaker_text, role, kind) for a mention at character `position`."""
        if mention.kind == "person":
            name = self.full_name(mention.name, position)
            role = mention.role or next((p.role for p in self.people if p.name == name and p.role), None)
            return name, role, "person"
        if mention.kind == "pronoun":
            wanted = {"he": {"person", "unnamed"}, "she": {"person", "unnamed"}, "i": {"person"},
                      "they": {"group", "organisation", "unnamed"}, "we": {"group", "organisation"},
                      "it": {"organisation"}}.get(mention.name.lower(), set())
            candidates = self._before(position)
            subject = next((s for s in reversed(self.subjects) if s[0] < position), None)
            if subject and (not candidates or subject[0] > candidates[0].position):
                name, role, kind = self.resolve(describe(self.doc, subject[1], subject[2]), subject[0])
                candidates.insert(0, Person(subject[0], name, role, kind))
            for p in candidates:
                full = self.full_name(p.name, p.position)  # "Clinton" -> "Hillary Clinton"
                if p.kind in wanted and agrees(mention.name, full, p.role):
                    return p.name, p.role, p.kind
            return mention.name, None, "person"
        if mention.kind == "description":
            head = mention.name.split()[-1].lower()
            heads = ROLE_SYNONYMS.get(head, {head})
            others = {w.lower() for w in mention.name.split()[1:-1]}
            # the most recent person with the head word, preferring the one whose role shares
            # most of the other words ("the French foreign minister": French Foreign Minister)
            best, best_shared = None, -1
            for p in self._before(position):
                role_words = {_role_word(w) for w in (p.role or "").split()}
                if p.kind in {"person", "unnamed"} and heads & role_words:
                    shared = len(others & role_words)
                    if shared > best_shared:
                        best, best_shared = p, shared
                    if shared == len(others):
                        break
            if best:
                return best.name, best.role, best.kind
            return mention.name, mention.role, "unnamed"
        return mention.name, mention.role, mention.kind
