"""The web app: Starlette routes over `quotes.web.pages`, HTML pages and the same under /api/.

`create_app(db, allow_edits=...)` opens the database once (refusing a missing,
older or foreign one with the CLI's message) and serves:

    /                    /api/             home: search box, latest quotes, top speakers, counts
    /search              /api/search       ?q=&speaker=&outlet=&since=&until=&kind=&type=&page=
    /speakers            /api/speakers     ?kind=&limit=
    /speakers/ID         /api/speakers/ID  (a merged speaker redirects to the kept one)
    /statements/ID, /quotes/ID, /documents/ID (and under /api/)
    /check               /api/check        ?text=&speaker=&type=
    /speakers/ID/export.csv|json|md        the CLI's `export` of the speaker's quotes
    /history             /api/history      the curation log

and, only with `allow_edits`, the POST forms that curate speakers (rename, merge,
alias add/remove, split, undo), each checked against cross-site request forgery
and run through `quotes.identity.curation` (the CLI's log) one at a time.

Every parameter is checked here: a bad one is a 400 (a missing row a 404) with a
message, as an HTML page or as JSON {"error", "hint"} under /api/. Endpoints are
plain functions, so Starlette runs them in its thread pool, each with its own
session. Not handled: authentication (bind to 127.0.0.1, or put a proxy with
logins in front), several server processes writing at once on SQLite.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import secrets
import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from quotes import __version__
from quotes.cli.output import Format, write
from quotes.db.engine import database_url, open_database, session
from quotes.db import models
from quotes.db.models import QUOTE_KINDS, QUOTE_TYPES, SPEAKER_KINDS
from quotes.errors import QuotesError
from quotes.identity import curation
from quotes.identity.statements import (dossier_markdown, quote_rows, speaker_dossier,
                                        speaker_quotes)
from quotes.web import pages
from quotes.web.marks import day, highlighted

HERE = Path(__file__).resolve().parent
MAX_TEXT = 1000  # characters of a search or checked text
MAX_NAME = 300  # characters of a speaker name or outlet
MAX_PAGE = 10_000
CSRF_COOKIE = "quotes_csrf"
TYPES = (*QUOTE_TYPES, "all")  # ?type=: an attribution type, or all of them
TYPE_LABELS = {"speech": "said", "belief": "believed", "intention": "intended",
               "document": "documents", "all": "any"}
EXPORTS = {"csv": "text/csv", "json": "application/json", "md": "text/markdown"}
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
     b"frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


class BadParameter(QuotesError):
    """A query or form parameter the page cannot use (HTTP 400)."""


class Params:
    """The request's query (or form) parameters, each checked as it is read."""

    def __init__(self, values):
        self.values = values

    def text(self, name: str, limit: int = MAX_NAME) -> str | None:
        """A text parameter, stripped; None when absent or empty."""
        value = (self.values.get(name) or "").strip()
        if len(value) > limit:
            raise BadParameter(f"{name} is too long ({len(value):,} characters; at most {limit:,})",
                               hint="shorten it")
        if "\x00" in value:
            raise BadParameter(f"{name} contains a NUL character")
        return value or None

    def day(self, name: str) -> date | None:
        value = self.text(name, 10)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise BadParameter(f"{name} is not a date: {value!r}", hint="write it YYYY-MM-DD") from None

    def number(self, name: str, default: int | None, *, low: int = 1,
               high: int = MAX_PAGE) -> int | None:
        value = self.text(name, 20)
        if value is None:
            return default
        if not re.fullmatch(r"-?\d+", value) or not low <= int(value) <= high:
            raise BadParameter(f"{name} must be a whole number from {low} to {high:,}, not {value!r}")
        return int(value)

    def choice(self, name: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(name, 40)
        if value is not None and value not in choices:
            raise BadParameter(f"unknown {name} {value!r}", hint=f"use one of: {', '.join(choices)}")
        return value


def _plain(value: Any) -> Any:
    """JSON for what json cannot write itself: dates (as ISO strings, like the CLI)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


class Json(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=_plain).encode("utf-8")


def url_with(query: dict[str, Any], **changes: Any) -> str:
    """`?...` for the current query with `changes` (None removes a key); empty values dropped."""
    merged = {**query, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def source_link(source: str | None) -> str | None:
    """The article's source as a link, when it is a web address (never javascript: and such)."""
    return source if source and urlsplit(source).scheme in ("http", "https") else None


def _templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["day"] = day
    env.globals.update(url_with=url_with, highlighted=highlighted, source_link=source_link,
                       version=__version__, quote_kinds=QUOTE_KINDS, speaker_kinds=SPEAKER_KINDS,
                       quote_types=TYPES, type_labels=TYPE_LABELS,
                       max_text=MAX_TEXT)
    return Jinja2Templates(env=env)


def open_for_serving(db: str | None):
    """`open_database`, but a missing SQLite file is an error (serving a new empty one helps nobody)."""
    url = make_url(database_url(db))
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        raise QuotesError(f"no database at {url.database}",
                          hint=f"create one with: quotes demo --db {url.database}  "
                               f"(or quotes ingest FILES --db {url.database})")
    return open_database(db)


def create_app(db: str | None, *, allow_edits: bool = False) -> Starlette:
    """The app on database `db` (see `quotes.db.engine.database_url`); QuotesError when
    the database is missing, older or newer than this version, or not a quotes database."""
    engine = open_for_serving(db)
    templates = _templates()
    secret = secrets.token_bytes(32)  # signs CSRF tokens; new at every start
    write_lock = threading.Lock()  # one change at a time in this server (each holds the writer lock)

    def csrf_token(nonce: str) -> str:
        return hmac.new(secret, nonce.encode(), hashlib.sha256).hexdigest()

    # 1. Turning pages into responses.
    def render(request: Request, page: pages.Page, api: bool) -> Response:
        if page.status in (303, 307):
            location = page.headers["location"]
            return RedirectResponse(("/api" if api else "") + location, page.status)
        if api:
            return Json(page.data, page.status)
        path, query = request.url.path, request.url.query
        api_url = "/api" + path + (f"?{query}" if query else "")
        context = {"allow_edits": allow_edits, "api_url": api_url,
                   "base_url": str(request.base_url).rstrip("/")}
        nonce = request.cookies.get(CSRF_COOKIE)
        fresh = allow_edits and not nonce
        if allow_edits:
            nonce = nonce or secrets.token_urlsafe(32)
            context["csrf"] = csrf_token(nonce)
        response = templates.TemplateResponse(request, page.template, page.context | context,
                                              status_code=page.status)
        if fresh:
            response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict")
        return response

    def error(request: Request, status: int, message: str, hint: str | None = None) -> Response:
        if request.url.path.startswith("/api/") or request.url.path == "/api":
            return Json({"error": message, "hint": hint}, status)
        page = pages.Page("error.html", {"status": status, "message": message, "hint": hint},
                          None, status)
        return render(request, page, api=False)

    def endpoint(view: Callable[[Session, Params], pages.Page], api: bool):
        """A route's function: one session, the view, its page (or JSON)."""
        def handle(request: Request) -> Response:
            with session(engine) as current:
                page = view(current, Params(request.query_params), **request.path_params)
                return render(request, page, api)
        return handle

    # 2. The pages: parameters checked, then the page's function.
    views: dict[str, Callable[..., pages.Page]] = {
        "/": lambda s, p: pages.home(s),
        "/search": lambda s, p: pages.search(
            s, p.text("q", MAX_TEXT), speaker=p.text("speaker"), outlet=p.text("outlet"),
            since=p.day("since"), until=p.day("until"), kind=p.choice("kind", QUOTE_KINDS),
            quote_type=p.choice("type", TYPES) or "speech", page=p.number("page", 1)),
        "/speakers": lambda s, p: pages.speakers(s, kind=p.choice("kind", SPEAKER_KINDS),
                                                 limit=p.number("limit", 50, high=1000)),
        "/speakers/{speaker_id:int}": lambda s, p, speaker_id: pages.speaker(
            s, speaker_id, change=p.number("change", None, high=pages.MAX_ID)),
        "/statements/{statement_id:int}": lambda s, p, statement_id: pages.statement(
            s, statement_id),
        "/quotes/{quote_id:int}": lambda s, p, quote_id: pages.quote(s, quote_id),
        "/documents/{document_id:int}": lambda s, p, document_id: pages.document(s, document_id),
        "/check": lambda s, p: pages.check(s, p.text("text", MAX_TEXT), p.text("speaker"),
                                           quote_type=p.choice("type", TYPES) or "speech"),
        "/history": lambda s, p: pages.history(
            s, change=p.number("change", None, high=pages.MAX_ID)),
    }
    routes = [Route(path, endpoint(view, api=False)) for path, view in views.items()]
    routes += [Route("/api" + path.rstrip("/") if path != "/" else "/api/", endpoint(view, api=True))
               for path, view in views.items()]

    # 3. A speaker's quotes as the CLI's `export` writes them.
    def export(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in EXPORTS:
            raise HTTPException(404, f"no export as {fmt!r}: use one of {', '.join(EXPORTS)}")
        with session(engine) as current:
            found = pages.get(current, models.Speaker, request.path_params["speaker_id"],
                              "speaker", "see the speakers on the home page")
            if fmt == "md":
                body, media = dossier_markdown(speaker_dossier(current, found)), EXPORTS[fmt]
            else:
                buffer = io.StringIO()
                write(quote_rows(speaker_quotes(current, found)), Format(fmt), buffer)
                body, media = buffer.getvalue(), EXPORTS[fmt]
        name = f"speaker-{found.id}.{fmt}"
        return Response(body, media_type=f"{media}; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}"'})

    routes.append(Route("/speakers/{speaker_id:int}/export.{fmt:str}", export))

    # 4. Curation: POST forms, only with allow_edits, CSRF-checked, one at a time.
    def change(action: str, current: Session, speaker_id: int | None, form: Params) -> tuple[int, str]:
        """Run one curation change; return its log id and the page to show next."""
        if action == "undo":
            edit = curation.undo(current, form.number("edit", None, high=pages.MAX_ID))
            return edit.id, "/history"
        found = pages.get(current, models.Speaker, speaker_id, "speaker",
                          "see the speakers on the home page")
        required = lambda name: form.text(name) or _missing(name)  # noqa: E731
        if action == "rename":
            edit = curation.rename(current, found, required("name"))
        elif action == "merge":  # people the profile lists as possibly different: asked first
            other = pages.pick(current, required("other"), exact=True)[0]
            doubt = None if form.text("yes") else curation.merge_doubt(current, found, other)
            if doubt:
                raise BadParameter(f"nothing merged: {found.name} (#{found.id}) and {other.name} "
                                   f"(#{other.id}) were kept apart as possibly different people: "
                                   f"{doubt}", hint="tick 'even if kept apart' to merge them anyway")
            edit = curation.merge(current, found, other)
        elif action == "alias-add":
            edit = curation.add_alias(current, found, required("alias"))
        elif action == "alias-remove":
            edit = curation.remove_alias(current, found, required("alias"))
        else:  # split
            ids = re.findall(r"\d+", required("quotes"))
            if not ids or any(int(i) > pages.MAX_ID for i in ids):
                raise BadParameter("quotes must be quote ids, e.g. 12 14")
            target = form.text("new") or pages.pick(current, required("to"), exact=True)[0]
            edit = curation.split(current, [int(i) for i in ids], target)
            return edit.id, f"/speakers/{edit.payload['to']}"
        return edit.id, f"/speakers/{found.id}"

    async def post(request: Request) -> Response:
        if not allow_edits:
            raise HTTPException(403, "this server is read-only: start it with "
                                     "quotes serve --allow-edits to change speakers")
        origin = request.headers.get("origin")
        if origin and urlsplit(origin).netloc != request.headers.get("host"):
            raise HTTPException(403, "the form came from another site")
        form = Params(await request.form(max_files=0, max_fields=20, max_part_size=64 * 1024))
        nonce = request.cookies.get(CSRF_COOKIE, "")
        if not nonce or not hmac.compare_digest(csrf_token(nonce), form.values.get("csrf", "")):
            raise HTTPException(403, "the form has expired or came from another site: "
                                     "reload the page and try again")

        def run() -> tuple[int, str]:
            with write_lock, session(engine, write=True) as current:
                return change(request.path_params.get("action", "undo"), current,
                              request.path_params.get("speaker_id"), form)

        edit_id, target = await run_in_threadpool(run)
        return RedirectResponse(f"{target}?change={edit_id}", 303)

    routes += [
        Route("/speakers/{speaker_id:int}/{action:str}", post, methods=["POST"]),
        Route("/history/undo", post, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    # 5. Errors: a message (and hint), never a traceback.
    def on_http(request: Request, exc: HTTPException) -> Response:
        messages = {404: "no such page", 405: "this page does not take that method"}
        return error(request, exc.status_code,
                     exc.detail if exc.detail not in (None, "Not Found", "Method Not Allowed")
                     else messages.get(exc.status_code, "bad request"))

    def on_quotes(request: Request, exc: QuotesError) -> Response:
        return error(request, 404 if isinstance(exc, pages.NotFound) else 400, str(exc), exc.hint)

    def on_database(request: Request, exc: DBAPIError) -> Response:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        return error(request, 503, f"the database failed: {reason}", "try again in a moment")

    def on_bug(request: Request, exc: Exception) -> Response:
        return error(request, 500, f"unexpected {type(exc).__name__}", "please report this as a bug")

    @asynccontextmanager
    async def lifespan(_app):
        yield
        engine.dispose()

    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={HTTPException: on_http, QuotesError: on_quotes,
                                        DBAPIError: on_database, Exception: on_bug})
    app.state.engine = engine
    return app


def _missing(name: str):
    raise BadParameter(f"the form's {name} is empty")


class SecurityHeaders:
    """ASGI middleware: security headers on every response (no scripts, no framing)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def sending(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, sending if scope["type"] == "http" else send)
