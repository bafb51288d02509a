"""`quotes speakers` through the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.detect.records import Quote
from quotes.identity.speakers import attach_speakers

ARTICLES = [
    (
        "Bloomberg",
        date(2024, 11, 4),
        ["Ukrainian President Volodymyr Zelenskiy", "Zelenskiy", "Bill Clinton"],
    ),
    (
        "FT",
        date(2024, 11, 5),
        [
            "Ukrainian President Volodymyr Zelenskyy",
            "Hillary Clinton",
            "A senior Ukrainian official",
        ],
    ),
]


@pytest.fixture
def db(db_url):
    """A database with two articles' quotes and speakers."""
    engine = open_database(db_url)
    with session(engine) as s:
        for outlet, published, mentions in ARTICLES:
            document = models.Document(
                source=outlet, content_hash=outlet, text="x" * 9, outlet=outlet, published=published
            )
            found = [
                Quote(
                    content=(i, i + 1),
                    kind="direct",
                    speaker_text=m,
                    speaker_kind="unnamed" if m.startswith("A ") else "person",
                )
                for i, m in enumerate(mentions)
            ]
            for q, speaker in zip(found, attach_speakers(s, document, found)):
                s.add(
                    models.Quote(
                        document=document,
                        speaker=speaker,
                        content="said",
                        parts=[],
                        content_start=q.content[0],
                        content_end=q.content[1],
                        kind="direct",
                        detector_version="t",
                        confidence=0.5,
                    )
                )
    engine.dispose()
    return db_url


def run(*args: str):
    return CliRunner().invoke(app, ["speakers", *args])


