"""Hostile inputs: every input in time linear in its length, nothing lost, one line per failure."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.ingest.readers import Article, ReadError
from quotes.ingest.store import ingest

SOUP = 16_000  # characters per generated input
SECONDS_PER_KB = 0.25  # generous: about ten times what a loaded 2-core machine needs

# Generators of mark soups: long runs of quotation marks and punctuation, with and without words.
SOUPS = {
    "straight": lambda n: '"' * n,
    "curly": lambda n: "“”" * (n // 2),
    "mixed marks": lambda n: ("\"'“”‘’«»" * n)[:n],
    "marks and spaces": lambda n: ('" ' * n)[:n],
    "words and marks": lambda n: ('a"' * n)[:n],
    "said and marks": lambda n: ('"A," he said. "' * n)[:n],
    "dots": lambda n: "." * n,
    "dashes and marks": lambda n: ('-"' * n)[:n],
}


@pytest.mark.parametrize("name", SOUPS)
def test_mark_soups_run_in_linear_time(nlp, name):
    text = SOUPS[name](SOUP)
    started = time.perf_counter()
    doc = nlp(text)
    elapsed = time.perf_counter() - started
    assert doc.text == text  # offsets stay valid
    assert elapsed < SECONDS_PER_KB * SOUP / 1000, f"{name}: {elapsed:.1f} s for {SOUP:,} characters"


@pytest.mark.parametrize("text", [
    'He said: "' + '"' * 40 + ' no." And then "yes," she said.',
    "A line\n" + "-" * 80 + "\nBelow it, “we are here,” Ana Silva said.",
    "“" * 33 + "x" + "”" * 33,
])
def test_long_runs_keep_the_text_and_split_into_single_marks(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    assert all(len(t.text) == 1 for t in doc if set(t.text) <= set('"“”-'))


# Bad inputs fail alone -----------------------------------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000  # RecursionError in json.loads
SURROGATE = '{"text": "He said \\ud800 “no,” Ana Silva said."}'  # a lone surrogate escape


def _article(n: int) -> str:
    return f"“Plan number {n} will work,” Ana Silva said on Monday. Officials said that it would fail."


def _hostile_folder(tmp_path):
    """A folder of good and hostile inputs; returns it and the sources expected stored."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_text(_article(1), encoding="utf-8")
    (folder / "deep.json").write_text(DEEP, encoding="utf-8")
    (folder / "m_surrogate.json").write_text(SURROGATE, encoding="utf-8")
    (folder / "n_title.json").write_text(
        json.dumps({"text": _article(2)})[:-1] + ', "title": "\\udc00"}', encoding="utf-8")
    (folder / "p_lines.jsonl").write_text("\n".join([
        json.dumps({"text": _article(3)}), DEEP, SURROGATE, json.dumps({"text": _article(4)})]),
        encoding="utf-8")
    (folder / "z_good.txt").write_text(_article(5), encoding="utf-8")
    stored = ["a_good.txt", "p_lines.jsonl:1", "p_lines.jsonl:4", "z_good.txt"]
    failed = {"deep.json": "invalid JSON: nested too deeply",
              "m_surrogate.json": "text: invalid Unicode, a lone surrogate \\ud800",
              "n_title.json": "title: invalid Unicode, a lone surrogate \\udc00",
              "p_lines.jsonl:2": "invalid JSON: nested too deeply",
              "p_lines.jsonl:3": "text: invalid Unicode, a lone surrogate \\ud800"}
    return folder, stored, failed


def test_cli_ingest_hostile_inputs_fail_one_line_each_and_the_rest_is_stored(db_url, tmp_path):
    folder, stored, failed = _hostile_folder(tmp_path)
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", db_url, "--model", "blank"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    lines = result.stderr.splitlines()
    for source, reason in failed.items():
        assert sum(f"{source}: {reason}" in line for line in lines) == 1, result.stderr
    assert f"{len(stored)} new documents, 0 duplicates skipped, {len(failed)} failed" in result.stderr
    engine = open_database(db_url)
    with session(engine) as current:
        sources = current.scalars(select(models.Document.source).order_by(models.Document.source))
        assert [s.rsplit("/", 1)[-1] for s in sources] == stored
    engine.dispose()


def test_cli_ingest_stdin_with_a_hostile_line(db_url):
    data = "\n".join([json.dumps({"text": _article(1)}), DEEP, json.dumps({"text": _article(2)})])
    result = CliRunner().invoke(app, ["ingest", "-", "--db", db_url, "--model", "blank"], input=data)
    assert result.exit_code == 1, result.output
    assert "-:2: invalid JSON: nested too deeply" in result.stderr
    assert "2 new documents, 0 duplicates skipped, 1 failed" in result.stderr


def test_cli_extract_hostile_inputs_like_ingest(tmp_path):
    folder, stored, failed = _hostile_folder(tmp_path)
    result = CliRunner().invoke(app, ["extract", str(folder), "--format", "ndjson", "--model", "blank"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    ids = [json.loads(line)["id"].rsplit("/", 1)[-1] for line in result.stdout.splitlines()]
    assert ids == stored
    for source, reason in failed.items():
        assert f"{source}: {reason}" in result.stderr


def test_inputs_that_break_off_keep_what_was_read(db_url, nlp):
    def articles():
        yield Article(_article(1), "first")
        yield Article(_article(2), "second")
        raise RuntimeError("the feed broke")

    engine = open_database(db_url)
    summary = ingest(engine, nlp, articles())
    engine.dispose()
    assert summary.new == 2
    assert summary.failed == [ReadError("(inputs)", "reading stopped: unexpected RuntimeError: "
                                                    "the feed broke")]
