"""Output formats, defined once: every command that prints records goes through `write`.

Rows are dicts with the same keys in the same order (see quotes.records). csv, json
and ndjson write whole records, streamed row by row; table and markdown, meant for
reading, may show only some `columns`, and read the rows first for column widths.
Parquet (`write_parquet`, for `export`) is binary and typed: records of a declared
schema (quotes.records.QUOTE_FIELDS), written a row group at a time as they stream.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from enum import Enum
from typing import IO, Any

PARQUET_ROW_GROUP = 20_000  # rows held in memory before they are written as one row group


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    ndjson = "ndjson"
    markdown = "markdown"


def _plain(value: Any) -> Any:
    """JSON-ready value: dates as ISO strings, tuples as lists."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# C0 and C1 control characters (ESC, BEL, BS, ...) left after whitespace is folded:
# printed raw they would move the cursor, ring or recolour the reader's terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _cell(value: Any, width: int | None = None, *, visible: bool = False) -> str:
    """`value` on one line; with `visible` (tables and markdown, meant for a terminal),
    control characters shown as U+FFFD. csv keeps them: its data is as stored."""
    text = "" if value is None else str(_plain(value))
    text = " ".join(text.split())  # one line per row
    if visible:
        text = _CONTROL.sub("\ufffd", text)
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def write(rows: Iterable[dict[str, Any]], fmt: Format | str, out: IO[str] | None = None,
          *, max_width: int = 80, columns: Sequence[str] | None = None) -> int:
    """Write `rows` to `out` (stdout) in `fmt`; return how many rows were written.

    `columns`: the keys a table or markdown shows (default: all of them)."""
    out = out or sys.stdout
    fmt = Format(fmt)
    rows = iter(rows)
    if fmt is Format.ndjson:
        n = 0
        for n, row in enumerate(rows, 1):
            out.write(json.dumps(_plain(row), ensure_ascii=False) + "\n")
        return n
    if fmt is Format.json:
        n = 0
        out.write("[")
        for n, row in enumerate(rows, 1):
            out.write(("\n" if n == 1 else ",\n") + json.dumps(_plain(row), ensure_ascii=False))
        out.write("\n]\n" if n else "]\n")
        return n
    if fmt is Format.csv:
        first = next(rows, None)
        if first is None:
            return 0
        writer = csv.DictWriter(out, fieldnames=list(first))
        writer.writeheader()
        n = 0
        for n, row in enumerate(_chain(first, rows), 1):
            writer.writerow({k: _cell(v) for k, v in row.items()})
        return n
    records = list(rows)
    if not records:
        return 0
    header = list(columns or records[0])
    # A table for the terminal cuts long cells; markdown, meant to be pasted, keeps them whole.
    width = None if fmt is Format.markdown else max_width
    table = [[_cell(row.get(k), width, visible=True) for k in header] for row in records]
    return _write_grid(header, table, out, markdown=fmt is Format.markdown)


def _chain(first: dict[str, Any], rest: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    yield first
    yield from rest


def _write_grid(header: list[str], table: list[list[str]], out: IO[str], *, markdown: bool) -> int:
    widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        padded = [c.ljust(w) for c, w in zip(cells, widths)]
        return ("| " + " | ".join(padded) + " |") if markdown else "  ".join(padded).rstrip()

    out.write(line(header) + "\n")
    rule = ["-" * w for w in widths]
    out.write((line(rule) if markdown else "  ".join(rule)) + "\n")
    for row in table:
        out.write(line([c.replace("|", "\\|") for c in row] if markdown else row) + "\n")
    return len(table)


def write_parquet(rows: Iterable[dict[str, Any]], out: IO[bytes], fields: dict[str, type], *,
                  row_group: int = PARQUET_ROW_GROUP) -> int:
    """Write `rows` (dicts with the keys of `fields`, in order) to the binary stream `out`
    as one Parquet file, `row_group` rows at a time, so memory holds one row group
    however many rows stream through; return how many were written. Column types come
    from `fields` (int, float, str, date; every value may be None), so a file of no
    rows still has every column. The stream is never seeked: a pipe will do.
    """
    import pyarrow as pa  # imported here: only this format needs it, and it is slow to load
    import pyarrow.parquet as pq

    arrow = {int: pa.int64(), float: pa.float64(), str: pa.string(), date: pa.date32()}
    schema = pa.schema([(name, arrow[kind]) for name, kind in fields.items()])
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        group: list[dict[str, Any]] = []
        for n, row in enumerate(rows, 1):
            group.append(row)
            if len(group) == row_group:
                writer.write_table(pa.Table.from_pylist(group, schema=schema))
                group = []
        if group or not n:
            writer.write_table(pa.Table.from_pylist(group, schema=schema))
    return n
