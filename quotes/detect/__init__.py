"""Quote detection: a spaCy pipeline that finds who said what.

    nlp = load_pipeline("blank")           # rules only
    doc = nlp(text)
    for quote in doc._.quotes: ...         # quotes.detect.records.Quote

Public API: `load_pipeline`, `installed_pipeline`, `quote_span`, `resolve_when`, `Quote`,
`DETECTOR_VERSION`.
"""

from __future__ import annotations

import gc
import re
import warnings

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from quotes.detect.component import quote_span  # (importing it registers the factories)
from quotes.detect.details import resolve_when
from quotes.detect.lexicon import word_set
from quotes.detect.records import Quote
from quotes.errors import QuotesError

DETECTOR_VERSION = "0.7.0"  # bump when the rules change what is found
# Trained English pipelines "auto" tries, best first.
AUTO_MODELS = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
# Components the quote rules never read: left out for speed.
UNUSED = ("lemmatizer",)
# A run of marks this long (no letters, digits or spaces) is split before the tokenizer sees it.
LONG_RUN = 32

# The trained pipeline this release is tested with, for messages that say how to install one.
TRAINED_PIPELINE_URL = ("https://github.com/explosion/spacy-models/releases/download/"
                        "en_core_web_sm-3.8.0/en_core_web_sm-3.8.0-py3-none-any.whl")

__all__ = ["DETECTOR_VERSION", "Quote", "installed_pipeline", "load_pipeline", "quote_span",
           "resolve_when"]


def installed_pipeline() -> str | None:
    """The best trained English pipeline package installed (AUTO_MODELS), None when none is."""
    return next((name for name in AUTO_MODELS if spacy.util.is_package(name)), None)


def load_pipeline(model: str = "auto") -> Language:
    """A spaCy pipeline ending in the "quotes" component.

    "blank": rules on spacy.blank("en") with a sentencizer; "auto": the best
    installed trained English pipeline package, else blank; otherwise a package
    name or a path. Raises QuotesError (with a hint) when the model cannot be loaded.
    """
    if model == "auto":
        model = installed_pipeline() or "blank"
    if model == "blank":
        nlp = spacy.blank("en")
    else:
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=r".*\[W095\]")
                nlp = spacy.load(model, exclude=list(UNUSED))
        except (OSError, ImportError, ValueError) as error:
            raise QuotesError(
                f"cannot load spaCy pipeline {model!r}: {str(error).splitlines()[0]}",
                hint="use --model blank (rules only), a path to a trained pipeline, or install one: "
                "python -m spacy download en_core_web_sm",
            ) from None
    for title in word_set("title_abbreviations"):  # "Capt. Jane Roe" is no sentence end
        nlp.tokenizer.add_special_case(f"{title}.", [{ORTH: f"{title}."}])
    # a double hyphen is a dash wherever it stands: "Calif.--(BUSINESS WIRE)--Acme", "cuts--all of them"
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, r"--"]).finditer
    nlp.tokenizer = RunSplittingTokenizer(nlp.tokenizer)
    nlp.add_pipe("paragraph_sentences", first=True)
    if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
        nlp.add_pipe("sentencizer", after="paragraph_sentences")
    nlp.add_pipe("quotes")
    # The pipeline lives as long as the process: full garbage collections (about 0.1 s each
    # with it loaded, one every few hundred documents) no longer walk it, and forked
    # workers share its memory pages instead of copying them.
    gc.freeze()
    return nlp


class RunSplittingTokenizer:
    """spaCy's tokenizer, in linear time on long runs of punctuation.

    spaCy strips prefixes and suffixes one at a time, searching the rest of the
    chunk each time, so a chunk of n marks without spaces (`\"\"\"\"...`) costs
    O(n^2). Here every run of at least LONG_RUN marks is made one token per mark
    (what the tokenizer makes of each of them anyway) and the text between runs goes
    to the wrapped tokenizer; the pieces are joined into one Doc with the same text.
    Text without such runs is tokenized exactly as before.
    """

    _run = re.compile(r"[^\w\s]{%d,}" % LONG_RUN)

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        runs = list(self._run.finditer(text))
        if not runs:
            return self.tokenizer(text)
        # The text before, between and after the runs as usual; each run one mark a token.
        pieces, position = [], 0
        for run in runs:
            if run.start() > position:
                pieces.append(self.tokenizer(text[position : run.start()]))
            marks = list(run.group())
            pieces.append(Doc(self.tokenizer.vocab, words=marks, spaces=[False] * len(marks)))
            position = run.end()
        if position < len(text):
            pieces.append(self.tokenizer(text[position:]))
        return Doc.from_docs(pieces, ensure_whitespace=False)

    def __getattr__(self, name: str):  # vocab, rules, explain ... of the wrapped tokenizer
        return getattr(self.tokenizer, name)
