"""`quotes export`: a speaker's quotes as csv/json/ndjson, a Markdown dossier, by statement."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_check import seed_database
from test_records import QUOTE_RECORD_KEYS
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.db import models
from quotes.db.engine import open_database, session

runner = CliRunner()


@pytest.fixture
def seeded(db_url):
    return db_url, seed_database(db_url)


def _export(url: str, *args: str):
    return runner.invoke(app, ["export", *args, "--db", url])


def test_export_csv(seeded):
    url, ids = seeded
    result = _export(url, "--speaker", "Kovalenko", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [*QUOTE_RECORD_KEYS, "context"]
    assert [int(r["quote_id"]) for r in rows] == [ids["kovalenko_bb"], ids["kovalenko_ft"]]
    assert rows[0]["date"] == "2024-11-04" and rows[0]["outlet"] == "Bloomberg"
    assert rows[1]["role"] == "Ukraine’s top counter-disinformation official"
    assert rows[1]["context"].endswith("said on Telegram.")
    assert result.stderr.strip() == "2 quotes of Andriy Kovalenko"


def test_export_ndjson_and_json(seeded):
    url, _ = seeded
    lines = _export(url, "--speaker", "zelenskyy", "--format", "ndjson").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    # both spellings are one speaker; oldest first, the same day in storage order
    assert [r["kind"] for r in records] == ["direct", "indirect", "indirect"]
    assert {r["outlet"] for r in records} == {"Bloomberg", "Financial Times"}
    assert json.loads(_export(url, "--speaker", "Zelenskiy", "--format", "json").stdout) == records


def test_export_markdown_dossier(seeded):
    url, _ = seeded
    result = _export(url, "--speaker", "Andrii Sybiha")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Andrii Sybiha\n")
    assert "Roles: foreign minister." in text
    assert "## 2024-11-04, Financial Times" in text
    assert "> We urge Europe to realise" in text
    assert "Context: In Kyiv, foreign minister Andrii Sybiha said he had discussed" in text


def test_export_by_statement(seeded):
    url, ids = seeded
    result = _export(url, "--speaker", "Kovalenko", "--by-statement", "--format", "json")
    assert result.exit_code == 0, result.output
    [statement] = json.loads(result.stdout)
    assert statement["outlets"] == ["Bloomberg", "Financial Times"]
    assert statement["quote_ids"] == [ids["kovalenko_bb"], ids["kovalenko_ft"]]
    assert statement["statement"].startswith("The first North Korean troops")
    assert statement["other_wordings"][0].startswith("The first military units of the DPRK")
    assert result.stderr.strip() == "1 statement of Andriy Kovalenko"
    markdown = _export(url, "--speaker", "Kovalenko", "--by-statement").stdout
    assert "Reported by:" in markdown
    assert "- 2024-11-04, Financial Times: “The first military units" in markdown
    assert "(paraphrase: token sort ratio 72)" in markdown


def test_export_by_statement_rebuilds_the_groups(seeded):
    url, ids = seeded
    with session(open_database(url)) as db:  # stale: a statement without its quote
        db.query(models.StatementQuote).filter_by(quote_id=ids["syrskyi"]).delete()
    result = _export(url, "--speaker", "Syrskyi", "--by-statement", "--format", "ndjson")
    assert result.exit_code == 0, result.output
    [statement] = [json.loads(line) for line in result.stdout.splitlines()]
    assert statement["outlets"] == ["Bloomberg"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--speaker", "Nobody Atall"], "Error: no speaker matches 'Nobody Atall'"),
        (["--speaker", "Kovalenko", "--format", "xml"], None),
    ],
)
def test_export_errors(seeded, args, message):
    url, _ = seeded
    result = _export(url, *args)
    assert result.exit_code != 0
    assert result.stdout == ""
    if message:
        assert result.exit_code == 1
        assert result.stderr.startswith(message)
