"""The records of search, export, check and show: one schema (README "Records"), every format."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import update
from test_check import seed_database
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.db import models
from quotes.db.engine import open_database, session

runner = CliRunner()

# The quote record as the README documents it, in order.
QUOTE_RECORD_KEYS = (
    "quote_id", "statement_id", "speaker_id", "date", "speaker", "speaker_as_written", "role",
    "kind", "type", "content", "cue", "medium", "addressee", "when", "confidence", "rule",
    "document_id", "outlet", "title", "url", "author", "published", "source",
)
URL = "https://www.ft.com/content/kursk"


@pytest.fixture
def seeded(db_url):
    ids = seed_database(db_url)
    with session(open_database(db_url)) as db:  # the FT article has an address and an author
        db.execute(update(models.Document).where(models.Document.outlet == "Financial Times")
                   .values(url=URL, author="Ann Byline"))
    return db_url, ids


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _records(url: str, ids: dict[str, int]) -> dict[str, list[dict]]:
    """The quote records each command prints as JSON, by command."""
    quote = str(ids["kovalenko_ft"])
    text = "have already come under fire in Kursk"
    return {
        "search json": json.loads(_run("search", "Kursk", "--format", "json", "--db", url)),
        "search ndjson": [json.loads(line) for line in _run(
            "search", "Kursk", "--format", "ndjson", "--db", url).splitlines()],
        "export": json.loads(_run("export", "--speaker", "Kovalenko", "-f", "json", "--db", url)),
        "check": json.loads(_run("check", text, "-f", "json", "--db", url))["occurrences"],
        "show": [json.loads(_run("show", quote, "--format", "json", "--db", url))],
    }


def test_every_command_prints_the_same_quote_record(seeded):
    url, ids = seeded
    with session(open_database(url)) as db:
        statement_id = db.get(models.StatementQuote, ids["kovalenko_ft"]).statement_id
        document_id = db.get(models.Quote, ids["kovalenko_ft"]).document_id
    for command, records in _records(url, ids).items():
        assert records, command
        for record in records:  # the schema first, then the command's own fields
            assert tuple(record)[: len(QUOTE_RECORD_KEYS)] == QUOTE_RECORD_KEYS, command
        [ft] = [r for r in records if r["quote_id"] == ids["kovalenko_ft"]]
        assert (ft["statement_id"], ft["document_id"]) == (statement_id, document_id), command
        assert (ft["url"], ft["author"], ft["outlet"]) == (URL, "Ann Byline", "Financial Times")
        assert ft["title"] == "Financial Times: North Korean troops"
        assert ft["speaker"] == "Andriy Kovalenko" and ft["speaker_id"] is not None
        others = [r for r in records if r["outlet"] != "Financial Times"]
        assert all(r["url"] is None for r in others), command


def test_csv_has_the_record_columns_and_the_table_a_readable_few(seeded):
    url, _ = seeded
    rows = list(csv.DictReader(io.StringIO(_run("search", "Kursk", "-f", "csv", "--db", url))))
    assert tuple(rows[0]) == QUOTE_RECORD_KEYS
    assert {r["url"] for r in rows} == {URL, ""}
    header = _run("search", "Kursk", "--db", url).splitlines()[0].split()
    assert header == ["quote_id", "date", "outlet", "speaker", "kind", "content"]


def test_statement_records_carry_the_speaker(seeded):
    url, ids = seeded
    [record] = json.loads(_run("export", "--speaker", "Kovalenko", "--by-statement",
                               "-f", "json", "--db", url))
    assert list(record) == ["statement_id", "speaker_id", "first_seen", "statement", "outlets",
                            "quote_ids", "other_wordings"]
    with session(open_database(url)) as db:
        assert record["speaker_id"] == db.get(models.Quote, ids["kovalenko_ft"]).speaker_id
