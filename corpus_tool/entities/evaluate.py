"""Entity evaluation against a gold file of normalised values.

The gold file (``corpus/gold/entities.jsonl``) lists every PERSON, ORG, DATE and MONEY
mention of some reports with its normalised value; offsets index the report's text as
``corpus-tool ingest`` normalises it, before OCR repair (an OCR-damaged report's gold
keeps the damaged spelling in ``text`` and the correct one in ``norm``).  Each report goes
through the ingest path (read, normalise, repair, analyse per passage); per type,
precision, recall and F1 count (type, norm) pairs per document as multisets, so a mention
found with the wrong value counts as one false positive and one false negative.  Roles of
persons and exact spans are reported beside.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from corpus_tool.scores import rounded

TYPES = ("PERSON", "ORG", "DATE", "MONEY")


def read_gold(path: Path) -> dict[str, list[dict]]:
    by_source: dict[str, list[dict]] = defaultdict(list)
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            item = json.loads(line)
            by_source[item["source"]].append(item)
    return dict(by_source)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    return {**rounded(tp, n_pred, n_gold), "gold": n_gold, "predicted": n_pred, "correct": tp}


def predicted_entities(record) -> list[dict]:
    """Entities of an ingested DocumentRecord, with offsets into its text as normalised
    before OCR repair (the text the gold file indexes; repair may change word lengths)."""
    out = []
    shift = 0          # how much longer the repaired text is than the original, before this passage
    for passage in record.passages:
        analysis = passage.analysis
        if analysis is None:
            continue
        start = passage.start - shift
        for e in analysis.entities:
            out.append({"type": e.type, "start": start + _before_repair(e.start, analysis.repairs),
                        "end": start + _before_repair(e.end, analysis.repairs),
                        "text": e.text, "norm": e.norm, "role": e.extra.get("role")})
        if analysis.original_text is not None:
            shift += len(analysis.text) - len(analysis.original_text)
    return out


def _before_repair(offset: int, repairs) -> int:
    """An offset into a repaired text mapped to the text before repair."""
    shift = 0
    for r in sorted(repairs, key=lambda r: r.text_start):
        if r.text_end <= offset:
            shift += (r.text_end - r.text_start) - (r.end - r.start)
        elif r.text_start < offset:                 # inside a repaired word: its original end
            return r.end
    return offset - shift


def score(gold: dict[str, list[dict]], predicted: dict[str, list[dict]], skip_borderline: bool = False) -> dict:
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    span_tp = Counter()
    role_right = role_total = 0
    errors = []
    for source, gold_items in gold.items():
        if skip_borderline:
            gold_items = [g for g in gold_items if not (g.get("note") or "").startswith("BORDERLINE")]
        pred_items = [p for p in predicted.get(source, []) if p["type"] in TYPES]
        g = Counter((x["type"], x["norm"]) for x in gold_items)
        p = Counter((x["type"], x["norm"]) for x in pred_items)
        for (kind, _), n in (g & p).items():
            tp[kind] += n
        n_gold.update(k for k, _ in g.elements())
        n_pred.update(k for k, _ in p.elements())
        gs = {(x["type"], x["start"], x["end"]) for x in gold_items}
        span_tp.update(k for k, *_ in gs & {(x["type"], x["start"], x["end"]) for x in pred_items})
        pred_roles = Counter((x["norm"], x.get("role")) for x in pred_items if x["type"] == "PERSON")
        gold_roles = Counter((x["norm"], x.get("role")) for x in gold_items if x["type"] == "PERSON")
        persons_found = Counter(x["norm"] for x in pred_items if x["type"] == "PERSON") & \
            Counter(x["norm"] for x in gold_items if x["type"] == "PERSON")
        role_total += sum(persons_found.values())
        role_right += sum((pred_roles & gold_roles).values())
        wrong_roles = [f"{name}: {role or '-'} (gold {gold_role or '-'})"
                       for name, role in (pred_roles - gold_roles).elements() if name in persons_found
                       for gold_name, gold_role in (gold_roles - pred_roles).elements() if gold_name == name]
        errors += [{"source": source, "missed": [f"{k}:{v}" for (k, v) in (g - p).elements()],
                    "spurious": [f"{k}:{v}" for (k, v) in (p - g).elements()],
                    "wrong_roles": sorted(set(wrong_roles))}]
    report = {t: _prf(tp[t], n_pred[t], n_gold[t]) for t in TYPES}
    report["micro"] = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    report["exact_spans_micro"] = _prf(sum(span_tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    report["person_role_accuracy"] = round(role_right / role_total, 4) if role_total else None
    report["errors"] = errors
    return report


def evaluate(gold_file: Path, reports_dir: Path, ingester) -> dict:
    """Run every gold report through ``ingester.build_record`` and score it.  Gold offsets
    index the report's text as normalised, before OCR repair; a gold mention that does
    not match that text is an error naming it."""
    from corpus_tool.extract import read_document
    from corpus_tool.normalise import normalise

    gold = read_gold(gold_file)
    predicted = {}
    for source in gold:
        path = reports_dir / source
        record = ingester.build_record(path, "")
        text = normalise(read_document(path).pages, ingester.lexicon).text     # before repair
        for item in gold[source]:
            if text[item["start"]:item["end"]] != item["text"]:
                raise ValueError(f"{gold_file}: {source} {item['start']}-{item['end']} is "
                                 f"{text[item['start']:item['end']]!r}, not {item['text']!r}")
        predicted[source] = predicted_entities(record)
    return {"documents": sorted(gold), "all": score(gold, predicted),
            "without_borderline": score(gold, predicted, skip_borderline=True)}
