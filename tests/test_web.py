"""The web app's routes through Starlette's test client, on both backends: pages, the
JSON API against the CLI's JSON, escaping of hostile strings, errors, edits."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import httpx2
import pytest
import uvicorn
from markupsafe import escape
from conftest import SEEDS
from sqlalchemy import select
from starlette.testclient import TestClient
from typer.testing import CliRunner

from quotes.cli.app import app as cli
from quotes.db import models
from quotes.db.engine import downgrade, open_database, session
from quotes.errors import QuotesError
from quotes.identity import curation
from quotes.ingest.readers import Article, read_articles
from quotes.ingest.store import ingest
from quotes.web.app import create_app

runner = CliRunner()
HOSTILE_QUOTE = "We will <script>alert(1)</script> win & never give up"
HOSTILE_NAME = """<script>alert("name")</script> O'Brien & <b>Co</b>"""
HOSTILE_ARTICLE = Article(
    text=f"“{HOSTILE_QUOTE},” said Maria Kovač, the defence minister. Officials agreed.",
    source="javascript:alert('source')", title="<script>alert('title')</script>",
    outlet='<i>Evil</i> "Times"', published=date(2024, 11, 5))


class Server:
    """uvicorn serving `app` on a free local port, in a thread, until `stop`."""

    def __init__(self, app):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]})
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                return
            time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.socket.close()


@pytest.fixture
def site(db_url, nlp):
    """The seeds and one hostile article ingested; the hostile speaker renamed to a hostile
    name. Returns (url, ids of the hostile quote, its speaker and its document)."""
    engine = open_database(db_url)
    ingest(engine, nlp, read_articles([str(SEEDS)]))
    ingest(engine, nlp, [HOSTILE_ARTICLE])
    with session(engine) as db:
        quote = db.scalars(select(models.Quote).where(
            models.Quote.content.contains("<script>"))).one()
        curation.rename(db, quote.speaker, HOSTILE_NAME)
        ids = {"quote": quote.id, "speaker": quote.speaker_id, "document": quote.document_id}
    engine.dispose()
    return db_url, ids


@pytest.fixture
def client(site):
    with TestClient(create_app(site[0])) as test_client:
        yield test_client


def _ids(url: str) -> dict[str, int]:
    """Ids of seed rows the tests open: Zelenskiy, a statement with two reports, his direct quote."""
    with session(open_database(url)) as db:
        zelenskiy = db.scalars(select(models.Speaker).where(
            models.Speaker.name == "Volodymyr Zelenskiy")).one()
        direct = db.scalars(select(models.Quote).where(
            models.Quote.speaker_id == zelenskiy.id, models.Quote.kind == "direct")).first()
        statement = db.scalars(select(models.StatementQuote.statement_id)
                               .where(models.StatementQuote.score < 100)).first()
    return {"zelenskiy": zelenskiy.id, "direct": direct.id, "statement": statement,
            "document": direct.document_id}


def test_pages_show_what_the_database_holds(client, site):
    ids = _ids(site[0])
    pages = [
        ("/", ["Latest quotes", "Most quoted", "Volodymyr Zelenskiy", "3 articles"]),
        ("/search?q=Kursk", ["<mark>Kursk</mark>", "quotes found", "Financial Times"]),
        ("/search?q=Kursk&kind=direct", ["kind=direct"]),
        ("/speakers", ["Volodymyr Zelenskiy", "Andriy Kovalenko"]),
        (f"/speakers/{ids['zelenskiy']}", ["Zelenskiy", "Quotes by month", "<svg", "<rect",
                                           "Bloomberg", "export.csv", "Ukrainian President"]),
        (f"/statements/{ids['statement']}", ["<del>", "<ins>", "Bloomberg", "Financial Times"]),
        (f"/quotes/{ids['direct']}", ["<mark>", "Attribution", "said", "Bloomberg"]),
        (f"/documents/{ids['document']}", ['class="quoted"', f"/quotes/{ids['direct']}"]),
        ("/check?text=America+is+watching&speaker=Zelenskiy",
         ["Found as worded, by Volodymyr Zelenskiy", "Earliest", 'id="permalink"',
          "/check?text=America+is+watching&amp;speaker=Zelenskiy"]),
        ("/check", ["The sentence as you have it"]),
        ("/history", [str(escape(HOSTILE_NAME))]),
    ]
    for url, expected in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/html")
        for text in expected:
            assert text in response.text, (url, text)
        assert "read-only" in response.text and 'method="post"' not in response.text


