"""Pure name logic: normalising, splitting titles off, spelling-variant keys and merge rules.

Nothing here touches the database. The rules are deliberately conservative: when
two names might be one person but the evidence is thin, `same_person` says no and
gives the reason, so the caller can show them as possible duplicates instead.

Not handled: nicknames ("Bill" / "William"), names written in another script,
transliterations that change more than vowels and doubled letters
("Oleksandr" / "Alexander"), and family-name-first order outside the surname-only
rule (a lone "Kim" joins "Kim Jong Un" within an article via its first word).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

_NON_WORD = re.compile(r"[^\w]+")
_NON_LETTER = re.compile(r"[^a-z]+")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]?\.?$|^[^\W\d_]$")
_POSSESSIVE = re.compile(r"['’]s?$")
_PARENTHESES = re.compile(r"\s*\(([^)]*)\)")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_REPEATED = re.compile(r"(.)\1+")
# A US party and state tag after a name: "R-Ohio", "D-N.Y.", "(I-Vt.)", "(R)". Never a name.
_PARTY_TAG = re.compile(r"^(?:\(?[RDI]-[A-Z][A-Za-z.]*\)?|\([RDI]\))[,.]?$")


@lru_cache(maxsize=2**14)  # the same names are folded again and again while attaching speakers
def normalize_name(name: str) -> str:
    """Lower-case, accents stripped, punctuation and spaces folded to single spaces.

    >>> normalize_name("  Andrii  Sybiha’s ")
    'andrii sybiha s'
    """
    if not name.isascii():  # ASCII has neither accents nor compatibility forms
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", name.casefold()).strip()


@cache
def word_list(filename: str) -> frozenset[str]:
    """Lines of a data file under quotes/identity/data/, without comments and blanks."""
    text = resources.files("quotes.identity").joinpath("data", filename).read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def titles() -> frozenset[str]:
    """Title, honorific and role words (lower case, no final full stop) from data/titles.txt,
    the one list the detector and identity share."""
    return word_list("titles.txt")


@cache
def organisation_words() -> frozenset[str]:
    """Head words that mark an organisation ("Ministry", "Times") and company suffixes
    ("Corp"), lower case."""
    return word_list("organisations.txt") | corporate_suffixes()


def corporate_suffixes() -> frozenset[str]:
    """Legal-form suffixes ending a company's name ("Inc", "Ltd"), lower case."""
    return word_list("corporate_suffixes.txt")


def corporate_suffix(word: str) -> bool:
    """'Inc.', 'Corp', 'LTD': a company's legal form."""
    return _plain(word) in corporate_suffixes()


@cache
def given_names() -> dict[str, str]:
    """Lower-case given name -> "f" or "m" (names given to both are in neither file)."""
    return {**dict.fromkeys(word_list("male_names.txt"), "m"),
            **dict.fromkeys(word_list("female_names.txt"), "f")}


def _bare(token: str) -> str:
    """A token lower-cased without accents and final full stop: "Sen." -> "sen"."""
    return normalize_name(token).replace(" ", "-")


def _plain(word: str) -> str:
    """A word lower-cased without a possessive or final full stop: "CNN’s" -> "cnn"."""
    return _POSSESSIVE.sub("", word).lower().rstrip(".")


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _is_title(word: str) -> bool:
    """A title word, or a hyphenated one with a title in it ("Secretary-General")."""
    plain = _plain(word)
    return plain in titles() or ("-" in plain and any(part in titles() for part in plain.split("-")))


def _is_noise(token: str) -> bool:
    """A capitalised word that is neither name nor role: "Does Rubio", "When Barack Obama"."""
    bare = _bare(token)
    return (
        token[:1].isupper() and not _INITIALS.match(token) and bare in word_list("not_names.txt")
    )


