"""Quote detection: a spaCy pipeline that finds who said what.

    nlp = load_pipeline("blank")           # rules only
    doc = nlp(text)
    for quote in doc._.quotes: ...         # quotes.detect.records.Quote

Public API: `load_pipeline`, `resolve_when`, `Quote`, `DETECTOR_VERSION`.
"""

from __future__ import annotations

import warnings

import spacy
from spacy.language import Language

from quotes.detect import component as _component  # noqa: F401  (registers the factories)
from quotes.detect.details import resolve_when
from quotes.detect.records import Quote
from quotes.errors import QuotesError

DETECTOR_VERSION = "0.2.0"  # bump when the rules change what is found
# Trained English pipelines "auto" tries, best first.
AUTO_MODELS = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
# Components the quote rules never read: left out for speed.
UNUSED = ("lemmatizer",)

__all__ = ["DETECTOR_VERSION", "Quote", "load_pipeline", "resolve_when"]


def load_pipeline(model: str = "auto") -> Language:
    """A spaCy pipeline ending in the "quotes" component.

    "blank": rules on spacy.blank("en") with a sentencizer; "auto": the best
    installed trained English pipeline package, else blank; otherwise a package
    name or a path. Raises QuotesError (with a hint) when the model cannot be loaded.
    """
    if model == "auto":
        model = next((name for name in AUTO_MODELS if spacy.util.is_package(name)), "blank")
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
    nlp.add_pipe("paragraph_sentences", first=True)
    if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
        nlp.add_pipe("sentencizer", after="paragraph_sentences")
    nlp.add_pipe("quotes")
    return nlp
