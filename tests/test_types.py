"""Attribution types (speech, belief, intention, document): stored, printed, filtered, with
speech the default of search, export and check."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.db import models
from quotes.db.engine import open_database, session

runner = CliRunner()
# type -> content, all by one speaker in one article.
CONTENTS = {
    "speech": "the dam will hold through the spring floods",
    "belief": "the dam is too old to survive another flood",
    "intention": "to rebuild the dam before the spring floods",
}


@pytest.fixture
def typed(db_url):
    with session(open_database(db_url)) as db:
        document = models.Document(source="a.txt", content_hash="a" * 64, text="...",
                                   outlet="Wire")
        speaker = models.Speaker(name="Jane Roe", kind="person", aliases=[
            models.SpeakerAlias(alias="Jane Roe", normalized="jane roe", key="jane roe")])
        db.add_all(models.Quote(document=document, speaker=speaker, content=content,
                                content_start=0, content_end=3, parts=[], kind="indirect",
                                type=quote_type, detector_version="t", confidence=0.9)
                   for quote_type, content in CONTENTS.items())
    return db_url


def _types(*args: str) -> list[str]:
    result = runner.invoke(app, [*args, "--format", "ndjson"])
    assert result.exit_code == 0, result.output
    return sorted(json.loads(line)["type"] for line in result.stdout.splitlines())


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ([], ["speech"]),
        (["--type", "belief"], ["belief"]),
        (["--type", "intention"], ["intention"]),
        (["--type", "document"], []),
        (["--type", "all"], ["belief", "intention", "speech"]),
    ],
)
def test_search_and_export_filter_by_type(typed, flags, expected):
    assert _types("search", "dam", *flags, "--db", typed) == expected
    assert _types("search", *flags, "--db", typed) == expected  # without words, too
    if expected:
        assert _types("export", "--speaker", "Jane Roe", *flags, "--db", typed) == expected


def test_check_considers_speech_only(typed):
    said = runner.invoke(app, ["check", CONTENTS["speech"], "--db", typed])
    believed = runner.invoke(app, ["check", CONTENTS["belief"], "--db", typed])
    assert said.exit_code == 3 and said.stdout.startswith("found in other words, by Jane Roe")
    assert believed.exit_code == 2, believed.output  # a belief is not something said


@pytest.mark.parametrize(
    ("flags", "code", "verdict"),
    [
        (["--type", "belief"], 3, "found in other words, by Jane Roe"),
        (["--type", "all"], 3, "found in other words, by Jane Roe"),
        (["--type", "speech"], 2, "not found"),
        (["--type", "intention"], 2, "not found"),
    ],
)
def test_check_considers_the_type_it_is_given(typed, flags, code, verdict):
    result = runner.invoke(app, ["check", CONTENTS["belief"], *flags, "--db", typed])
    assert result.exit_code == code, result.output
    assert result.stdout.startswith(verdict)


def test_an_unknown_type_is_a_usage_error(typed):
    result = runner.invoke(app, ["search", "--type", "rumour", "--db", typed])
    assert result.exit_code == 2
    assert "rumour" in result.output


def test_extract_json_has_the_type(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("“We will hold the line,” the mayor said on Friday.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "json", "--model", "blank"])
    assert result.exit_code == 0, result.output
    [document] = json.loads(result.stdout)
    assert [q["type"] for q in document["quotes"]] == ["speech"]
