"""Articles from the web: pages by URL and the entries of RSS/Atom feeds.

Pages are fetched with httpx (a timeout, a user agent, retried connections,
redirects followed) and read like files by `quotes.ingest.readers` (HTML reduced
to its main text, or JSON / plain text). An article's URL is the page's canonical
link when it has one, else the address it was fetched from; its source is the
URL asked for. Feeds are parsed with feedparser; each entry's link is fetched,
and the entry's title, author and date fill what the page does not say.

Every failure (unreachable host, HTTP error status, too large, unreadable page,
not a feed) is one ReadError naming the URL; the other URLs are still read.
Not handled: pages that need JavaScript, logins or cookies; robots.txt is not
consulted; feeds are read once, not followed over time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import feedparser
import httpx

from quotes import __version__
from quotes.ingest.readers import MAX_BYTES, Article, ReadError, metadata, read_data

USER_AGENT = f"quotes/{__version__} (news quote attribution; +https://pypi.org/project/quotes/)"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)  # seconds: a slow server fails instead of hanging
RETRIES = 2  # connection attempts retried (refused, reset), not HTTP error statuses
SCHEMES = ("http://", "https://")


def is_url(value: str) -> bool:
    """Whether `value` is a web address (http or https) rather than a file path."""
    return value.lower().startswith(SCHEMES)


def client() -> httpx.Client:
    """The HTTP client every fetch uses: timeout, user agent, retries, redirects followed."""
    return httpx.Client(timeout=TIMEOUT, headers={"User-Agent": USER_AGENT},
                        transport=httpx.HTTPTransport(retries=RETRIES), follow_redirects=True)


def url_list(path: str | Path) -> list[str]:
    """The URLs in a text file, one a line; blank lines and lines starting with # are skipped.
    Raises OSError when the file cannot be read."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def fetch_articles(urls: Iterable[str], *, defaults: Mapping[str, Any] | None = None,
                   max_bytes: int = MAX_BYTES, http: httpx.Client | None = None,
                   ) -> Iterator[Article | ReadError]:
    """The articles (and failures) of web pages, in the order of `urls`.

    `defaults` override what the pages say, as for files (see readers.read_articles).
    """
    with _using(http) as http:
        for url in urls:
            yield from _page(http, url, dict(defaults or {}), max_bytes, {})


def fetch_feeds(feeds: Iterable[str], *, defaults: Mapping[str, Any] | None = None,
                max_bytes: int = MAX_BYTES, http: httpx.Client | None = None,
                ) -> Iterator[Article | ReadError]:
    """The articles (and failures) of every entry of RSS/Atom `feeds`."""
    with _using(http) as http:
        for feed in feeds:
            # 1. The feed itself.
            try:
                data = _get(http, feed, max_bytes)
            except _Failed as failure:
                yield ReadError(feed, str(failure))
                continue
            parsed = feedparser.parse(data)
            if not parsed.entries and (parsed.bozo or not parsed.version):
                yield ReadError(feed, "not an RSS or Atom feed")
                continue
            # 2. Each entry's page, its metadata completed by the entry's.
            for number, entry in enumerate(parsed.entries, 1):
                link = entry.get("link")
                if not link:
                    yield ReadError(f"{feed}#{number}", "feed entry without a link")
                    continue
                yield from _page(http, link, dict(defaults or {}), max_bytes, _entry_fields(entry))


class _using:
    """`http` as is, or a new client closed at the end."""

    def __init__(self, http: httpx.Client | None):
        self.given, self.own = http, None

    def __enter__(self) -> httpx.Client:
        if self.given is not None:
            return self.given
        self.own = client()
        return self.own

    def __exit__(self, *_exc) -> None:
        if self.own is not None:
            self.own.close()


class _Failed(Exception):
    """A fetch that failed, with a one-line reason."""


def _get(http: httpx.Client, url: str, max_bytes: int) -> bytes:
    """The body at `url` (as UTF-8 when the server declares another charset); _Failed otherwise."""
    try:
        with http.stream("GET", url) as response:
            if response.is_error:
                raise _Failed(f"HTTP {response.status_code} {response.reason_phrase}")
            body = bytearray()
            for chunk in response.iter_bytes():  # stop reading past the limit
                body += chunk
                if len(body) > max_bytes:
                    raise _Failed(f"too large: over the limit of {max_bytes / 2**20:g} MB per input")
            charset = (response.charset_encoding or "utf-8").lower().replace("_", "-")
    except httpx.InvalidURL as error:
        raise _Failed(f"not a valid URL: {error}") from None
    except httpx.TimeoutException:
        raise _Failed(f"timed out after {TIMEOUT.read:g} s") from None
    except httpx.HTTPError as error:
        raise _Failed(f"cannot fetch: {str(error) or type(error).__name__}") from None
    if charset in ("utf-8", "utf8", "ascii", "us-ascii"):
        return bytes(body)
    try:
        return bytes(body).decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return bytes(body)  # the readers report what is wrong with it


def _page(http: httpx.Client, url: str, defaults: dict[str, Any], max_bytes: int,
          fallback: dict[str, Any]) -> Iterator[Article | ReadError]:
    """The article(s) at `url`: read like a file; `fallback` fields fill what is missing,
    the URL last of all."""
    try:
        data = _get(http, url, max_bytes)
    except _Failed as failure:
        yield ReadError(url, str(failure))
        return
    for item in read_data(url, data, defaults=defaults, max_bytes=max_bytes):
        if isinstance(item, Article):
            missing = {k: v for k, v in (fallback | {"url": url}).items()
                       if getattr(item, k) is None and v is not None}
            item = replace(item, **missing)
        yield item


def _entry_fields(entry: Any) -> dict[str, Any]:
    """A feed entry's title, author and date, as article metadata (unusable ones dropped)."""
    fields: dict[str, Any] = {"title": entry.get("title"), "author": entry.get("author")}
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if when:
        fields["published"] = date(when.tm_year, when.tm_mon, when.tm_mday).isoformat()
    try:
        return metadata(fields)
    except ValueError:
        return {}
