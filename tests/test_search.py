"""search_quotes: full text (escaped), filters and order, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from quotes.db.engine import open_database, session
from quotes.db.models import Document, Quote, Speaker, SpeakerAlias
from quotes.db.search import matching_quotes, search_quotes, search_terms
from quotes.errors import QuotesError
from quotes.identity.names import normalize_name

# Invented quotes: key -> (document, speaker, kind, statement date, content).
QUOTES = {
    "kursk": ("bloomberg", "zelenskiy", "direct", date(2024, 11, 3),
              "We see more North Korean troops in Kursk every day"),
    "near": ("bloomberg", "sybiha", "indirect", None,
             "troops, troops and troops: it's NEAR(the border) AND OR NOT allowed"),
    "deja": ("ft", "zelenskiy", "mixed", None,
             "Déjà vu, said Зеленський about the Kremlin's *new* escalation"),
    "drop": ("ft", None, "indirect", date(2024, 10, 28),
             "Pyongyang sent 10,000 soldiers; DROP TABLE quotes was not a joke"),
}
DOCUMENTS = {"bloomberg": "Bloomberg", "ft": "Financial Times"}
SPEAKERS = {"zelenskiy": ("Volodymyr Zelenskiy", ["Zelenskiy", "Zelensky"]),
            "sybiha": ("Andrii Sybiha", ["Sybiha"])}


@pytest.fixture
def filled(db_url):
    """(engine, ids): a database with the QUOTES above; ids maps keys to row ids."""
    engine = open_database(db_url)
    with session(engine) as s:
        documents = {key: Document(source=f"{key}.txt", content_hash=key.ljust(64, "0"), outlet=outlet,
                                   published=date(2024, 11, 4), text="...")
                     for key, outlet in DOCUMENTS.items()}
        speakers = {key: Speaker(name=name, kind="person",
                                 aliases=[SpeakerAlias(alias=a, normalized=normalize_name(a)) for a in aliases])
                    for key, (name, aliases) in SPEAKERS.items()}
        quotes = {key: Quote(document=documents[doc], speaker=speakers.get(who), kind=kind,
                             statement_date=when, content=content, content_start=0,
                             content_end=len(content), parts=[[0, len(content)]],
                             detector_version="test", confidence=0.9, speaker_as_written="an official")
                  for key, (doc, who, kind, when, content) in QUOTES.items()}
        s.add_all(quotes.values())
        s.flush()
        ids = {key: quote.id for key, quote in quotes.items()}
        ids.update({key: speaker.id for key, speaker in speakers.items()})
    yield engine, ids
    engine.dispose()


def _found(engine, ids, text=None, **filters) -> list[str]:
    """The keys of the quotes found, in order."""
    by_id = {ids[key]: key for key in QUOTES}
    with session(engine) as s:
        return [by_id[quote.id] for quote in search_quotes(s, text, **filters)]


ALL = {"kursk", "near", "deja", "drop"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kursk", {"kursk"}),  # any case
        ("KURSK troops", {"kursk"}),  # all words
        ("troops", {"kursk", "near"}),
        ('"in Kursk"', {"kursk"}),  # a phrase
        ("the troops", {"near"}),  # stop words filter too (on SQLite they do not rank)
        ("troops every", {"kursk"}),
        ("the", {"near", "deja"}),
        ('"Kursk in"', set()),  # a phrase keeps its order
        ("deja vu", {"deja"}),  # accents ignored
        ("Déjà", {"deja"}),
        ("Зеленський", {"deja"}),  # unicode
        ("soldier", set()),  # no stemming, no prefixes
        ("", ALL),  # no text: everything
        ("   ", ALL),
        # Query syntax and SQL are plain text.
        ('"', set()),
        ("'", set()),
        ("*", set()),
        ("new*", {"deja"}),
        ("NEAR(", {"near"}),
        ("NEAR(the border)", {"near"}),  # punctuation joins words into a phrase
        ("NEAR(troops border)", set()),
        ("AND OR NOT", {"near"}),
        ("OR", {"near"}),
        ("-", set()),
        ("--", set()),
        ("troops -kursk", {"kursk"}),  # "-" does not negate
        ("; DROP TABLE quotes", {"drop"}),
        ("'; DROP TABLE quotes; --", {"drop"}),
        ("troops (", {"kursk", "near"}),  # unbalanced parentheses
        (")) troops", {"kursk", "near"}),
        ('troops "kursk', {"kursk"}),  # unbalanced quote
        ('"it\'s"', {"near"}),
        ("it's", {"near"}),
        ("10,000", {"drop"}),
        ("%", set()),
        ("_", set()),
        ("\\", set()),
        ("🙂", set()),
        ("x" * 1000, set()),  # as long as allowed
        ("troops " * 32, {"kursk", "near"}),  # as many words as allowed
    ],
)
def test_full_text_is_escaped_and_finds_the_expected_quotes(filled, text, expected):
    engine, ids = filled
    assert set(_found(engine, ids, text)) == expected
    with session(engine) as s:  # nothing was dropped or changed
        assert s.scalar(select(func.count()).select_from(Quote)) == len(QUOTES)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"outlet": "bloomberg"}, {"kursk", "near"}),
        ({"outlet": "FINANCIAL TIMES"}, {"deja", "drop"}),
        ({"outlet": "Reuters"}, set()),
        ({"kind": "indirect"}, {"near", "drop"}),
        ({"kind": "direct"}, {"kursk"}),
        # Dates: the statement's, else the article's (2024-11-04).
        ({"since": date(2024, 11, 4)}, {"near", "deja"}),
        ({"until": date(2024, 11, 3)}, {"kursk", "drop"}),
        ({"since": date(2024, 10, 28), "until": date(2024, 10, 28)}, {"drop"}),
        ({"since": date(2024, 11, 5)}, set()),
        ({"speaker_ids": []}, set()),
        ({"kind": "direct", "outlet": "Financial Times"}, set()),
    ],
)
def test_filters(filled, filters, expected):
    engine, ids = filled
    assert set(_found(engine, ids, **filters)) == expected


def test_speaker_filter(filled):
    engine, ids = filled
    assert set(_found(engine, ids, speaker_ids=[ids["zelenskiy"]])) == {"kursk", "deja"}
    assert set(_found(engine, ids, "troops", speaker_ids=[ids["sybiha"]])) == {"near"}


def test_without_text_newest_first_then_latest_stored(filled):
    engine, ids = filled
    assert _found(engine, ids) == ["deja", "near", "kursk", "drop"]
    assert _found(engine, ids, limit=2) == ["deja", "near"]


def test_best_match_first(filled):
    engine, ids = filled
    assert _found(engine, ids, "troops") == ["near", "kursk"]  # three times beats once


@pytest.mark.parametrize(("filters", "message"), [({"kind": "quoted"}, "unknown quote kind"),
                                                  ({"limit": 0}, "at least 1")])
def test_bad_filters_are_errors(filled, filters, message):
    engine, ids = filled
    with pytest.raises(QuotesError, match=message):
        _found(engine, ids, **filters)


def test_the_index_follows_updates_and_deletes(filled):
    engine, ids = filled
    with session(engine) as s:
        s.get(Quote, ids["kursk"]).content = "Now about Donbas"
    assert _found(engine, ids, "kursk") == []
    assert _found(engine, ids, "donbas") == ["kursk"]
    with session(engine) as s:  # deleting a document deletes its quotes (database cascade)
        s.execute(delete(Document).where(Document.outlet == "Bloomberg"))
    assert _found(engine, ids, "donbas") == []
    assert set(_found(engine, ids)) == {"deja", "drop"}
    assert _found(engine, ids, "troops") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('troops "in Kursk" NEAR(', ["troops", "in kursk", "near"]),
        ('""  "  " a', ["a"]),
        ('say "unbalanced', ["say", "unbalanced"]),
        ("1=1 a&b OR", ["1 1", "a b", "or"]),  # punctuation separates, operators are words
        ("Déjà e\u0301", ["déjà", "é"]),  # NFC: a combining accent stays in its word
        ("* - ; 🙂", []),
        ("", []),
    ],
)
def test_search_terms(text, expected):
    assert search_terms(text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Both backends get the same words, so give the same answer.
        ('""', set()),  # quotes only: no word, nothing found, like '"'
        ('"', set()),
        ('"" kursk', {"kursk"}),  # an empty phrase is left out
        ("* & | ! <-> :*", set()),
        ("troops & kursk", {"kursk"}),  # & is no operator
        ("troops|kursk", set()),  # | neither: a phrase "troops kursk"
        ("kursk OR pyongyang", set()),  # OR is a word
        ("kursk ! troops", {"kursk"}),
        ("10=000", {"drop"}),  # punctuation joins words into a phrase
        ("10 000", {"drop"}),
        ("1=1", set()),
        ("DÉJÀ=vu", {"deja"}),  # accents and case folded the same way on both
        ("de\u0301ja\u0300", {"deja"}),  # decomposed accents
        ("kremlin's NEW", {"deja"}),
        ("e", set()),
        ("é", set()),
        ("a & b", set()),
        ("was & a", {"drop"}),  # both words, apart
        ("a OR b", set()),
        ("not a", {"drop"}),
        ("10,000 & soldiers", {"drop"}),
    ],
)
def test_both_backends_tokenise_the_query_alike(filled, query, expected):
    engine, ids = filled
    assert set(_found(engine, ids, query)) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [("x" * 1001, "1001 characters long; at most 1000"),
     ("a " * 33, "33 words or phrases; at most 32")],
)
def test_long_queries_are_refused(filled, query, message):
    engine, ids = filled
    with pytest.raises(QuotesError, match=message):
        _found(engine, ids, query)
    result = _cli(query, "--db", _url(engine))
    assert result.exit_code == 1 and message in result.stderr
    assert "Traceback" not in result.output


# The command line.


def _cli(*args: str):
    from typer.testing import CliRunner

    from quotes.cli.app import app

    return CliRunner().invoke(app, ["search", *args])


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_cli_prints_a_table_of_the_latest_quotes(filled):
    engine, _ = filled
    result = _cli("--db", _url(engine))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["quote_id", "date", "outlet", "speaker", "kind", "content"]
    assert "Déjà vu" in lines[2] and "Volodymyr Zelenskiy" in lines[2]
    assert len(lines) == 2 + len(QUOTES)
    assert "4 quotes found" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["troops"], ["near", "kursk"]),
        (["troops", "--outlet", "bloomberg", "--kind", "direct"], ["kursk"]),
        (["--since", "2024-11-04"], ["deja", "near"]),
        (["--until", "2024-10-31"], ["drop"]),
        (["--limit", "1"], ["deja"]),
        (["--speaker", "zelénskiy"], ["deja", "kursk"]),  # accents and case ignored
        (["--speaker", "ZELENSKY", "kursk"], ["kursk"]),  # an alias
        (["; DROP TABLE quotes"], ["drop"]),
        (["nothing like this"], []),
    ],
)
def test_cli_options_as_json(filled, args, expected):
    import json

    engine, ids = filled
    result = _cli(*args, "--format", "json", "--db", _url(engine))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["quote_id"] for row in rows] == [ids[key] for key in expected]


def test_cli_unnamed_speaker_is_shown_as_written(filled):
    engine, _ = filled
    result = _cli("pyongyang", "--format", "csv", "--db", _url(engine))
    assert result.exit_code == 0
    [row] = csv.DictReader(io.StringIO(result.stdout))
    assert (row["date"], row["outlet"], row["speaker"], row["speaker_id"], row["kind"]) == (
        "2024-10-28", "Financial Times", "an official", "", "indirect")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--speaker", "Nobody Known"], "Error: no speaker matches 'Nobody Known'"),
        (["--kind", "quoted"], ""),
        (["--since", "04/11/2024"], ""),
        (["--limit", "0"], ""),
    ],
)
def test_cli_bad_input_is_an_error_without_traceback(filled, args, message):
    engine, _ = filled
    result = _cli(*args, "--db", _url(engine))
    assert result.exit_code != 0
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert message in result.stderr


def test_cli_not_a_database(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n" * 50)
    result = _cli("--db", str(notes))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "not a quotes database" in result.stderr
    assert "Hint: " in result.stderr
    assert notes.read_text() == "hello\n" * 50


def test_cli_ambiguous_speaker_says_which_one_it_chose(filled):
    engine, ids = filled
    with session(engine) as s:
        s.add(Speaker(name="Oleksandr Zelensky", kind="person",
                      aliases=[SpeakerAlias(alias="Zelensky", normalized="zelensky")]))
    result = _cli("--speaker", "Zelensky", "--format", "json", "--db", _url(engine))
    assert result.exit_code == 0, result.output
    assert "fits 2 speakers; using #" in result.stderr
    assert "Volodymyr Zelenskiy" in result.stderr and "Oleksandr Zelensky" in result.stderr


@pytest.mark.parametrize(
    ("terms", "at_least", "expected"),
    [
        (["kursk", "pyongyang"], 1, {"kursk", "drop"}),
        (["kursk", "pyongyang"], None, set()),  # all of them
        (["troops", "kursk", "pyongyang"], 2, {"kursk"}),  # two of the three
        (["troops", "border", "pyongyang", "joke"], 2, {"near", "drop"}),
        (["troops", "border", "pyongyang", "joke"], 3, set()),
        (['NEAR(the', '"border"'], 1, {"near"}),  # syntax stays text
        (["nothing", "here"], 1, set()),
    ],
)
def test_matching_quotes_at_least_some_terms(filled, terms, at_least, expected):
    engine, ids = filled
    with session(engine) as s:
        found = {quote_id for quote_id, _ in matching_quotes(s, terms, at_least=at_least)}
    assert found == {ids[key] for key in expected}
