"""Readers: files, folders and stdin become Articles; bad inputs become ReadErrors."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest
from conftest import SEEDS

from quotes.ingest.readers import Article, ReadError, parse_date, read_articles

HTML_PAGE = """<html><head><title>Troops engaged</title>
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="The Paper">
<meta name="date" content="2024-11-04"></head>
<body><nav><a href="/">Home</a> | <a href="/subscribe">Subscribe to our newsletter</a></nav>
<article><h1>Troops engaged</h1>
<p>“The first troops have already come under fire,” Andriy Kovalenko said on Telegram on Monday,
without elaborating on where exactly the fighting took place.</p>
<p>Russia has been pushing harder to dislodge Ukrainian forces in the region since August.</p>
</article><footer>Cookie settings. Privacy policy. All rights reserved.</footer></body></html>"""


def read(tmp_path, name: str, content: str | bytes, **kwargs) -> list[Article | ReadError]:
    """Write one file and read it back."""
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return list(read_articles([path], **kwargs))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.txt", "He said “yes”.\n", [("He said “yes”.", None, None)]),  # as stored
        ("cr.txt", "One.\rTwo.\r\nThree.", [("One.\nTwo.\nThree.", None, None)]),
        ("a.md", "Plain markdown.", [("Plain markdown.", None, None)]),
        ("bom.txt", b"\xef\xbb\xbfWith a BOM.", [("With a BOM.", None, None)]),
        ("one.json", json.dumps({"text": "T1", "id": 7, "outlet": "AP", "published": "2024-11-04"}),
         [("T1", "7", "AP")]),
        ("list.json", json.dumps([{"text": "T1"}, {"text": "T2", "outlet": "FT"}]),
         [("T1", None, None), ("T2", None, "FT")]),
        ("lines.jsonl", '{"text": "T1", "id": "a"}\n\n{"text": "T2", "id": "b", "extra": 1}\n',
         [("T1", "a", None), ("T2", "b", None)]),
    ],
)
def test_formats(tmp_path, name, content, expected):
    articles = read(tmp_path, name, content)
    assert [(a.text, a.external_id, a.outlet) for a in articles] == expected


def test_json_published_is_a_date(tmp_path):
    [article] = read(tmp_path, "a.json", json.dumps({"text": "T", "published": "Nov. 4, 2024"}))
    assert article.published == date(2024, 11, 4)


def test_html_main_text_and_metadata(tmp_path):
    [article] = read(tmp_path, "page.html", HTML_PAGE)
    assert "Andriy Kovalenko said on Telegram" in article.text
    assert "Subscribe" not in article.text and "Cookie" not in article.text
    assert (article.title, article.author, article.outlet, article.published) == (
        "Troops engaged", "Jane Doe", "The Paper", date(2024, 11, 4))


CP1252_PAGE = ("<html><head><meta charset='windows-1252'><title>T</title></head><body><article>"
               "<p>“Déjà vu,” the mayor said on Friday, and the council agreed with him on every "
               "point that evening.</p></article></body></html>")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (CP1252_PAGE.encode("cp1252"), "“Déjà vu,” the mayor said"),  # declared, not UTF-8
        (CP1252_PAGE.encode("utf-8"), "“Déjà vu,” the mayor said"),  # declared wrongly: UTF-8 wins
        (CP1252_PAGE.replace("windows-1252", "utf-8").encode("cp1252"), "not valid UTF-8 (byte"),
        (CP1252_PAGE.replace("windows-1252", "no-such").encode("cp1252"), "not valid UTF-8 (byte"),
        (CP1252_PAGE.replace("windows-1252", "ascii").encode("cp1252"),
         "not valid UTF-8 nor its declared ascii"),
    ],
    ids=["cp1252-declared", "utf8-declared-cp1252", "cp1252-declared-utf8", "unknown-charset",
         "ascii-declared"],
)
def test_html_in_its_declared_charset(tmp_path, content, expected):
    [result] = read(tmp_path, "page.html", content)
    assert expected in (result.text if isinstance(result, Article) else result.reason)


def test_plain_text_has_no_charset_fallback(tmp_path):
    [error] = read(tmp_path, "a.txt", "<meta charset='latin-1'> déjà".encode("latin-1"))
    assert isinstance(error, ReadError) and error.reason.startswith("not valid UTF-8 (byte 0xe9")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", "", "empty"),
        ("blank.txt", " \n\t\n", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("bom16.txt", "He said “yes”.".encode("utf-16"), "UTF-16 text, not UTF-8; convert it first"),
        ("le16.txt", "He said yes.".encode("utf-16-le"), "UTF-16LE text, not UTF-8"),
        ("be16.txt", "He said yes.".encode("utf-16-be"), "UTF-16BE text, not UTF-8"),
        ("latin1.txt", "café crème".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 3)"),
        ("bad.json", '{"text": "T",', "invalid JSON"),
        ("notext.json", '{"title": "T"}', "no 'text' field"),
        ("number.json", '{"text": 5}', "text: expected a string"),
        ("scalar.json", "3", "expected an object"),
        ("date.json", '{"text": "T", "published": "Monday"}', "published: incomplete date"),
        ("date2.json", '{"text": "T", "published": "soon"}', "published: not a date"),
        ("outlet.json", '{"text": "T", "outlet": ["a"]}', "outlet: expected a string"),
        ("tags.html", "<html><body><div><p></div></span>", "no main text found"),
    ],
)
def test_bad_inputs_become_read_errors(tmp_path, name, content, reason):
    [error] = read(tmp_path, name, content)
    assert isinstance(error, ReadError)
    assert reason in error.reason
    assert error.source.endswith(name)


def test_jsonl_bad_line_is_reported_with_its_number_and_the_rest_is_read(tmp_path):
    results = read(tmp_path, "x.jsonl", '{"text": "T1"}\n{"text": oops}\n[1]\n{"text": "T3"}\n')
    assert [type(r).__name__ for r in results] == ["Article", "ReadError", "ReadError", "Article"]
    assert results[1].source.endswith("x.jsonl:2") and "invalid JSON" in results[1].reason
    assert results[2].source.endswith("x.jsonl:3")
    assert results[3].source.endswith("x.jsonl:4")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'\xef\xbb\xbf{"text": "T1"}\r\n{"text": "T2"}\r\n', ["T1", "T2"]),
        (b'{"text": "caf\xe9"}\n{"text": "T2"}\n',
         ["x.jsonl:1: not valid UTF-8 (byte 0xe9 at offset 13)", "T2"]),
        (b'{"text": "T1"}\n\x00\x01\x02\n', ["T1", "x.jsonl:2: binary file"]),
        (b'{"text": "' + b"x" * 200 + b'"}\n{"text": "T2"}\n', ["x.jsonl:1: too large", "T2"]),
        (b'{"text": "T1"}\n{"text": "T2"}\n{"text": "T3"}\n' * 20, ["T1", "T2", "T3"] * 20),
        (b"\n  \n", ["x.jsonl: empty"]),
        ('{"text": "line\u2028separator"}\n'.encode(), ["line\u2028separator"]),
    ],
    ids=["bom-crlf", "latin1-line", "binary-line", "long-line", "file-over-limit", "blank",
         "u2028-in-text"],
)
def test_json_lines_are_decoded_and_limited_per_line(tmp_path, content, expected):
    results = read(tmp_path, "x.jsonl", content, max_bytes=100)  # per line; the file may be larger
    got = [r.text if isinstance(r, Article) else f"{r.source.rsplit('/', 1)[-1]}: {r.reason}"
           for r in results]
    assert len(got) == len(expected)
    assert [line[: len(prefix)] for line, prefix in zip(got, expected)] == expected


def test_file_over_the_size_limit_is_refused_without_reading(tmp_path):
    [error] = read(tmp_path, "big.txt", "x" * 2048, max_bytes=1024)
    assert isinstance(error, ReadError) and "too large" in error.reason


def test_stdin_over_the_size_limit(tmp_path):
    [error] = read_articles(["-"], stdin=io.BytesIO(b"x" * (2**20 + 1)), max_bytes=2**20)
    assert error == ReadError("-", "too large: over the limit of 1 MB per input")


def test_a_named_file_with_another_extension_is_sniffed(tmp_path):
    [article] = read(tmp_path, "feed.dat", '{"text": "T", "outlet": "AP"}')
    assert (article.text, article.outlet) == ("T", "AP")


def test_missing_path(tmp_path):
    [error] = list(read_articles([tmp_path / "nope.txt"]))
    assert error == ReadError(str(tmp_path / "nope.txt"), "no such file or folder")


def test_folder_walk_is_recursive_sorted_and_skips_hidden_sidecars_and_unknown(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name, text in [("b/two.txt", "two"), ("a.txt", "one"), (".hidden.txt", "no"),
                       (".git/x.txt", "no"), ("image.png", "no"), ("a.meta.json", "{}")]:
        (tmp_path / name).write_text(text)
    assert [a.text for a in read_articles([tmp_path])] == ["one", "two"]


def test_sidecar_completes_and_flags_override(tmp_path):
    (tmp_path / "a.txt").write_text("Text.")
    (tmp_path / "a.meta.json").write_text('{"outlet": "FT", "published": "2024-11-04", "id": "x1"}')
    [article] = read_articles([tmp_path / "a.txt"], defaults={"outlet": "Bloomberg"})
    assert (article.outlet, article.published, article.external_id) == (
        "Bloomberg", date(2024, 11, 4), "x1")


def test_named_sidecars_are_read_with_their_article_only(tmp_path):
    (tmp_path / "a.txt").write_text("Text.")
    (tmp_path / "a.meta.json").write_text('{"outlet": "FT"}')
    articles = list(read_articles(sorted(tmp_path.iterdir())))  # like `quotes ingest dir/*`
    assert [(a.text, a.outlet) for a in articles] == [("Text.", "FT")]


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        ('{"publised": "2024-11-04"}', "unknown field(s) publised"),
        ('{"text": "Other text."}', "unknown field(s) text"),
        ('{"published": "31/31/2024"}', "published: not a date"),
        ("[1]", "expected a JSON object"),
        ("{", "unreadable metadata"),
    ],
)
def test_bad_sidecar_fails_its_file(tmp_path, sidecar, reason):
    (tmp_path / "a.txt").write_text("Text.")
    (tmp_path / "a.meta.json").write_text(sidecar)
    [error] = read_articles([tmp_path / "a.txt"])
    assert isinstance(error, ReadError) and reason in error.reason


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Plain words.", [("Plain words.", None)]),
        (b'{"text": "T", "outlet": "AP"}', [("T", "AP")]),
        (b'{"text": "T1"}\n{"text": "T2"}\n', [("T1", None), ("T2", None)]),
        (b'[{"text": "T1"}]', [("T1", None)]),
        (HTML_PAGE.encode(), [("Troops engaged", "The Paper")]),
    ],
)
def test_stdin_is_sniffed(data, expected):
    articles = list(read_articles(["-"], stdin=io.BytesIO(data)))
    assert all(a.source.startswith("-") for a in articles)
    assert [(a.text.split("\n")[0], a.outlet) for a in articles] == expected


def test_seeds_have_their_metadata():
    articles = list(read_articles([SEEDS]))
    assert [(a.outlet, a.published) for a in articles] == [
        ("Bloomberg", date(2024, 11, 4)), ("Financial Times", date(2024, 11, 4))]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-04", date(2024, 11, 4)),
        ("2024-11-04T23:30:00-05:00", date(2024, 11, 4)),
        ("4 November 2024", date(2024, 11, 4)),
        (date(2024, 11, 4), date(2024, 11, 4)),
        ("November 2024", ValueError),
        ("Friday", ValueError),
        ("", ValueError),
        (20241104, ValueError),
    ],
)
def test_parse_date(value, expected):
    if expected is ValueError:
        with pytest.raises(ValueError, match="published"):
            parse_date(value)
    else:
        assert parse_date(value) == expected


def test_an_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("A text.")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("B text.")
    listing = os.scandir

    def scandir(path="."):  # as for a folder without read permission (tests may run as root)
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(read_articles([tmp_path]))
    assert [i.text for i in items if isinstance(i, Article)] == ["A text."]
    assert [(Path(e.source).name, e.reason) for e in items if isinstance(e, ReadError)] == [
        ("locked", "cannot read the folder: Permission denied")]
