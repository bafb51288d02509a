"""The reliability soak: the fast suite's hostile inputs (tests/test_reliability.py,
tests/test_detect.py) at larger sizes, a hostile folder beside real articles, and many
writers at once on both backends.
    uv run python benchmarks/bench_reliability.py [--sizes 16000 64000 256000] [--pg URL]
1. CPU time per kB of every hostile generator (mark soups, long unpunctuated sentences, dense
   quotes) at each size, and the ratio of the largest size's time per kB to the smallest's
   (linear: about 1; quadratic: the size ratio).
2. `quotes ingest` on a folder of the dev articles (../shared/eval/polnear-dev.jsonl, one file
   each, else the seeds) beside the suite's hostile files: documents expected vs stored, the
   failures reported, and tracebacks printed (must be 0).
3. 2 and 4 processes ingesting overlapping slices of those articles, in different orders, into
   one new database (SQLite, and PostgreSQL when --pg answers), against one ingest of all of
   them: the same documents and quotes, every quote grouped, nothing failed, no name on more
   speakers than one ingest gives it (identity may differ by the order articles arrive).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl"
sys.path.insert(0, str(ROOT / "tests"))

from test_detect import UNPUNCTUATED  # noqa: E402  (the fast suite's generators)
from test_reliability import SOUPS, WORKER, _hostile_folder, _snapshot  # noqa: E402

from quotes.db.engine import open_database  # noqa: E402
from quotes.detect import load_pipeline  # noqa: E402
from quotes.ingest.readers import Article  # noqa: E402
from quotes.ingest.store import ingest  # noqa: E402

DENSE = {"dense quotes": lambda n, pick: ('"Yes," said Jane Roe, "we are." ' * n)[:n],
         "one-line paragraphs": lambda n, pick: ('"A," Jane Roe said.\n' * n)[:n]}


def generators() -> dict:
    """name -> f(characters) -> text, for every hostile generator."""
    pick = random.Random(7).choice
    found = {name: (lambda n, make=make: make(n)) for name, make in SOUPS.items()}
    found |= {name: (lambda n, make=make: make(n, pick)) for name, make in (UNPUNCTUATED | DENSE).items()}
    return found


def time_per_kb(sizes: list[int]) -> None:
    nlp = load_pipeline("blank")
    nlp.max_length = max(sizes) + 1
    print(f"{'generator':22}" + "".join(f"{f'{s // 1000}k CPU ms/kB':>16}" for s in sizes) + f"{'ratio':>8}")
    for name, make in generators().items():
        per_kb = []
        for size in sizes:
            text = make(size)
            seconds = []
            for _ in range(2):  # the better of two runs, in CPU time: a busy machine adds little
                started = time.process_time()
                nlp(text)
                seconds.append(time.process_time() - started)
            per_kb.append(min(seconds) * 1000 / (size / 1000))
        print(f"{name:22}" + "".join(f"{v:16.2f}" for v in per_kb) + f"{per_kb[-1] / per_kb[0]:8.2f}")


def articles() -> list[str]:
    if EVAL.exists():
        return [json.loads(line)["text"] for line in EVAL.read_text(encoding="utf-8").splitlines()]
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def hostile_folder(work: Path, texts: list[str]) -> None:
    folder, stored, failed = _hostile_folder(work)
    for n, body in enumerate(texts):
        (folder / f"article-{n:04}.txt").write_text(body, encoding="utf-8")
    expected = len(stored) + len(set(texts))
    run = subprocess.run([sys.executable, "-m", "quotes", "ingest", str(folder), "--model", "blank",
                          "--db", f"sqlite:///{work / 'hostile.db'}"],
                         capture_output=True, text=True, cwd=ROOT)
    stored_now = _snapshot(f"sqlite:///{work / 'hostile.db'}")["documents"]
    print(f"hostile folder: {expected} documents expected, {stored_now} stored, "
          f"{run.stderr.count('failed:') or len(failed)} inputs refused ({len(failed)} hostile), "
          f"tracebacks {run.stderr.count('Traceback')}, exit {run.returncode}")


def concurrent(work: Path, url: str, texts: list[str], processes: int) -> None:
    # Each process takes 60% of the articles from its own starting point, in its own order,
    # so every article is ingested by one process or more at the same time.
    n = len(texts)
    slices = []
    for p in range(processes):
        start = p * n // processes
        chosen = [texts[(start + k) % n] for k in range(int(n * 0.6) + n // processes)]
        random.Random(p).shuffle(chosen)
        path = work / f"slice-{processes}-{p}.jsonl"
        path.write_text("\n".join(json.dumps({"text": t}) for t in chosen), encoding="utf-8")
        slices.append(path)
    started = time.perf_counter()
    runs = [subprocess.Popen([sys.executable, "-c", WORKER, url, str(path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT) for path in slices]
    results = []
    for run in runs:
        out, err = run.communicate()
        results.append(json.loads(out) if run.returncode == 0 else {"failed": [err.strip()[-200:]]})
    elapsed = time.perf_counter() - started
    reference = f"sqlite:///{work / f'reference-{uuid.uuid4().hex}.db'}"
    engine = open_database(reference)
    ingest(engine, load_pipeline("blank"), [Article(t, str(k)) for k, t in enumerate(texts)])
    engine.dispose()
    got, expected = _snapshot(url), _snapshot(reference)
    # Which spelling names a person, and whether a bare surname seen before its full name
    # stays a candidate, depend on the order articles arrive; a name on two speakers where
    # one ingest has it on one is a duplicate.
    duplicated = sum(c - 1 for name, c in Counter(got["speakers"]).items()
                     if c > Counter(expected["speakers"])[name])
    print(f"{url.split(':')[0]:10} {processes} writers, {elapsed:5.1f} s: documents {got['documents']}/"
          f"{expected['documents']}, quotes {got['quotes']}/{expected['quotes']}, all grouped "
          f"{got['grouped']}, failed {sum(len(r['failed']) for r in results)}, speakers "
          f"{len(got['speakers'])} ({len(expected['speakers'])} in one ingest), duplicated names {duplicated}")


def postgres(admin: str, statement: str) -> bool:
    """Run one statement on the server at `admin`; False (with the reason) when none answers."""
    try:
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()
    except Exception as error:  # noqa: BLE001  (any failure: report and skip PostgreSQL)
        print(f"PostgreSQL skipped: {str(error).splitlines()[0]}")
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[16_000, 64_000, 256_000])
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    options = parser.parse_args()
    time_per_kb(options.sizes)
    texts = articles()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        hostile_folder(work, texts)
        for processes in (2, 4):
            concurrent(work, f"sqlite:///{work / f'concurrent-{processes}.db'}", texts, processes)
            name = f"quotes_soak_{uuid.uuid4().hex[:8]}"
            if postgres(options.pg, f'CREATE DATABASE "{name}"'):
                concurrent(work, options.pg.rsplit("/", 1)[0] + f"/{name}", texts, processes)
                postgres(options.pg, f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
