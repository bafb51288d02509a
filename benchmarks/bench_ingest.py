"""Ingest throughput: documents/s stored into a new SQLite database vs. bare extraction.

Both runs use the same pipeline, texts and batch size in the same process, so the
ratio shows what storing costs (hashing, speakers, rows, one transaction per
article) on top of detecting. A third number is a re-run of the ingest, where
every document is a duplicate. The texts are ../shared/eval/polnear-dev.jsonl
when it is there (next to the checkout), else the two seeds.

    uv run python benchmarks/bench_ingest.py [--model blank] [--limit N]

Not measured: PostgreSQL, reading/parsing files (the articles are read first).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from time import perf_counter

from quotes.db.engine import open_database
from quotes.detect import load_pipeline
from quotes.ingest.readers import Article, read_articles
from quotes.ingest.store import BATCH_SIZE, ingest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl"
SEEDS = ROOT / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="blank", help="pipeline for load_pipeline (default: blank)")
    parser.add_argument("--limit", type=int, default=None, help="use the first N documents only")
    args = parser.parse_args()

    source = EVAL if EVAL.exists() else SEEDS
    articles = [a for a in read_articles([source]) if isinstance(a, Article)][: args.limit]
    texts = [a.text for a in articles]
    nlp = load_pipeline(args.model)
    list(nlp.pipe(texts[:5]))  # warm-up: lazy loading and first-call costs out of the timings

    # 1. Reference: bare extraction over the same texts.
    start = perf_counter()
    found = sum(len(doc._.quotes) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))
    bare = perf_counter() - start

    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")  # migrations not timed
        # 2. Ingest into the new database, then 3. the same again (all duplicates).
        start = perf_counter()
        summary = ingest(engine, nlp, articles)
        stored = perf_counter() - start
        start = perf_counter()
        again = ingest(engine, nlp, articles)
        rerun = perf_counter() - start
        engine.dispose()

    n = len(texts)
    print(f"documents: {n} from {source.name}, {sum(map(len, texts)):,} characters, "
          f"model {args.model!r}")
    print(f"bare extraction: {n / bare:8.1f} documents/s ({bare:.2f} s, {found} quotes)")
    print(f"ingest (SQLite): {n / stored:8.1f} documents/s ({stored:.2f} s, {summary})")
    print(f"ratio ingest / bare extraction: {bare / stored:.2f}")
    print(f"re-ingest (all duplicates): {n / rerun:8.1f} documents/s ({again.duplicates} skipped)")
    if summary.failed or again.new:
        sys.exit(f"unexpected: {summary.failed} failed, {again.new} new on the re-run")


if __name__ == "__main__":
    main()
