"""Print the counts table of data/README.md from data/corpus/corpus.jsonl.

    python data/corpus_counts.py
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from vntextkit.corpus import ENTITY_LABELS, TOPIC_LABELS, load_corpus  # noqa: E402

# a tone mark on the first vowel of oa/oe/uy with no final consonant: "hoà", "khoẻ", "thuỷ" (not "quý")
NEW_STYLE = re.compile(r"(?i)(?<![qQ])(?:o[àáảãạ]|o[èéẻẽẹ]|u[ỳýỷỹỵ])(?![^\W\d_])")


def main():
    docs = load_corpus()
    parts = {"all": docs, **{s: [d for d in docs if d["split"] == s] for s in ("train", "dev", "test")}}
    rows = [("documents", len)]
    rows += [(f"topic `{lab}`", lambda ds, lab=lab: sum(lab in d["topics"] for d in ds)) for lab in TOPIC_LABELS]
    rows += [("two or more topics", lambda ds: sum(len(d["topics"]) >= 2 for d in ds)),
             ("no topic", lambda ds: sum(not d["topics"] for d in ds))]
    rows += [(f"entity `{lab}`", lambda ds, lab=lab: sum(e["label"] == lab for d in ds for e in d["entities"]))
             for lab in ENTITY_LABELS]
    rows += [("persons with a role", lambda ds: sum("role" in e for d in ds for e in d["entities"])),
             ("roles written before the name",
              lambda ds: sum("role" in e and e["role_end"] <= e["start"] for d in ds for e in d["entities"])),
             ("characters", lambda ds: f"{sum(len(d['text']) for d in ds):,}")]
    print("| | " + " | ".join(parts) + " |")
    print("|---|" + "---|" * len(parts))
    for name, f in rows:
        print(f"| {name} | " + " | ".join(str(f(ds)) for ds in parts.values()) + " |")
    lengths = sorted(len(d["text"]) for d in docs)
    years = dict(sorted(Counter(d["date"][:4] for d in docs).items()))
    post = sum(d["date"] >= "2025-07-01" for d in docs)
    new_style = sum(bool(NEW_STYLE.search(d["text"])) for d in docs)
    print(f"\nText length {lengths[0]}-{lengths[-1]} characters (median {lengths[len(lengths) // 2]}).")
    print(f"Documents by year: {years}; {post} are dated on or after 1 July 2025 (post-reform map).")
    print(f"Outlet types: {dict(Counter(d['outlet_type'] for d in docs).most_common())}.")
    print(f"Documents with new-style tone marks (hoà, khoẻ, thuỷ): {new_style}.")
    provinces = {re.sub(r"\s*\(.*\)$", "", d["province"]) for d in docs}
    print(f"Provinces and cities named in the metadata: {len(provinces)}.")


if __name__ == "__main__":
    main()
