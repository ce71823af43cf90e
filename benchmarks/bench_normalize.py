"""Normalization throughput on the corpus text, and on the hard inputs of the issue.

    python benchmarks/bench_normalize.py

Inputs: all corpus documents joined (Unicode Vietnamese); the same text encoded
to TCVN3 and VNI as they arrive in Python (decoded with cp1252) and converted
back with ``legacy="auto"``; one 100,000-character "word"; the corpus five times over (about 5.6 MB). Best of 3.
"""
from __future__ import annotations

import sys

from common import ROOT, machine, table, timed

sys.path.insert(0, str(ROOT / "src"))


def main():
    from vntextkit.corpus import load_corpus
    from vntextkit.normalize import normalize, normalize_with_alignment
    from vntextkit.normalize.legacy_encodings import encode_legacy

    text = "\n\n".join(d["text"] for d in load_corpus())
    sample = text[:200_000]
    inputs = [
        ("corpus text, normalize", text, normalize),
        ("corpus text, normalize_with_alignment", text, normalize_with_alignment),
        ("200,000 characters as TCVN3 (cp1252 str), auto-detected", encode_legacy(normalize(sample), "tcvn3"), normalize),
        ("200,000 characters as VNI (cp1252 str), auto-detected", encode_legacy(normalize(sample), "vni"), normalize),
        ("one 100,000-character word", "a" * 100_000, normalize),
        ("the corpus text five times over", text * 5, normalize),
    ]
    rows = []
    for name, data, fn in inputs:
        _, seconds = timed(fn, data, repeat=3)
        mb = len(data.encode("utf-8", "surrogatepass")) / 1e6
        rows.append([name, f"{len(data):,}", seconds, mb / seconds])
    print(f"Normalization; {machine()}")
    print(table(["input", "characters", "seconds", "MB/s (UTF-8)"], rows))


if __name__ == "__main__":
    main()
