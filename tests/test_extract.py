"""`quotes extract` and `quotes evaluate` through the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import SEEDS
from quotes.cli.app import app

runner = CliRunner()
TEXT = "“We will win,” Jane Smith said on Monday. Officials said that the plan would fail."


def test_extract_txt_table(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--model", "blank"])
    assert result.exit_code == 0, result.output
    assert "Jane Smith" in result.stdout and "We will win" in result.stdout
    assert "2 quotes written" in result.stderr


def test_extract_jsonl_ndjson_skips_bad_lines(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "d1", "text": TEXT}) + "\n{broken\n"
                    + json.dumps({"id": "d2", "text": "Nothing quoted here."}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "ndjson", "--model", "blank"])
    assert result.exit_code == 1, result.output  # like ingest: an input was skipped
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["d1", "d2"]
    first = records[0]["quotes"][0]
    assert TEXT[first["content"][0] : first["content"][1]] == "We will win"
    assert first["speaker_text"] == "Jane Smith" and first["kind"] == "direct"
    assert records[1]["quotes"] == []
    assert "docs.jsonl:2" in result.stderr


def test_extract_seed_folder_json():
    result = runner.invoke(app, ["extract", str(SEEDS), "--format", "json", "--model", "blank"])
    assert result.exit_code == 0, result.output
    documents = json.loads(result.stdout)
    assert len(documents) == 2 and all(d["quotes"] for d in documents)


def test_extract_unknown_model_is_one_error_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--model", "no_such_model_xyz"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot load spaCy pipeline") and "Traceback" not in result.output


def test_evaluate_prints_measures(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "d1", "text": TEXT, "quotes": [
        {"content": [1, 12], "cue": [26, 30], "speaker": [15, 25], "speaker_text": "Jane Smith",
         "kind": "direct"}]}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), "--model", "blank", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["measure"]: r for r in json.loads(result.stdout)}
    assert rows["overlap direct+mixed"]["f1"] == 1.0
    assert rows["speaker accuracy"]["f1"] == 1.0
    assert rows["speaker name accuracy"]["f1"] == 1.0
    assert rows["end-to-end quote+speaker name"]["f1"] == rows["end-to-end quote+speaker"]["f1"]


def test_evaluate_missing_file():
    result = runner.invoke(app, ["evaluate", "/nonexistent/gold.jsonl", "--model", "blank"])
    assert result.exit_code == 1 and "Error: cannot read" in result.stderr
