"""What the pages mark up, as plain data the templates escape: highlighted words,
quoted spans in an article, and the bars of a chart by month.

Every function returns text pieces with a flag or an id, never HTML: the
templates put each piece inside its element, and Jinja escapes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from quotes.db.search import search_terms
from quotes.identity.statements import normalize_statement, words

_WORD = re.compile(r"\w+")


def highlighted(text: str, query: str | None) -> list[tuple[str, bool]]:
    """`text` in pieces, (piece, True) for each word the search `query` asked for.

    Words are compared as the search compares them (case and accents ignored);
    a phrase's words are marked wherever they occur, not only together.
    """
    wanted = {w for term in search_terms(query or "") for w in words(term)}
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in _WORD.finditer(text):
        if normalize_statement(match.group()) in wanted:
            pieces += [(text[at : match.start()], False), (match.group(), True)]
            at = match.end()
    pieces.append((text[at:], False))
    return [piece for piece in pieces if piece[0]]


def spans(text: str, marked: Iterable[tuple[int, int, object]]) -> list[tuple[str, object]]:
    """`text` in pieces, each with the tag of the (start, end, tag) span it lies in, else None.

    Spans are taken in order of start; one that overlaps an earlier one keeps only
    its part after it. Offsets outside the text are clipped.
    """
    pieces: list[tuple[str, object]] = []
    at = 0
    for start, end, tag in sorted(marked, key=lambda s: (s[0], s[1])):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        pieces += [(text[at:start], None), (text[start:end], tag)]
        at = end
    pieces.append((text[at:], None))
    return [piece for piece in pieces if piece[0]]


@dataclass(frozen=True, slots=True)
class Bar:
    """One month of a chart: its place in the SVG and what its tooltip says."""

    x: float
    y: float
    width: float
    height: float
    month: str  # "2024-11"
    count: int


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    years: list[tuple[float, str]]  # (x, "2024") where each year starts
    peak: int


def month_chart(counts: dict[tuple[int, int], int], *, width: int = 640, height: int = 120,
                min_months: int = 12, max_months: int = 120) -> Chart | None:
    """Bars for quote counts by (year, month), every month from the first to the last
    (at least the `min_months` up to the last, at most the latest `max_months`), drawn
    in a `width` x `height` box. None without data."""
    if not counts:
        return None
    last = max(counts)
    months = [last]
    while len(months) < max_months and (months[0] > min(counts) or len(months) < min_months):
        year, month = months[0]
        months.insert(0, (year - 1, 12) if month == 1 else (year, month - 1))
    peak = max(counts.get(m, 0) for m in months) or 1
    step = width / len(months)
    plot = height - 16  # room for the year labels below
    bars, years = [], []
    for index, (year, month) in enumerate(months):
        n = counts.get((year, month), 0)
        tall = plot * n / peak
        bars.append(Bar(round(index * step, 2), round(plot - tall, 2), round(max(step - 1, 1), 2),
                        round(tall, 2), f"{year}-{month:02d}", n))
        if month == 1 or (index == 0 and month < 11):  # no label crowding the next January
            years.append((round(index * step, 2), str(year)))
    return Chart(width, height, bars, years, peak)


def day(value: date | None) -> str:
    """A date as the pages show it."""
    return value.isoformat() if value else "undated"
