"""The spaCy components: "quotes" (sets doc._.quotes) and "paragraph_sentences".

"quotes" only stores what the extractors yield (see extractor.py); its settings
are keyword-only, mirrored in default_config, and serialised with the pipeline.
It needs sentence boundaries: on a Doc without any (a blank pipeline with no
parser, senter or sentencizer) it sets them itself, as paragraph_sentences and
spaCy's sentencizer would. "paragraph_sentences" makes every line break a
sentence boundary, so a headline without a full stop never runs into the first
paragraph, and keeps an opening quotation mark with the sentence it opens; it
runs before the parser or sentencizer, which keep the boundaries it sets.

Both are registered as `spacy_factories` entry points (pyproject.toml), so spaCy
finds them by name in any process where quotes is installed. `quote_span` gives
the Span of a record's content, speaker or cue.
"""

from __future__ import annotations

from pathlib import Path

import srsly
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

from quotes.detect.extractor import find_quotes
from quotes.detect.records import Quote

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.factory(
    "quotes",
    default_config={"min_confidence": 0.0, "kinds": ["direct", "mixed", "indirect"]},
    assigns=["doc._.quotes"],
)
def make_quotes(nlp: Language, name: str, *, min_confidence: float, kinds: list[str]) -> "QuoteFinder":
    return QuoteFinder(name, min_confidence=min_confidence, kinds=kinds)


class QuoteFinder:
    """Sets `doc._.quotes` to the quotes found, keeping those of the wanted kinds and confidence."""

    def __init__(self, name: str = "quotes", *, min_confidence: float = 0.0,
                 kinds: list[str] | tuple[str, ...] = ("direct", "mixed", "indirect")):
        self.name = name
        self.min_confidence = min_confidence
        self.kinds = list(kinds)
        self.sentencizer = Sentencizer()  # for Docs that come without sentence boundaries

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("SENT_START"):
            doc = self.sentencizer(paragraph_sentences(doc))
        doc._.quotes = [
            q for q in find_quotes(doc) if q.kind in self.kinds and q.confidence >= self.min_confidence
        ]
        return doc

    def _settings(self) -> dict:
        return {"min_confidence": self.min_confidence, "kinds": self.kinds}

    def _load(self, settings: dict) -> "QuoteFinder":
        self.min_confidence = settings["min_confidence"]
        self.kinds = list(settings["kinds"])
        return self

    def to_bytes(self, *, exclude=()) -> bytes:
        return srsly.msgpack_dumps(self._settings())

    def from_bytes(self, data: bytes, *, exclude=()) -> "QuoteFinder":
        return self._load(srsly.msgpack_loads(data))

    def to_disk(self, path: str | Path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "settings.json", self._settings())

    def from_disk(self, path: str | Path, *, exclude=()) -> "QuoteFinder":
        return self._load(srsly.read_json(Path(path) / "settings.json"))


@Language.component("paragraph_sentences", assigns=["token.is_sent_start"])
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, and at an opening quotation mark that
    follows a full stop ('... he said. “Next ...' belongs to the next sentence; so does a
    straight mark after a space, glued to the next word: '... he said. "Next'); start none
    at a lower-case word after a parenthesis closing on a full stop ("Sen. Jane Roe (D-Vt.)
    said", "(who has 25 delegates.) said"), nor after '!”' or '?”' ('declared “What a
    night!” and said that ...'). Written as one array: setting `is_sent_start` token by
    token checks the whole Doc each time."""
    starts = doc.to_array([SENT_START])
    inside = starts.dtype.type(-1 % 2**64) if starts.dtype.kind == "u" else -1  # -1: no sentence start
    for token in doc[:-1]:
        text = token.text
        if token.is_space and "\n" in text or text in {".", "!", "?"} and (
                doc[token.i + 1].text in {"“", "„", "«"} or doc[token.i + 1].text in {'"', "''"}
                and token.whitespace_ and not doc[token.i + 1].whitespace_):  # '... deals. "He showed'
            starts[token.i + 1] = 1
        elif text == ")" and token.i > 0 and doc[token.i - 1].text.endswith(".") \
                and doc[token.i + 1].is_lower and doc[token.i + 1].is_alpha and starts[token.i + 1] != 1:
            starts[token.i + 1] = inside  # "(D-Vt.) said": the sentence goes on
        elif text in {"”", "»", "''", '"'} and token.i > 0 and not doc[token.i - 1].whitespace_ \
                and doc[token.i - 1].text not in {".", "!", "?", "…"} and doc[token.i + 1].text[:1].isalpha() \
                and starts[token.i + 1] != 1:
            starts[token.i + 1] = inside  # 'says its policy ''is not to cover'' Mr. Roe's company': no sentence ends
        elif text in {"!", "?"} and token.i + 2 < len(doc) and doc[token.i + 1].text in {"”", "»"} \
                and doc[token.i + 2].text[:1].islower() and starts[token.i + 2] != 1:
            starts[token.i + 2] = inside  # '“What a night!” and said ...': the sentence goes on
    return doc.from_array([SENT_START], starts) if len(doc) else doc


def quote_span(doc: Doc, quote: Quote, part: str = "content") -> Span | None:
    """The Span of a quote's `part` ("content", "speaker" or "cue") in the Doc it was found
    in; None when the quote has no such part. Offsets between tokens widen to whole tokens."""
    if part not in ("content", "speaker", "cue"):
        raise ValueError(f"part must be content, speaker or cue, not {part!r}")
    offsets = getattr(quote, part)
    if offsets is None:
        return None
    return doc.char_span(offsets[0], offsets[1], alignment_mode="expand")
