"""The `quotes` command line: thin commands over the library.

Each command parses options, calls one library function and prints. Data goes to
stdout, messages to stderr; a `QuotesError` becomes one line on stderr and exit 1.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer.exceptions import TyperException
from typer.core import TyperGroup

from quotes import __version__
from quotes.errors import QuotesError


def fail(message: str, hint: str | None = None) -> None:
    """Print one error line (and a hint line) to stderr."""
    typer.echo(f"Error: {message}", err=True)
    if hint:
        typer.echo(f"Hint: {hint}", err=True)


class QuotesGroup(TyperGroup):
    """Turns known errors into one stderr line and exit status 1, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except QuotesError as error:
            fail(str(error), error.hint)
        except KeyboardInterrupt:
            fail("interrupted")
        except BrokenPipeError:  # `quotes search | head`: the reader has all it wants
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort, TyperException):  # --help, usage errors: Typer's own
            raise
        except Exception as error:  # a bug: still one line, but say how to report it
            fail(f"unexpected {type(error).__name__}: {error}", "please report this as a bug")
        raise typer.Exit(1)


app = typer.Typer(
    cls=QuotesGroup,
    help="Find who said what in news articles, and search it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help, and usage errors as plain lines
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"quotes {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Find who said what in news articles, and search it."""


# Commands live in their own modules and register here.
from quotes.cli import db as _db  # noqa: E402
from quotes.cli import search as _search  # noqa: E402

app.add_typer(_db.app, name="db")
app.command("search")(_search.search)
from quotes.cli import speakers as _speakers  # noqa: E402

app.add_typer(_speakers.app, name="speakers")
from quotes.cli import check as _check  # noqa: E402
from quotes.cli import export as _export  # noqa: E402

app.command("check")(_check.check)
app.command("show")(_check.show)
app.command("export")(_export.export)
from quotes.cli import extract as _extract  # noqa: E402

app.command("extract")(_extract.extract)
app.command("evaluate")(_extract.evaluate)
from quotes.cli import ingest as _ingest  # noqa: E402

app.command("ingest")(_ingest.ingest)
app.command("demo")(_ingest.demo)


def main() -> None:
    app(prog_name="quotes")


if __name__ == "__main__":
    sys.exit(main())
