"""Turn files, folders and stdin into `Article` records (text plus metadata).

Formats, chosen by file extension (stdin `-` and files given by name with another
extension are sniffed from their first character):

- plain text (`.txt`, `.md`, `.text`): the whole file is the article;
- HTML (`.html`, `.htm`): the main text and metadata (title, author, date, site
  name as outlet) are extracted with trafilatura, so menus and footers are dropped;
- JSON (`.json`): one object or a list of objects, JSON Lines (`.jsonl`,
  `.ndjson`): one object per line. Each object has `text` and optionally
  `id, url, title, outlet, author, published`; other fields are ignored.

Metadata for a file can also come from a sidecar `NAME.meta.json` next to
`NAME.txt` / `NAME.html` (same fields, except `text`). Precedence: the
`defaults` given by the caller (command-line flags) > the sidecar > what the file
itself says.

A file that cannot be read yields a `ReadError` with the reason and the walk goes
on: whatever goes wrong with one input (JSON nested too deeply, a lone surrogate
escape such as `\\ud800`, anything unexpected) is that input's failure alone.
Texts are returned as stored (`normalize_text`: "\\n" line endings, no
surrounding whitespace), for ingest and extract alike. Files must be UTF-8 (a byte-order mark is allowed), except that an HTML
file that is not UTF-8 is read in the charset its <meta> tag declares; other
encodings are refused with a hint to convert them, never guessed, so no text is
silently mangled. `max_bytes` bounds each file, and each line of a JSON Lines file (which
is read one line at a time, so memory stays flat). Folders are walked recursively in sorted order; hidden files and
folders, sidecars (even when named: they are read with their article) and
files with other extensions are skipped. http(s) URLs are fetched by quotes.ingest.fetch
and read like stdin. Not handled: PDF, Word, compressed files.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import trafilatura
from dateutil import parser as dateparser

STDIN = "-"
SIDECAR_SUFFIX = ".meta.json"
MAX_BYTES = 50 * 1024 * 1024  # per file, or per JSON Lines line; an article is a few kilobytes
METADATA_FIELDS = ("title", "outlet", "author", "published", "url")
RECORD_FIELDS = ("text", "id", *METADATA_FIELDS)
PLAIN_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = PLAIN_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Article:
    """One article to ingest: its text and what is known about it."""

    text: str
    source: str  # absolute path or URL, "path:LINE" for JSON Lines, "path[INDEX]" for a JSON
    # list; stdin is named by the caller (`stdin_name`)
    external_id: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ReadError:
    """An input that could not be turned into an article, and why."""

    source: str
    reason: str


class _Invalid(Exception):
    """Internal: this input is unusable; the message says why."""


def normalize_text(text: str) -> str:
    """The text as stored, hashed and detected: "\\n" line endings, no surrounding whitespace."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_date(value: Any, field: str = "published") -> date:
    """A calendar date from a date, an ISO string or a written date ("Nov. 4, 2024").

    Raises ValueError naming `field` when the value is not a complete date
    (day, month and year); a time of day and a time zone are dropped.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{field}: expected a date such as 2024-11-04, got {value!r}")
    # dateutil fills missing parts from a default date: parsing with two different
    # defaults and comparing tells a complete date from "Monday" or "November 2024".
    try:
        first = dateparser.parse(value, default=datetime(2000, 1, 1))
        second = dateparser.parse(value, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        raise ValueError(f"{field}: not a date: {value!r}") from None
    if first.date() != second.date():
        raise ValueError(f"{field}: incomplete date (needs day, month and year): {value!r}")
    return first.date()


def metadata(values: Mapping[str, Any], *, allowed: Iterable[str] = METADATA_FIELDS) -> dict[str, Any]:
    """Checked metadata fields from a mapping (a JSON record, a sidecar, CLI flags).

    Empty values are dropped, `published` becomes a `date`, `id` becomes
    `external_id`; a field that is not a string (or a bad date) raises ValueError.
    """
    allowed = set(allowed)
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in allowed or key == "text" or value is None or value == "":
            continue
        if key == "published":
            out["published"] = parse_date(value)
        elif key == "id" and isinstance(value, (str, int)) and not isinstance(value, bool):
            out["external_id"] = str(value)
        elif isinstance(value, str):
            out[key] = value.strip()
        else:
            raise ValueError(f"{key}: expected a string, got {type(value).__name__}")
    return out


def read_articles(
    paths: Iterable[str | Path],
    *,
    defaults: Mapping[str, Any] | None = None,
    stdin: BinaryIO | None = None,
    stdin_name: str = STDIN,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Article | ReadError]:
    """Articles (and read failures) from files, folders (recursive), `-` (stdin) and
    http(s) URLs (fetched by quotes.ingest.fetch).

    `defaults` are metadata fields (as returned by `metadata`) that override
    what the inputs say. `stdin` defaults to the process's standard input; its
    articles' source is `stdin_name` (with ":LINE" or "[INDEX]" as a file's).
    """
    from quotes.ingest import fetch  # here, not at the top: fetch imports this module

    defaults = dict(defaults or {})
    for path in paths:
        if isinstance(path, str) and fetch.is_url(path):
            yield from fetch.fetch_articles([path], defaults=defaults, max_bytes=max_bytes)
            continue
        if str(path) == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_source(stdin_name, partial(stream.read, max_bytes + 1), None,
                                    defaults, max_bytes)
            continue
        path = Path(path)
        if path.is_dir():
            files, unreadable = _walk(path)
            yield from unreadable
        elif path.name.endswith(SIDECAR_SUFFIX):
            files = []  # read with its article (`quotes ingest seeds/*` names both)
        elif path.exists():
            files = [path]
        else:
            yield ReadError(str(path), "no such file or folder")
            continue
        for file in files:  # named by absolute path: the stored source finds it from anywhere
            yield from _read_source(str(file.resolve()), file.read_bytes, file, defaults,
                                    max_bytes)


def read_data(source: str, data: bytes, *, defaults: Mapping[str, Any] | None = None,
              max_bytes: int = MAX_BYTES) -> Iterator[Article | ReadError]:
    """Articles (and failures) from bytes that came from `source` (a fetched page), read
    like stdin: the format sniffed (HTML, JSON, JSON Lines or plain text)."""
    yield from _read_source(source, lambda: data, None, dict(defaults or {}), max_bytes)


def _walk(folder: Path) -> tuple[list[Path], list[ReadError]]:
    """Article files under `folder` (known extensions, no hidden parts, no sidecars),
    in sorted order, and a ReadError for each folder that could not be listed."""
    found, unreadable = [], []

    def refused(error: OSError) -> None:
        unreadable.append(ReadError(str(error.filename), f"cannot read the folder: "
                                                         f"{error.strerror or error}"))

    for root, folders, files in os.walk(folder, onerror=refused):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [Path(root, name) for name in files
                  if not name.startswith(".") and not name.endswith(SIDECAR_SUFFIX)
                  and Path(name).suffix.lower() in KNOWN_SUFFIXES and Path(root, name).is_file()]
    return sorted(found), unreadable


def _read_source(source: str, read, file: Path | None, defaults: dict[str, Any],
                 max_bytes: int) -> Iterator[Article | ReadError]:
    """Read, decode and parse one file (or stdin) into articles; failures become ReadErrors."""
    with ExitStack() as open_files:  # a JSON Lines file stays open while its lines are read
        try:
            suffix = file.suffix.lower() if file is not None else ""
            sidecar = _sidecar(file) if file is not None else {}
            if suffix in JSONL_SUFFIXES:
                # A JSON Lines file streams: the size limit and decoding apply per line.
                records = _json_lines(source, open_files.enter_context(file.open("rb")), max_bytes)
            else:
                # 1. Size first (without reading a huge file), then bytes to text.
                if file is not None and file.stat().st_size > max_bytes:
                    raise _Invalid(_too_big(file.stat().st_size, max_bytes))
                data = read()  # stdin: at most max_bytes + 1
                if len(data) > max_bytes:
                    raise _Invalid(f"too large: over the limit of {max_bytes / 2**20:g} MB per input")
                text = _decode(data, _declared_charset(data) if suffix in HTML_SUFFIXES else None)
                # 2. The format: by extension, or sniffed for stdin and unknown extensions.
                if suffix not in KNOWN_SUFFIXES:
                    suffix = _sniff(text)
                # 3. The records: one per JSON Lines line, JSON object or list item, or the text.
                if suffix in JSONL_SUFFIXES:
                    records = _json_lines(source, data.splitlines(), max_bytes)
                elif suffix in JSON_SUFFIXES:
                    records = _json_document(source, text)
                elif suffix in HTML_SUFFIXES:
                    records = [(source, _html_record(text))]
                else:
                    records = [(source, {"text": text})]
        except Exception as error:  # noqa: BLE001 - any failure is this input's alone
            yield ReadError(source, _reason(error))
            return
        records = iter(records)
        while True:
            try:
                record_source, record = next(records)
            except StopIteration:
                return
            except Exception as error:  # noqa: BLE001 - reading a JSON Lines file broke off
                yield ReadError(source, _reason(error))
                return
            if isinstance(record, ReadError):
                yield record
                continue
            try:
                yield _article(record_source, record, sidecar, defaults)
            except Exception as error:  # noqa: BLE001
                yield ReadError(record_source, _reason(error))


def _reason(error: Exception) -> str:
    """One line about why an input failed; unexpected errors are named as such."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    if isinstance(error, (_Invalid, ValueError)) and not isinstance(error, UnicodeError):
        return str(error)
    lines = str(error).strip().splitlines()
    return f"unexpected {type(error).__name__}: {lines[0] if lines else ''}".rstrip(": ")


