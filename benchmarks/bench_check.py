"""`check_quote` latency on a generated database of 100,000 quotes, vs. a bare full-text search.

The database is synthetic: sentences of 8-30 words drawn by Zipf's law from a
vocabulary ranked English stop words first, then 20,000 made-up content words
(so about 60% of the words are stop words), 10 quotes per document, 1,000
speakers of which a few are prolific (the most quoted has over 10,000). Rows are bulk-inserted (the
full-text index is filled by the database's own triggers / generated column).

Timed, each over the same number of queries, median and 95th percentile in ms:
- check, found:      an excerpt of a stored quote, with its speaker's name
- check, reworded:   that excerpt with one word replaced, with the speaker
- check, reworded 2: that excerpt with two words replaced, with the speaker
- check, no speaker: an excerpt, no speaker
- check, not found:  a new sentence from the same vocabulary, with a speaker
- reference:         `search_quotes` (AND of the words, limit 50) on the same query,
                     timed right after each check (the ratio "x ref" is per row)

For each kind of query it also counts how many found their source quote among the
named speaker's occurrences ("source found": for the rewordings, close rewordings
found; for new sentences it should stay 0).

    uv run python benchmarks/bench_check.py [--quotes 100000] [--queries 200] [--db URL]

Without --db a temporary SQLite file is used; --db postgresql://... uses that
(empty) database. Not measured: the first query (warm-up), the CLI start-up.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
from datetime import date, timedelta
from pathlib import Path
from time import perf_counter

from sqlalchemy import insert

from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.db.search import search_quotes
from quotes.identity.check import check_quote
from quotes.identity.names import normalize_name
from quotes.identity.speakers import find_speaker

from generated import CONTENT_WORDS, corpus, excerpt, sentence  # one vocabulary for every generated database

QUOTES_PER_DOCUMENT = 10
SPEAKERS = 1000


def build(url: str, n_quotes: int, rng: random.Random, words: list[str], weights: list[float]
          ) -> list[tuple[str, str, int]]:
    """Fill the database; return (speaker name, quote, quote id) for every quote."""
    engine = open_database(url)
    names = [f"{rng.choice(words).title()} {rng.choice(words).title()}" for _ in range(SPEAKERS)]
    popularity = [1 / (rank + 1) for rank in range(SPEAKERS)]  # a few prolific speakers
    said: list[tuple[str, str, int]] = []
    with engine.begin() as connection:
        connection.execute(insert(models.Speaker), [
            {"id": i + 1, "name": name, "kind": "person"} for i, name in enumerate(names)])
        connection.execute(insert(models.SpeakerAlias), [
            {"speaker_id": i + 1, "alias": name, "normalized": normalize_name(name),
             "key": normalize_name(name).replace(" ", "")} for i, name in enumerate(names)])
        for first in range(0, n_quotes, 10_000):  # documents and quotes in chunks
            documents, quotes = [], []
            for d in range(first // QUOTES_PER_DOCUMENT,
                           min(first + 10_000, n_quotes) // QUOTES_PER_DOCUMENT):
                text, rows = "", []
                for _ in range(QUOTES_PER_DOCUMENT):
                    speaker = rng.choices(range(SPEAKERS), popularity)[0]
                    quote = sentence(rng, words, weights)
                    start = len(text) + 1
                    text += f"“{quote},” {names[speaker]} said. "
                    rows.append({"id": len(said) + 1, "document_id": d + 1, "speaker_id": speaker + 1,
                                 "speaker_as_written": names[speaker], "content": quote,
                                 "content_start": start, "content_end": start + len(quote),
                                 "parts": [], "kind": "direct", "detector_version": "bench",
                                 "confidence": 0.9})
                    said.append((names[speaker], quote, len(said) + 1))
                documents.append({"id": d + 1, "source": f"bench/{d}.txt",
                                  "content_hash": f"{d:064d}", "outlet": f"Outlet {d % 40}",
                                  "published": date(2024, 1, 1) + timedelta(days=d % 365),
                                  "text": text.strip(), "ingested_at": date(2024, 12, 1)})
                quotes += rows
            connection.execute(insert(models.Document), documents)
            connection.execute(insert(models.Quote), quotes)
    return said


def timed(function, queries, reference) -> tuple[list[float], list[float]]:
    """Milliseconds per call of `function(*query)` and of `reference(*query)` right
    after it on the same query (so both see the same machine load), after one
    warm-up call of each."""
    function(*queries[0])
    reference(*queries[0])
    times: tuple[list[float], list[float]] = ([], [])
    for query in queries:
        for run, call in zip(times, (function, reference)):
            start = perf_counter()
            call(*query)
            run.append((perf_counter() - start) * 1000)
    return times


def arguments(description: str) -> argparse.Namespace:
    """--quotes, --queries and --db: what every benchmark on a generated database takes."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", default=None,
                        help="an empty database URL (default: a temporary SQLite file)")
    return parser.parse_args()


