"""Exact-span NER scoring."""
from __future__ import annotations

from collections import Counter

from corpus_tool.training.evaluate import bio_spans, prf


def test_bio_and_bioes_give_the_same_spans():
    bio = ["B-PERSON", "I-PERSON", "O", "B-ORG", "B-DATE", "I-DATE", "I-DATE"]
    bioes = ["B-PERSON", "E-PERSON", "O", "S-ORG", "B-DATE", "I-DATE", "E-DATE"]
    assert bio_spans(bio) == bio_spans(bioes) == {(0, 1, "PERSON"), (3, 3, "ORG"), (4, 6, "DATE")}


def test_an_inside_tag_of_another_type_starts_a_new_span():
    assert bio_spans(["B-ORG", "I-GPE", "O"]) == {(0, 0, "ORG"), (1, 1, "GPE")}


def test_precision_recall_f1():
    scores = prf(Counter(PERSON=4), Counter(PERSON=2), Counter(PERSON=2), ["PERSON"])
    assert scores == {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 4}
