"""Serialise analysed documents: JSON (one array), JSONL (one object a line), CoNLL-U."""
from __future__ import annotations

import json
from typing import IO, Iterable

from corpus_tool.document import AnalyzedDocument

FORMATS = ("json", "jsonl", "conllu")


def write_json(docs: Iterable[AnalyzedDocument], out: IO[str]) -> None:
    """A JSON array, streamed so that a large batch is never held as one string."""
    out.write("[")
    for i, doc in enumerate(docs):
        out.write(",\n" if i else "\n")
        out.write(json.dumps(doc.to_dict(), ensure_ascii=False))
    out.write("\n]\n")


def write_jsonl(docs: Iterable[AnalyzedDocument], out: IO[str]) -> None:
    for doc in docs:
        out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        out.flush()


def _conllu_field(value: str | None) -> str:
    # CoNLL-U fields may not be empty or contain tabs/newlines.
    if not value:
        return "_"
    return value.replace("\t", " ").replace("\n", " ")


def write_conllu(docs: Iterable[AnalyzedDocument], out: IO[str]) -> None:
    """Valid CoNLL-U: ``# newdoc id``, ``# sent_id``, ``# text``; no syntax columns
    (HEAD/DEPREL stay ``_`` because the default pipeline does not parse)."""
    for doc in docs:
        out.write(f"# newdoc id = {doc.id}\n")
        for s_no, sentence in enumerate(doc.sentences, 1):
            text = " ".join(doc.text[sentence.start:sentence.end].split())
            out.write(f"# sent_id = {doc.id}-{s_no}\n# text = {text}\n")
            for t_no, tok in enumerate(sentence.tokens, 1):
                misc = "SpaceAfter=No" if not tok.space_after else "_"
                form = tok.text.replace(" ", "\u00a0") if " " in tok.text else tok.text
                out.write("\t".join([str(t_no), _conllu_field(form), _conllu_field(tok.lemma),
                                     _conllu_field(tok.upos), "_", _conllu_field(tok.feats),
                                     "_", "_", "_", misc]) + "\n")
            out.write("\n")


WRITERS = {"json": write_json, "jsonl": write_jsonl, "conllu": write_conllu}
