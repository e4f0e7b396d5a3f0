"""Measure the models on held-out data, the way the tool uses them.

* UPOS and lemma: the raw sentence text of UD TDT test and UD OOD test goes through
  the tool's own tokenizer, tagger, lemmatizer and lexicon; a gold word counts as
  right only if a predicted token has exactly its character span *and* the right tag
  (so tokenisation errors count against the score).  Gold lemmas are compared in
  standard Finnish spelling, as the tool writes them: TDT's compound marks removed
  (``viikon#loppu`` -> ``viikonloppu``) except where the word itself has a hyphen
  there (``osa#alue`` -> ``osa-alue``); see ``data.normalise_lemma``.
* NER: TurkuONE test, gold tokenisation, exact-span precision/recall/F1 per type.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from corpus_tool.components.lemma_lexicon import (STRATEGIES, UPOS_STRATEGIES, VoikkoLexicon, choose_feats,
                                                   choose_lemma, choose_upos)
from corpus_tool.components.stanza_analyser import (constrain_sentence_start_names, constrain_upos, convert,
                                                    crf_ner, ensemble_ner, load_stanza_pipeline)
from corpus_tool.document import AnalyzedDocument
from corpus_tool.scores import precision_recall_f1
from corpus_tool.training.data import HELD_OUT, Sentence, SharedData, read_conllu, read_iob_tsv

NER_TARGET_TYPES = ("PERSON", "ORG", "DATE", "MONEY")
SENTENCES_PER_TEXT = 10


@dataclass
class TaggingScores:
    name: str
    gold_words: int
    token_f1: float
    upos: float
    lemma: dict[str, float]   # per lemma strategy, on the tagger's UPOS
    upos_lexicon: dict[str, float]     # UPOS per lexicon UPOS strategy
    lemma_upos_lexicon: dict[str, dict[str, float]]  # per UPOS strategy but keep (= lemma), lemma per strategy
    feats: dict[str, float]            # UFeats exact, Case, Number: tagger alone and with the lexicon


def _texts(sentences: list[Sentence]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Join gold sentences into running texts (a space between sentences, as in a
    paragraph) and locate every gold word in them."""
    texts = []
    for i in range(0, len(sentences), SENTENCES_PER_TEXT):
        chunk = sentences[i:i + SENTENCES_PER_TEXT]
        text, spans = "", []
        for sentence in chunk:
            if text:
                text += " "
            raw = sentence.text
            cursor = 0
            base = len(text)
            for word in sentence.words:
                found = raw.find(word.form, cursor)
                if found < 0:  # a form that differs from the text; fall back to the cursor
                    found = cursor
                spans.append((base + found, base + found + len(word.form)))
                cursor = found + len(word.form)
            text += raw
        texts.append((text, spans))
    return texts


def evaluate_tagging(name: str, sentences: list[Sentence], nlp, lexicon: VoikkoLexicon | None,
                     upos_strategy: str = "keep") -> TaggingScores:
    """``upos_strategy``: the lexicon's UPOS step the features are measured after."""
    import stanza

    gold = [w for s in sentences for w in s.words]
    texts = _texts(sentences)
    results = nlp([stanza.Document([], text=t) for t, _ in texts])
    correct_upos = 0
    correct_lemma = Counter()
    correct_upos_lex = Counter()
    correct_lemma_lex: dict[str, Counter] = {s: Counter() for s in UPOS_STRATEGIES}
    correct_feats = Counter()
    predicted_count = 0
    matched = 0
    gold_iter = iter(gold)
    strategies = STRATEGIES if lexicon else ("stanza",)
    for (text, spans), result in zip(texts, results):
        doc = AnalyzedDocument(id=name, text=text)
        convert(result, doc)
        by_span = {(t.start, t.end): t for t in doc.tokens}
        predicted_count += len(by_span)
        for span in spans:
            word = next(gold_iter)
            token = by_span.get(span)
            if token is None:
                continue
            matched += 1
            correct_upos += token.upos == word.upos
            analyses = lexicon.analyses(token.text) if lexicon else ()
            for strategy in strategies:
                lemma = choose_lemma(token.text, token.upos, token.lemma, analyses, strategy,
                                     lexicon.is_lemma if lexicon else None)
                correct_lemma[strategy] += lemma == word.lemma
            if lexicon:
                for option in UPOS_STRATEGIES:
                    upos = choose_upos(token.upos, analyses, option, token.lemma)
                    correct_upos_lex[option] += upos == word.upos
                    if option == "keep":       # the tagger's UPOS: counted in correct_lemma above
                        continue
                    for strategy in strategies:
                        correct_lemma_lex[option][strategy] += choose_lemma(
                            token.text, upos, token.lemma, analyses, strategy, lexicon.is_lemma) == word.lemma
                corrected = choose_upos(token.upos, analyses, upos_strategy, token.lemma)
                lexicon_feats = choose_feats(corrected, token.feats, lexicon.inflections(token.text), "case_number")
                for label, feats in (("tagger", token.feats), ("lexicon", lexicon_feats)):
                    correct_feats[f"ufeats_{label}"] += (feats or "_") == word.feats
                    for key in ("Case", "Number"):
                        correct_feats[f"{key.lower()}_{label}"] += _feature(feats, key) == _feature(word.feats, key)
    _, _, f1 = precision_recall_f1(matched, predicted_count, len(gold))
    n = len(gold)
    return TaggingScores(name, n, f1, correct_upos / n, {s: correct_lemma[s] / n for s in strategies},
                         {s: correct_upos_lex[s] / n for s in correct_upos_lex},
                         {o: {s: c[s] / n for s in c} for o, c in correct_lemma_lex.items() if c},
                         {k: correct_feats[k] / n for k in sorted(correct_feats)})


