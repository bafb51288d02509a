"""Ingest throughput: what storing costs next to detecting, what workers gain, and whether
attaching speakers slows down as the speakers table grows.

1. Bare extraction (`nlp.pipe`) and ingest into a new SQLite database with one worker,
   over the same texts, pipeline and batch size in one process: the ratio
   (extraction time / ingest time; 1.0 would be free storing). Then a re-run (all
   duplicates).
2. With `--workers N`: ingest with N worker processes into another new database, and
   its throughput against the one-worker ingest of step 1 (the reference).
   Steps 1 and 2 alternate for `--rounds` rounds; the medians are the figures to read.
3. With `--speakers 0 10000 100000`: a database pre-filled with that many generated
   people (about two aliases each; given names from the detector's name lists, made-up
   surnames, about two people a surname), then the texts stored with detection done
   beforehand: attach time (finding and creating speakers, `assign_speakers`) and store
   time per document, and the time to read the speaker index once.

The texts are ../shared/eval/polnear-dev.jsonl when it is there (next to the checkout),
else the two seeds; `--repeat K` uses them K times (each copy a new document).
The load average is printed: on a shared machine, re-run on a quiet one. Step 1 also
reports the ratio of CPU times of this process (one worker detects and stores in it),
which moves less with the load than wall-clock time.

    uv run python benchmarks/bench_ingest.py [--model blank] [--workers 2] [--speakers 0 10000 100000]

Not measured: PostgreSQL, reading/parsing files (the articles are read first).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path
from statistics import median
from time import perf_counter, process_time

from sqlalchemy import insert

from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.detect import load_pipeline
from quotes.detect.batch import find_quotes_in
from quotes.identity.names import alias_keys, given_names, normalize_name
from quotes.ingest import store
from quotes.ingest.readers import Article, read_articles
from quotes.ingest.store import BATCH_SIZE, ingest
from quotes.ingest.workers import detector

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl"
SEEDS = ROOT / "seeds"


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def timed_ingest(folder: str, name: str, nlp, articles, **options):
    """(seconds, CPU seconds of this process, summary) of an ingest into a new SQLite
    database (migrations not timed)."""
    engine = open_database(f"sqlite:///{Path(folder) / name}")
    start, cpu = perf_counter(), process_time()
    summary = ingest(engine, nlp, articles, **options)
    seconds, cpu = perf_counter() - start, process_time() - cpu
    engine.dispose()
    return seconds, cpu, summary


def fill_speakers(engine, count: int) -> None:
    """`count` generated people, each with a full-name and a surname alias."""
    given = sorted(name.title() for name in given_names())
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


def attach_timings(folder: str, nlp, articles, sizes: list[int], rounds: int):
    """Per size of the speakers table: (index read s, attach ms/document, store ms/document
    without the index read) of each round; the sizes alternate within a round."""
    templates = {}
    for count in sizes:  # each size filled once, copied for every round
        templates[count] = Path(folder) / f"speakers{count}.db"
        engine = open_database(f"sqlite:///{templates[count]}")
        fill_speakers(engine, count)
        engine.dispose()
    found = {}  # detection done first: only storing is timed
    for first in range(0, len(articles), BATCH_SIZE):
        texts = [store.normalize_text(a.text) for a in articles[first:first + BATCH_SIZE]]
        found.update(zip(texts, find_quotes_in(nlp, texts), strict=True))

    def detect(batches):
        for payload, texts in batches:
            yield payload, [found[text] for text in texts]

    spent: dict[str, float] = {}
    assign, read_index = store.assign_speakers, store._read_index

    def timed(name, function):
        def run(*args, **kwargs):
            start = perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += perf_counter() - start
        return run

    results: dict[int, list[tuple[float, float, float]]] = {count: [] for count in sizes}
    store.assign_speakers, store._read_index = timed("attach", assign), timed("index", read_index)
    try:
        for round in range(rounds):
            for count in sizes:
                copy = Path(folder) / "attach.db"
                shutil.copyfile(templates[count], copy)
                engine = open_database(f"sqlite:///{copy}")
                spent.update(attach=0.0, index=0.0)
                start = perf_counter()
                summary = ingest(engine, nlp, articles, detect=detect)
                seconds = perf_counter() - start
                engine.dispose()
                copy.unlink()
                results[count].append((spent["index"], 1000 * spent["attach"] / summary.new,
                                       1000 * (seconds - spent["index"]) / summary.new))
    finally:
        store.assign_speakers, store._read_index = assign, read_index
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="blank", help="pipeline for load_pipeline (default: blank)")
    parser.add_argument("--limit", type=int, default=None, help="use the first N documents only")
    parser.add_argument("--repeat", type=int, default=1, help="use the texts K times")
    parser.add_argument("--workers", type=int, default=1, help="also ingest with N workers")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (medians)")
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
        # 1. Reference: bare extraction, then ingest with one worker (2. then with N), in
        #    alternating rounds, so that a change in the machine's load hits both sides.
        ratios, cpu_ratios, speedups = [], [], []
        for round in range(1, args.rounds + 1):
            start, cpu = perf_counter(), process_time()
            found = sum(len(doc._.quotes) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))
            bare, bare_cpu = perf_counter() - start, process_time() - cpu
            stored, stored_cpu, summary = timed_ingest(folder, f"one{round}.db", nlp, articles)
            ratios.append(bare / stored)
            cpu_ratios.append(bare_cpu / stored_cpu)
            print(f"round {round}: bare extraction {n / bare:6.1f} documents/s ({bare:.2f} s, "
                  f"{found} quotes); ingest, 1 worker {n / stored:6.1f} documents/s "
                  f"({stored:.2f} s, {summary}); ratio {bare / stored:.2f} "
                  f"(CPU {bare_cpu:.2f} / {stored_cpu:.2f} s = {bare_cpu / stored_cpu:.2f})",
                  flush=True)
            if args.workers > 1:
                with detector(nlp, args.model, workers=args.workers) as detect:
                    parallel, _, other = timed_ingest(folder, f"many{round}.db", nlp, articles,
                                                      detect=detect)
                speedups.append(stored / parallel)
                print(f"round {round}: ingest, {args.workers} workers {n / parallel:6.1f} "
                      f"documents/s ({parallel:.2f} s); speed-up {stored / parallel:.2f}"
                      f"  (load average {load()})", flush=True)
                if (other.new, other.quotes, other.speakers) != (summary.new, summary.quotes,
                                                                 summary.speakers):
                    sys.exit(f"unexpected: {other} with workers, {summary} with one")
        print(f"ratio bare extraction time / ingest time (1 worker), median of "
              f"{len(ratios)}: {median(ratios):.2f} (CPU time of this process: "
              f"{median(cpu_ratios):.2f}, less sensitive to other load on the machine)")
        if speedups:
            print(f"speed-up {args.workers} workers / 1 worker, median of {len(speedups)}: "
                  f"{median(speedups):.2f}")
        engine = open_database(f"sqlite:///{Path(folder) / 'one1.db'}")
        start = perf_counter()
        again = ingest(engine, nlp, articles)
        rerun = perf_counter() - start
        engine.dispose()
        print(f"re-ingest (all duplicates): {n / rerun:8.1f} documents/s "
              f"({again.duplicates} skipped)", flush=True)
        if summary.failed or again.new:
            sys.exit(f"unexpected: {summary.failed} failed, {again.new} new on the re-run")

        # 3. Attach time against the number of speakers stored.
        if args.speakers:
            timings = attach_timings(folder, nlp, articles, args.speakers, args.rounds)
            for count, rounds in timings.items():
                index, attach, per_document = (median(column) for column in zip(*rounds))
                each = ", ".join(f"{a:.2f}" for _, a, _ in rounds)
                print(f"{count:>7,} speakers stored: attach {attach:6.2f} ms/document (rounds: "
                      f"{each}), store {per_document:6.2f} ms/document, index read {index:.2f} s")
            print(f"(load average {load()})")

if __name__ == "__main__":
    main()