def main() -> None:
    args = arguments(__doc__)
    rng, words, weights = corpus()

    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        start = perf_counter()
        said = build(url, args.quotes, rng, words, weights)
        backend = url.split(":")[0]
        print(f"generated {len(said):,} quotes in {perf_counter() - start:.1f} s ({backend})")

        # Queries: excerpts of stored quotes (6-10 words), reworded excerpts, new sentences.
        picked = rng.sample(said, args.queries)
        excerpts = [(name, excerpt(rng, quote), quote_id) for name, quote, quote_id in picked]

        def reword(changes: int) -> list[tuple[str, str, int]]:
            """Each excerpt with `changes` of its words replaced by content words."""
            out = []
            for name, excerpt, quote_id in excerpts:
                changed = excerpt.split()
                for at in rng.sample(range(len(changed)), changes):
                    changed[at] = rng.choice(words[-CONTENT_WORDS:])
                out.append((name, " ".join(changed), quote_id))
            return out

        reworded, reworded2 = reword(1), reword(2)
        new = [(name, sentence(rng, words, weights), quote_id) for name, _, quote_id in picked]

        engine = open_database(url)
        with session(engine) as db:
            verdicts, sources = {}, {}

            def check(text, speaker, key, source):  # as the command: name lookup included
                chosen = find_speaker(db, speaker, every_fit=True)[1] if speaker else []
                result = check_quote(db, text, chosen, speaker_query=speaker)
                verdicts.setdefault(key, []).append(result.verdict)
                sources.setdefault(key, []).append(
                    any(o.quote_id == source and o.same_speaker for o in result.occurrences))

            def search(name, text, source):  # the reference: a bare full-text search
                search_quotes(db, text)

            runs = {
                "check, found": timed(lambda n, t, i: check(t, n, "found", i), excerpts, search),
                "check, reworded": timed(lambda n, t, i: check(t, n, "reworded", i), reworded,
                                         search),
                "check, reworded 2": timed(lambda n, t, i: check(t, n, "reworded 2", i),
                                           reworded2, search),
                "check, no speaker": timed(lambda n, t, i: check(t, None, "no speaker", i),
                                           excerpts, search),
                "check, not found": timed(lambda n, t, i: check(t, n, "not found", i), new,
                                          search),
            }
        engine.dispose()

    print(f"{'':20} {'median ms':>10} {'p95 ms':>8} {'ref ms':>7} {'x ref':>6} "
          f"{'source found':>13}  verdicts")
    for label, (times, reference) in runs.items():
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[18]
        key = label.removeprefix("check, ")
        given = verdicts.get(key, [])[1:]  # not the warm-up call
        counts = {v: given.count(v) for v in sorted(set(given))}
        hits = sources.get(key, [])[1:]
        ratio = median / statistics.median(reference)
        print(f"{label:20} {median:10.1f} {p95:8.1f} {statistics.median(reference):7.1f} "
              f"{ratio:6.1f} {f'{sum(hits)}/{len(hits)}':>13}  {counts}")

if __name__ == "__main__":
    main()
