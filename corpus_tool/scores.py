"""Precision, recall and F1 from counts — one definition for every evaluation."""
from __future__ import annotations


def precision_recall_f1(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """0.0 where a ratio has nothing to divide by."""
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def rounded(correct: int, predicted: int, gold: int, digits: int = 4) -> dict[str, float]:
    precision, recall, f1 = precision_recall_f1(correct, predicted, gold)
    return {"precision": round(precision, digits), "recall": round(recall, digits), "f1": round(f1, digits)}
