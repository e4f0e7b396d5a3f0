"""Benchmark: `corpus-tool analyze` throughput on the seed reports, and a plain
``stanza.Pipeline`` over the same models and texts in the same run.

Writes ``bench/results/analyze_throughput.json``.  Timings exclude model loading,
which is reported separately.  Run with ``make bench``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from datetime import datetime, timezone
from pathlib import Path


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    parser.add_argument("--repeat", type=int, default=2, help="Passes over the texts; the best is reported.")
    args = parser.parse_args()

    import stanza
    import torch

    from corpus_tool import modelstore
    from corpus_tool.analyze import build_pipeline
    from corpus_tool.document import AnalyzedDocument

    texts = [p.read_text(encoding="utf-8") for p in sorted((args.shared / "seeds").glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no seed reports in {args.shared / 'seeds'}")

    pipeline, tool_load = timed(build_pipeline)
    best_tool, tokens = None, 0
    for _ in range(args.repeat):
        docs, seconds = timed(lambda: pipeline([AnalyzedDocument(id=str(i), text=t) for i, t in enumerate(texts)]))
        tokens = sum(len(d.tokens) for d in docs)
        best_tool = seconds if best_tool is None else min(best_tool, seconds)

    nlp, stanza_load = timed(lambda: stanza.Pipeline("fi", dir=str(modelstore.bundled_dir()), download_method=None,
                                                     processors="tokenize,pos,lemma,ner", use_gpu=False,
                                                     logging_level="WARN"))
    best_stanza = None
    for _ in range(args.repeat):
        _, seconds = timed(lambda: nlp([stanza.Document([], text=t) for t in texts]))
        best_stanza = seconds if best_stanza is None else min(best_stanza, seconds)

    result = {
        "benchmark": "analyze_throughput",
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(),
                    "python": platform.python_version(), "platform": platform.platform()},
        "corpus": {"documents": len(texts), "characters": sum(map(len, texts)), "tokens": tokens},
        "corpus_tool_analyze": {"load_seconds": round(tool_load, 2), "seconds": round(best_tool, 2),
                                "tokens_per_second": round(tokens / best_tool, 1),
                                "components": pipeline.names},
        "plain_stanza_pipeline": {"load_seconds": round(stanza_load, 2), "seconds": round(best_stanza, 2),
                                  "tokens_per_second": round(tokens / best_stanza, 1)},
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / "analyze_throughput.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
