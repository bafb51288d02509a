"""Ingest throughput: what storing costs next to detecting, what workers gain, and whether
attaching speakers slows down as the speakers table grows.

1. Bare extraction (`nlp.pipe`) and ingest into a new SQLite database with one worker,
   over the same texts, pipeline and batch size in one process: the ratio
   (extraction time / ingest time; 1.0 would be free storing). Then a re-run (all
   duplicates).
2. With `--workers N`: ingest with N worker processes into another new database, and
   its throughput against the one-worker ingest of step 1 (the reference).
3. With `--speakers 0 10000 100000`: a database pre-filled with that many generated
   people (about two aliases each; given names from the detector's name lists, made-up
   surnames, about two people a surname), then the texts stored with detection done
   beforehand: attach time (finding and creating speakers, `assign_speakers`) and store
   time per document, and the time to read the speaker index once.

The texts are ../shared/eval/polnear-dev.jsonl when it is there (next to the checkout),
else the two seeds; `--repeat K` uses them K times (each copy a new document).
The load average is printed: on a shared machine, re-run on a quiet one.

    uv run python benchmarks/bench_ingest.py [--model blank] [--workers 2] [--speakers 0 10000 100000]

Not measured: PostgreSQL, reading/parsing files (the articles are read first).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path
from time import perf_counter

from sqlalchemy import insert

from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.detect import load_pipeline
from quotes.detect.batch import find_quotes_in
from quotes.identity.names import alias_keys, normalize_name
from quotes.ingest import store
from quotes.ingest.readers import Article, read_articles
from quotes.ingest.store import BATCH_SIZE, ingest
from quotes.ingest.workers import detector

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl"
SEEDS = ROOT / "seeds"
NAMES = ROOT / "quotes" / "detect" / "data"


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def timed_ingest(folder: str, name: str, nlp, articles, **options):
    """(seconds, summary) of an ingest into a new SQLite database (migrations not timed)."""
    engine = open_database(f"sqlite:///{Path(folder) / name}")
    start = perf_counter()
    summary = ingest(engine, nlp, articles, **options)
    seconds = perf_counter() - start
    engine.dispose()
    return seconds, summary


def fill_speakers(engine, count: int) -> None:
    """`count` generated people, each with a full-name and a surname alias."""
    given = [line.strip().title() for file in ("female_names.txt", "male_names.txt")
             for line in (NAMES / file).read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    rng = random.Random(7)
    syllables = ["ka", "lo", "mi", "ren", "sto", "va", "dre", "qu", "zel", "bor", "tin", "gha"]
    surnames = ["".join(rng.choice(syllables) for _ in range(3)).title()
                for _ in range(max(1, count // 2))]
    with session(engine, write=True) as current:
        connection = current.connection()
        for first in range(0, count, 5000):
            people = [f"{rng.choice(given)} {rng.choice(surnames)}"
                      for _ in range(first, min(count, first + 5000))]
            table = models.Speaker.__table__
            ids = connection.execute(insert(table).returning(table.c.id),
                                     [{"name": n, "kind": "person"} for n in people]).scalars().all()
            connection.execute(insert(models.SpeakerAlias.__table__), [
                {"speaker_id": i, "alias": form, "normalized": normalize_name(form),
                 "key": alias_keys(form)[0], "surname": alias_keys(form)[1], "origin": "seen"}
                for i, name in zip(ids, people, strict=True) for form in (name, name.split()[-1])])


def attach_timings(folder: str, nlp, articles, speakers: int) -> tuple[float, float, float]:
    """(index read s, attach ms/document, store ms/document) with `speakers` stored before."""
    engine = open_database(f"sqlite:///{Path(folder) / f'attach{speakers}.db'}")
    fill_speakers(engine, speakers)
    found = {}  # detection done first: only storing is timed
    for first in range(0, len(articles), BATCH_SIZE):
        texts = [store.normalize_text(a.text) for a in articles[first:first + BATCH_SIZE]]
        found.update(zip(texts, find_quotes_in(nlp, texts), strict=True))

    def detect(batches):
        for payload, texts in batches:
            yield payload, [found[text] for text in texts]

    spent = {"attach": 0.0, "index": 0.0}
    assign, read_index = store.assign_speakers, store._read_index

    def timed(name, function):
        def run(*args, **kwargs):
            start = perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += perf_counter() - start
        return run

    store.assign_speakers, store._read_index = timed("attach", assign), timed("index", read_index)
    try:
        start = perf_counter()
        summary = ingest(engine, nlp, articles, detect=detect)
        seconds = perf_counter() - start
    finally:
        store.assign_speakers, store._read_index = assign, read_index
        engine.dispose()
    return spent["index"], 1000 * spent["attach"] / summary.new, 1000 * seconds / summary.new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="blank", help="pipeline for load_pipeline (default: blank)")
    parser.add_argument("--limit", type=int, default=None, help="use the first N documents only")
    parser.add_argument("--repeat", type=int, default=1, help="use the texts K times")
    parser.add_argument("--workers", type=int, default=1, help="also ingest with N workers")
    parser.add_argument("--speakers", type=int, nargs="*", default=[],
                        help="attach timings with these many speakers stored first")
    args = parser.parse_args()

    source = EVAL if EVAL.exists() else SEEDS
    base = [a for a in read_articles([source]) if isinstance(a, Article)][: args.limit]
    articles = [a if copy == 0 else Article(f"{a.text}\n\n(Copy {copy}.)", f"{a.source}#{copy}")
                for copy in range(args.repeat) for a in base]
    texts = [a.text for a in articles]
    n = len(texts)
    nlp = load_pipeline(args.model)
    list(nlp.pipe(texts[:5]))  # warm-up: lazy loading and first-call costs out of the timings
    print(f"documents: {n} from {source.name}, {sum(map(len, texts)):,} characters, "
          f"model {args.model!r}; load average {load()}", flush=True)

    with tempfile.TemporaryDirectory() as folder:
        # 1. Reference: bare extraction, then ingest with one worker, then again.
        start = perf_counter()
        found = sum(len(doc._.quotes) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))
        bare = perf_counter() - start
        stored, summary = timed_ingest(folder, "one.db", nlp, articles)
        print(f"bare extraction: {n / bare:8.1f} documents/s ({bare:.2f} s, {found} quotes)")
        print(f"ingest, 1 worker: {n / stored:8.1f} documents/s ({stored:.2f} s, {summary})")
        print(f"ratio bare extraction time / ingest time: {bare / stored:.2f}"
              f"  (load average {load()})", flush=True)
        engine = open_database(f"sqlite:///{Path(folder) / 'one.db'}")
        start = perf_counter()
        again = ingest(engine, nlp, articles)
        rerun = perf_counter() - start
        engine.dispose()
        print(f"re-ingest (all duplicates): {n / rerun:8.1f} documents/s "
              f"({again.duplicates} skipped)", flush=True)
        if summary.failed or again.new:
            sys.exit(f"unexpected: {summary.failed} failed, {again.new} new on the re-run")

        # 2. N workers against the one-worker reference.
        if args.workers > 1:
            with detector(nlp, args.model, workers=args.workers) as detect:
                parallel, other = timed_ingest(folder, "many.db", nlp, articles, detect=detect)
            print(f"ingest, {args.workers} workers: {n / parallel:8.1f} documents/s "
                  f"({parallel:.2f} s, {other})")
            print(f"speed-up {args.workers} workers / 1 worker: {stored / parallel:.2f}"
                  f"  (load average {load()})", flush=True)
            if (other.new, other.quotes, other.speakers) != (summary.new, summary.quotes,
                                                             summary.speakers):
                sys.exit(f"unexpected: {other} with workers, {summary} with one")

        # 3. Attach time against the number of speakers stored.
        for count in args.speakers:
            index, attach, per_document = attach_timings(folder, nlp, articles, count)
            print(f"{count:>7,} speakers stored: attach {attach:6.2f} ms/document, "
                  f"store {per_document:6.2f} ms/document, index read {index:.2f} s"
                  f"  (load average {load()})", flush=True)


if __name__ == "__main__":
    main()
