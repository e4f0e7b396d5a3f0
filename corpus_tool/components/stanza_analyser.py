"""Stanza Finnish pipeline: sentences, tokens, lemmas, UPOS, features and NER spans."""
from __future__ import annotations

import importlib.util
import logging
import re

from corpus_tool import modelstore
from corpus_tool.document import AnalyzedDocument, Entity, Sentence, Token
from corpus_tool.pipeline import Component


def load_stanza_pipeline(models: str = "bundled", processors: str = "tokenize,pos,lemma,ner", **kwargs):
    """A ``stanza.Pipeline`` over a models directory, never touching the network."""
    import stanza  # heavy: imported only when a pipeline is built

    logging.getLogger("stanza").setLevel(logging.WARNING)
    return stanza.Pipeline("fi", dir=str(modelstore.resolve(models)), processors=processors,
                           download_method=None, use_gpu=False, logging_level="WARN", **kwargs)


# A symbol or bracket with the sentence's full stop glued on (``€.``, ``%.``, ``).``).
_SYMBOLS_AND_PERIOD = re.compile(r"^[^\w.\s]+\.$")


def _voikko(processor: str, nlp, penalty: float, lexicon=None):
    """The Voikko lexicon for a constraint on ``processor`` (``lexicon`` when given, so that
    constraints share one cache of analyses); None when ``penalty`` is 0, the pipeline lacks
    the processor, or Voikko is not installed."""
    if not penalty or processor not in nlp.processors:
        return None
    if lexicon is not None:
        return lexicon
    from corpus_tool.components import lemma_lexicon

    if not lemma_lexicon.available():
        logging.getLogger(__name__).warning("Voikko is not installed: %s runs without the lexicon constraint",
                                            processor)
        return None
    return lemma_lexicon.VoikkoLexicon()


def constrain_upos(nlp, penalty: float, lexicon=None, models: str = "bundled", crf_weight: float = 0.0):
    """Voikko's word classes as a soft constraint in the pipeline's tagger, and the UPOS
    CRF's marginals times ``crf_weight`` (see ``tagger_lexicon``, ``crf``);
    nothing when both are off, the pipeline has no tagger, or Voikko is not installed."""
    lexicon = _voikko("pos", nlp, penalty or crf_weight, lexicon)
    if lexicon is None:
        return None
    from corpus_tool.components.tagger_lexicon import LexiconConstrainedTagger

    crf = crf_model("upos", models, lexicon) if crf_weight else None
    return _installed(lambda: LexiconConstrainedTagger(nlp, lexicon, penalty, crf=crf,
                                                       crf_weight=crf_weight if crf else 0.0), "pos")


def crf_ner(nlp, models: str, weight: float, lexicon=None):
    """The NER CRF's marginals times ``weight`` added to the NER's scores (see ``crf``);
    nothing when ``weight`` is 0, without NER, Voikko or the model."""
    lexicon = _voikko("ner", nlp, weight, lexicon)
    crf = crf_model("ner", models, lexicon) if lexicon is not None else None
    if crf is None:
        return None
    from corpus_tool.components.crf import CrfNerOpinion

    return _installed(lambda: CrfNerOpinion(nlp, crf, weight), "ner")


def crf_model(task: str, models: str, lexicon):
    """The CRF of ``task`` (``upos`` or ``ner``) in a models directory, or None with a
    warning when it, its feature version or python-crfsuite is missing."""
    import json

    from corpus_tool.components import crf

    path = modelstore.resolve(models) / "fi" / crf.TASK_DIRS[task] / crf.MODEL_FILE
    warn = logging.getLogger(__name__).warning
    if not crf.is_available():
        warn("python-crfsuite is not installed: the %s model runs without its CRF", task)
        return None
    if not path.exists():
        warn("no %s CRF in %s: the model runs without it", task, path.parent)
        return None
    sidecar = path.with_suffix(".json")
    version = json.loads(sidecar.read_text("utf-8")).get("feature_version") if sidecar.exists() else None
    if version != crf.FEATURE_VERSIONS[task]:
        warn("%s was trained with feature version %s, this code has %s: the model runs without it",
             path, version, crf.FEATURE_VERSIONS[task])
        return None
    return crf.CrfTagger(path, lexicon, task)


def constrain_sentence_start_names(nlp, penalty: float, lexicon=None):
    """A sentence's first word that Voikko knows only as a common word is less likely a
    PERSON to the NER (see ``tagger_lexicon``); nothing without NER or Voikko."""
    lexicon = _voikko("ner", nlp, penalty, lexicon)
    if lexicon is None:
        return None
    from corpus_tool.components.tagger_lexicon import SentenceStartNameConstraint

    return _installed(lambda: SentenceStartNameConstraint(nlp, lexicon.common_word, penalty), "ner")


def ensemble_ner(nlp, models: str, names) -> list[str]:
    """Average the pipeline's NER with the extra NER models ``names`` (package names:
    ``fi/ner/<name>.pt`` in the models directory; see ``ner_ensemble``).  A member the
    directory lacks (e.g. with ``--models official``) is left out with a warning; returns
    the names of the members in use."""
    if not names or "ner" not in nlp.processors:
        return []
    directory = modelstore.resolve(models) / "fi" / "ner"
    found = [name for name in names if (directory / f"{name}.pt").exists()]
    for name in sorted(set(names) - set(found)):
        logging.getLogger(__name__).warning("NER ensemble member %s not in %s: left out", name, directory)
    if not found:
        return []
    from corpus_tool.components.ner_ensemble import NerEnsemble

    ensemble = _installed(lambda: NerEnsemble(nlp, [directory / f"{name}.pt" for name in found]), "ner")
    return found if ensemble else []


