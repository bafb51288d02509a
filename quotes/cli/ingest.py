"""`quotes ingest` (files, folders, stdin into the database), `quotes reprocess` (detect
stored documents again) and `quotes demo`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from quotes.cli.options import DbOption, ModelOption, load_model
from quotes.cli.output import write
from quotes.db.engine import open_database
from quotes.errors import QuotesError
from quotes.ingest.readers import MAX_BYTES, metadata, read_articles
from quotes.records import QUOTE_COLUMNS

if TYPE_CHECKING:  # the detector loads spaCy: only the commands that run it import it
    from quotes.ingest.reprocess import ReprocessSummary
    from quotes.ingest.store import IngestSummary


def ingest(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files, folders (searched recursively), - for stdin, or http(s) URLs: .txt/.md, "
             ".html/.htm, .json (object or list), .jsonl (one object per line).",
        show_default=False)] = None,
    urls: Annotated[list[Path] | None, typer.Option(
        "--urls", help="A file of article URLs, one a line (# comments).", show_default=False)]
        = None,
    feed: Annotated[list[str] | None, typer.Option(
        "--feed", help="An RSS or Atom feed URL: every entry's article (repeatable).",
        show_default=False)] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet, e.g. Reuters.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, e.g. 2024-11-04.")] = None,
    title: Annotated[str | None, typer.Option(help="Title.")] = None,
    author: Annotated[str | None, typer.Option(help="Author.")] = None,
    url: Annotated[str | None, typer.Option(help="URL.")] = None,
    stdin_name: Annotated[str | None, typer.Option(
        "--stdin-name", help="What to record as the source of what - reads, e.g. the file "
        "piped in. Default: stdin@ and the time (UTC) the run began.", show_default=False)]
        = None,
    max_mb: Annotated[int, typer.Option(
        "--max-mb", min=1, help="Largest file (or JSON Lines line) to read, in MB.")]
        = MAX_BYTES // 2**20,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, help="Processes that detect quotes.  [default: the cores available]",
        show_default=False)] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Detect on a Dask cluster: its scheduler's address "
        "(tcp://HOST:8786), or 'local' for one on this machine with --workers processes. "
        "Needs a PostgreSQL database.", show_default=False)] = None,
    model: ModelOption = "auto",
    db: DbOption = None,
) -> None:
    """Find the quotes in articles and store them. Same text twice is stored once.

    --outlet, --published, --title, --author and --url override what the files
    and their NAME.meta.json sidecars say. What comes through stdin is recorded with
    the source stdin@TIME (NAME:LINE for a JSON Lines line), or --stdin-name NAME. A summary goes to stderr; every input
    that failed is listed with the reason, the rest is still stored, and the exit
    status is then 1. Each article is stored whole or not at all: after an
    interruption, run the same command again. Quotes are detected in --workers
    processes (or on a Dask cluster: --scheduler) and stored by this one.
    """
    try:
        defaults = metadata({"outlet": outlet, "published": published, "title": title,
                             "author": author, "url": url})
    except ValueError as error:
        raise QuotesError(f"--{error}", hint="dates look like 2024-11-04") from None
    from quotes.ingest.fetch import fetch_feeds, url_list
    from quotes.ingest.store import ingest as ingest_articles

    inputs = list(paths or [])
    for path in urls or []:
        try:
            inputs += url_list(path)
        except (OSError, UnicodeDecodeError) as error:
            raise QuotesError(f"cannot read the URL list {path}: {error}") from None
    if not inputs and not feed:
        raise QuotesError("nothing to ingest", hint="give files, folders, -, URLs, --urls or --feed")
    engine = open_database(db)
    if scheduler and engine.dialect.name != "postgresql":
        raise QuotesError("--scheduler needs a PostgreSQL database: workers on other machines "
                          "send their quotes to one database server",
                          hint="--db postgresql://USER@HOST/NAME, or leave out --scheduler "
                               "(--workers N detects in N processes here)")
    from quotes.ingest.workers import cores, detector

    nlp = load_model(model)
    max_bytes = max_mb * 2**20
    stdin_name = (stdin_name or "").strip() or f"stdin@{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}"
    articles = chain(read_articles(inputs, defaults=defaults, stdin_name=stdin_name,
                                   max_bytes=max_bytes),
                     fetch_feeds(feed or [], defaults=defaults, max_bytes=max_bytes))
    with (detector(nlp, model, workers=workers or cores(), scheduler=scheduler) as detect,
          _progress() as on_progress):
        summary = ingest_articles(engine, nlp, articles, on_progress=on_progress, detect=detect)
    _report(summary)
    if not summary.handled:
        raise QuotesError("no articles found in " + " ".join([*inputs, *(feed or [])]),
                          hint="articles are .txt .md .html .htm .json .jsonl .ndjson files, or -")
    if summary.failed:
        raise typer.Exit(1)


def reprocess(
    outlet: Annotated[str | None, typer.Option(
        help="Only documents of this outlet (case ignored).")] = None,
    since: Annotated[datetime | None, typer.Option(
        formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
        help="Only documents published on or after this day.")] = None,
    everything: Annotated[bool, typer.Option(
        "--all", help="Every selected document, even those this detector found.")] = False,
    model: ModelOption = "auto",
    db: DbOption = None,
) -> None:
    """Detect the quotes of stored documents again, after upgrading quotes or with
    another spaCy pipeline (--model): the documents another detector version or pipeline
    found, each in one transaction.

    Every curation decision is kept: merges, renames, aliases and the quotes moved
    to another speaker (found again with slightly different bounds too); quote ids
    stay where the quote is found again. Statements that changed are grouped again.
    Run it again after an interruption: it goes on where it stopped, and once done
    it finds nothing to do.
    """
    from quotes.ingest.reprocess import reprocess as reprocess_documents

    engine = open_database(db)
    nlp = load_model(model)
    try:
        with _progress() as on_progress:
            summary = reprocess_documents(engine, nlp, outlet=outlet,
                                          since=since.date() if since else None,
                                          everything=everything, on_progress=on_progress)
    except KeyboardInterrupt:
        raise QuotesError("interrupted", hint="every document is either re-detected whole or "
                                              "as it was; run the same command again to go on") from None
    for failure in summary.failed:
        typer.echo(f"failed: {failure.source}: {failure.reason}", err=True)
    for note in summary.notes():
        typer.echo(f"note: {note}", err=True)
    if not summary.selected:
        detector = summary.detector
        typer.echo(f"Nothing to do: every selected document was found by detector "
                   f"{detector.version} on the {detector.pipeline} pipeline (--all detects them "
                   "again anyway)", err=True)
    else:
        typer.echo(str(summary), err=True)
    if summary.failed:
        raise typer.Exit(1)


def demo(model: ModelOption = "auto", db: DbOption = None) -> None:
    """Ingest the two sample articles, then show the top speakers and Zelenskiy's quotes."""
    from quotes.ingest.demo import DEMO_SPEAKER, run_demo

    result = run_demo(open_database(db), load_model(model))
    _report(result.summary)
    typer.echo("\nSpeakers with most quotes:", err=True)
    write(result.speakers, "table")
    typer.echo(f"\nQuotes by {DEMO_SPEAKER} (any spelling):", err=True)
    if not write(result.quotes, "table", columns=QUOTE_COLUMNS):
        typer.echo("(none found)", err=True)


@contextmanager
def _progress() -> Iterator[Callable[[IngestSummary | ReprocessSummary], None]]:
    """A live count of documents on stderr when it is a terminal; yields the on_progress callback."""
    console = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("reading")

        def on_progress(summary: IngestSummary | ReprocessSummary) -> None:
            bar.update(task, description=str(summary))

        yield on_progress


def _report(summary: IngestSummary) -> None:
    """The failures and notes (one line each), then the summary, on stderr."""
    for failure in summary.failed:
        typer.echo(f"failed: {failure.source}: {failure.reason}", err=True)
    for note in summary.notes:
        typer.echo(f"note: {note}", err=True)
    if summary.outdated:
        typer.echo(f"note: {summary.outdated} of the stored documents were found by an older "
                   "detector or another pipeline: run quotes reprocess (with the same --model) "
                   "to detect them again", err=True)
    typer.echo(str(summary), err=True)