def _loads(text: str | bytes) -> Any:
    """json.loads, with nesting too deep for Python refused as invalid JSON."""
    try:
        return json.loads(text)
    except RecursionError:
        raise _Invalid("invalid JSON: nested too deeply") from None


def _valid_unicode(field: str, value: str) -> str:
    """`value`, or _Invalid when it holds a lone surrogate (JSON "\\ud800"), which no
    database or output can store."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise _Invalid(f"{field}: invalid Unicode, a lone surrogate "
                       f"\\u{ord(value[error.start]):04x} at character {error.start}") from None
    return value


def _too_big(size: int, limit: int, per: str = "file") -> str:
    return f"too large: {size / 2**20:.1f} MB, the limit is {limit / 2**20:g} MB per {per}"


def _decode(data: bytes, fallback: str | None = None) -> str:
    """UTF-8 text (BOM removed), else `fallback` (a charset the file declares); binary refused.

    Both decodings are strict: text that fits neither is refused, never mangled.
    """
    if b"\x00" in data:
        if encoding := _utf16(data):
            raise _Invalid(f"{encoding} text, not UTF-8; convert it first, e.g. "
                           f"iconv -f {encoding.lower()} -t utf-8")
        raise _Invalid("binary file (contains NUL bytes), not text")
    try:
        return _nonempty(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        not_utf8 = error
    if fallback is not None:
        try:
            return _nonempty(data.decode(fallback))
        except UnicodeDecodeError:
            pass
    declared = f" nor its declared {fallback}" if fallback else ""
    raise _Invalid(f"not valid UTF-8{declared} (byte 0x{data[not_utf8.start]:02x} at offset "
                   f"{not_utf8.start}); convert it first, e.g. iconv -f latin1 -t utf-8")


def _utf16(data: bytes) -> str | None:
    """"UTF-16" when `data` starts with its byte-order mark, "UTF-16LE"/"UTF-16BE" when
    it is mostly ASCII in that byte order (a NUL in every other byte), else None."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "UTF-16"
    half = len(data) // 2
    for name, zeros in (("UTF-16LE", data[1::2]), ("UTF-16BE", data[0::2])):
        if half and zeros.count(0) >= 0.9 * half:
            return name
    return None


