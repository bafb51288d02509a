"""The demo: ingest the bundled sample articles, then show who is quoted most and one speaker's quotes.

The seeds are the checkout's `seeds/` folder, or `quotes/_seeds` inside an
installed wheel. Ingest is idempotent, so running the demo twice on the same
database adds nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from sqlalchemy import Engine, func, select

from quotes.db import models
from quotes.db.engine import session
from quotes.db.search import search_quotes
from quotes.identity.speakers import lookup_speakers
from quotes.ingest.readers import read_articles
from quotes.ingest.store import IngestSummary, ingest

_PACKAGED_SEEDS = Path(__file__).resolve().parent.parent / "_seeds"
_CHECKOUT_SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEEDS = _PACKAGED_SEEDS if _PACKAGED_SEEDS.is_dir() else _CHECKOUT_SEEDS
DEMO_SPEAKER = "Zelenskiy"


@dataclass
class Demo:
    """What the demo shows: the ingest summary, the top speakers, one speaker's quotes."""

    summary: IngestSummary
    speakers: list[dict[str, Any]]
    quotes: list[dict[str, Any]]


def run_demo(engine: Engine, nlp: Language, *, speaker: str = DEMO_SPEAKER, top: int = 5) -> Demo:
    """Ingest the seeds into `engine`, then read back the `top` speakers and `speaker`'s quotes."""
    summary = ingest(engine, nlp, read_articles([SEEDS]))
    with session(engine) as current:
        # Speakers with most quotes in the whole database (the seeds, or more).
        count = func.count(models.Quote.id)
        speakers = [
            {"speaker": name, "kind": kind, "quotes": n}
            for name, kind, n in current.execute(
                select(models.Speaker.name, models.Speaker.kind, count)
                .join(models.Quote, models.Quote.speaker_id == models.Speaker.id)
                .group_by(models.Speaker.id, models.Speaker.name, models.Speaker.kind)
                .order_by(count.desc(), models.Speaker.name)
                .limit(top))
        ]
        # The speaker's quotes, found by name (spelling variants included).
        ids = [found.id for found in lookup_speakers(current, speaker)]
        quotes = [_quote(q) for q in search_quotes(current, speaker_ids=ids)] if ids else []
    return Demo(summary, speakers, quotes)


def _quote(quote: models.Quote) -> dict[str, Any]:
    return {
        "speaker": quote.speaker.name if quote.speaker else quote.speaker_as_written,
        "outlet": quote.document.outlet,
        "said": quote.statement_date,
        "kind": quote.kind,
        "quote": quote.content,
    }
