"""Theme tagging: taxonomy, labelled passages, the classifier, its evaluation and storage."""
