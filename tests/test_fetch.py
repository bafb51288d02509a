"""Ingest from the web: pages by URL, URL lists and RSS/Atom feeds, served by a local HTTP
server (no outside network); every failure one line, the rest still stored."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.ingest import fetch
from quotes.ingest.readers import Article, ReadError

PAGE = """<html><head><title>{title}</title>{canonical}</head><body><article>
<h1>{title}</h1>
<p>“We will hold the line,” the mayor said on Friday, as the {river} rose again.</p>
<p>Engineers worked through the night to raise the barriers along the {river} bank.</p>
</article></body></html>"""
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Thames defences</title><link>{base}/thames</link>
<pubDate>Mon, 04 Nov 2024 10:00:00 GMT</pubDate><author>Ann Byline</author></item>
<item><title>Gone</title><link>{base}/missing</link></item>
</channel></rss>"""


def _routes(base: str) -> dict[str, tuple[int, str, bytes]]:
    """path -> (status, content type, body)."""
    def page(title: str, river: str, canonical: str = "") -> bytes:
        return PAGE.format(title=title, river=river, canonical=canonical).encode()

    return {
        "/severn": (200, "text/html; charset=utf-8", page(
            "Severn defences hold", "Severn",
            '<link rel="canonical" href="https://news.example/severn">')),
        "/thames": (200, "text/html", page("", "Thames")),
        "/latin": (200, "text/html; charset=iso-8859-1",
                   page("Défense", "Rhône").decode().replace("“", '"').replace("”", '"')
                   .encode("latin-1")),
        "/feed.xml": (200, "application/rss+xml", RSS.format(base=base).encode()),
        "/big": (200, "text/plain", b"x" * (2 * 2**20)),
        "/slow": (200, "text/plain", b"slow"),
    }


@pytest.fixture
def server():
    """A local HTTP server; yields its base URL; records the user agents it saw."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            seen.append(self.headers.get("User-Agent", ""))
            if self.path == "/slow":
                time.sleep(3)
            status, kind, body = routes.get(self.path, (404, "text/plain", b"not here"))
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout, size limit)

        def log_message(self, *args):  # quiet
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    routes = _routes(base)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base, seen
    httpd.shutdown()
    httpd.server_close()


def test_pages_become_articles_with_their_urls(server):
    base, seen = server
    items = list(fetch.fetch_articles([f"{base}/severn", f"{base}/thames", f"{base}/latin"]))
    assert [type(i) for i in items] == [Article, Article, Article]
    severn, thames, latin = items
    assert (severn.source, severn.url) == (f"{base}/severn", "https://news.example/severn")
    assert severn.title == "Severn defences hold" and "Severn rose again" in severn.text
    assert (thames.source, thames.url) == (f"{base}/thames", f"{base}/thames")  # no canonical
    assert "Rhône" in latin.text  # the declared charset is honoured
    assert seen and all(agent.startswith("quotes/") for agent in seen)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/big", "too large: over the limit of 1 MB per input"),
        ("/slow", "timed out after 1 s"),
    ],
)
def test_each_failure_is_one_read_error(server, monkeypatch, path, reason):
    base, _ = server
    monkeypatch.setattr(fetch, "TIMEOUT", httpx.Timeout(1.0))
    [item] = fetch.fetch_articles([f"{base}{path}"], max_bytes=2**20)
    assert item == ReadError(f"{base}{path}", reason)


def test_an_unreachable_host_is_one_read_error():
    [item] = fetch.fetch_articles(["http://127.0.0.1:1/nothing"])
    assert isinstance(item, ReadError) and item.reason.startswith("cannot fetch")


def test_feed_entries_are_fetched_and_complete_the_metadata(server):
    base, _ = server
    thames, missing = fetch.fetch_feeds([f"{base}/feed.xml"])
    assert isinstance(thames, Article)
    assert (thames.title, thames.author, str(thames.published)) == (
        "Thames defences", "Ann Byline", "2024-11-04")
    assert missing == ReadError(f"{base}/missing", "HTTP 404 Not Found")
    [not_feed] = fetch.fetch_feeds([f"{base}/severn"])
    assert not_feed == ReadError(f"{base}/severn", "not an RSS or Atom feed")


def test_cli_ingests_urls_lists_and_feeds(server, db_url, tmp_path):
    base, _ = server
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# two pages\n{base}/severn\n\n{base}/missing\n", encoding="utf-8")
    result = CliRunner().invoke(app, [
        "ingest", f"{base}/latin", "--urls", str(listed), "--feed", f"{base}/feed.xml",
        "--outlet", "Wire", "--db", db_url, "--model", "blank"])
    assert result.exit_code == 1, result.output  # one input failed (twice: list and feed)
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert failures == [f"failed: {base}/missing: HTTP 404 Not Found"] * 2
    assert "3 new documents" in result.stderr
    with session(open_database(db_url)) as db:
        stored = sorted(db.execute(select(models.Document.source, models.Document.url,
                                          models.Document.outlet)).all())
    assert [tuple(row) for row in stored] == [
        (f"{base}/latin", f"{base}/latin", "Wire"),
        (f"{base}/severn", "https://news.example/severn", "Wire"),
        (f"{base}/thames", f"{base}/thames", "Wire"),
    ]


def test_cli_without_inputs_says_what_to_give(tmp_path):
    result = CliRunner().invoke(app, ["ingest", "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: nothing to ingest\nHint: ")