def test_list(db):
    result = run("--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["name"], r["quotes"]) for r in rows][:1] == [("Volodymyr Zelenskiy", 3)]
    assert {r["name"] for r in rows} == {
        "Volodymyr Zelenskiy",
        "Bill Clinton",
        "Hillary Clinton",
        "A senior Ukrainian official",
    }
    assert (rows[0]["first"], rows[0]["last"]) == ("2024-11-04", "2024-11-05")
    assert "4 speakers" in result.stderr
    only = run("--db", db, "--kind", "unnamed", "--format", "csv")
    assert only.stdout.splitlines()[1:] == [
        next(
            f"{r['id']},A senior Ukrainian official,unnamed,1,2024-11-05,2024-11-05"
            for r in rows
            if r["kind"] == "unnamed"
        )
    ]


def test_profile(db):
    result = run("zelensky", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    profile = json.loads(result.stdout)[0]
    assert profile["name"] == "Volodymyr Zelenskiy"
    assert profile["quotes"] == 3
    assert {(a["alias"], a["seen_in"].split()[1]) for a in profile["aliases"]} == {
        ("Volodymyr Zelenskiy", "Bloomberg"),
        ("Zelenskiy", "Bloomberg"),
        ("Volodymyr Zelenskyy", "FT"),
    }
    assert profile["roles"][0] == {
        "role": "Ukrainian President",
        "organisation": None,
        "first": "2024-11-04",
        "last": "2024-11-05",
        "documents": 2,
    }
    assert profile["outlets"] == [
        {"outlet": "Bloomberg", "quotes": 2},
        {"outlet": "FT", "quotes": 1},
    ]
    table = run("profile", "Volodymyr Zelenskyy", "--db", db)
    assert table.exit_code == 0
    assert "Aliases" in table.stdout and "Quotes by outlet" in table.stdout


def test_ambiguous_name_says_which_was_chosen(db):
    result = run("Clinton", "--db", db)
    assert result.exit_code == 0, result.output
    assert "'Clinton' fits 2 speakers; using #" in result.stderr
    assert (
        "Bill Clinton (1 quotes)" in result.stderr and "Hillary Clinton (1 quotes)" in result.stderr
    )
    assert "Possible duplicates" in result.stdout
    refused = run("rename", "Clinton", "Someone", "--db", db)
    assert refused.exit_code == 1
    assert "Error: 'Clinton' fits 2 speakers" in refused.stderr
    assert "Hint: give the speaker's id" in refused.stderr


@pytest.mark.parametrize(
    ("answer", "code"),
    [("y\n", 0), ("n\n", 1), ("", 1)],  # no answer at all: nothing merged
)
def test_merging_people_kept_apart_asks_first(db, answer, code):
    result = CliRunner().invoke(app, ["speakers", "merge", "Bill Clinton", "Hillary Clinton",
                                      "--db", db], input=answer)
    assert result.exit_code == code, result.output
    assert ("were kept apart as possibly different people: same surname, different given names"
            in result.stderr)
    history = json.loads(run("history", "--db", db, "-f", "json").stdout)
    assert len(history) == (code == 0)
    if code:
        assert "Error: nothing merged" in result.stderr
        assert "Hint: add --yes to merge them anyway" in result.stderr


def test_merging_variants_of_one_name_asks_nothing(db):
    with session(open_database(db)) as s:  # a possible duplicate, but the same name
        s.add(models.Speaker(name="Volodymyr Zelensky", kind="person", aliases=[
            models.SpeakerAlias(alias="Volodymyr Zelensky", normalized="volodymyr zelensky",
                                key="volodimirzelenski", surname="zelenski")]))
    assert "Possible duplicates" in run("Volodymyr Zelenskiy", "--db", db).stdout
    merged = run("merge", "Volodymyr Zelenskiy", "Volodymyr Zelensky", "--db", db)
    assert merged.exit_code == 0, merged.output
    assert "Warning" not in merged.stderr


def test_undo_an_earlier_change_by_id(db):
    run("merge", "Bill Clinton", "Hillary Clinton", "--yes", "--db", db)
    run("alias", "add", "Zelenskiy", "Ze", "--db", db)
    run("rename", "Bill Clinton", "William Clinton", "--db", db)
    merge = min(h["id"] for h in json.loads(run("history", "--db", db, "-f", "json").stdout))
    undone = run("undo", str(merge), "--db", db)  # two changes later, neither depends on it
    assert undone.exit_code == 0, undone.output
    assert f"undid #{merge}: merged Hillary Clinton" in undone.stderr
    names = {r["name"] for r in json.loads(run("--db", db, "-f", "json").stdout)}
    assert {"William Clinton", "Hillary Clinton"} <= names
    # a split of a quote the merge moved depends on the merge: refused, naming it
    run("merge", "William Clinton", "Hillary Clinton", "--yes", "--db", db)
    with session(open_database(db)) as s:
        moved = s.scalars(select(models.SpeakerEdit).order_by(models.SpeakerEdit.id.desc())
                          ).first()
        merge, quote = moved.id, moved.payload["quotes"][0]
    split = run("split", str(quote), "--new", "H. R. Clinton", "--db", db)
    refused = run("undo", str(merge), "--db", db)
    assert refused.exit_code == 1
    split_id = merge + 1
    assert f"the later change #{split_id} (moved 1 quote(s)" in refused.stderr, split.output
    assert f"Hint: undo #{split_id} first: quotes speakers undo {split_id}" in refused.stderr


def test_merge_history_undo(db):
    merged = run("merge", "Bill Clinton", "Hillary Clinton", "--yes", "--db", db)
    assert merged.exit_code == 0, merged.output
    assert "merged Hillary Clinton" in merged.stderr
    listing = json.loads(run("--db", db, "-f", "json").stdout)
    assert "Hillary Clinton" not in {r["name"] for r in listing}
    assert next(r["quotes"] for r in listing if r["name"] == "Bill Clinton") == 2
    history = json.loads(run("history", "--db", db, "-f", "json").stdout)
    assert [(h["action"], h["undone_at"]) for h in history] == [("merge", None)]
    undone = run("undo", "--db", db)
    assert undone.exit_code == 0 and "undid #" in undone.stderr
    listing = json.loads(run("--db", db, "-f", "json").stdout)
    assert {r["name"]: r["quotes"] for r in listing if "Clinton" in r["name"]} == {
        "Bill Clinton": 1,
        "Hillary Clinton": 1,
    }


def test_alias_and_split(db):
    added = run("alias", "add", "Zelenskiy", "Ze", "--db", db)
    assert added.exit_code == 0, added.output
    assert (
        json.loads(run("Ze", "--db", db, "-f", "json").stdout)[0]["name"] == "Volodymyr Zelenskiy"
    )
    removed = run("alias", "remove", "Zelenskiy", "Ze", "--db", db)
    assert removed.exit_code == 0
    assert run("Ze", "--db", db).exit_code == 1
    with session(open_database(db)) as s:
        quote_id = (
            s.query(models.Quote.id)
            .join(models.Speaker)
            .filter(models.Speaker.name == "Bill Clinton")
            .scalar()
        )
    split = run("split", str(quote_id), "--new", "William Clinton", "--db", db)
    assert split.exit_code == 0, split.output
    assert json.loads(run("William Clinton", "--db", db, "-f", "json").stdout)[0]["quotes"] == 1


def test_group_options_reach_subcommands(db):
    """`speakers --db X NAME` and `speakers --db X alias add ...` use X, not the default."""
    profile = run("--db", db, "-f", "json", "Zelenskiy")
    assert profile.exit_code == 0, profile.output
    assert json.loads(profile.stdout)[0]["name"] == "Volodymyr Zelenskiy"
    added = run("--db", db, "alias", "add", "Zelenskiy", "Ze")
    assert added.exit_code == 0, added.output
    assert json.loads(run("history", "--db", db, "-f", "json").stdout)[0]["action"] == "alias add"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["Nobody At All"], "Error: no speaker matches 'Nobody At All'"),
        (["merge", "Zelenskiy", "Zelenskyy"], "is already that speaker"),
        (["split", "1"], "Error: give exactly one of --to SPEAKER or --new NAME"),
        (["split", "99999", "--to", "Zelenskiy"], "Error: no quote with id 99999"),
        (["alias", "remove", "Zelenskiy", "Putin"], "has no alias 'Putin'"),
        (["undo"], "Error: nothing to undo"),
        (["undo", "7"], "Error: no change #7"),
    ],
)
def test_errors_are_one_line_and_change_nothing(db, args, error):
    result = run(*args, "--db", db)
    assert result.exit_code == 1
    assert error in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(run("history", "--db", db, "-f", "json").stdout) == []


