"""Name rules: splitting titles off, spelling-variant keys, and which pairs are one person."""

from __future__ import annotations

import pytest

from quotes.detect.speakers import describe
from quotes.identity.names import (
    full_name_in_text,
    group_key,
    normalize_name,
    organisation_names,
    same_person,
    split_mention,
    variant_key,
)


@pytest.mark.parametrize(
    ("mention", "name", "role"),
    [
        ("Ukrainian President Volodymyr Zelenskiy", "Volodymyr Zelenskiy", "Ukrainian President"),
        ("NATO Secretary General Mark Rutte", "Mark Rutte", "NATO Secretary General"),
        (
            "Zelenskiy’s military commander-in-chief Oleksandr Syrskyi",
            "Oleksandr Syrskyi",
            "Zelenskiy’s military commander-in-chief",
        ),
        (
            "Andriy Kovalenko, the head of the anti-disinformation body",
            "Andriy Kovalenko",
            "head of the anti-disinformation body",
        ),
        (
            "North Korea's foreign minister, Choe Son-hui",
            "Choe Son-hui",
            "North Korea's foreign minister",
        ),
        ("Secretary of State John Kerry", "John Kerry", "Secretary of State"),
        (
            "Former Secretary of State Hillary Clinton",
            "Hillary Clinton",
            "Former Secretary of State",
        ),
        ("Rep. Jason Chaffetz (R-Utah)", "Jason Chaffetz", "Rep., R-Utah"),
        ("Sen. Ted Cruz, R-Texas", "Ted Cruz", "Sen., R-Texas"),
        ("Mr. Trump", "Trump", "Mr."),
        ("President-elect Donald Trump", "Donald Trump", "President-elect"),
        (
            "Republican presidential nominee Donald Trump",
            "Donald Trump",
            "Republican presidential nominee",
        ),
        ("Trump campaign manager Kellyanne Conway", "Kellyanne Conway", "Trump campaign manager"),
        # Sentence-start words and party labels are not part of the name.
        ("Does Rubio", "Rubio", None),
        ("When Barack Obama", "Barack Obama", None),
        ("Maybe Trump", "Trump", None),
        ("The Donald Trump", "Donald Trump", None),
        ("Republican Donald Trump", "Donald Trump", "Republican"),
        ("United Auto Workers Secretary-Treasurer Gary Roe", "Gary Roe", "United Auto Workers Secretary-Treasurer"),
        ("But Sen. Ted Cruz", "Ted Cruz", "Sen."),
        ("One California", "California", "One"),
        # "NAME of PLACE": the name before "of" (but "Secretary of State" is an office)
        ("Sen. Jane Roe of Ohio", "Jane Roe", "Sen. of Ohio"),
        ("Mr. Roe of the Tax Policy Center", "Roe", "Mr. of the Tax Policy Center"),
        ("Bank of America", "", "Bank of America"),
        # a day of the week is no name
        ("a study published Wednesday", "", "study published Wednesday"),
        # a party tag after the name goes with the role
        ("Rep. Jim Roe (R-Ohio)", "Jim Roe", "Rep., R-Ohio"),
        ("Attorney General Bill Roe (R)", "Bill Roe", "Attorney General, R"),
        # ... also before an organisation ("Network", "Police"), and two name words before "of the"
        ("Dan Roe of the Ocean Defence Network", "Dan Roe", "of the Ocean Defence Network"),
        ("Detective Constable Ryan Roe of Northumbria Police", "Ryan Roe", "Detective Constable of Northumbria Police"),
        ("Chikondi Roe of the United Progress Alliance", "Chikondi Roe", "of the United Progress Alliance"),
        ("Federal Reserve Bank of New York", "", "Federal Reserve Bank of New York"),
        ("Members of the Foo Party", "", "Members of the Foo Party"),
        # someone speaking for the person named has no name of their own
        ("A spokesperson for Gov. Jane Roe", "", "spokesperson for Gov. Jane Roe"),
        ("an aide to President John Doe", "", "aide to President John Doe"),
        ("Trump lawyer Rudy Roe", "Rudy Roe", "Trump lawyer"),
        ("candidate for governor Jane Roe", "Jane Roe", "candidate for governor"),
        # organisations name nobody, unless a title and a name follow the organisation word
        ("The Justice Department", "", "Justice Department"),
        ("Agency spokeswoman Jane Roe", "Jane Roe", "Agency spokeswoman"),
        # Negative cases: nothing to strip, or no name at all.
        ("Will Hurd", "Will Hurd", None),
        ("A. J. Smith", "A. J. Smith", None),
        ("Al Gore", "Al Gore", None),
        ("Donald J. Trump", "Donald J. Trump", None),
        ("Charles de Gaulle", "Charles de Gaulle", None),
        ("Martin Luther King Jr.", "Martin Luther King Jr.", None),
        ("John Major", "John Major", None),
        ("Kim Jong Un", "Kim Jong Un", None),
        ("Zelenskiy", "Zelenskiy", None),
        ("the foreign minister", "", "foreign minister"),
        ("It", "", "It"),
        ("That", "", "That"),
        ("Q", "", "Q"),
        ("J.D.", "", "J.D."),
    ],
)
def test_split_mention(mention, name, role):
    split = split_mention(mention)
    assert (split.name, split.role) == (name, role)