def split_name(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """(role words, name words) of one comma-free part of a mention: the one name splitter of
    the detector (`speakers.describe`) and identity (`split_mention`).

    The name is the trailing run of capitalised words that are neither titles nor
    determiners ("Ukrainian President [Volodymyr Zelenskiy]"), with name particles and
    suffixes ("Charles de Gaulle", "Martin Luther King Jr.", a title before a suffix). A
    title ending the mention is a surname after a known given name ("John Major").
    Sentence-start words ("When Barack Obama") are neither. After "of", "for"... only the
    last two words (three with a middle initial) are the name ("Secretary of State John
    Kerry"). No name: an organisation ("The Justice Department", unless a title and a name
    follow: "Agency spokeswoman Jane Roe"), or someone speaking for the person named ("a
    spokesperson for Gov. Jane Roe", "an aide to John Doe").
    Not handled: a role after the name without a comma ("Kovalenko the spokesman").
    """
    words = list(words)
    tags = []  # "Rep. Jim Roe (R-Ohio)": a party tag after the name goes with the role
    while words and _PARTY_TAG.match(words[-1]):
        tags.insert(0, words.pop())
    if tags:
        role, name = split_name(words)
        return role + tags, name
    orgs = organisation_words()
    last_title = max((k for k, w in enumerate(words) if _is_title(w)), default=-1)
    named = 0 <= last_title < len(words) - 1 and all(
        (_capitalised(w) and _plain(w) not in orgs) or not _lettered(w) for w in words[last_title + 1 :])
    if not named and any(_capitalised(w) and _plain(w) in orgs for w in words):
        # "Dan Roe of the Ocean Defence Network": a person of the organisation, named before "of"
        k = next((k for k, w in enumerate(words) if w in {"of", "from"}), 0)
        return _person_of(words[:k], words[k:]) or (words, [])
    inside = word_list("particles.txt") | word_list("suffixes.txt")
    j = len(words)
    while j > 0:
        word = words[j - 1]
        plain = _plain(word)
        if not _lettered(word) or plain in inside:
            j -= 1
            continue
        if _PARTY_TAG.match(word):
            break
        if not _capitalised(word) or _POSSESSIVE.search(word) or word.lower() in word_list("determiners.txt"):
            break
        if _is_title(word):
            after = words[j:]
            suffixed = after and all(_plain(w) in word_list("suffixes.txt") for w in after if _lettered(w))
            given = j == len(words) and j >= 2 and _capitalised(words[j - 2]) \
                and _plain(words[j - 2]) in given_names()
            if not (suffixed or given):  # "King Jr.", "John Major": the title is a surname
                break
        j -= 1
    name = words[j:]
    while name and (not _capitalised(name[0]) or not _lettered(name[0])):
        name = name[1:]
    while name and _is_noise(name[0]):  # "When Barack Obama", "But Senator Roe": neither name nor role
        name = name[1:]
    role = words[: len(words) - len(name)]
    # "a spokesperson for Gov. Jane Roe", "an aide to John Doe": the name is whom they speak for
    if any(_plain(w) in word_list("agent_heads.txt") and after in {"for", "to"} for w, after in zip(role, role[1:])):
        return words, []
    # "a move NATO Secretary General Jane Roe": the role starts after the last plain word
    for k in range(len(role) - 1, 0, -1):
        before = role[k - 1]
        if not _capitalised(before) and not _is_title(before) and not _POSSESSIVE.search(before) \
                and _lettered(before) and _capitalised(role[k]):
            role = role[k:]
            break
    role = [w for w in role if not _is_noise(w)]
    # "Sen. Sherrod Brown of Ohio", "Mr. Burman of the Tax Policy Center": the name before "of"
    k = len(role) - (2 if len(role) >= 2 and role[-1].lower() in {"the", "a", "an"} else 1)
    if k >= 1 and role[k] in {"of", "from"} and (person := _person_of(role[:k], role[k:] + name)):
        return person
    # After a title and "of"/"for"... the next capitalised words name the office ("Secretary of State")
    if role and role[-1] in word_list("office_connectors.txt") and len(name) > 2 and any(map(_is_title, role)):
        keep = 3 if _INITIALS.match(name[-2]) else 2
        role, name = role + name[:-keep], name[-keep:]
    return role, name


def _person_of(before: list[str], after: list[str]) -> tuple[list[str], list[str]] | None:
    """(role, name) when `before` names a person and `after` ("of Ohio", "of the Tax Policy
    Center") says where they are from, else None. A person: a title or a known given name, or
    two name words before "of the" ("Chikondi Banda of the United Progress Alliance"); "Voters
    from Ohio", "Joint Chiefs of Staff", "Bank of America" and "Secretary of State" are none."""
    if not before or not after or not _capitalised(before[-1]) or _is_title(before[-1]):
        return None
    inner_role, inner_name = split_name(before)
    person = inner_name and (any(map(_is_title, inner_role)) or _plain(inner_name[0]) in given_names()
                             or (len(inner_name) >= 2 and after[1:2] == ["the"]))
    return (inner_role + after, inner_name) if person else None


def _lettered(word: str) -> bool:
    return any(c.isalnum() for c in word)


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker mention: the name written in it ("" when none), the role written around it,
    and its kind (person, organisation, group, unnamed, pronoun, description)."""

    name: str
    role: str | None
    kind: str = "person"


@lru_cache(maxsize=2**14)  # names recur across mentions and articles: ingest asks again and again
def split_mention(mention: str) -> Mention:
    """Split "Ukrainian President Volodymyr Zelenskiy" into name and role.

    Handles a title before the name, an apposition after a comma ("Andriy
    Kovalenko, the head of ...", "North Korea's foreign minister, Choe Son-hui"),
    a parenthesis ("Jason Chaffetz (R-Utah)") and a trailing possessive. The name
    is empty when the mention has none ("the foreign minister"); each comma part is
    split by `split_name`.
    """
    text = " ".join(mention.split())
    extra = [m.strip() for m in _PARENTHESES.findall(text) if m.strip()]
    parts = [p.strip() for p in _PARENTHESES.sub("", text).split(",") if p.strip()]
    splits = [split_name(part.split()) for part in parts]
    # The comma part with the longest name (the first on a tie) holds the name.
    # "It", "That" and a lone initial ("Q" of a Q&A) are no person's names.
    candidates = [(len(name), -i) for i, (_, name) in enumerate(splits)
                  if name and not all(_is_noise(t) or _INITIALS.match(t) for t in name)]
    if not candidates:
        return Mention("", _clean_role(", ".join([*parts, *extra])))
    chosen = -max(candidates)[1]
    role_tokens, name_tokens = splits[chosen]
    others = [part for i, part in enumerate(parts) if i != chosen]
    role = ", ".join(r for r in [" ".join(role_tokens), *others, *extra] if r)
    return Mention(_POSSESSIVE.sub("", " ".join(name_tokens)), _clean_role(role))


def _clean_role(role: str) -> str | None:
    role = _LEADING_ARTICLE.sub("", role.strip(" ,;:"))
    return role or None


def _fold(token: str) -> str:
    """Spelling-variant form of one name word: accents, hyphens and apostrophes
    dropped, y read as i, doubled letters single ("Zelenskyy" -> "zelenski")."""
    letters = _NON_LETTER.sub("", normalize_name(token))
    return _REPEATED.sub(r"\1", letters.replace("y", "i"))


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name as folded words: given names and initials, surname, suffix.

    `given` holds full given names and initials in order; a one-word name has
    only a surname (which, for family-name-first names, may be the family name).
    `suffix` is "jr", "iii"... or "" (Donald Trump Jr. is not Donald Trump).
    """

    given: tuple[str, ...]
    surname: str
    suffix: str = ""

    @property
    def key(self) -> str:
        """Spelling-variant key: "Donald J. Trump" and "Donald Trump" -> "donald trump"."""
        first = self.given[:1]
        middle = tuple(g for g in self.given[1:] if len(g) > 1)
        return " ".join(w for w in (*first, *middle, self.surname, self.suffix) if w)

    @property
    def compact(self) -> str:
        """The key without spaces, so "Kim Jong-un" equals "Kim Jong Un"."""
        return self.key.replace(" ", "")


@lru_cache(maxsize=2**14)
def parse_person(name: str) -> PersonName | None:
    """Fold a bare name (titles already split off) into words; None when empty."""
    words: list[str] = []
    suffix = ""
    for token in name.split():
        if _bare(token) in word_list("suffixes.txt"):
            suffix = _bare(token)
        elif _INITIALS.match(token):
            words.extend(c for c in _fold(token))
        elif folded := _fold(token):
            words.append(folded)
    if not words:
        return None
    return PersonName(tuple(words[:-1]), words[-1], suffix)


def variant_key(name: str) -> str:
    """The spelling-variant lookup key of a bare name ("" when it has no letters)."""
    person = parse_person(name)
    return person.key if person else ""


def alias_keys(alias: str, kind: str = "person") -> tuple[str, str | None]:
    """(key, surname) stored with an alias for indexed matching: a person's compact
    variant key and folded surname; for others the folded words, no surname."""
    person = parse_person(alias) if kind == "person" else None
    if person is not None:
        return person.compact, person.surname
    return "".join(_fold(word) for word in normalize_name(alias).split()), None


def _given_agree(a: str, b: str) -> bool:
    """Two given names agree: same folded spelling, or one is the other's initial."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b


@lru_cache(maxsize=2**14)
def same_person(a: str, b: str, *, same_document: bool = False) -> tuple[bool, str]:
    """Whether two bare names are one person, and why (or why not).

    Rules, in order: generation suffixes (Jr.) and middle names or initials
    present on both sides must agree; equal spelling keys match; a surname-only
    name matches a full name with that surname (or first word) only inside one
    article; otherwise surnames must be equal and either the given names of one
    are the last given names of the other ("Tayyip Erdogan" / "Recep Tayyip
    Erdoğan": a leading given name dropped) or the first given names agree (an
    initial agrees with a name it starts). Two names that share only a surname
    or a first name never match. Whether the data contradicts a match (the
    shorter name fits several stored people) is the caller's business.
    """
    pa, pb = parse_person(a), parse_person(b)
    if pa is None or pb is None:
        return False, "no name"
    if pa.suffix != pb.suffix:
        return False, "different generation suffix (Jr., III...)"
    middle_a, middle_b = pa.given[1:], pb.given[1:]
    if middle_a and middle_b and not all(map(_given_agree, middle_a, middle_b)):
        return False, "different middle names or initials"
    if pa.compact == pb.compact:
        return True, "same name" if normalize_name(a) == normalize_name(b) else "spelling variant"
    if not pa.given or not pb.given:
        lone, full = (pa, pb) if not pa.given else (pb, pa)
        if lone.surname not in (full.surname, full.given[0] if full.given else None):
            return False, "different names"
        if same_document:
            return True, "surname-only mention in the same article"
        return False, "a single name on one side, in different articles"
    if pa.surname != pb.surname:
        if pa.given[0] == pb.given[0] and len(pa.given[0]) > 1:
            return False, "only the first word in common"
        return False, "different surnames"
    shorter, longer = sorted((pa.given, pb.given), key=len)
    if len(shorter[0]) > 1 and longer[len(longer) - len(shorter):] == shorter:
        return True, "a leading given name on one side only"  # "Tayyip" / "Recep Tayyip"
    if not _given_agree(pa.given[0], pb.given[0]):
        return False, "same surname, different given names"
    if len(pa.given[0]) == 1 or len(pb.given[0]) == 1:
        return True, "initial matches the given name"
    return True, "middle name or initial on one side only"


def full_name_in_text(text: str, lone: str) -> str | None:
    """The full name a surname-only mention stands for in an article, if the text says.

    Journalistic convention: the first time a surname appears it comes with the
    given name ("Hillary Clinton ... Clinton said"). So the first occurrence of
    the word must read as a full name (titles stripped), and every full name
    ending in it in the text must be that person; otherwise None ("Clinton" in
    an article naming Bill and Hillary, or first met as "President Obama").
    """
    if len(lone.split()) != 1:
        return None
    names = []
    for match in re.finditer(rf"\b{re.escape(lone)}\b", text):
        # The words just before the surname, back to the end of the previous clause
        # (a full stop after an initial or a title such as "Mr." does not end one).
        words = text[max(0, match.start() - 80) : match.start()].split()[-6:]
        for i in range(len(words) - 1, -1, -1):
            if words[i][-1] in '.!?;:,()"“”' and not (
                _INITIALS.match(words[i]) or _bare(words[i]) in titles()
            ):
                words = words[i + 1 :]
                break
        names.append(split_mention(" ".join([*words, lone])).name)
    full = [n for n in names if len(n.split()) > 1]
    if not names or len(names[0].split()) < 2:
        return None
    if all(same_person(full[0], other, same_document=True)[0] for other in full):
        return max(full, key=lambda n: len(n.split()))
    return None


def organisation_names(mention: str) -> list[str]:
    """The names an organisation mention carries, without a leading "the":
    "Ukraine's military intelligence directorate, the GUR" -> both parts;
    "the Defense Ministry (MoD)" -> "Defense Ministry", "MoD"."""
    parts = [*_PARENTHESES.sub(",", mention).split(","), *_PARENTHESES.findall(mention)]
    names = [_LEADING_ARTICLE.sub("", " ".join(p.split())) for p in parts]
    return list(dict.fromkeys(n for n in names if n))


def group_key(mention: str) -> str:
    """Key of an unnamed source or group within one article: "A senior official"
    and "The senior official" agree; "Another senior official" does not."""
    return normalize_name(_LEADING_ARTICLE.sub("", mention.strip()))
