"""Options shared by several commands, declared once."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from quotes.cli.output import Format
from quotes.db.models import QUOTE_TYPES

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="QUOTES_DATABASE_URL",
        help="Database URL or SQLite file path. Default: an SQLite file in the user data directory.",
        show_default=False,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ModelOption = Annotated[
    str,
    typer.Option(
        "--model",
        "-m",
        envvar="QUOTES_MODEL",
        help="spaCy pipeline: 'auto' (an installed trained English pipeline, else rules), "
        "'blank' (rules only), a package name such as en_core_web_sm, or a path.",
    ),
]

TypeChoice = Enum("TypeChoice", {name: name for name in (*QUOTE_TYPES, "all")}, type=str)
TypeOption = Annotated[TypeChoice, typer.Option(
    "--type", help="Attribution type: speech (said), belief, intention, document, or all.")]


def quote_type(choice: TypeChoice) -> str | None:
    """The library's quote_type for a --type choice: None for all."""
    return None if choice.value == "all" else choice.value


def load_model(model: str):
    """The spaCy pipeline for --model (quotes.detect.load_pipeline). With "auto" and no trained
    pipeline installed, says once on stderr that attribution is better with one, and how."""
    from quotes.detect import TRAINED_PIPELINE_URL, installed_pipeline, load_pipeline

    if model == "auto" and installed_pipeline() is None:
        typer.echo("Note: no trained spaCy pipeline is installed, so quotes uses its rules alone; "
                   f"attribution is better with one: pip install {TRAINED_PIPELINE_URL} "
                   "(or --model PATH; --model blank for rules without this note)", err=True)
    return load_pipeline(model)
