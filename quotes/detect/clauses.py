"""Token tests the passes share: which token is a cue, where a sentence ends, where a clause opens."""

from __future__ import annotations

from spacy.tokens import Doc

from quotes.detect.lexicon import cues

SENTENCE_END = {".", "!", "?"}


def is_cue(doc: Doc, i: int) -> bool:
    """A speech or manner-of-speaking verb at token i ("according" when "to" follows)."""
    t = doc[i]
    if t.lower_ == "according":
        return i + 1 < len(doc) and doc[i + 1].lower_ == "to"
    cue = cues().get(t.text)  # lower case only: "State" and "States" are no cues
    compound = not t.whitespace_ and i + 1 < len(doc) and doc[i + 1].text == "-"  # "counter-terror"
    return cue is not None and cue.cls in ("verb", "direct") and not compound


def ends_sentence(doc: Doc, i: int) -> bool:
    """A full stop, ! or ? that ends a sentence (not "(D-Mo.)" inside parentheses)."""
    if doc[i].text not in SENTENCE_END:
        return False
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return nxt is None or nxt.text not in {")", ","}


LOOKBACK = 200  # characters before a quotation that opens_clause reads


def opens_clause(text: str, start: int, paragraph_start: int) -> bool:
    """True when the quotation starting at `start` (after its mark) opens a sentence or follows ':' / ','."""
    # Looking back at most LOOKBACK characters keeps a paragraph of marks linear.
    before = text[max(paragraph_start, start - LOOKBACK):start].rstrip().rstrip("'\"“„«‘").rstrip()
    return not before or before[-1] in ".!?:,;—–-”\"" or before.endswith("(")
