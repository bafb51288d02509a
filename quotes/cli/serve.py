"""`quotes serve`: the web app (search, speakers, check) on a database, with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from quotes.cli.options import DbOption

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(
        help="Address to listen on. 0.0.0.0 makes it reachable from other machines.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_edits: Annotated[bool, typer.Option(
        "--allow-edits", help="Let the pages rename, merge, split and alias speakers "
        "(logged like `quotes speakers`; undo there or on /history).")] = False,
) -> None:
    """Serve the web app: search, speaker pages, statements, check, and the same as JSON
    under /api/. Read-only unless --allow-edits. Ctrl-C stops it."""
    import uvicorn

    from quotes.web.app import create_app

    app = create_app(db, allow_edits=allow_edits)  # a missing or old database fails here
    shown = f"[{host}]" if ":" in host else host
    mode = "edits allowed (--allow-edits)" if allow_edits else "read-only (start with --allow-edits to curate)"
    reach = "this machine only" if host in LOCAL_HOSTS else "REACHABLE FROM OTHER MACHINES, no login"
    typer.echo(f"Serving {app.state.engine.url.render_as_string(hide_password=True)}", err=True)
    typer.echo(f"on http://{shown}:{port}/ ({reach}); {mode}. Ctrl-C stops.", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
