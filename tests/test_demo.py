"""`quotes demo` on a fresh database, and the README / CI commands it is reached by."""

from __future__ import annotations

from conftest import ROOT
from sqlalchemy import select
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.db.engine import open_database, session
from quotes.db.models import Document

README_COMMANDS = [
    "python3 -m pip install uv && uv run quotes demo",
    "python3 -m pip install uv && uv run pytest",
]


def test_demo_ingests_the_seeds_and_shows_zelenskiy(db_url):
    result = CliRunner().invoke(app, ["demo", "--db", db_url, "--model", "blank"])
    assert result.exit_code == 0, result.output
    assert "2 new documents, 0 duplicates skipped, 0 failed" in result.stderr
    assert "Speakers with most quotes:" in result.stderr
    assert "Quotes by Zelenskiy (any spelling):" in result.stderr
    # His address on Friday, resolved against Monday 2024-11-04 publication.
    [line] = [l for l in result.stdout.splitlines() if "Instead of providing" in l]
    assert "Bloomberg" in line and "2024-11-01" in line
    assert "Traceback" not in result.output
    engine = open_database(db_url)
    with session(engine) as current:
        sources = current.scalars(select(Document.source).order_by(Document.source)).all()
    engine.dispose()
    assert sources == ["seeds/bloomberg-2024-11-04-north-korean-troops.txt",
                       "seeds/ft-2024-11-04-north-korean-troops.txt"]


def test_a_second_demo_adds_nothing(db_url):
    first = CliRunner().invoke(app, ["demo", "--db", db_url, "--model", "blank"])
    second = CliRunner().invoke(app, ["demo", "--db", db_url, "--model", "blank"])
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert "0 new documents, 2 duplicates skipped, 0 failed; 0 quotes" in second.stderr
    assert second.stdout == first.stdout


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in readme[1:] if line.strip()][:2]
    assert commands == README_COMMANDS
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert README_COMMANDS[1] in ci
    assert "set -euo pipefail" in ci
