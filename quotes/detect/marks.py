"""Quotation marks: where quoted passages start and end, paragraph by paragraph.

Handles curly (“ ”), straight ("), doubled apostrophes (''), low („“) and guillemet
(« ») double marks,
single marks (‘ ’) outside double ones, and a quote continued over paragraphs (a
paragraph that opens a quote without closing it, followed by one that opens again; with
single marks only when the quote opens the paragraph or follows a colon, British style).
Unbalanced marks never raise: an unclosed quote ends at its paragraph end, and a
stray closing mark is ignored, and so are marks inside markup tags (<tweet author="...">). Not handled: straight single marks (too often
apostrophes) and nested quotes inside quotes (kept inside the outer quote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotes.detect.records import CharSpan

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quoted passage: the text inside the marks, in one part per paragraph."""

    parts: tuple[CharSpan, ...]
    closed: bool  # False when the last part ran to its paragraph end unclosed

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def paragraphs(text: str) -> list[CharSpan]:
    """Character spans of the non-empty lines of `text`."""
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


_TAG = re.compile(r"<[^<>\n]*>")  # markup left in the text
_MARK = re.compile("''|[“”„«»\"‘’]")


def _scan_paragraph(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Quoted spans (inner start, inner end, closed) in one paragraph."""
    found: list[tuple[int, int, bool]] = []
    opened: int | None = None  # index after the opening double mark
    single: int | None = None  # index after an opening single mark
    tags = [m.span() for m in _TAG.finditer(text, start, end)]
    for match in _MARK.finditer(text, start, end):
        i, ch = match.start(), match.group()
        if any(s <= i < e for s, e in tags):
            continue  # attribute values in markup: <tweet author="...">
        if ch == "''":  # two apostrophes as a double mark (''Yes,'' he said)
            ch = STRAIGHT
        if opened is None and (ch in OPENING or ch == STRAIGHT):
            opened, single = match.end(), None
        elif opened is not None and (ch in CLOSING or ch == STRAIGHT or (
            ch in OPENING and i > opened and not text[i - 1].isspace()
            and (i + 1 >= end or text[i + 1].isspace())
        )):  # a closing mark, or an opening one misused as closer ('not,“ he said')
            found.append((opened, i, True))
            opened = None
        elif opened is None and ch == "‘" and (i == start or not text[i - 1].isalnum()):
            single = i + 1
        elif opened is None and single is not None and ch == "’" and (
            i + 1 >= end or not text[i + 1].isalnum()
        ):
            found.append((single, i, True))
            single = None
    if opened is not None:
        found.append((opened, end, False))
    elif single is not None and single < end and text[single].isupper() and (
            not text[start : single - 1].strip() or text[start : single - 1].rstrip().endswith(":")):
        found.append((single, end, False))  # "‘A ...\n‘B ...’": a single-mark quote going on
    return found


def find_quotations(text: str) -> list[Quotation]:
    """Every quoted passage of `text`, in order, continuations joined."""
    quotations: list[Quotation] = []
    carry: list[CharSpan] | None = None  # parts of a quote left open by the previous paragraph
    for p_start, p_end in paragraphs(text):
        spans = _scan_paragraph(text, p_start, p_end)
        lead = text[p_start:p_end].lstrip()
        opens_paragraph = bool(spans) and (lead[:1] in OPENING + STRAIGHT + "‘" or lead.startswith("''"))
        for k, (s, e, closed) in enumerate(spans):
            if k == 0 and carry is not None and opens_paragraph:
                parts = [*carry, (s, e)]
            else:
                if k == 0 and carry is not None:
                    quotations.append(Quotation(tuple(carry), False))
                parts = [(s, e)]
            carry = None
            if not closed and k == len(spans) - 1:
                carry = parts
            else:
                quotations.append(Quotation(tuple(parts), closed))
        if not spans and carry is not None:
            quotations.append(Quotation(tuple(carry), False))
            carry = None
    if carry is not None:
        quotations.append(Quotation(tuple(carry), False))
    return quotations
