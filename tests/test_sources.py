"""Where an article came from is stored and shown: its URL (migration 0004) and a source path
that finds the file from any directory."""

from __future__ import annotations

import json
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

