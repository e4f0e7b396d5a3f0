"""Voikko's lexicon as soft constraints inside Stanza's UPOS tagger and NER.

The bundled tagger has no pretrained word vectors, so on a word it rarely saw it leans on
capitals and endings (``Hankkeen`` -> PROPN, ``tehtävä`` -> ADJ).  Voikko knows the word
classes of the whole standard lexicon.  Before the tagger picks a tag, each tag Voikko
rules out for the word loses ``penalty`` from its score: a confident tagger still wins, a
hesitant one takes a tag the lexicon allows.  Because this happens inside the model, the
features and the lemmatizer are conditioned on the corrected tag.

Only NOUN, PROPN, ADJ and VERB are ever penalised.  Voikko's lexicon does not follow UD's
conventions for adverbs, pronouns and adpositions (``kerran`` is a noun form to Voikko,
``kaikki`` a noun); penalising those tags broke more than it fixed on the selection slice
of TDT dev (models/MODEL_CARD.md).
"""
from __future__ import annotations

PENALISED_UPOS = ("NOUN", "PROPN", "ADJ", "VERB")


class LexiconConstrainedTagger:
    """Wraps the UPOS classifier of a loaded ``stanza.Pipeline``'s pos processor.

    ``lexicon.allowed_upos(form)`` gives the UPOS tags the lexicon allows for a word form
    (empty when it does not know the word: no constraint then).  Setting ``penalty`` to 0
    turns the constraint off without reloading the pipeline.

    ``crf`` (a ``crf.CrfTagger`` of the ``upos`` task) adds ``crf_weight`` times the log of its tag
    marginals for each word to the tagger's scores: a product of the two taggers.
    """

    def __init__(self, nlp, lexicon, penalty: float, penalised=PENALISED_UPOS, crf=None, crf_weight: float = 0.0):
        import torch
        from torch.nn.utils.rnn import pack_padded_sequence

        self._torch, self._pack = torch, pack_padded_sequence
        self.penalty = penalty
        self.lexicon = lexicon
        self.crf, self.crf_weight = crf, crf_weight
        model = nlp.processors["pos"].trainer.model
        vocab = model.vocab["upos"]
        self._size = len(vocab)
        # a tag the CRF never saw (Stanza's padding and unknown entries) keeps the CRF's floor
        self._crf_index = {tag: vocab.unit2id(tag) for tag in (crf.labels if crf else []) if tag in vocab}
        self._penalised = {vocab.unit2id(tag): tag for tag in penalised if tag in vocab}
        self._rows: dict[str, object] = {}
        self._forward = model.forward
        self._bias = None
        model.upos_clf = _biased_classifier(model.upos_clf, self)
        model.forward = self._constrained_forward

    def _row(self, form: str):
        """The bias row of one word form: ``-1`` at each penalised tag the lexicon rules out."""
        row = self._rows.get(form)
        if row is None:
            allowed = self.lexicon.allowed_upos(form)
            row = self._torch.zeros(self._size)
            if allowed:
                for index, tag in self._penalised.items():
                    if tag not in allowed:
                        row[index] = -1.0
            if len(self._rows) < 500_000:
                self._rows[form] = row
        return row

    def _sentence_bias(self, words: list[str], length: int):
        bias = self._torch.zeros(length, self._size)
        if self.penalty:
            bias[:len(words)] += self.penalty * self._torch.stack([self._row(w) for w in words])
        if self.crf is not None and self.crf_weight:
            bias[:len(words)] += self.crf.score_rows(words, self._crf_index, self._size, self.crf_weight)
        return bias

    def _constrained_forward(self, word, word_mask, wordchars, wordchars_mask, tags, pretrained,
                             word_orig_idx, sentlens, wordlens, text):
        # ``text`` holds the batch's words in the same (length-sorted) order as ``word``;
        # the classifier sees the tagger's states packed the same way as the bias below.
        self._bias = None
        if self.penalty or (self.crf is not None and self.crf_weight):
            padded = self._torch.stack([self._sentence_bias(words, word.size(1)) for words in text])
            self._bias = self._pack(padded, sentlens, batch_first=True).data
        try:
            return self._forward(word, word_mask, wordchars, wordchars_mask, tags, pretrained,
                                 word_orig_idx, sentlens, wordlens, text)
        finally:
            self._bias = None


def _biased_classifier(classifier, constraint: LexiconConstrainedTagger):
    """The tagger's UPOS classifier plus the constraint's bias for the current batch (a
    ``torch.nn.Module``, as the model's attribute must be one)."""
    import torch

    class BiasedClassifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.classifier = classifier

        def forward(self, hidden):
            scores = self.classifier(hidden)
            bias = constraint._bias
            return scores if bias is None else scores + bias.to(scores.device)

    return BiasedClassifier()


class SentenceStartNameConstraint:
    """Wraps the NER model of a loaded ``stanza.Pipeline``: a sentence's first word that the
    lexicon knows only as a common word loses ``penalty`` from every PERSON tag.

    Without pretrained vectors the NER leans on capitals, and every sentence starts with
    one (``Ehdin``, ``Vene``, ``Arvioinnin`` were persons).  Only the first word is
    touched: elsewhere a capital is evidence of a name, and surnames Voikko knows as
    common nouns (``Repo``, ``Korpi``) stand inside sentences.  ``is_common(form)``: the
    lexicon's judgement.  Chosen on TurkuONE dev (models/MODEL_CARD.md).
    """

    def __init__(self, nlp, is_common, penalty: float, types=("PERSON",)):
        self.penalty = penalty
        self.is_common = is_common
        trainer = nlp.processors["ner"].trainers[0]
        tags = trainer.model.vocab["tag"].items(0)      # one tag column: B-/I-/E-/S-TYPE, O
        self._indices = [i for i, tag in enumerate(tags) if tag[:2] in ("B-", "I-", "E-", "S-") and tag[2:] in types]
        self._forward = trainer.model.forward
        trainer.model.forward = self._constrained_forward

    def _constrained_forward(self, sentences, *args, **kwargs):
        loss, logits, trans = self._forward(sentences, *args, **kwargs)
        if self.penalty and self._indices:
            for b, words in enumerate(sentences):     # words as strings, one list per sentence
                if words and self.is_common(words[0]):
                    logits[0][b, 0, self._indices] -= self.penalty
        return loss, logits, trans
