"""The `quotes` command line: thin commands over the library.

Each command parses options, calls one library function and prints. Data goes to
stdout, messages to stderr; a `QuotesError` becomes one line on stderr and exit 1.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from quotes import __version__
from quotes.cli import check, db, export, extract, ingest, search, serve, speakers
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


# The commands, in the order --help lists them: each module holds one command group.
app.command("ingest")(ingest.ingest)
app.command("reprocess")(ingest.reprocess)
app.command("search")(search.search)
app.add_typer(speakers.app, name="speakers")
app.command("check")(check.check)
app.command("show")(check.show)
app.command("export")(export.export)
app.command("extract")(extract.extract)
app.command("evaluate")(extract.evaluate)
app.command("serve")(serve.serve)
app.command("demo")(ingest.demo)
app.add_typer(db.app, name="db")


def main() -> None:
    app(prog_name="quotes")


if __name__ == "__main__":
    sys.exit(main())
