"""Typed records the detector yields: one `Quote` per reported statement.

Offsets are character offsets into the document text (Python `str` indices, end
exclusive), so a record can be stored, scored and shown without the `Doc`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

QuoteKind = Literal["direct", "mixed", "indirect"]
AttributionType = Literal["speech", "belief", "intention", "document"]
SpeakerKind = Literal["person", "organisation", "group", "unnamed"]

CharSpan = tuple[int, int]
ELISION = " [...] "  # stands for the attribution words that interrupt a quote


@dataclass(frozen=True, slots=True)
class Quote:
    """A statement found in a document and who made it.

    content        span covering everything said, first part to last part
    parts          the pieces of content when the attribution interrupts it
                   (`"A," she said, "B."` has two parts); one part otherwise
    kind           direct (all inside quotation marks), mixed (some), indirect (none)
    type           what is attributed: speech ("said"), belief ("believes"), intention
                   ("wants to") or document ("polls show"), from the cue's class
    cue            the speech verb or phrase as written ("said", "according to")
    cue_lemma      its base form ("say", "according to")
    speaker        the mention the cue attaches to, as written ("he", "Sybiha")
    speaker_text   who that is, resolved in the article ("Andrii Sybiha")
    speaker_kind   person, organisation, group or unnamed (a source known by role)
    role           title or description of the speaker in this article
    medium         where it was said ("on Telegram", "in a news conference")
    addressee      to whom ("the FT" in "told the FT")
    when           the time expression as written ("on Friday", "last week")
    confidence     0..1, how sure the rule that made it is
    rule           name of that rule, so an error can be traced to it
    """

    content: CharSpan
    kind: QuoteKind
    parts: tuple[CharSpan, ...] = ()
    cue: CharSpan | None = None
    cue_lemma: str | None = None
    speaker: CharSpan | None = None
    speaker_text: str | None = None
    speaker_kind: SpeakerKind | None = None
    role: str | None = None
    medium: str | None = None
    addressee: str | None = None
    when: str | None = None
    confidence: float = 0.5
    rule: str = ""
    type: AttributionType = "speech"
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def text_of(self, text: str, span: CharSpan | None) -> str | None:
        """The characters of `span` in the document `text` (None for no span)."""
        return None if span is None else text[span[0] : span[1]]

    def spoken(self, text: str) -> str:
        """What was said: the parts joined by " [...] ", without the attribution between them."""
        return ELISION.join(text[start:end] for start, end in self.parts or (self.content,))

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready dict (tuples become lists)."""
        return asdict(self)