def test_profile_lists_every_document_an_alias_was_seen_in(db):
    engine = open_database(db)
    with session(engine) as s:
        (zelenskiy,) = [sp for sp in s.query(models.Speaker) if sp.name == "Volodymyr Zelenskiy"]
        later = models.Document(source="Reuters", content_hash="Reuters", text="x" * 9,
                                outlet="Reuters", published=date(2024, 11, 6))
        s.add(models.Quote(document=later, speaker=zelenskiy, content="said", parts=[],
                           speaker_as_written="President Volodymyr Zelenskiy",  # title: same alias
                           content_start=0, content_end=1, kind="direct",
                           detector_version="t", confidence=0.5))
    engine.dispose()
    result = run("zelensky", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    aliases = {a["alias"]: a for a in json.loads(result.stdout)[0]["aliases"]}
    seen = aliases["Volodymyr Zelenskiy"]
    assert seen["documents"] == 2
    assert seen["seen_in"].index("Bloomberg") < seen["seen_in"].index("Reuters")  # earliest first
    assert aliases["Volodymyr Zelenskyy"]["documents"] == 1


def test_roles_differing_only_in_case_are_one_role(db_url):
    engine = open_database(db_url)
    with session(engine) as s:
        for name, published, roles in (("a", date(2024, 11, 4), ["Foreign Minister", None]),
                                       ("b", date(2024, 11, 5), ["foreign minister",
                                                                 "FOREIGN MINISTER"])):
            document = models.Document(source=name, content_hash=name, text="x" * 9,
                                       published=published)
            found = [Quote(content=(i, i + 1), kind="direct", speaker_text="Hakan Fidan",
                           speaker_kind="person", role=role) for i, role in enumerate(roles)]
            attach_speakers(s, document, found)
        stored = s.query(models.SpeakerRole).count()
    engine.dispose()
    assert stored == 2  # one row per document
    profile = json.loads(run("Fidan", "--db", db_url, "-f", "json").stdout)[0]
    assert profile["roles"] == [{"role": "Foreign Minister", "organisation": None,
                                 "first": "2024-11-04", "last": "2024-11-05", "documents": 2}]
    table = run("Fidan", "--db", db_url)
    assert table.exit_code == 0, table.output
    header = table.stdout.splitlines()[0].split()
    assert "document" not in header and "name" in header  # a person belongs to no document
    dossier = CliRunner().invoke(app, ["export", "--speaker", "Fidan", "--db", db_url])
    assert dossier.exit_code == 0, dossier.output
    assert "Roles: Foreign Minister.\n" in dossier.stdout