def test_search_facets_and_pages(client):
    everything = client.get("/api/search").json()
    assert everything["total"] == sum(f["quotes"] for f in everything["facets"]["outlet"])
    assert everything["pages"] == -(-everything["total"] // 20) > 1
    second = client.get("/api/search?page=2").json()
    assert {r["quote_id"] for r in second["results"]}.isdisjoint(
        r["quote_id"] for r in everything["results"])
    beyond = client.get(f"/api/search?page={everything['pages'] + 1}")
    assert beyond.status_code == 200 and beyond.json()["results"] == []
    bloomberg = client.get("/api/search?outlet=bloomberg&kind=direct").json()
    assert bloomberg["results"] and {(r["outlet"], r["kind"]) for r in bloomberg["results"]} == {
        ("Bloomberg", "direct")}
    dated = client.get("/api/search?since=2024-11-04&until=2024-11-04").json()
    assert {r["date"] for r in dated["results"]} == {"2024-11-04"}
    by_name = client.get("/api/search?speaker=zelenskyy").json()  # a spelling variant
    assert by_name["speaker"]["name"] == "Volodymyr Zelenskiy"
    assert {r["speaker"] for r in by_name["results"]} == {"Volodymyr Zelenskiy"}
    page = client.get("/search?q=Kursk")
    assert 'href="?q=Kursk&amp;kind=direct"' in page.text  # facet links keep the query


def test_attribution_type_filters_search_and_check(site, nlp):
    """?type= as the CLI's --type: speech unless told otherwise, on search and check."""
    url = site[0]
    engine = open_database(url)
    ingest(engine, nlp, [Article("Ana Silva believes the dam will hold through the winter. "
                                 "“The dam will hold,” Ana Silva said.", "dam.txt",
                                 outlet="Wire")])
    engine.dispose()
    with TestClient(create_app(url)) as client:
        for query, flags, kinds in [("", [], {"direct"}), ("&type=speech", [], {"direct"}),
                                    ("&type=belief", ["--type", "belief"], {"indirect"}),
                                    ("&type=all", ["--type", "all"], {"direct", "indirect"})]:
            api = client.get(f"/api/search?q=dam{query}").json()
            assert {r["kind"] for r in api["results"]} == kinds, query
            assert api["results"] == _cli_json("search", "dam", *flags, "--limit", "20",
                                               "--format", "json", "--db", url)
        page = client.get("/search?q=dam&type=belief")
        assert '<option value="belief" selected>' in page.text
        assert 'href="?q=dam&amp;kind=indirect&amp;type=belief"' in page.text  # facets keep it
        assert 'type=' not in re.search(r'rel="next"|href="\?q=dam&amp;kind=[a-z]+"',
                                        client.get("/search?q=dam").text).group(0)
        # check: the belief is not something said (only part of it was), unless asked for.
        text = "the dam will hold through the winter"
        for query, flags, verdict in [("", [], "found_partial"),
                                      ("&type=belief", ["--type", "belief"], "found_other_wording")]:
            api = client.get(f"/api/check?text={text}&speaker=Ana+Silva{query}").json()
            assert api["verdict"] == verdict, query
            assert api == _cli_json("check", text, "--speaker", "Ana Silva", *flags,
                                    "--format", "json", "--db", url)
        page = client.get(f"/check?text={text}&type=belief")
        assert "Found in other words, by Ana Silva" in page.text
        assert '<option value="belief" selected>' in page.text and "&amp;type=belief" in page.text
        bad = client.get("/api/search?q=dam&type=rumour")
        assert bad.status_code == 400 and "unknown type 'rumour'" in bad.json()["error"]


def _cli_json(*args: str):
    result = runner.invoke(cli, list(args))
    assert result.exit_code in (0, 2, 3, 4, 5), result.output  # check: one per verdict
    return json.loads(result.stdout)


def test_api_json_is_the_cli_json(client, site):
    url, ids = site[0], _ids(site[0])
    api = client.get("/api/search?q=Kursk").json()
    assert api["results"] == _cli_json("search", "Kursk", "--limit", "20", "--format", "json",
                                       "--db", url)
    api = client.get(f"/api/search?speaker={ids['zelenskiy']}&outlet=Bloomberg").json()
    assert api["results"] == _cli_json("search", "--speaker", str(ids["zelenskiy"]), "--outlet",
                                       "Bloomberg", "--limit", "20", "--format", "json", "--db", url)
    api = client.get(f"/api/speakers/{ids['zelenskiy']}").json()
    assert [api] == _cli_json("speakers", "profile", str(ids["zelenskiy"]), "--format", "json",
                              "--db", url)
    assert client.get("/api/speakers").json() == _cli_json("speakers", "--format", "json",
                                                            "--db", url)
    for text, speaker in [("America is watching", "Zelenskiy"), ("Peace talks in Geneva", "")]:
        api = client.get("/api/check", params={"text": text, "speaker": speaker}).json()
        args = ["--speaker", speaker] if speaker else []
        assert api == _cli_json("check", text, *args, "--format", "json", "--db", url)
    api = client.get(f"/api/quotes/{ids['direct']}").json()
    assert api == _cli_json("show", str(ids["direct"]), "--format", "json", "--db", url)
    statement = client.get(f"/api/statements/{ids['statement']}").json()
    assert len(statement["reports"]) == 2 and statement["reports"][1]["diff"]


HOSTILE_QUERIES = ['<script>alert("q")</script>', "\"'><img src=x onerror=alert(1)>", "a < b > c"]


def test_every_user_string_is_escaped(client, site):
    ids = site[1]
    urls = [f"/speakers/{ids['speaker']}", f"/quotes/{ids['quote']}",
            f"/documents/{ids['document']}", "/", "/search?q=script", "/history",
            f"/search?speaker={ids['speaker']}"]
    urls += [f"/search?{key}={q}" for q in HOSTILE_QUERIES for key in ("q", "outlet")]
    urls += [f"/check?text={q}&speaker={q}" for q in HOSTILE_QUERIES]
    urls += ["/search?speaker=<script>nobody</script>", "/search?since=<script>"]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        html = response.text.lower()
        assert "<script" not in html and "<img" not in html and "<b>co" not in html, url
        assert "<i>evil" not in html and "javascript:" not in html.replace(
            "javascript:alert(&#39;source&#39;)", ""), url  # shown as text, never a link
    speaker = client.get(f"/speakers/{ids['speaker']}").text
    assert "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt; O&#39;Brien &amp; &lt;b&gt;Co" in speaker
    assert str(escape(HOSTILE_NAME)) in speaker
    quote = client.get(f"/quotes/{ids['quote']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; win &amp; never" in quote
    assert 'href="javascript:' not in quote
    assert client.get(f"/api/quotes/{ids['quote']}").json()["speaker"] == HOSTILE_NAME
    headers = client.get("/").headers
    assert "script-src" not in headers["content-security-policy"]  # no scripts at all
    assert headers["x-content-type-options"] == "nosniff"


# (url, status, message): each also under /api/, as JSON.
BAD_REQUESTS = [
    ("/speakers/999999", 404, "no speaker with id 999999"),
    ("/speakers/99999999999999999999", 404, "no speaker with id"),
    ("/quotes/0", 404, "no quote with id 0"),
    ("/statements/424242", 404, "no statement with id 424242"),
    ("/documents/424242", 404, "no document with id 424242"),
    ("/speakers/abc", 404, "no such page"),
    ("/search?since=2024-13-01", 400, "since is not a date"),
    ("/search?until=yesterday", 400, "until is not a date"),
    ("/search?page=-1", 400, "page must be a whole number"),
    ("/search?page=0", 400, "page must be a whole number"),
    ("/search?page=1e3", 400, "page must be a whole number"),
    ("/search?kind=rumour", 400, "unknown kind"),
    ("/search?q=" + "x" * 10240, 400, "q is too long (10,240 characters"),
    ("/check?text=" + "word " * 2048, 400, "text is too long"),
    ("/search?q=a%00b", 400, "NUL"),
    ("/search?speaker=Nobody+Atall", 404, "no speaker matches"),
    ("/check?text=%21%3F%21", 400, "the text to check has no words"),
    ("/nowhere", 404, "no such page"),
]


def test_bad_parameters_get_a_message_not_a_500(client):
    # One database for the whole table: setting it up is the slow part.
    for url, status, message in BAD_REQUESTS:
        page = client.get(url)
        assert page.status_code == status and message in page.text, (url, page.text[-600:])
        assert "Traceback" not in page.text
        api = client.get("/api" + url)
        assert api.status_code == status, url
        assert message in api.json()["error"], url


def test_exports_are_the_cli_export(client, site):
    url, zelenskiy = site[0], str(_ids(site[0])["zelenskiy"])
    for fmt, cli_format in [("csv", "csv"), ("json", "json"), ("md", "markdown")]:
        response = client.get(f"/speakers/{zelenskiy}/export.{fmt}")
        assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
        result = runner.invoke(cli, ["export", "--speaker", zelenskiy, "--format", cli_format,
                                     "--db", url])
        assert response.text.split() == result.stdout.split()  # csv's \r\n aside
    bad = client.get(f"/speakers/{zelenskiy}/export.exe")
    assert bad.status_code == 404 and "no export as" in bad.text


def test_read_only_refuses_changes(client, site):
    speaker = site[1]["speaker"]
    response = client.post(f"/speakers/{speaker}/rename", data={"name": "X", "csrf": "x"})
    assert response.status_code == 403 and "--allow-edits" in response.text
    assert client.post("/history/undo", data={}).status_code == 403


def _token(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def test_edits_go_through_the_curation_log(site):
    url, ids = site
    with TestClient(create_app(url, allow_edits=True)) as client:
        page = client.get(f"/speakers/{ids['speaker']}")
        assert "edits allowed" in page.text and 'action="/speakers/' in page.text
        token = _token(page.text)
        # Without the token, with another one, or from another site: refused.
        assert client.post(f"/speakers/{ids['speaker']}/rename",
                           data={"name": "Maria Kovac"}).status_code == 403
        assert client.post(f"/speakers/{ids['speaker']}/rename",
                           data={"name": "Maria Kovac", "csrf": "0" * 64}).status_code == 403
        assert client.post(f"/speakers/{ids['speaker']}/rename",
                           data={"name": "Maria Kovac", "csrf": token},
                           headers={"origin": "http://evil.example"}).status_code == 403
        # With it: renamed, logged, shown, and undone.
        done = client.post(f"/speakers/{ids['speaker']}/rename",
                           data={"name": "Maria Kovac", "csrf": token})
        assert done.status_code == 200 and "Maria Kovac" in done.text
        assert "renamed #" in done.text and "Undo" in done.text
        log = _cli_json("speakers", "history", "--format", "json", "--db", url)
        assert log[0]["summary"].endswith("-> Maria Kovac") and log[0]["undone_at"] is None
        undone = client.post("/history/undo", data={"edit": log[0]["id"], "csrf": token})
        assert undone.status_code == 200 and "undone" in undone.text
        assert client.get(f"/api/speakers/{ids['speaker']}").json()["name"] == HOSTILE_NAME
        # Alias add and remove, merge, split; a bad change is a 400 with the library's message.
        assert client.post(f"/speakers/{ids['speaker']}/alias-add",
                           data={"alias": "M. Kovač", "csrf": token}).status_code == 200
        again = client.post(f"/speakers/{ids['speaker']}/alias-add",
                            data={"alias": "M. Kovač", "csrf": token})
        assert again.status_code == 400 and "already has the alias" in again.text
        zelenskiy = _ids(url)["zelenskiy"]
        merged = client.post(f"/speakers/{zelenskiy}/merge",
                             data={"other": str(ids["speaker"]), "csrf": token})
        assert merged.status_code == 200 and "merged" in merged.text
        moved = client.get(f"/speakers/{ids['speaker']}", follow_redirects=False)
        assert moved.status_code == 307 and moved.headers["location"] == f"/speakers/{zelenskiy}"
        split = client.post(f"/speakers/{zelenskiy}/split",
                            data={"quotes": str(ids["quote"]), "new": "Maria K.", "csrf": token})
        assert split.status_code == 200 and "Maria K." in split.text
        assert client.post(f"/speakers/{zelenskiy}/split", data={
            "quotes": "", "new": "X", "csrf": token}).status_code == 400
        history = client.get("/api/history").json()
        assert [e["action"] for e in history] == ["split", "merge", "alias add", "rename", "rename"]


def test_an_earlier_change_is_undone_from_the_history_page(site):
    """The history page's undo of any change still in effect: the CLI's `undo ID`, a
    CSRF-checked POST, refused with the blocking change named when a later one depends on it."""
    url = site[0]
    zelenskiy = _ids(url)["zelenskiy"]
    with TestClient(create_app(url, allow_edits=True)) as client:
        token = _token(client.get("/history").text)
        for action, form in [("rename", {"name": "V. Zelenskiy"}),  # undone below, two back
                             ("alias-add", {"alias": "Ze"}),  # independent of it
                             ("rename", {"name": "President Zelenskiy"})]:  # depends on its name
            assert client.post(f"/speakers/{zelenskiy}/{action}",
                               data=form | {"csrf": token}).status_code == 200
        log = {e["summary"]: e["id"] for e in client.get("/api/history").json()}
        first = log[f"renamed #{zelenskiy} Volodymyr Zelenskiy -> V. Zelenskiy"]
        page = client.get("/history")
        assert page.text.count('action="/history/undo"') == len(log)  # every change in effect
        # Refused while the later rename depends on it: nothing changes.
        refused = client.post("/history/undo", data={"edit": first, "csrf": token})
        later = log[f"renamed #{zelenskiy} V. Zelenskiy -> President Zelenskiy"]
        assert refused.status_code == 400
        assert f"the later change #{later} (" in refused.text and f"undo #{later} first" in refused.text
        assert all(e["undone_at"] is None for e in client.get("/api/history").json())
        # Without the token: refused too.
        assert client.post("/history/undo", data={"edit": first}).status_code == 403
        # Undo the later one, then the earlier one, two changes back, by its id.
        assert client.post("/history/undo", data={"edit": later, "csrf": token}).status_code == 200
        undone = client.post("/history/undo", data={"edit": first, "csrf": token})
        assert undone.status_code == 200 and f"#{first}" in undone.text and "undone" in undone.text
        undone = {e["id"] for e in client.get("/api/history").json() if e["undone_at"]}
        assert undone == {first, later}  # the alias, added between them, stays
        profile = client.get(f"/api/speakers/{zelenskiy}").json()
        assert profile["name"] == "Volodymyr Zelenskiy"
        assert "Ze" in [a["alias"] for a in profile["aliases"]]
    assert {e["id"] for e in _cli_json("speakers", "history", "--format", "json", "--db", url)
            if e["undone_at"]} == {first, later}  # the CLI's log


def test_many_requests_at_once_while_editing(site):
    """A real server: 8 clients reading every page while another one keeps adding and
    removing an alias; no request fails ("database is locked" would be a 503)."""
    url, ids = site[0], _ids(site[0])
    urls = ["/", "/search?q=Kursk", f"/speakers/{ids['zelenskiy']}",
            "/check?text=America+is+watching", f"/quotes/{ids['direct']}"] * 8
    server = Server(create_app(url, allow_edits=True))
    try:
        def edit(n: int) -> list[int]:
            with httpx2.Client(base_url=server.url, timeout=60) as editor:
                token = _token(editor.get(f"/speakers/{ids['zelenskiy']}").text)
                form = {"alias": f"Zelensky {n}", "csrf": token}
                return [editor.post(f"/speakers/{ids['zelenskiy']}/{action}", data=form).status_code
                        for action in ("alias-add", "alias-remove")]

        def read(path: str) -> int:
            with httpx2.Client(base_url=server.url, timeout=60) as reader:
                return reader.get(path).status_code

        with ThreadPoolExecutor(10) as pool:
            edits = [pool.submit(edit, n) for n in range(4)]
            statuses = list(pool.map(read, urls))
            changes = [status for future in edits for status in future.result()]
    finally:
        server.stop()
    assert statuses == [200] * len(urls)
    assert changes == [303] * 8


def test_serve_says_how_it_runs_and_stops_on_ctrl_c(site):
    """`quotes serve` in a process of its own: the start-up lines, one page, then SIGINT."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "quotes", "serve", "--db", site[0], "--port", str(port)],
        stderr=subprocess.PIPE, text=True, env=os.environ | {"PYTHONUNBUFFERED": "1"})
    try:
        started = process.stderr.readline() + process.stderr.readline()
        assert "on http://127.0.0.1:" in started and "this machine only" in started
        assert "read-only" in started
        for _ in range(100):
            try:
                assert httpx2.get(f"http://127.0.0.1:{port}/").status_code == 200
                break
            except httpx2.ConnectError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
        process.send_signal(signal.SIGINT)
        assert process.wait(20) == 0
        assert "Traceback" not in process.stderr.read()
    finally:
        process.kill()


def test_a_missing_or_old_database_is_refused_with_the_cli_message(tmp_path, db_url):
    with pytest.raises(QuotesError, match="no database at") as missing:
        create_app(str(tmp_path / "none.db"))
    assert "quotes demo --db" in missing.value.hint
    open_database(db_url).dispose()
    downgrade(db_url, "-1")
    with pytest.raises(QuotesError, match="older than this version") as old:
        create_app(db_url)
    assert "quotes db upgrade" in old.value.hint
    result = runner.invoke(cli, ["serve", "--db", db_url])
    assert result.exit_code == 1 and "Error: the database is at revision" in result.output