def _feature(feats: str | None, key: str) -> str | None:
    if not feats or feats == "_":
        return None
    return dict(item.split("=", 1) for item in feats.split("|")).get(key)


def bio_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Exact spans (first, last token, type) from BIO or BIOES tags."""
    spans, start, kind = set(), None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix in ("I", "E") and kind == label and start is not None
        if not continues and start is not None:
            spans.add((start, i - 1, kind))
            start, kind = None, None
        if prefix in ("B", "S") or (prefix in ("I", "E") and start is None):
            start, kind = i, label
        if prefix in ("E", "S") and start is not None:
            spans.add((start, i, kind))
            start, kind = None, None
    return spans


def prf(gold: Counter, pred: Counter, hit: Counter, types) -> dict[str, float]:
    g, p, h = sum(gold[t] for t in types), sum(pred[t] for t in types), sum(hit[t] for t in types)
    precision, recall, f1 = precision_recall_f1(h, p, g)
    return {"precision": precision, "recall": recall, "f1": f1, "support": g}


def evaluate_ner(path: Path, models: str, ner_penalty: float = 0.0, ensemble: list[str] = (),
                 crf_weight: float = 0.0) -> dict:
    """Exact-span scores of the NER on an IOB file; ``ner_penalty``: the sentence-start
    lexicon constraint (``stanza_analyser.constrain_sentence_start_names``); ``ensemble``:
    extra NER models averaged with the default one (``stanza_analyser.ensemble_ner``);
    ``crf_weight``: the NER CRF's weight (``stanza_analyser.crf_ner``)."""
    gold_sentences = read_iob_tsv(path)
    nlp = load_stanza_pipeline(models, "tokenize,ner", tokenize_pretokenized=True)
    members = ensemble_ner(nlp, models, ensemble)
    with_crf = crf_ner(nlp, models, crf_weight)
    constrained = constrain_sentence_start_names(nlp, ner_penalty, with_crf.crf.lexicon if with_crf else None)
    doc = nlp([[tok for tok, _ in s] for s in gold_sentences])
    gold, pred, hit = Counter(), Counter(), Counter()
    for gold_sentence, sentence in zip(gold_sentences, doc.sentences):
        g = bio_spans([tag for _, tag in gold_sentence])
        p = bio_spans([t.ner for t in sentence.tokens])
        gold.update(t for *_, t in g)
        pred.update(t for *_, t in p)
        hit.update(t for *_, t in g & p)
    types = sorted(set(gold) | set(pred))
    return {"ner_lexicon_penalty": ner_penalty if constrained else 0.0, "ner_ensemble": members,
            "ner_crf_weight": crf_weight if with_crf else 0.0,
            "per_type": {t: prf(gold, pred, hit, [t]) for t in types},
            "micro_target_types": prf(gold, pred, hit, NER_TARGET_TYPES),
            "micro_all": prf(gold, pred, hit, types)}


