"""Assign every corpus document to train, dev or test (about 70/15/15) and
write ``data/corpus/splits.json``.

Stratified by topic label set: documents are grouped by their exact set of
topics, each group is shuffled with a fixed seed and dealt out in the 70/15/15
proportion, so every label and every label combination appears in every split.
Run when documents are added (then ``python data/compile_corpus.py``); the file is committed so that every
reported figure is reproducible.

    python data/make_splits.py
"""
from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compile_corpus import SRC, compile_part  # noqa: E402

SEED = 20261127
FRACTIONS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))


def assign(docs):
    groups = defaultdict(list)
    for d in docs:
        groups[tuple(sorted(d["topics"]))].append(d["id"])
    rng = random.Random(SEED)
    out = {name: [] for name, _ in FRACTIONS}
    for key in sorted(groups):
        ids = sorted(groups[key])
        rng.shuffle(ids)
        n = len(ids)
        n_dev = round(n * 0.15)
        n_test = round(n * 0.15)
        out["test"] += ids[:n_test]
        out["dev"] += ids[n_test : n_test + n_dev]
        out["train"] += ids[n_test + n_dev :]
    return {k: sorted(v) for k, v in out.items()}


def main():
    docs = [d for path in sorted(SRC.glob("part_*.txt")) for d in compile_part(path)]
    splits = assign(docs)
    path = HERE / "corpus" / "splits.json"
    path.write_text(json.dumps({"seed": SEED, **splits}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print({k: len(v) for k, v in splits.items()}, "->", path.relative_to(HERE.parent))


if __name__ == "__main__":
    main()
