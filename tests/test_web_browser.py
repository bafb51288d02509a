"""The web app in a real browser: the system's Chromium (/usr/bin/chromium, installed
by .ci/run) driven by Playwright, against uvicorn serving the seeds on SQLite.

Each flow saves screenshots under out/screenshots/ (kept out of git) to look at.
Skipped, with the reason, when there is no Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from test_web import Server

from quotes.db.engine import open_database
from quotes.ingest.readers import read_articles
from quotes.ingest.store import ingest
from quotes.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "out" / "screenshots"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def databases(tmp_path_factory, nlp):
    """Two copies of the seeds database: one to read, one to edit."""
    folder = tmp_path_factory.mktemp("web")
    engine = open_database(str(folder / "read.db"))
    ingest(engine, nlp, read_articles([str(SEEDS)]))
    engine.dispose()  # the last connection closes: the WAL is checkpointed into the file
    shutil.copy(folder / "read.db", folder / "edit.db")
    return folder / "read.db", folder / "edit.db"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(databases):
    server = Server(create_app(str(databases[0])))
    yield server.url
    server.stop()


@pytest.fixture
def page(browser):
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    yield opened
    opened.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_then_open_a_speaker(page, site):
    page.goto(site + "/")
    shot(page, "home")
    page.fill("#home-q", "Kursk")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search?q=Kursk")
    assert "quotes found" in page.inner_text("p.summary")
    assert page.locator(".results mark").first.inner_text() == "Kursk"
    shot(page, "search")
    first = page.locator(".results .hit .meta a[href^='/speakers/']").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/speakers/*")
    assert page.inner_text("h1").startswith(name)
    assert page.locator("svg.chart rect").count() >= 12  # a year of months, drawn on the server
    shot(page, "speaker")


def test_run_a_check_and_read_its_verdict(page, site):
    page.goto(site + "/check")
    page.fill("textarea[name=text]", "America is watching, Britain is watching")
    page.fill("input[name=speaker]", "Zelenskiy")
    page.click("form.check button")
    page.wait_for_url("**/check?text=*")
    assert page.inner_text("#verdict") == "Found as worded, by Volodymyr Zelenskiy"
    assert page.locator(".occurrence").count() >= 1
    shot(page, "check")
    permalink = page.get_attribute("#permalink", "href")
    page.goto(permalink)  # the shared link gives the same verdict
    assert page.inner_text("#verdict") == "Found as worded, by Volodymyr Zelenskiy"


def test_follow_a_quote_to_its_article(page, site):
    page.goto(site + "/search?q=watching")
    page.locator(".results .hit a", has_text="in context").first.click()
    page.wait_for_url("**/quotes/*")
    assert "watching" in page.locator(".context mark").first.inner_text()
    assert "said" in page.inner_text(".attribution")
    shot(page, "quote")
    quote_url = page.url
    page.locator("dl.facts a[href^='/documents/']").click()
    page.wait_for_url("**/documents/*")
    assert page.locator("a.quoted").count() >= 5
    assert page.locator(f"a.quoted[href='{quote_url.removeprefix(site)}']").count() >= 1
    shot(page, "document")
    page.goto(site + "/search?speaker=Kovalenko")
    page.locator(".hit .meta a[href^='/speakers/']").first.click()
    page.locator(".statements a").first.click()
    page.wait_for_url("**/statements/*")
    assert page.locator(".report").count() >= 2 and page.locator(".report ins").count() >= 1
    shot(page, "statement")


def test_an_edit_round_trip(page, databases):
    server = Server(create_app(str(databases[1]), allow_edits=True))
    try:
        page.goto(server.url + "/search?speaker=Kovalenko")
        page.locator(".hit .meta a[href^='/speakers/']").first.click()
        page.wait_for_url("**/speakers/*")
        speaker_url = page.url
        old = page.inner_text("h1")
        assert "edits allowed" in page.inner_text("footer")
        page.fill("form[action$='/rename'] input[name=name]", "Andriy Kovalenko <GUR>")
        page.click("form[action$='/rename'] button")
        page.wait_for_url("**/speakers/*?change=*")
        assert page.inner_text("h1").startswith("Andriy Kovalenko <GUR>")
        assert "Change #" in page.inner_text(".notice")
        shot(page, "edit")
        page.click(".notice button")  # undo
        page.wait_for_url("**/history?change=*")
        assert "undone" in page.inner_text(".notice")
        shot(page, "history")
        page.goto(speaker_url)
        assert page.inner_text("h1") == old
    finally:
        server.stop()