def evaluate(shared: Path, models: str = "bundled", sets: tuple[str, ...] = ("tdt_test", "ood_test", "turkuone_test"),
             selection_file: Path | None = None, limit: int | None = None, upos_penalty: float = 0.0,
             ner_penalty: float = 0.0, upos_strategy: str = "keep", ner_selection_file: Path | None = None,
             ner_ensemble: list[str] = (), upos_crf_weight: float = 0.0, ner_crf_weight: float = 0.0) -> dict:
    """Scores on the held-out sets (and, if given, on the model-selection file).
    ``upos_penalty``, ``ner_penalty``: the lexicon constraints in the tagger and the NER;
    ``upos_strategy``: the lexicon's UPOS step after the tagger (features are measured after it);
    ``ner_selection_file``: an IOB model-selection file scored like TurkuONE test;
    ``ner_ensemble``: the extra NER models averaged with the default one;
    ``upos_crf_weight``, ``ner_crf_weight``: the CRFs' weights in the tagger and the NER (``crf``)."""
    data = SharedData(shared / "data")
    report: dict = {"models": models}
    tagging_sets = [s for s in sets if s != "turkuone_test"]
    if tagging_sets or selection_file:
        nlp = load_stanza_pipeline(models, "tokenize,pos,lemma")
        constraint = constrain_upos(nlp, upos_penalty, models=models, crf_weight=upos_crf_weight)
        report["upos_lexicon_penalty"] = upos_penalty if constraint else 0.0
        report["upos_crf_weight"] = constraint.crf_weight if constraint else 0.0
        try:
            lexicon = VoikkoLexicon()
        except Exception:
            lexicon = None
        named = [(s, data.evaluation(s)) for s in tagging_sets]
        if selection_file:
            named.append(("selection", read_conllu(selection_file)))
        for name, sentences in named:
            report[name] = evaluate_tagging(name, sentences[:limit] if limit else sentences, nlp, lexicon,
                                            upos_strategy).__dict__
    if ner_selection_file:
        report["ner_selection"] = evaluate_ner(ner_selection_file, models, ner_penalty, ner_ensemble, ner_crf_weight)
    if "turkuone_test" in sets:
        report["turkuone_test"] = evaluate_ner(shared / "data" / HELD_OUT["turkuone_test"], models, ner_penalty,
                                               ner_ensemble, ner_crf_weight)
    return report


def format_report(report: dict, strategy: str, upos_strategy: str = "keep") -> str:
    """The configured pipeline's figures first, then each alternative for comparison."""
    lines = [f"models: {report['models']}  (tagger's lexicon penalty {report.get('upos_lexicon_penalty', 0):g}, "
             f"CRF tagger weight {report.get('upos_crf_weight', 0):g}, "
             f"lemma strategy {strategy}, UPOS strategy {upos_strategy})"]
    for name in ("selection", "tdt_test", "ood_test"):
        if name in report:
            r = report[name]
            upos = r["upos_lexicon"].get(upos_strategy, r["upos"])
            lemma_table = r["lemma_upos_lexicon"].get(upos_strategy, r["lemma"])
            lemma = lemma_table.get(strategy, r["lemma"]["stanza"])
            alternatives = "  ".join(f"{s}={v:.2%}" for s, v in r["lemma"].items())
            alternatives_lex = "  ".join(f"{s}={v:.2%}" for s, v in lemma_table.items())
            lines.append(f"{name}: words={r['gold_words']} token_F1={r['token_f1']:.2%} UPOS={upos:.2%} "
                         f"lemma={lemma:.2%}")
            after = "  ".join(f"{s}={v:.2%}" for s, v in r["upos_lexicon"].items() if s != "keep")
            lines.append(f"    UPOS from the tagger={r['upos']:.2%}; with the lexicon's step after it: {after}")
            lines.append(f"    lemma on tagger UPOS: {alternatives}")
            if alternatives_lex:
                lines.append(f"    lemma on UPOS after {upos_strategy}: {alternatives_lex}")
            if r.get("feats"):
                f = r["feats"]
                lines.append(f"    features, tagger alone / with lexicon Case+Number: UFeats {f['ufeats_tagger']:.2%} / "
                             f"{f['ufeats_lexicon']:.2%}, Case {f['case_tagger']:.2%} / {f['case_lexicon']:.2%}, "
                             f"Number {f['number_tagger']:.2%} / {f['number_lexicon']:.2%}")
    for name in ("ner_selection", "turkuone_test"):
        if name not in report:
            continue
        ner = report[name]
        members = ", ".join(["default"] + ner.get("ner_ensemble", []))
        lines.append(f"{name} NER (exact spans; sentence-start lexicon penalty "
                     f"{ner.get('ner_lexicon_penalty', 0):g}; CRF weight {ner.get('ner_crf_weight', 0):g}; "
                     f"models {members}):  type  precision  recall  F1  support")
        for t, s in ner["per_type"].items():
            lines.append(f"  {t:<12} {s['precision']:.3f}  {s['recall']:.3f}  {s['f1']:.3f}  {s['support']}")
        m = ner["micro_target_types"]
        lines.append(f"  micro over {','.join(NER_TARGET_TYPES)}: P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}")
        m = ner["micro_all"]
        lines.append(f"  micro over all types: P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}")
    return "\n".join(lines)
