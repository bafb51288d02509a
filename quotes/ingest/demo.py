"""The demo: ingest the bundled sample articles, then show who is quoted most and one speaker's quotes.

The seeds are the checkout's `seeds/` folder, or `quotes/_seeds` inside an
installed wheel. Ingest is idempotent, so running the demo twice on the same
database adds nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from spacy.language import Language
from sqlalchemy import Engine

from quotes.db.engine import session
from quotes.db.search import search_quotes
from quotes.identity.speakers import list_speakers, lookup_speakers
from quotes.ingest.readers import Article, read_articles
from quotes.ingest.store import IngestSummary, ingest
from quotes.records import quote_record

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
    # Sources as "seeds/NAME", the same wherever quotes is installed.
    articles = (replace(a, source=f"seeds/{Path(a.source).name}") if isinstance(a, Article) else a
                for a in read_articles([SEEDS]))
    summary = ingest(engine, nlp, articles)
    with session(engine) as current:
        speakers = list_speakers(current, limit=top)  # in the whole database, most quoted first
        # The speaker's quotes, found by name (spelling variants included), newest first.
        ids = [found.id for found in lookup_speakers(current, speaker)]
        quotes = [quote_record(q) for q in search_quotes(current, speaker_ids=ids)] if ids else []
    return Demo(summary, speakers, quotes)
