"""Where an article came from is stored and shown: its URL (migration 0004) and a source path
that finds the file from any directory."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.db import models
from quotes.db.engine import open_database, session

runner = CliRunner()
SAID = "“We will hold the line,” the mayor said on Friday. {}\n"
HTML = """<html><head><title>Flood</title>
<link rel="canonical" href="https://news.example/flood-{n}">
</head><body><article><h1>Flood defences hold</h1>
<p>“We will hold the line,” the mayor said on Friday, as the river rose again. {n}</p>
<p>Engineers worked through the night to raise the barriers along the river bank.</p>
</article></body></html>"""


def _files(folder: Path) -> dict[str, str | None]:
    """Articles in every way a URL can come with them; name -> the URL expected."""
    folder.mkdir()
    (folder / "flag.txt").write_text(SAID.format(1), encoding="utf-8")
    (folder / "sidecar.txt").write_text(SAID.format(2), encoding="utf-8")
    (folder / "sidecar.meta.json").write_text('{"url": "https://news.example/sidecar"}')
    (folder / "record.json").write_text(json.dumps(
        {"text": SAID.format(3), "url": "https://news.example/record"}), encoding="utf-8")
    (folder / "page.html").write_text(HTML.format(n=4), encoding="utf-8")
    (folder / "none.txt").write_text(SAID.format(5), encoding="utf-8")
    return {"flag.txt": "https://news.example/flag", "sidecar.txt": "https://news.example/sidecar",
            "record.json": "https://news.example/record", "page.html": "https://news.example/flood-4",
            "none.txt": None}


def test_urls_are_stored_and_sources_find_the_file_from_elsewhere(db_url, tmp_path, monkeypatch):
    expected = _files(tmp_path / "in")
    monkeypatch.chdir(tmp_path)  # relative paths, as a user types them
    for name in expected:
        args = ["--url", "https://news.example/flag"] if name == "flag.txt" else []
        result = runner.invoke(app, ["ingest", f"in/{name}", *args, "--db", db_url,
                                     "--model", "blank"])
        assert result.exit_code == 0, result.output
    monkeypatch.chdir("/")
    with session(open_database(db_url)) as db:
        stored = {Path(source).name: (source, url) for source, url in db.execute(
            select(models.Document.source, models.Document.url))}
    assert {name: url for name, (_, url) in stored.items()} == expected
    for source, _ in stored.values():  # absolute: found again from another directory
        assert Path(source).is_absolute() and Path(source).is_file(), source


def test_show_and_search_print_the_url(db_url, tmp_path):
    _files(tmp_path / "in")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in" / "page.html"), "--db", db_url,
                                 "--model", "blank"])
    assert result.exit_code == 0, result.output
    [found] = json.loads(runner.invoke(app, ["search", "hold the line", "-f", "json",
                                             "--db", db_url]).stdout)
    assert found["url"] == "https://news.example/flood-4"
    shown = runner.invoke(app, ["show", str(found["quote_id"]), "--db", db_url])
    assert shown.exit_code == 0
    assert "url: https://news.example/flood-4" in shown.stdout



def _sources(db_url: str) -> list[str]:
    engine = open_database(db_url)
    with session(engine) as db:
        sources = list(db.scalars(select(models.Document.source).order_by(models.Document.id)))
    engine.dispose()
    return sources


def test_stdin_records_are_named_by_the_run_or_by_the_user(db_url):
    """Records read from stdin can be found again: by the time of the run and their line
    (stdin@TIME:LINE), or by the name the user gives the stream (--stdin-name)."""
    lines = "\n".join(json.dumps({"text": SAID.format(n)}) for n in range(3))
    result = runner.invoke(app, ["ingest", "-", "--db", db_url, "--model", "blank"], input=lines)
    assert result.exit_code == 0, result.output
    sources = _sources(db_url)
    run = sources[0].rsplit(":", 1)[0]
    assert re.fullmatch(r"stdin@\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", run)
    assert sources == [f"{run}:1", f"{run}:2", f"{run}:3"]
    # Named by the user: a plain text, and the lines of a JSON Lines file piped in.
    for name, data in [("clipboard", SAID.format("pasted")),
                       ("wire.jsonl", "\n".join(json.dumps({"text": SAID.format(f"wire {n}")})
                                                 for n in range(2)))]:
        result = runner.invoke(app, ["ingest", "-", "--stdin-name", name, "--db", db_url,
                                     "--model", "blank"], input=data)
        assert result.exit_code == 0, result.output
    assert _sources(db_url)[3:] == ["clipboard", "wire.jsonl:1", "wire.jsonl:2"]
    found = json.loads(runner.invoke(app, ["search", "hold the line", "-f", "json",
                                           "--db", db_url]).stdout)
    assert {record["source"] for record in found} == set(_sources(db_url))  # in every record
