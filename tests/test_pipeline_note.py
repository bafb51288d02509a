"""Commands that detect say once, on stderr, that a trained pipeline would attribute better."""

from __future__ import annotations

import pytest
from conftest import SEEDS
from typer.testing import CliRunner

import quotes.detect
from quotes.cli.app import app

NOTE = "Note: no trained spaCy pipeline is installed"
ARTICLE = SEEDS / "bloomberg-2024-11-04-north-korean-troops.txt"


@pytest.fixture
def no_trained_pipeline(monkeypatch):
    monkeypatch.setattr(quotes.detect, "installed_pipeline", lambda: None)


@pytest.mark.parametrize(
    "command",
    [["extract", str(SEEDS)], ["ingest", str(SEEDS)], ["demo"], ["evaluate", "{gold}"]],
)
def test_the_note_once_per_command(no_trained_pipeline, tmp_path, command):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "text": "“Yes,” she said.", "quotes": []}\n', encoding="utf-8")
    args = [a.format(gold=gold) for a in command]
    if command[0] in ("ingest", "demo"):
        args += ["--db", str(tmp_path / "q.db")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.count(NOTE) == 1
    assert "pip install https://github.com/explosion/spacy-models/" in result.stderr
    assert NOTE not in result.stdout


def test_no_note_when_the_rules_are_chosen(no_trained_pipeline):
    result = CliRunner().invoke(app, ["extract", str(ARTICLE), "--model", "blank"])
    assert result.exit_code == 0, result.output
    assert NOTE not in result.stderr
