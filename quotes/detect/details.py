"""Statement details from the attribution text: medium, addressee and date.

`details(text)` reads the words around a cue ("said in his daily address on
Sunday", "told the FT") and `resolve_when` turns the time expression into a date
against the article's publication date. Not handled: times of day, ranges
("between Monday and Wednesday"), and dates in other languages.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from dateutil import parser as dateparser

from quotes.detect.lexicon import media_pattern

_DAYS = [day.lower() for day in calendar.day_name]  # Monday first, as date.weekday()
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
WHEN = re.compile(
    r"\b(?:on |last |earlier |late |early )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?! night’s| morning’s|’s|'s)\b"
    r"|\b(?:last|this|earlier this) (?:week|weekend|month|year)\b"
    r"|\bover the weekend\b|\byesterday\b|\btoday\b"
    rf"|\b(?:on )?{_MONTH} \d{{1,2}}(?:, \d{{4}})?\b|\b(?:on )?\d{{1,2}} {_MONTH}(?: \d{{4}})?",
)
ADDRESSEE = re.compile(
    r"\b(?:told|tells|tell|telling)\s+((?:the |a |an )?(?:[A-Z][\w.&’'-]*\s?)+|reporters|journalists"
    r"|him|her|them|us|me|an? [a-z]+(?: [a-z]+)?)",
)


def details(attribution: str) -> tuple[str | None, str | None, str | None]:
    """(medium, addressee, when) found in the attribution text, each None when absent."""
    medium = media_pattern().search(attribution)
    addressee = ADDRESSEE.search(attribution)
    when = WHEN.search(attribution)
    return (
        medium.group(0) if medium else None,
        addressee.group(1).strip() if addressee else None,
        when.group(0) if when else None,
    )


def resolve_when(when: str | None, published: date | None) -> date | None:
    """The calendar date of a time expression, counted back from `published`.

    A weekday is the latest such day on or before publication ("on Monday" in a
    Monday paper is that day); "yesterday" the day before; "today" the day itself;
    "last week" the Monday of the week before; "over the weekend" / "last weekend"
    the Saturday before; "last month" the first of the previous month; an explicit
    "Nov. 3" that date in the publication year (the year before if that would be
    after publication). None when unknown or without a publication date.
    """
    if not when or published is None:
        return None
    if isinstance(published, datetime):
        published = published.date()
    low = when.lower().strip()
    for i, day in enumerate(_DAYS):
        if day in low:
            back = (published.weekday() - i) % 7
            if low.startswith("last ") and back == 0:
                back = 7
            return published - timedelta(days=back)
    if "yesterday" in low:
        return published - timedelta(days=1)
    if low in {"today", "tonight", "this morning"}:
        return published
    if "weekend" in low:
        return published - timedelta(days=(published.weekday() - 5) % 7 or 7)
    if low == "last week":
        return published - timedelta(days=published.weekday() + 7)
    if low in {"this week", "earlier this week"}:
        return published - timedelta(days=published.weekday())
    if low == "last month":
        return (published.replace(day=1) - timedelta(days=1)).replace(day=1)
    if low in {"this month", "earlier this month"}:
        return published.replace(day=1)
    try:
        text = re.sub(r"^on ", "", when.strip()).replace("Sept.", "Sep.")
        parsed = dateparser.parse(text, default=datetime(published.year, 1, 1)).date()
    except (ValueError, OverflowError):
        return None
    if not re.search(r"\d{4}", when) and parsed > published:
        parsed = parsed.replace(year=parsed.year - 1)
    return parsed
