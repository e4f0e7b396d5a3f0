"""Turn the open Finnish data in ``../shared/data`` into Stanza training files.

Which file may be used for what is fixed here, in one place (see
``../shared/data/README.md``): UD TDT test, UD OOD test and TurkuONE test are
held-out evaluation data and are never written into a training or model-selection
file.  Model selection uses a fixed slice of UD TDT dev (``SELECTION_SENTENCES``)
that no model trains on.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

# The last sentences of UD TDT dev are kept out of training and used to choose
# checkpoints and lemma back-off rules; the rest of TDT dev is training data.
SELECTION_SENTENCES = 300

# The held-out evaluation files; nothing in this module may read them for training.
HELD_OUT = {
    "tdt_test": "ud-finnish/fi_tdt-ud-test.conllu",
    "ood_test": "ud-finnish/fi_ood-ud-test.conllu",
    "turkuone_test": "turku-one/test.tsv",
}

_COMPOUND_MARK = re.compile(r"(?<=\w)#(?=\w)")

# The negation verb is AUX in current UD Finnish; the v2.2 token files still tag it VERB.
NEGATION_FORMS = {"ei", "en", "et", "emme", "ette", "eivät", "eikä", "enkä", "etkä", "emmekä", "ettekä",
                  "eivätkä", "eihän", "enhän", "ethän", "eipä", "enpä", "älä", "älkää", "älköön", "älkööt",
                  "älkäämme", "äläkä", "älkääkä"}


@dataclass
class Word:
    form: str
    lemma: str = "_"
    upos: str = "_"
    feats: str = "_"
    head: str = "_"
    deprel: str = "_"
    misc: str = "_"

    @property
    def space_after(self) -> bool:
        return "SpaceAfter=No" not in self.misc.split("|")


@dataclass
class Sentence:
    words: list[Word]
    comments: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        for comment in self.comments:
            if comment.startswith("# text = "):
                return comment[len("# text = "):]
        return "".join(w.form + (" " if w.space_after else "") for w in self.words).strip()


def read_conllu(path: Path) -> list[Sentence]:
    """Read a CoNLL-U file; multi-word ranges and empty nodes are skipped
    (Finnish UD has none that matter for tagging)."""
    sentences: list[Sentence] = []
    words: list[Word] = []
    comments: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if words:
                    sentences.append(Sentence(words, comments))
                words, comments = [], []
                continue
            if line.startswith("#"):
                comments.append(line)
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            words.append(Word(cols[1], cols[2], cols[3], cols[5], cols[6], cols[7], cols[9]))
    if words:
        sentences.append(Sentence(words, comments))
    return sentences


def read_token_tsv(path: Path) -> list[list[list[str]]]:
    """Read ``token<TAB>tag`` files with blank lines between sentences."""
    sentences, current = [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if current:
                    sentences.append(current)
                current = []
                continue
            current.append(line.split("\t"))
    if current:
        sentences.append(current)
    return sentences


# FTB's lemma of a plural demonstrative -> UD TDT's (the singular)
PLURAL_DEMONSTRATIVES = {"ne": "se", "nämä": "tämä", "nuo": "tuo"}


def restore_compound_hyphens(form: str, lemma: str) -> str:
    parts = _COMPOUND_MARK.split(lemma)
    joined, lowered = parts[0], form.lower()
    for part in parts[1:]:
        if lowered.startswith((joined + "-").lower()):
            joined += "-"
        joined += part
    return joined


def normalise_lemma(form: str, lemma: str, upos: str, lowercase_source: bool) -> str:
    """Make TDT and FTB lemmas agree.

    TDT marks compound boundaries with ``#`` (``viikon#loppu``), which users
    never want to see or search for, and writes a compound's own hyphen the same way
    (``osa#alue`` for ``osa-alueilla``): the mark becomes the hyphen where the word has
    one there (``osa-alue``, as Finnish writes it) and goes otherwise (``viikonloppu``).
    FTB lowercases every lemma, TDT keeps proper nouns capitalised, so FTB proper nouns
    are recased from their word form.  FTB lemmatises the plural demonstratives as
    themselves (``niitä`` -> ``ne``), TDT and the evaluation sets as the singular (``se``).
    """
    lemma = restore_compound_hyphens(form, lemma)
    if lowercase_source and upos in ("PRON", "DET"):
        lemma = PLURAL_DEMONSTRATIVES.get(lemma, lemma)
    if lowercase_source and upos == "PROPN" and lemma and form:
        stem = form.split(":")[0]
        if len(stem) > 1 and stem.isupper():
            lemma = lemma.upper()
        elif form[0].isupper():
            lemma = lemma[0].upper() + lemma[1:]
    return lemma


def write_conllu(sentences: list[Sentence], path: Path, with_lemma=True, with_feats=True) -> None:
    """Write CoNLL-U with XPOS dropped (TDT and FTB use different XPOS tagsets)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for sent_no, sentence in enumerate(sentences, 1):
            out.write(f"# sent_id = {sent_no}\n# text = {sentence.text}\n")
            for idx, word in enumerate(sentence.words, 1):
                head = word.head if word.head != "_" else ("0" if idx == 1 else "1")
                deprel = word.deprel if word.deprel != "_" else ("root" if idx == 1 else "dep")
                misc = "SpaceAfter=No" if not word.space_after else "_"
                out.write("\t".join([
                    str(idx), word.form, word.lemma if with_lemma else "_", word.upos, "_",
                    word.feats if with_feats else "_", head, deprel, "_", misc]) + "\n")
            out.write("\n")


def text_key(text: str) -> str:
    """Sentence identity across treebanks, whatever their spacing (FTB spaces punctuation)."""
    return re.sub(r"\s+", "", text)


@dataclass
class SharedData:
    """Paths into ``../shared/data`` and the splits the project uses."""
    root: Path

    def conllu(self, name: str, lowercase_lemmas: bool = False) -> list[Sentence]:
        sentences = read_conllu(self.root / "ud-finnish" / name)
        for sentence in sentences:
            for word in sentence.words:
                word.lemma = normalise_lemma(word.form, word.lemma, word.upos, lowercase_lemmas)
        return sentences

    def held_out_keys(self) -> set[str]:
        """Every held-out sentence, for filtering: some occur verbatim in the files that
        are allowed for training (one in TDT dev, eight in FTB test)."""
        if not hasattr(self, "_held_out"):
            keys = set()
            for name in ("tdt_test", "ood_test"):
                keys |= {text_key(s.text) for s in read_conllu(self.root / HELD_OUT[name])}
            keys |= {text_key("".join(t for t, _ in s)) for s in read_iob_tsv(self.root / HELD_OUT["turkuone_test"])}
            self._held_out = keys
        return self._held_out

    def without_held_out(self, sentences: list[Sentence]) -> list[Sentence]:
        keys = self.held_out_keys()
        return [s for s in sentences if text_key(s.text) not in keys]

    def tdt_dev_split(self) -> tuple[list[Sentence], list[Sentence]]:
        """TDT dev, split into its training part and the model-selection part."""
        sentences = self.without_held_out(self.conllu("fi_tdt-ud-dev.conllu"))
        return sentences[:-SELECTION_SENTENCES], sentences[-SELECTION_SENTENCES:]

    def morph_training(self) -> list[Sentence]:
        """Sentences with gold lemmas and features: TDT dev (training part), FTB dev, FTB test."""
        train, _ = self.tdt_dev_split()
        return train + self.without_held_out(self.conllu("fi_ftb-ud-dev.conllu", lowercase_lemmas=True)
                                             + self.conllu("fi_ftb-ud-test.conllu", lowercase_lemmas=True))

    def upos_training(self, treebank: str) -> list[Sentence]:
        """Full TDT or FTB training set with UPOS only, spacing recovered from the raw text.

        These are UD v2.2 files; the negation verb is retagged AUX as current UD has it.
        FTB v2.2 differs from current UD in more ways (``on``/``oli`` VERB, ``myös``/``vain``
        PART, ``hänen`` DET), so ``prepare`` uses its text for the tokenizer only."""
        tsv = read_token_tsv(self.root / "ud-finnish-train-upos" / f"fi_{treebank}-ud-train.upos.tsv")
        raw = (self.root / "ud-finnish-train-upos" / f"fi_{treebank}-ud-train.v2.2.txt").read_text("utf-8")
        sentences = self.without_held_out([Sentence(words) for words, _span in align_tokens(tsv, raw)])
        for sentence in sentences:
            for word in sentence.words:
                if word.upos == "VERB" and word.form.lower() in NEGATION_FORMS:
                    word.upos = "AUX"
        return sentences

    def evaluation(self, name: str) -> list[Sentence]:
        return self.conllu(Path(HELD_OUT[name]).name)


def align_tokens(sentences: list[list[list[str]]], raw: str):
    """Find each token sequence in the raw running text.

    Yields ``(words, (start, end))`` with ``SpaceAfter`` taken from the raw text.
    Sentences that were removed from the token files (those overlapping the held-out
    test sets) are simply skipped over in the raw text; a sentence that cannot be
    found is yielded without a span and with spaces between all tokens.
    """
    pos = 0
    for tokens in sentences:
        start = _find_sequence(raw, [t[0] for t in tokens], pos)
        if start is None:
            yield [Word(t[0], upos=t[1]) for t in tokens], None
            continue
        words, cursor = [], start
        for form, upos in ((t[0], t[1]) for t in tokens):
            while raw[cursor].isspace():
                cursor += 1
            cursor += len(form)
            misc = "_" if cursor >= len(raw) or raw[cursor].isspace() else "SpaceAfter=No"
            words.append(Word(form, upos=upos, misc=misc))
        pos = cursor
        yield words, (start, cursor)


def _find_sequence(raw: str, forms: list[str], pos: int, window: int = 20000):
    """Start offset of ``forms`` (separated by optional whitespace) at or after ``pos``."""
    head = r"\s*".join(re.escape(f) for f in forms[:4])
    match = re.compile(head).search(raw, pos, min(len(raw), pos + window))
    while match:
        cursor, ok = match.start(), True
        for form in forms:
            while cursor < len(raw) and raw[cursor].isspace():
                cursor += 1
            if raw.startswith(form, cursor):
                cursor += len(form)
            else:
                ok = False
                break
        if ok:
            return match.start()
        match = re.compile(head).search(raw, match.start() + 1, min(len(raw), pos + window))
    return None


def tokenizer_files(sentences_by_paragraph: list[list[Sentence]], txt: Path, labels: Path) -> None:
    """Write Stanza's tokenizer input: raw text and one label per character
    (0 inside a token or space, 1 token end, 2 sentence end); paragraphs are separated by a blank line."""
    txt.parent.mkdir(parents=True, exist_ok=True)
    text_parts, label_parts = [], []
    for paragraph in sentences_by_paragraph:
        for sentence in paragraph:
            for idx, word in enumerate(sentence.words):
                last = idx == len(sentence.words) - 1
                text_parts.append(word.form)
                label_parts.append("0" * (len(word.form) - 1) + ("2" if last else "1"))
                if word.space_after or last:
                    text_parts.append(" ")
                    label_parts.append("0")
        # Stanza splits both files into paragraphs on blank lines, so the labels carry them too.
        text_parts.append("\n\n")
        label_parts.append("\n\n")
    txt.write_text("".join(text_parts), encoding="utf-8")
    labels.write_text("".join(label_parts), encoding="utf-8")


def read_iob_tsv(path: Path) -> list[list[tuple[str, str]]]:
    return [[(t[0], t[1]) for t in s] for s in read_token_tsv(path)]


def write_ner_json(sentences: list[list[tuple[str, str]]], path: Path) -> None:
    """Stanza's NER training format: a list of sentences of ``{"text", "ner"}`` tokens."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = [[{"text": tok, "ner": tag} for tok, tag in sentence] for sentence in sentences]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def chunk(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def prepare(shared: Path, out: Path) -> dict[str, Path]:
    """Write every training and selection file under ``out``; returns their paths."""
    data = SharedData(shared)
    files: dict[str, Path] = {}
    tdt_train_part, selection = data.tdt_dev_split()
    morph = data.morph_training()
    upos_tdt = data.upos_training("tdt")
    upos_ftb = data.upos_training("ftb")

    # Tagger: UPOS from the current CoNLL-U sets and the TDT v2.2 training set (FTB v2.2
    # follows older UPOS conventions); features only where the file has them.
    files["pos_morph"] = out / "pos" / "morph.train.conllu"
    write_conllu(morph, files["pos_morph"])
    files["pos_upos"] = out / "pos" / "upos.train.conllu"
    write_conllu(upos_tdt, files["pos_upos"], with_lemma=False, with_feats=False)
    files["selection"] = out / "selection.conllu"
    write_conllu(selection, files["selection"])

    # Lemmatizer: gold lemmas only.
    files["lemma_train"] = out / "lemma" / "train.conllu"
    write_conllu(morph, files["lemma_train"])

    # Tokenizer: running TDT text (natural spacing) plus the CoNLL-U training sentences.
    files["tok_txt"], files["tok_labels"] = out / "tokenize" / "train.txt", out / "tokenize" / "train.toklabels"
    tokenizer_files(chunk(upos_tdt, 8) + chunk(tdt_train_part, 8) + chunk(upos_ftb + morph[len(tdt_train_part):], 8),
                    files["tok_txt"], files["tok_labels"])
    files["tok_dev_txt"], files["tok_dev_labels"] = out / "tokenize" / "dev.txt", out / "tokenize" / "dev.toklabels"
    tokenizer_files(chunk(selection, 8), files["tok_dev_txt"], files["tok_dev_labels"])
    # Finnish has no multi-word tokens, but Stanza's tokenizer trainer wants the (empty) table.
    files["tok_mwt"] = out / "tokenize" / "mwt.json"
    files["tok_mwt"].write_text("[]", encoding="utf-8")

    # NER: TurkuONE train; dev for model selection; all 18 types kept.
    files["ner_train"] = out / "ner" / "train.json"
    held_out = data.held_out_keys()
    write_ner_json([s for s in read_iob_tsv(shared / "turku-one" / "train.tsv")
                    if text_key("".join(t for t, _ in s)) not in held_out], files["ner_train"])
    files["ner_dev"] = out / "ner" / "dev.json"
    write_ner_json(read_iob_tsv(shared / "turku-one" / "dev.tsv"), files["ner_dev"])
    return files
