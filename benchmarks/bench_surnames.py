"""Surname-only speakers as the data grows: do bare "Obama", "Clinton", "Trump" multiply?

The dev set (../shared/eval/polnear-dev.jsonl) is ingested again and again into a new
SQLite database, each copy's text altered (a last line naming the copy) so that every
copy is a new document, up to --documents in all. After each copy it prints the
number of documents and, for each surname, how many live speakers are named by that
surname alone and how many carry it in a full name.

    uv run python benchmarks/bench_surnames.py [--documents 1000] [--model blank]

A well-behaved database keeps the bare-surname counts flat as documents grow (a bare
surname joins its one full-name owner, or one candidate speaker per surname).
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.detect import load_pipeline
from quotes.ingest.readers import Article, read_articles
from quotes.ingest.store import ingest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl"
SURNAMES = ("Obama", "Clinton", "Trump")


def counts(engine) -> dict[str, tuple[int, int]]:
    """surname -> (live speakers named by it alone, live speakers with it in a longer name)."""
    live = models.Speaker.merged_into_id.is_(None) & (models.Speaker.kind == "person")
    with session(engine) as current:
        return {name: (current.scalar(select(func.count()).where(live, models.Speaker.name == name)),
                       current.scalar(select(func.count()).where(
                           live, models.Speaker.name.like(f"% {name}"))))
                for name in SURNAMES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--model", default="blank")
    args = parser.parse_args()
    articles = [a for a in read_articles([EVAL]) if isinstance(a, Article)]
    nlp = load_pipeline(args.model)
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(str(Path(folder) / "surnames.db"))
        stored, copy = 0, 0
        print("documents  " + "  ".join(f"{n} (bare/full)" for n in SURNAMES))
        while stored < args.documents:
            batch = [replace(a, text=f"{a.text}\n\nCopy {copy}.", source=f"{a.source}#{copy}")
                     for a in articles[: args.documents - stored]]
            stored += ingest(engine, nlp, batch).new
            copy += 1
            print(f"{stored:9}  " + "  ".join(f"{bare:>5} / {full:<5}"
                                               for bare, full in counts(engine).values()),
                  flush=True)
        engine.dispose()


if __name__ == "__main__":
    main()
