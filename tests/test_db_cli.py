"""`quotes db upgrade|downgrade|current` and `--help` on the storage commands."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.db import engine as db
from quotes.db.info import database_location


def _cli(*args: str):
    return CliRunner().invoke(app, list(args))


def test_upgrade_current_downgrade(db_url):
    head = db.known_revisions()[0]
    result = _cli("db", "upgrade", "--db", db_url)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"Upgraded database from empty to {head}\n"

    result = _cli("db", "current", "--db", db_url)
    assert (result.exit_code, result.stdout) == (0, f"{head}\n")

    result = _cli("db", "downgrade", "--db", db_url, "--revision", "base")
    assert result.exit_code == 1 and result.stderr.startswith("Error: --revision base removes")
    assert db.current_revision(db_url) == head  # nothing removed without --yes

    result = _cli("db", "downgrade", "--db", db_url, "--revision", "base", "--yes")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Downgraded database from {head} to empty\n"

    result = _cli("db", "current", "--db", db_url)
    assert (result.exit_code, result.stdout) == (0, "")
    assert "empty" in result.stderr


def test_downgrade_of_a_missing_file_does_not_create_it(tmp_path):
    missing = tmp_path / "missing.db"
    result = _cli("db", "downgrade", "--db", str(missing), "--revision", "base", "--yes")
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: no database at {missing}")
    assert not missing.exists()


def test_current_on_an_unknown_revision_fails(db_url):
    _cli("db", "upgrade", "--db", db_url)
    connection = create_engine(db.database_url(db_url)).connect()
    connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff0000'")
    connection.commit()
    connection.close()
    result = _cli("db", "current", "--db", db_url)
    assert (result.exit_code, result.stdout) == (1, "ffff0000\n")
    assert "Error: revision ffff0000 is unknown" in result.stderr


def test_downgrade_goes_one_step_by_default(db_url):
    revisions = db.known_revisions()
    _cli("db", "upgrade", "--db", db_url)
    result = _cli("db", "downgrade", "--db", db_url)
    assert result.exit_code == 0, result.output
    assert db.current_revision(db_url) == (revisions[1] if len(revisions) > 1 else None)


def test_an_older_database_tells_the_upgrade_command_which_then_works(db_url):
    revisions = db.known_revisions()
    _cli("db", "upgrade", "--db", db_url, "--revision", revisions[-1])  # the first revision only
    if len(revisions) > 1:
        result = _cli("search", "--db", db_url)
        assert result.exit_code == 1
        assert "older than this version of quotes" in result.stderr
        assert "Hint: run: quotes db upgrade --db " in result.stderr
    assert _cli("db", "upgrade", "--db", db_url).exit_code == 0
    assert _cli("search", "--db", db_url).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["db", "upgrade", "--revision", "nonsense"], "Error: cannot migrate to 'nonsense'"),
        (["db", "current"], "Error: no database at "),
    ],
)
def test_errors_are_one_line_with_a_hint(tmp_path, args, message):
    result = _cli(*args, "--db", str(tmp_path / "q.db"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(message)
    assert len(lines) == 2 and lines[1].startswith("Hint: ")


def test_database_url_from_the_environment(tmp_path):
    path = tmp_path / "env.db"
    result = CliRunner(env={"QUOTES_DATABASE_URL": str(path)}).invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert path.is_file()


@pytest.mark.parametrize(
    "command",
    [[], ["search"], ["db"], ["db", "upgrade"], ["db", "downgrade"], ["db", "current"], ["db", "path"], ["db", "info"],
     ["ingest"], ["extract"], ["evaluate"], ["speakers"], ["speakers", "merge"], ["check"],
     ["show"], ["export"], ["demo"], ["reprocess"]],
)
def test_help(command):
    result = _cli(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout


def test_usage_error_is_plain_lines_with_exit_2():
    result = _cli("search", "--no-such-option")
    assert result.exit_code == 2
    assert "Error: No such option: --no-such-option" in result.output
    assert "Traceback" not in result.output and "╭" not in result.output


def test_path_prints_the_file_without_creating_it(tmp_path):
    path = tmp_path / "sub" / "q.db"
    result = _cli("db", "path", "--db", str(path))
    assert (result.exit_code, result.stdout) == (0, f"{path}\n")
    assert not path.exists()
    # The default is a file in the user data directory, named quotes.db.
    result = CliRunner(env={"QUOTES_DATABASE_URL": None}).invoke(app, ["db", "path"])
    assert result.exit_code == 0 and result.stdout.strip().endswith("quotes.db")


def test_path_hides_a_postgresql_password():
    result = _cli("db", "path", "--db", "postgresql://ann:secret@db.example/news")
    assert result.exit_code == 0
    assert "secret" not in result.stdout and "db.example/news" in result.stdout


def test_info_shows_revision_and_counts(db_url):
    from quotes.db.models import Document

    with db.session(db.open_database(db_url)) as session:
        session.add(Document(source="a.txt", content_hash="a" * 64, text="..."))
    result = _cli("db", "info", "--db", db_url, "--format", "json")
    assert result.exit_code == 0, result.output

    [record] = json.loads(result.stdout)
    assert record["database"] == database_location(db_url)
    assert record["revision"] == db.known_revisions()[0]
    assert {k: record[k] for k in ("documents", "quotes", "speakers", "statements")} == {
        "documents": 1, "quotes": 0, "speakers": 0, "statements": 0}


def test_info_on_a_missing_file_says_how_to_create_it(tmp_path):
    result = _cli("db", "info", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no database at ") and "Hint: " in result.stderr
    assert not (tmp_path / "none.db").exists()