def _installed(install, processor: str):
    """A constraint wraps Stanza's model internals; a model built differently (another
    Stanza version, other models) runs without it rather than failing."""
    try:
        return install()
    except (AttributeError, KeyError, IndexError, TypeError, ValueError) as exc:
        logging.getLogger(__name__).warning("%s runs without its lexicon constraint or ensemble (%s)",
                                            processor, exc)
        return None


def split_at_line_ends(doc):
    """A Stanza document whose sentences also end where a line was ended on purpose.

    Normalised report text keeps a line break only where the writer ended a short line
    (``normalise.ended_on_purpose``: table rows, attendee lists, addresses).  The tokenizer
    learnt from running prose and reads a whole attendee table as one sentence, in which
    the tagger and NER see a row's names run into the next row's (one 40-word "title").
    A sentence that ends with such a line is split after it."""
    import stanza

    from corpus_tool.normalise import ended_on_purpose

    text = doc.text
    if "\n" not in text:          # nothing to split: skip the conversion of every token
        return doc
    sentences, changed = [], False
    for sentence in doc.to_dict():
        current = []
        for token, following in zip(sentence, sentence[1:] + [None]):
            current.append(token)
            if following is None or "\n" not in text[token["end_char"]:following["start_char"]]:
                continue
            if ended_on_purpose(text[text.rfind("\n", 0, token["start_char"]) + 1:token["end_char"]]):
                sentences.append(current)
                current, changed = [], True
        if current:
            sentences.append(current)
    if not changed:
        return doc
    for sentence in sentences:
        for i, token in enumerate(sentence, 1):
            token["id"] = i
    return stanza.Document(sentences, text=text)


def _feats(value: str | None) -> str | None:
    return None if value in (None, "", "_") else value


def convert(stanza_doc, doc: AnalyzedDocument) -> None:
    """Copy a Stanza result into our document (Finnish has no multi-word tokens, so token == word)."""
    doc.sentences = []
    for sent in stanza_doc.sentences:
        tokens = []
        for tok in sent.tokens:
            word = tok.words[0]
            space_after = tok.spaces_after != "" if tok.spaces_after is not None else True
            if _SYMBOLS_AND_PERIOD.match(tok.text):
                # the tokenizer sometimes glues the full stop to a symbol before it; UD Finnish,
                # the data it learnt from, never has such a token: the stop is a token of its own
                symbol = tok.text[:-1]
                tokens.append(Token(text=symbol, start=tok.start_char, end=tok.end_char - 1, lemma=symbol,
                                    upos=word.upos, feats=None, space_after=False))
                tokens.append(Token(text=".", start=tok.end_char - 1, end=tok.end_char, lemma=".", upos="PUNCT",
                                    feats=None, space_after=space_after))
                continue
            tokens.append(Token(text=tok.text, start=tok.start_char, end=tok.end_char,
                                lemma=word.lemma, upos=word.upos, feats=_feats(word.feats), space_after=space_after))
        if tokens:
            doc.sentences.append(Sentence(tokens[0].start, tokens[-1].end, tokens))
    doc.entities = [Entity(type=ent.type, text=ent.text, start=ent.start_char, end=ent.end_char)
                    for ent in getattr(stanza_doc, "ents", [])]


class StanzaAnalyser(Component):
    """Stanza tokenizer, tagger, lemmatizer and NER (needs the stanza package and a models directory)."""

    name = "stanza"

    @classmethod
    def is_available(cls) -> bool:
        return importlib.util.find_spec("stanza") is not None

    def __init__(self, **settings):
        super().__init__(**settings)
        models = settings.get("models", "bundled")
        self.nlp = load_stanza_pipeline(models, settings.get("processors", "tokenize,pos,lemma,ner"))
        # the ensemble first: the CRF and the sentence-start constraint then act on the averaged scores
        self.ner_ensemble = ensemble_ner(self.nlp, models, settings.get("ner_ensemble", []))
        self.constraint = constrain_upos(self.nlp, float(settings.get("upos_lexicon_penalty", 0)), models=models,
                                         crf_weight=float(settings.get("upos_crf_weight", 0)))
        # one Voikko cache for all: the NER asks about the words the tagger asked about
        shared = self.constraint.lexicon if self.constraint else None
        self.ner_crf = crf_ner(self.nlp, models, float(settings.get("ner_crf_weight", 0)), shared)
        shared = shared or (self.ner_crf.crf.lexicon if self.ner_crf else None)
        self.ner_constraint = constrain_sentence_start_names(self.nlp, float(settings.get("ner_lexicon_penalty", 0)),
                                                             shared)

    def __call__(self, docs: list[AnalyzedDocument]) -> list[AnalyzedDocument]:
        import stanza

        todo = [d for d in docs if "error" not in d.meta]
        if todo:
            # One call per processor for the whole batch: Stanza batches sentences across documents.
            tokenized = self.nlp.process([stanza.Document([], text=d.text) for d in todo], processors="tokenize")
            tagged = self.nlp.process([split_at_line_ends(t) for t in tokenized],
                                      processors=[p for p in self.nlp.processors if p != "tokenize"])
            for doc, result in zip(todo, tagged):
                convert(result, doc)
        return docs
