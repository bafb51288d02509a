"""Time to first byte of the web app's search, speaker and check pages on a generated
database of 100,000 quotes, against the bare library call behind each page.

The database is bench_check.py's (its generator, imported): Zipf-distributed words,
10 quotes per document, 1,000 speakers of which a few are prolific. The app runs
under uvicorn in a thread of this process; each page is fetched over one kept-alive
HTTP connection, and the time to its first byte measured (the status line read).

Timed, each over the same number of queries, median and 95th percentile in ms, of the
wall clock and of this process's CPU time (server and client: about what a quiet machine
would take), with the 1-minute load average after each page's run:
- search page:  /search?q=WORD, a content word of a stored quote (with facets, page 1)
- speaker page: /speakers/ID for the speaker of a stored quote (prolific ones come often)
- check page:   /check?text=EXCERPT&speaker=NAME, an excerpt of a stored quote
- reference:    the library call each page is built on, in the same run:
                search_quotes(WORD, limit 20), speaker_profile(speaker),
                check_quote(EXCERPT, speaker) with the name looked up

    uv run python benchmarks/bench_web.py [--quotes 100000] [--queries 200] [--db URL]

Without --db a temporary SQLite file is used; --db postgresql://... uses that
(empty) database. Not measured: the first request of each kind (warm-up), the
time to transfer the rest of the page.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from time import perf_counter, process_time
from urllib.parse import urlencode

import uvicorn
from bench_check import CONTENT_WORDS, arguments, build, corpus, excerpt
from sqlalchemy import select

from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.db.search import search_quotes
from quotes.identity.check import check_quote
from quotes.identity.speakers import find_speaker, speaker_profile
from quotes.web.app import create_app
from quotes.web.pages import PAGE_SIZE


def serve(url: str) -> tuple[uvicorn.Server, threading.Thread, int]:
    """The app on `url`, served by uvicorn on a free local port in a thread."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(url), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, sock.getsockname()[1]


def first_byte(connection: http.client.HTTPConnection, path: str) -> tuple[float, float]:
    """Milliseconds from sending GET `path` to reading the response's status line, and the
    CPU time this process (server and client) spent meanwhile; the body is read (and
    dropped) afterwards. Fails on any status but 200."""
    start, start_cpu = perf_counter(), process_time()
    connection.request("GET", path)
    response = connection.getresponse()
    elapsed, cpu = (perf_counter() - start) * 1000, (process_time() - start_cpu) * 1000
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return elapsed, cpu


def main() -> None:
    args = arguments(__doc__)
    rng, words, weights = corpus()
    content = set(words[-CONTENT_WORDS:])

    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        start = perf_counter()
        said = build(url, args.quotes, rng, words, weights)  # (speaker name, quote, ...) each
        print(f"generated {len(said):,} quotes in {perf_counter() - start:.1f} s "
              f"({url.split(':')[0]})")

        # Queries: a content word of a stored quote; the speakers of stored quotes; excerpts.
        picked = rng.sample(said, args.queries)
        searched = [rng.choice([w for w in quote.lower().split() if w in content] or ["the"])
                    for _, quote, *_ in picked]
        excerpts = [(name, excerpt(rng, quote)) for name, quote, *_ in picked]
        engine = open_database(url)
        with session(engine) as db:
            by_content = dict(db.execute(select(models.Quote.content, models.Quote.speaker_id)
                                         .where(models.Quote.content.in_([q for _, q, *_ in picked]))
                                         ).all())
        speaker_ids = [by_content[quote] for _, quote, *_ in picked]

        server, thread, port = serve(url)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

        def ttfb(paths: list[str]) -> tuple[list[float], list[float]]:
            """Time to first byte of each path and its CPU time, after one warm-up request."""
            first_byte(connection, paths[0])
            times = [first_byte(connection, path) for path in paths]
            return [wall for wall, _ in times], [cpu for _, cpu in times]

        pages, loads = {}, {}
        for label, paths in (
                ("search page", ["/search?" + urlencode({"q": w}) for w in searched]),
                ("speaker page", [f"/speakers/{i}" for i in speaker_ids]),
                ("check page", ["/check?" + urlencode({"text": t, "speaker": n})
                                for n, t in excerpts])):
            pages[label] = ttfb(paths)
            loads[label] = os.getloadavg()[0]
        connection.close()
        server.should_exit = True
        thread.join(10)

        with session(engine) as db:
            def check(name, text):  # as the check page: every speaker the name fits
                chosen = find_speaker(db, name, every_fit=True)[1]
                return check_quote(db, text, chosen, speaker_query=name)

            def library(function, queries) -> tuple[list[float], list[float]]:
                """Milliseconds per call of `function`, wall and CPU, after one warm-up."""
                function(*queries[0])
                times = []
                for query in queries:
                    start, start_cpu = perf_counter(), process_time()
                    function(*query)
                    times.append(((perf_counter() - start) * 1000,
                                  (process_time() - start_cpu) * 1000))
                return [wall for wall, _ in times], [cpu for _, cpu in times]

            bare = {
                "search page": library(lambda w: search_quotes(db, w, limit=PAGE_SIZE),
                                       [(w,) for w in searched]),
                "speaker page": library(lambda i: speaker_profile(db, db.get(models.Speaker, i)),
                                        [(i,) for i in speaker_ids]),
                "check page": library(check, excerpts),
            }
        engine.dispose()

    print(f"{'':14} {'TTFB median':>12} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8} "
          f"{'library median':>15} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8} {'x library':>10}"
          f" {'load':>5}")
    p95 = lambda values: statistics.quantiles(values, n=20, method="inclusive")[18]  # noqa: E731
    for label, (times, cpu) in pages.items():
        ref, ref_cpu = bare[label]
        print(f"{label:14} {statistics.median(times):12.1f} {p95(times):8.1f} "
              f"{statistics.median(cpu):8.1f} {p95(cpu):8.1f} {statistics.median(ref):15.1f} "
              f"{p95(ref):8.1f} {statistics.median(ref_cpu):8.1f} {p95(ref_cpu):8.1f} "
              f"{statistics.median(times) / statistics.median(ref):10.1f} {loads[label]:5.1f}")


if __name__ == "__main__":
    main()
