"""The gender a person mention implies, so that "he" is never resolved to Hillary Clinton.

Evidence, the first found wins: an honorific ("Mr.", "Mrs.", "Ms."), a gendered
role word ("spokeswoman", "congressman", "first lady"), then the given name of a
full name (data/female_names.txt, data/male_names.txt). A surname alone says
nothing ("Warren" may be Elizabeth Warren). Unknown is compatible with both
pronouns. Not handled: names given to both sexes (left out of the lists on
purpose), naming orders other than given name first, singular "they".
"""

from __future__ import annotations

from quotes.detect.lexicon import given_names, word_table

Gender = str  # "f" or "m"

PRONOUN_GENDERS: dict[str, Gender] = word_table("pronoun_genders")
HONORIFICS: dict[str, Gender] = word_table("honorific_genders")
ROLE_WORDS: dict[str, Gender] = word_table("role_genders")


def gender(name: str, role: str | None = None) -> Gender | None:
    """"f", "m" or None (unknown) for a person called `name`, described by `role`."""
    words = [w.strip(".,").lower() for w in name.split()]
    if words and words[0] in HONORIFICS:
        return HONORIFICS[words[0]]
    for word in (role or "").lower().replace("-", " ").split():
        word = word.strip(".,;:")
        if word in ROLE_WORDS:  # exact: in "the king's sister" only "sister" counts
            return ROLE_WORDS[word]
    if len(words) >= 2:
        return given_names().get(words[0])
    return None


def agrees(pronoun: str, name: str, role: str | None = None) -> bool:
    """False only when the pronoun's gender and the person's known gender differ."""
    wanted = PRONOUN_GENDERS.get(pronoun.lower())
    found = gender(name, role) if wanted else None
    return wanted is None or found is None or found == wanted
