"""Peak memory of an ingest against its size: does it stay flat as the run grows?

Each size runs in a fresh process that ingests N documents into a new SQLite
database and reports its peak RSS (ru_maxrss). The documents are the dev set
(../shared/eval/polnear-dev.jsonl, else the seeds) repeated, each copy made new by a
closing line, so speakers and statements recur as in a real corpus. The ratio of
each peak to the smallest run's is the figure to read (flat: about 1.0).

    uv run python benchmarks/bench_memory.py [--sizes 2000 5000] [--model blank]

Not measured: PostgreSQL, the trained pipelines, reading files (articles are built in memory).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl"
SEEDS = ROOT / "seeds"


def run(size: int, model: str) -> dict:
    """Ingest `size` documents in this process; its peak RSS in MB and the counts."""
    from quotes.db.engine import open_database
    from quotes.detect import load_pipeline
    from quotes.ingest.readers import Article, read_articles
    from quotes.ingest.store import ingest

    base = [a for a in read_articles([EVAL if EVAL.exists() else SEEDS]) if isinstance(a, Article)]
    articles = (Article(f"{base[i % len(base)].text}\n\n(Copy {i}.)", f"doc{i}") for i in range(size))
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        start = perf_counter()
        summary = ingest(engine, load_pipeline(model), articles)
        seconds = perf_counter() - start
        engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return {"documents": size, "stored": summary.new, "failed": len(summary.failed),
            "quotes": summary.quotes, "speakers": summary.speakers, "seconds": round(seconds, 1),
            "peak_mb": round(peak), "load": " ".join(f"{x:.1f}" for x in os.getloadavg())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000])
    parser.add_argument("--model", default="blank")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one run, as JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.one, args.model)))
        return
    results = []
    for size in sorted(args.sizes):
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--model", args.model],
                             capture_output=True, text=True, check=True).stdout
        results.append(json.loads(out))
        first = results[0]["peak_mb"]
        print(f"{size:>7,} documents: stored {results[-1]['stored']:,}, failed {results[-1]['failed']}, "
              f"{results[-1]['quotes']:,} quotes, {results[-1]['seconds']} s, "
              f"peak {results[-1]['peak_mb']:,} MB, ratio {results[-1]['peak_mb'] / first:.2f} "
              f"(load average at the end {results[-1]['load']})",
              flush=True)


if __name__ == "__main__":
    main()
