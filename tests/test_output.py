"""The output formats every command shares."""

import csv
import io
import json
from datetime import date

import pytest

from quotes.cli.output import write

ROWS = [
    {"id": 1, "speaker": "Andrii Sybiha", "date": date(2024, 11, 4), "quote": 'We urge "Europe" | now'},
    {"id": 2, "speaker": None, "date": None, "quote": "multi\nline"},
]


def render(rows, fmt):
    out = io.StringIO()
    count = write(rows, fmt, out)
    return count, out.getvalue()


def test_ndjson_one_object_per_line_with_iso_dates():
    count, text = render(ROWS, "ndjson")
    lines = [json.loads(line) for line in text.splitlines()]
    assert count == 2
    assert lines[0] == {"id": 1, "speaker": "Andrii Sybiha", "date": "2024-11-04",
                        "quote": 'We urge "Europe" | now'}
    assert lines[1]["speaker"] is None


@pytest.mark.parametrize("rows", [ROWS, []])
def test_json_is_one_valid_array(rows):
    count, text = render(iter(rows), "json")  # a generator streams just as well
    assert count == len(rows)
    assert [r["id"] for r in json.loads(text)] == [r["id"] for r in rows]


def test_csv_has_header_and_keeps_quotes_intact():
    _, text = render(ROWS, "csv")
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert list(parsed[0]) == ["id", "speaker", "date", "quote"]
    assert parsed[0]["quote"] == 'We urge "Europe" | now'
    assert parsed[1]["quote"] == "multi line"  # one line per record


def test_table_aligns_columns_and_folds_newlines():
    _, text = render(ROWS, "table")
    header, rule, first, second = text.splitlines()
    assert header.split() == ["id", "speaker", "date", "quote"]
    assert first.index("Andrii") == header.index("speaker")
    assert "multi line" in second


def test_markdown_table_escapes_pipes():
    _, text = render(ROWS, "markdown")
    lines = text.splitlines()
    assert lines[0].startswith("| id") and lines[1].startswith("| --")
    assert r"\| now" in lines[2]


def test_long_cells_are_cut_in_terminal_tables_only():
    rows = [{"quote": "x" * 200}]
    assert "…" in render(rows, "table")[1]
    assert json.loads(render(rows, "json")[1])[0]["quote"] == "x" * 200
    assert "| " + "x" * 200 + " |" in render(rows, "markdown")[1]  # markdown: whole fields


def test_columns_choose_what_a_table_shows_and_records_stay_whole():
    out = io.StringIO()
    write(ROWS, "table", out, columns=["speaker", "id"])
    assert out.getvalue().splitlines()[0].split() == ["speaker", "id"]
    out = io.StringIO()
    write(ROWS, "ndjson", out, columns=["speaker", "id"])
    assert list(json.loads(out.getvalue().splitlines()[0])) == ["id", "speaker", "date", "quote"]


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "ndjson"])
def test_no_rows_prints_nothing(fmt):
    assert render([], fmt) == (0, "")


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        render(ROWS, "xml")


CONTROLS = "\x1b[31m\x07\x08\x00\x7f\x9b"
RAW = "\x1b\x07\x08\x00\x7f\x9b"  # ESC, BEL, BS, NUL, DEL, CSI


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_terminal_tables_show_control_characters_visibly(fmt):
    _, out = render([{"content": f"red{CONTROLS}alert"}], fmt)
    assert not any(c in out for c in RAW)
    assert "red\ufffd[31m" in out and "alert" in out


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv"])
def test_data_formats_keep_control_characters_as_stored(fmt):
    _, out = render([{"content": f"red{CONTROLS}alert"}], fmt)
    if fmt == "csv":
        assert f"red{CONTROLS}alert" in next(csv.reader(io.StringIO(out.split("\n", 1)[1])))
    else:
        assert json.loads(out.strip().splitlines()[-1] if fmt == "ndjson" else out) in (
            {"content": f"red{CONTROLS}alert"}, [{"content": f"red{CONTROLS}alert"}])


def test_cli_search_table_carries_no_terminal_controls(tmp_path):
    from typer.testing import CliRunner

    from quotes.cli.app import app

    article = tmp_path / "a.txt"
    article.write_text('The mayor said: "Turn it \x1b[31mred now\x07 and ring the bell," on Monday.\n',
                       encoding="utf-8")
    db = str(tmp_path / "quotes.db")
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(article), "--db", db, "--model", "blank"])
    assert ingested.exit_code == 0, ingested.output
    table = runner.invoke(app, ["search", "--db", db])
    assert table.exit_code == 0, table.output
    assert "Turn it" in table.stdout
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout
    stored = runner.invoke(app, ["search", "--db", db, "--format", "json"])
    assert "\x1b[31mred now\x07" in json.loads(stored.stdout)[0]["content"]
