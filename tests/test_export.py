"""`quotes export`: a speaker's quotes as csv/json/ndjson, a Markdown dossier, by statement."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select
from test_check import seed_database
from test_records import QUOTE_RECORD_KEYS
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.cli.output import write_parquet
from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.db.search import all_quotes

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


# --all: every quote, one row each, streamed (issue 10) ----------------------------------

def _all_ids(url: str) -> list[int]:
    with session(open_database(url)) as db:
        return sorted(db.scalars(select(models.Quote.id).where(models.Quote.type == "speech")))


def test_export_all_parquet_reads_back_with_every_column(seeded):
    url, ids = seeded
    result = _export(url, "--all", "--format", "parquet")
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(io.BytesIO(result.stdout_bytes))
    assert table.column_names == list(QUOTE_RECORD_KEYS)
    assert table.column("quote_id").to_pylist() == _all_ids(url)
    types = {field.name: str(field.type) for field in table.schema}
    assert (types["quote_id"], types["date"], types["confidence"], types["speaker"]) == (
        "int64", "date32[day]", "double", "string")
    # The same records as ndjson's, dates aside (typed in Parquet, ISO text in JSON).
    ndjson = [json.loads(line) for line in _export(url, "--all", "-f", "ndjson").stdout.splitlines()]
    rows = table.to_pylist()
    assert [{k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}
            for row in rows] == ndjson
    kovalenko = next(r for r in rows if r["quote_id"] == ids["kovalenko_ft"])
    assert (kovalenko["speaker"], kovalenko["outlet"]) == ("Andriy Kovalenko", "Financial Times")
    assert kovalenko["statement_id"] is not None and kovalenko["date"] == date(2024, 11, 4)
    assert result.stderr.strip() == f"{len(rows)} quotes"


def test_export_all_csv_and_ndjson(seeded):
    url, _ = seeded
    expected = _all_ids(url)
    result = _export(url, "--all", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(QUOTE_RECORD_KEYS)
    assert [int(r["quote_id"]) for r in rows] == expected
    lines = _export(url, "--all", "--format", "ndjson").stdout.splitlines()
    assert [json.loads(line)["quote_id"] for line in lines] == expected
    every_type = _export(url, "--all", "--type", "all", "-f", "ndjson").stdout.splitlines()
    assert len(every_type) >= len(lines)


def test_export_all_of_an_empty_database_has_the_columns(db_url):
    result = _export(db_url, "--all", "--format", "parquet")
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(io.BytesIO(result.stdout_bytes))
    assert (table.num_rows, table.column_names) == (0, list(QUOTE_RECORD_KEYS))
    assert result.stderr.strip() == "0 quotes"


def test_export_speaker_as_parquet_adds_the_context(seeded):
    url, ids = seeded
    result = _export(url, "--speaker", "Kovalenko", "--format", "parquet")
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(io.BytesIO(result.stdout_bytes))
    assert table.column_names == [*QUOTE_RECORD_KEYS, "context"]
    assert table.column("quote_id").to_pylist() == [ids["kovalenko_bb"], ids["kovalenko_ft"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Error: give either --speaker NAME or --all"),
        (["--all", "--speaker", "Kovalenko", "-f", "csv"], "Error: give either --speaker NAME or --all"),
        (["--all"], "Error: --all exports quotes as data, one row each"),
        (["--all", "--by-statement", "-f", "csv"], "Error: --all exports quotes as data"),
        (["--speaker", "Kovalenko", "--by-statement", "-f", "parquet"],
         "Error: --by-statement is written as csv, json, ndjson or markdown"),
    ],
)
def test_export_all_errors(seeded, args, message):
    url, _ = seeded
    result = _export(url, *args)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(message)
    assert "Hint:" in result.stderr or "by-statement is" in message


def test_parquet_is_written_a_row_group_at_a_time():
    out = io.BytesIO()
    written_before_the_end = []

    def rows():
        for n in range(10):
            if n == 7:  # two row groups of three are in the stream before the rows end
                written_before_the_end.append(out.tell())
            yield {"quote_id": n, "content": f"words {n}", "date": None}

    fields = {"quote_id": int, "content": str, "date": date}
    assert write_parquet(rows(), out, fields, row_group=3) == 10
    assert written_before_the_end[0] > 0
    parquet = pq.ParquetFile(io.BytesIO(out.getvalue()))
    assert parquet.num_row_groups == 4
    assert parquet.read().column("quote_id").to_pylist() == list(range(10))


def test_all_quotes_streams_every_quote_in_batches(seeded):
    url, _ = seeded
    with session(open_database(url)) as db:
        streamed = [q.id for q in all_quotes(db, quote_type=None, batch=2)]
        assert streamed == sorted(db.scalars(select(models.Quote.id)))
