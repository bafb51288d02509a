"""Where ingest detects quotes: in this process, in local worker processes, or on a Dask cluster.

Each way is a `Detect` function: given batches of texts, each with a payload that
stays in this process, it yields every batch's results in input order (each
text's quotes, or why detecting them failed), with only a few batches in flight
at once, so memory does not grow with the input. The storing side (one process,
`quotes.ingest.store`) writes each batch while the workers detect the next ones.

Workers load the pipeline once (`detect_texts` keeps it per process) and send back
only quote records, never Docs. That is why ingest uses its own pool rather than
spaCy's `nlp.pipe(n_process=...)`: that sends every Doc back to be unpacked in the
one storing process (the bottleneck), and it cannot be shared with Dask. Local
workers are forked where the system can (they start at once with the pipeline this
process loaded), else spawned (each loads it). They ignore Ctrl-C: this process
stops them.

Dask (`--scheduler tcp://HOST:PORT` or `local`): every worker machine needs quotes
installed (with the `distributed` extra) and the same pipeline (a package name or a
path that exists there). Dask re-runs a batch whose worker died elsewhere.

Local workers end by themselves when the main process is killed. Not handled: a
local worker killed from outside (out of memory) ends the run with an error (what
was stored stays; run the same command again).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TypeVar

from spacy.language import Language

from quotes.detect import installed_pipeline, load_pipeline
from quotes.detect.batch import find_quotes_in
from quotes.detect.records import Quote
from quotes.errors import QuotesError

T = TypeVar("T")
Result = list[Quote] | str  # a text's quotes, or why detecting them failed
Detect = Callable[[Iterable[tuple[T, list[str]]]], Iterator[tuple[T, list[Result]]]]

_PIPELINES: dict[str, Language] = {}  # model -> pipeline, loaded once per process


def cores() -> int:
    """The cores this process may run on (the default number of workers)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def detector(nlp: Language, model: str, *, workers: int = 1,
             scheduler: str | None = None) -> Iterator[Detect]:
    """Where to detect: on the Dask cluster at `scheduler` ("local" for a LocalCluster of
    `workers` processes), else in `workers` local processes, else (1) in this process.
    `nlp` is the pipeline `model` ("auto" is resolved here, as `load_pipeline` does)."""
    if model == "auto":
        model = installed_pipeline() or "blank"
    if scheduler:
        with dask_cluster(scheduler, model, workers) as detect:
            yield detect
    elif workers > 1:
        with process_pool(nlp, model, workers) as detect:
            yield detect
    else:
        yield in_process(nlp)


def detect_texts(model: str, texts: list[str]) -> list[Result]:
    """The quotes of each text with the pipeline `model` (loaded on first use in this process)."""
    if model not in _PIPELINES:
        _PIPELINES[model] = load_pipeline(model)
    return find_quotes_in(_PIPELINES[model], texts)


def in_process(nlp: Language) -> Detect:
    """Detect in this process, one batch after the other."""
    def detect(batches):
        for payload, texts in batches:
            yield payload, find_quotes_in(nlp, texts)
    return detect


@contextmanager
def process_pool(nlp: Language, model: str, workers: int) -> Iterator[Detect]:
    """Detect in `workers` local processes, each with the pipeline `model` (`nlp` here)."""
    _PIPELINES[model] = nlp  # inherited by forked workers; spawned ones load `model`
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=_start_worker, initargs=(model,))

    def detect(batches):
        try:
            yield from _in_order(lambda texts: pool.submit(detect_texts, model, texts),
                                 batches, ahead=2 * workers)
        except BrokenProcessPool as error:
            raise QuotesError("a detection worker process died (out of memory?)",
                              hint="the articles stored before it are kept; run the same "
                                   "command again, with fewer --workers") from error
    try:
        yield detect
    finally:  # stop the workers, busy or not (Python 3.14: pool.terminate_workers())
        processes = list((pool._processes or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
            process.join()


def _start_worker(model: str) -> None:
    """In each worker: Ctrl-C is for the main process to handle; exit when it is gone (killed:
    nobody would stop the worker then); load the pipeline."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True).start()
    if model not in _PIPELINES:
        _PIPELINES[model] = load_pipeline(model)


def _exit_with(parent: int) -> None:
    """End this process once `parent` has ended (this process is then someone else's child)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


@contextmanager
def dask_cluster(scheduler: str, model: str, workers: int) -> Iterator[Detect]:
    """Detect on the Dask cluster at `scheduler` ("tcp://HOST:PORT"), or on a LocalCluster of
    `workers` processes ("local")."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise QuotesError("--scheduler needs Dask distributed, which is not installed",
                          hint="pip install 'quotes[distributed]'") from None
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="30s")
    except OSError as error:
        if cluster is not None:
            cluster.close()
        raise QuotesError(f"cannot reach the Dask scheduler at {scheduler}: {error}",
                          hint="start one with: dask scheduler (and dask worker "
                               "tcp://HOST:8786 on each machine)") from None
    threads = max(1, sum(client.nthreads().values()))

    def detect(batches):
        yield from _in_order(lambda texts: client.submit(detect_texts, model, texts, pure=False),
                             batches, ahead=2 * threads)
    try:
        yield detect
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _in_order(submit: Callable[[list[str]], Future], batches: Iterable[tuple[T, list[str]]],
              ahead: int) -> Iterator[tuple[T, list[Result]]]:
    """Submit each batch's texts, keeping `ahead` in flight; yield results in input order."""
    flight: deque[tuple[T, Future]] = deque()
    for payload, texts in batches:
        flight.append((payload, submit(texts)))
        if len(flight) >= ahead:
            payload, future = flight.popleft()
            yield payload, future.result()
    while flight:
        payload, future = flight.popleft()
        yield payload, future.result()
