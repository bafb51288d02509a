"""The spaCy components as a spaCy user meets them: found by name through entry points in a
fresh process, saved and reloaded, on pipelines without sentence boundaries, and back to Spans."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy

from quotes.detect.component import quote_span

TEXT = "“We will hold the line,” the mayor said on Friday.\nThe river kept rising."


def _fresh(code: str) -> str:
    """Run `code` in a new Python process (nothing of quotes imported), return its stdout."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_add_pipe_by_name_and_reload_in_fresh_processes(tmp_path):
    """Without `import quotes`: spaCy finds the factories through the spacy_factories entry
    points, both when adding them and when loading a saved pipeline."""
    saved = tmp_path / "pipeline"
    found = _fresh(
        "import json, spacy, sys\n"
        "assert 'quotes' not in sys.modules\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('paragraph_sentences')\n"
        "nlp.add_pipe('quotes', config={'min_confidence': 0.1})\n"
        f"nlp.to_disk({str(saved)!r})\n"
        f"print(json.dumps([q.to_dict() for q in nlp({TEXT!r})._.quotes]))\n")
    reloaded = _fresh(
        "import json, spacy\n"
        f"nlp = spacy.load({str(saved)!r})\n"
        "assert nlp.get_pipe('quotes').min_confidence == 0.1\n"
        f"print(json.dumps([q.to_dict() for q in nlp({TEXT!r})._.quotes]))\n")
    quotes = json.loads(found)
    assert [(q["kind"], TEXT[slice(*q["content"])].rstrip(",")) for q in quotes] == [
        ("direct", "We will hold the line")]
    assert json.loads(reloaded) == quotes


@pytest.mark.parametrize(
    "pipes", [[], ["sentencizer"], ["paragraph_sentences"]],  # []: no sentence boundaries at all
)
def test_any_blank_pipeline_works(pipes):
    nlp = spacy.blank("en")
    for pipe in pipes:
        nlp.add_pipe(pipe)
    nlp.add_pipe("quotes")
    doc = nlp(TEXT)
    assert [TEXT[slice(*q.content)].rstrip(",") for q in doc._.quotes] == ["We will hold the line"]
    assert [s.text.strip() for s in doc.sents][-1] == "The river kept rising."  # boundaries set


def test_declares_what_it_assigns():
    nlp = spacy.blank("en")
    nlp.add_pipe("quotes")
    assert nlp.get_pipe_meta("quotes").assigns == ["doc._.quotes"]
    assert "doc._.quotes" in nlp.analyze_pipes()["summary"]["quotes"]["assigns"]


def test_records_lead_back_to_spans(nlp):
    doc = nlp(TEXT)
    [quote] = doc._.quotes
    assert quote_span(doc, quote).text.rstrip(",") == "We will hold the line"
    assert quote_span(doc, quote, "speaker").text == "the mayor"
    assert quote_span(doc, quote, "cue").text == "said"
    assert quote_span(doc, quote).sent.text.startswith("“We will hold the line,”")
    with pytest.raises(ValueError):
        quote_span(doc, quote, "type")
