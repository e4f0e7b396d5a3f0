"""What the theme classifiers read: a passage as its lemmas."""
from __future__ import annotations

from corpus_tool.document import AnalyzedDocument

SKIPPED_UPOS = {"PUNCT", "SYM", "NUM", "X"}


def lemma_text(doc: AnalyzedDocument) -> str:
    """Lower-case lemmas of a passage's words, space-separated (so ``osallisuutta`` and
    ``osallisuuden`` both read ``osallisuus``)."""
    return " ".join((t.lemma or t.text).lower() for t in doc.tokens
                    if t.upos not in SKIPPED_UPOS and any(ch.isalpha() for ch in t.text))