def _nonempty(text: str) -> str:
    if not text.strip():
        raise _Invalid("empty")
    return text


def _declared_charset(html: bytes) -> str | None:
    """The charset other than UTF-8 that an HTML page declares in a <meta> tag near its top."""
    match = _META_CHARSET.search(html[:4096])
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:  # a charset Python does not know: only UTF-8 is tried
        return None
    return None if name == "utf-8" else name


def _sniff(text: str) -> str:
    """The format of untyped text: JSON, JSON Lines, HTML or plain text (as a suffix)."""
    start = text.lstrip()[:1]
    if start == "[":
        return ".json"
    if start == "{":
        try:
            _loads(text)
            return ".json"
        except json.JSONDecodeError:
            return ".jsonl"
    if start == "<":
        return ".html"
    return ".txt"


def _sidecar(file: Path) -> dict[str, Any]:
    """Metadata from `NAME.meta.json` next to `NAME.ext`, or {} when there is none."""
    sidecar = file.with_name(file.stem + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        values = _loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _Invalid(f"{sidecar.name}: unreadable metadata: {error}") from None
    if not isinstance(values, dict):
        raise _Invalid(f"{sidecar.name}: expected a JSON object")
    unknown = sorted(set(values) - set(RECORD_FIELDS[1:]))  # all but "text"
    if unknown:  # hand-written, so a typo ("publised") is an error, not ignored
        raise _Invalid(f"{sidecar.name}: unknown field(s) {', '.join(unknown)}; "
                       f"known: {', '.join(RECORD_FIELDS[1:])}")
    try:
        return metadata(values, allowed=RECORD_FIELDS)
    except ValueError as error:
        raise _Invalid(f"{sidecar.name}: {error}") from None


def _json_lines(source: str, lines: Iterable[bytes],
                max_bytes: int) -> Iterator[tuple[str, dict | ReadError]]:
    """(source:LINE, record) per non-blank line; a bad line is a ReadError naming its number."""
    empty = True
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        empty = False
        where = f"{source}:{number}"
        try:
            if len(line) > max_bytes:
                raise _Invalid(_too_big(len(line), max_bytes, per="line"))
            yield where, _object(_loads(_decode(line)))
        except json.JSONDecodeError as error:
            yield where, ReadError(where, f"invalid JSON: {error}")
        except _Invalid as error:
            yield where, ReadError(where, str(error))
    if empty:
        yield source, ReadError(source, "empty")


def _json_document(source: str, text: str) -> list[tuple[str, dict | ReadError]]:
    """(source, record) pairs from one JSON object or a list of them."""
    try:
        value = _loads(text)
    except json.JSONDecodeError as error:
        raise _Invalid(f"invalid JSON: {error}") from None
    if not isinstance(value, list):
        return [(source, _object(value))]
    pairs: list[tuple[str, dict | ReadError]] = []
    for index, item in enumerate(value):
        where = f"{source}[{index}]"
        try:
            pairs.append((where, _object(item)))
        except _Invalid as error:
            pairs.append((where, ReadError(where, f"invalid JSON: {error}")))
    return pairs


def _object(value: Any) -> dict:
    if not isinstance(value, dict):
        raise _Invalid(f"expected an object with a 'text' field, got {type(value).__name__}")
    return value


def _html_record(html: str) -> dict[str, Any]:
    """The main text and metadata of an HTML page, via trafilatura."""
    try:
        page = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as error:  # trafilatura/lxml failures on broken markup vary by version
        raise _Invalid(f"HTML could not be parsed: {error}") from None
    if page is None or not (page.text or "").strip():
        raise _Invalid("no main text found in the HTML")
    record = {"text": page.text, "title": page.title, "author": page.author,
              "outlet": page.sitename, "url": page.url}
    if page.date:  # trafilatura gives YYYY-MM-DD
        record["published"] = page.date
    return record


def _article(source: str, record: dict[str, Any], sidecar: dict[str, Any],
             defaults: dict[str, Any]) -> Article:
    """An Article from a record, completed by the sidecar and overridden by the defaults."""
    text = record.get("text")
    if not isinstance(text, str):
        raise _Invalid("no 'text' field with a string" if text is None
                       else f"text: expected a string, got {type(text).__name__}")
    text = normalize_text(_valid_unicode("text", text))
    if not text:
        raise _Invalid("empty")
    fields = metadata(record, allowed=RECORD_FIELDS) | sidecar | defaults
    for name, value in fields.items():
        if isinstance(value, str):
            _valid_unicode(name, value)
    return replace(Article(text=text, source=source), **fields)