@pytest.mark.parametrize(
    "mention",
    ["Ukrainian President Volodymyr Zelenskiy", "Secretary of State John Kerry", "Martin Luther King Jr.",
     "When Barack Obama", "NATO Secretary General Mark Rutte", "Charles de Gaulle", "The Justice Department",
     "Attorney-General John Doe", "the foreign minister", "Rep. Jim Roe (R-Ohio)",
     "Dan Roe of the Ocean Defence Network", "A spokesperson for Gov. Jane Roe"],
)
def test_detector_and_identity_split_alike(nlp, mention):
    """One splitter: the detector's mention and identity's split give the same name."""
    doc = nlp.make_doc(mention)
    assert describe(doc, 0, len(doc)).name == split_mention(mention).name or (
        not split_mention(mention).name and describe(doc, 0, len(doc)).kind != "person")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zelenskiy", "Zelenskyy"),
        ("Zelenskyy", "Zelensky"),
        ("Volodymyr Zelenskiy", "Volodymyr Zelenskyy"),
        ("Andriy Kovalenko", "Andrii Kovalenko"),
        ("Donald Trump", "Donald J. Trump"),
        ("José Martínez", "Jose Martinez"),
        ("Jean-Claude Juncker", "Jean Claude Juncker"),
        ("Kim Jong Un", "Kim Jong-un"),
        ("J. Smith", "John Smith"),
        ("Hillary Rodham Clinton", "Hillary Clinton"),
        ("Beto O'Rourke", "Beto ORourke"),
        # accents, and a leading given name one outlet leaves out
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
        ("Tayyip Erdogan", "Recep Tayyip Erdoğan"),
        ("Hunter Biden", "Robert Hunter Biden"),
    ],
)
def test_same_person_across_articles(a, b):
    merged, reason = same_person(a, b)
    assert merged, reason
    assert same_person(b, a)[0]


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("Bill Clinton", "Hillary Clinton", "same surname, different given names"),
        ("Kim Jong Un", "Kim Yo Jong", "different middle names or initials"),
        ("Donald Trump", "Donald Trump Jr.", "different generation suffix (Jr., III...)"),
        ("George W. Bush", "George H. W. Bush", "different middle names or initials"),
        ("Trump", "Donald Trump", "a single name on one side, in different articles"),
        ("Mark Kelly", "Mark Warner", "only the first word in common"),
        ("Andrii Sybiha", "Choe Son-hui", "different surnames"),
        ("Ted Cruz", "Heidi Cruz", "same surname, different given names"),
        ("Zelenskiy", "Kovalenko", "different names"),
        # a leading given name dropped, but the rest differs
        ("Tayyip Erdogan", "Recep Erdoğan", "same surname, different given names"),
        ("Bilal Erdogan", "Recep Tayyip Erdoğan", "same surname, different given names"),
        ("T. Erdogan", "Recep Tayyip Erdoğan", "same surname, different given names"),
        ("Tayyip Erdogan", "Recep Tayyip Erdoğan Jr.", "different generation suffix (Jr., III...)"),
    ],
)
def test_never_merged(a, b, reason):
    assert same_person(a, b) == (False, reason)
    assert not same_person(b, a)[0]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Trump", "Donald Trump", True),
        ("Trump", "Donald J. Trump", True),
        ("Choe", "Choe Son-hui", True),
        ("Kim", "Kim Jong Un", True),
        ("Zelenskiy", "Volodymyr Zelenskyy", True),
        ("Clinton", "Hillary Clinton", True),
        ("Hillary Clinton", "Bill Clinton", False),
        ("Sybiha", "Choe Son-hui", False),
    ],
)
def test_same_person_within_an_article(a, b, expected):
    assert same_person(a, b, same_document=True)[0] is expected


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Zelenskiy", "zelenski"),
        ("ZELENSKYY", "zelenski"),
        ("Zelénsky", "zelenski"),
        ("Andriy Kovalenko", "andri kovalenko"),
        ("Donald J. Trump", "donald trump"),
        ("Donald Trump Jr.", "donald trump jr"),
        ("Choe Son-hui", "choe sonhui"),
        ("", ""),
    ],
)
def test_variant_key(name, key):
    assert variant_key(name) == key


@pytest.mark.parametrize(
    ("mention", "names"),
    [
        (
            "Ukraine's military intelligence directorate, the GUR",
            ["Ukraine's military intelligence directorate", "GUR"],
        ),
        ("the Defense Ministry (MoD)", ["Defense Ministry", "MoD"]),
        ("The White House", ["White House"]),
    ],
)
def test_organisation_names(mention, names):
    assert organisation_names(mention) == names


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        (
            "A senior Ukrainian intelligence official",
            "The senior Ukrainian intelligence official",
            True,
        ),
        ("A senior Ukrainian official", "Another senior Ukrainian official", False),
    ],
)
def test_group_key(a, b, equal):
    assert (group_key(a) == group_key(b)) is equal


def test_normalize_name():
    assert normalize_name("  Andrii  Sybiha’s ") == "andrii sybiha s"


@pytest.mark.parametrize(
    ("text", "lone", "full"),
    [
        (
            "Democratic front-runner Hillary Clinton spoke. Clinton said so.",
            "Clinton",
            "Hillary Clinton",
        ),
        ("Donald J. Trump won. Mr. Trump said. Trump Tower.", "Trump", "Donald J. Trump"),
        ("Secretary of State John Kerry said. Kerry added.", "Kerry", "John Kerry"),
        (
            "Reporters asked Hillary Clinton about it, and Clinton said.",
            "Clinton",
            "Hillary Clinton",
        ),
        # Two people with the surname, or not introduced by full name first: None.
        (
            "Hillary Clinton spoke. Former President Bill Clinton agreed. Clinton said.",
            "Clinton",
            None,
        ),
        ("President Obama met Michelle Obama. Obama said.", "Obama", None),
        ("the Clinton campaign. Hillary Clinton said.", "Clinton", None),
        ("They met Barack Obama. Clinton said.", "Clinton", None),
        ("Nothing here.", "Kerry", None),
        ("John Kerry said.", "John Kerry", None),
    ],
)
def test_full_name_in_text(text, lone, full):
    assert full_name_in_text(text, lone) == full
