"""Extraction speed: rules-only tokens/s, and what the quote logic adds to a trained pipeline.

    uv run python benchmarks/bench_extract.py [--model PATH] [--memory N]

Texts: ../shared/eval/polnear-dev.jsonl when present, else the seed articles. Prints
rules tokens/s (target >= 50,000), trained tokens/s with and without the "quotes"
component, and their time ratio (target <= 1.15). With --memory N it streams a
generated N-document JSONL through `extract_documents` and prints the peak memory
after the first tenth and at the end (flat means streaming works).
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from quotes.detect import load_pipeline
from quotes.detect.batch import extract_documents

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl"
TRAINED = ROOT.parent / "shared" / "models" / "en_core_web_sm-3.7.1"


def texts() -> list[str]:
    """The benchmark texts: the dev set if present, else the seeds."""
    if DEV.exists():
        with DEV.open(encoding="utf-8") as lines:
            return [json.loads(line)["text"] for line in lines if line.strip()]
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def timed(nlp, corpus: list[str]) -> tuple[float, int]:
    """Seconds for nlp.pipe over the corpus, and the number of tokens."""
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(corpus, batch_size=32))
    return time.perf_counter() - start, tokens


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory(nlp, corpus: list[str], documents: int) -> None:
    """Peak memory while streaming a generated JSONL of `documents` documents."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n in range(documents):
                out.write(json.dumps({"id": str(n), "text": corpus[n % len(corpus)]}) + "\n")
        tenth = max(1, documents // 10)
        for n, _ in enumerate(extract_documents(nlp, [str(path)], on_error=print), 1):
            if n == tenth:
                print(f"peak memory after {n} documents: {peak_mb():.0f} MB")
        print(f"peak memory after {documents} documents: {peak_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(TRAINED), help="trained pipeline (path or package)")
    parser.add_argument("--memory", type=int, default=0, help="documents for the memory check")
    args = parser.parse_args()
    corpus = texts()
    rules = load_pipeline("blank")
    timed(rules, corpus[:5])  # warm up: data files, vocabulary
    seconds, tokens = timed(rules, corpus)
    print(f"texts: {len(corpus)} documents, {tokens} tokens")
    print(f"rules-only: {tokens / seconds:,.0f} tokens/s")
    if Path(args.model).exists() or not args.model.startswith("/"):
        trained = load_pipeline(args.model)
        timed(trained, corpus[:5])
        bare = full = float("inf")
        for _ in range(2):  # alternate, keep the best of each: the machine is shared
            with trained.select_pipes(disable=["quotes"]):
                bare = min(bare, timed(trained, corpus)[0])
            seconds, tokens = timed(trained, corpus)
            full = min(full, seconds)
        print(f"trained without quotes: {tokens / bare:,.0f} tokens/s")
        print(f"trained with quotes:    {tokens / full:,.0f} tokens/s")
        print(f"ratio with/without quotes: {full / bare:.3f}")
    if args.memory:
        memory(rules, corpus, args.memory)


if __name__ == "__main__":
    main()
