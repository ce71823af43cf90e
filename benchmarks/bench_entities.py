"""Entity extraction: exact-span quality on the corpus test split beside
underthesea's ``ner``, role accuracy, recall on unseen names, and cost.

    python benchmarks/bench_entities.py

underthesea's PER/ORG/LOC spans are mapped to PERSON/ORG/LOC and placed in the
text by searching each of its tokens from the previous token's end; it has no
DOCUMENT label. Cost: entity extraction over already-tokenized documents as a
share of tokenization time, and underthesea's ner and word_tokenize over the
same documents.
"""
from __future__ import annotations

import sys

from common import ROOT, machine, table, timed

sys.path.insert(0, str(ROOT / "src"))

_MAP = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}


def underthesea_entities(text: str, ner) -> list[dict]:
    """underthesea ner output as character spans of ``text``."""
    spans = []
    pos = 0
    current = None
    for tok, _pos, _chunk, tag in ner(text):
        found = text.find(tok, pos)
        if found < 0:  # underthesea rewrote the token; give up placing it
            current = None
            continue
        start, end = found, found + len(tok)
        pos = end
        label = _MAP.get(tag[2:]) if tag != "O" else None
        if tag.startswith("B-") and label:
            current = {"start": start, "end": end, "label": label}
            spans.append(current)
        elif tag.startswith("I-") and label and current and current["label"] == label:
            current["end"] = end
        else:
            current = None
    for s in spans:
        s["text"] = text[s["start"] : s["end"]]
    return spans


def main():
    from underthesea import ner, word_tokenize

    from vntextkit.corpus import load_corpus
    from vntextkit.entities import LABELS, load_recognizer, span_metrics
    from vntextkit.tokenize import analyze_text

    test = load_corpus(split="test")
    train = load_corpus(split="train")
    seen = {(e["label"], e["text"]) for d in train for e in d["entities"]}
    rec = load_recognizer()
    texts = [d["text"] for d in test]
    gold = [d["entities"] for d in test]

    ours = [[e.to_dict() for e in rec.recognize(t)] for t in texts]
    ner(texts[0])
    theirs = [underthesea_entities(t, ner) for t in texts]
    m_ours = span_metrics(gold, ours, seen)
    m_theirs = span_metrics(gold, theirs, seen)

    print(f"Entities, corpus test split: {len(test)} documents; {machine()}")
    rows = []
    for lab in LABELS:
        o, u = m_ours["per_label"][lab], m_theirs["per_label"][lab]
        rows.append([lab, o["support"], o["precision"], o["recall"], o["f1"], u["precision"], u["recall"], u["f1"]])
    rows.append(["micro", "", "", "", m_ours["micro_f1"], "", "", m_theirs["micro_f1"]])
    print(table(["label", "gold", "vntextkit P", "vntextkit R", "vntextkit F1", "underthesea P", "underthesea R",
                 "underthesea F1"], rows))
    print(f"\nroles right for {m_ours['role_accuracy']:.1%} of {m_ours['persons_with_role']} gold persons with a role")
    print(f"recall on the {m_ours['unseen_entities']} test entities whose text never occurs in training: "
          f"vntextkit {m_ours['unseen_recall']:.3f}, underthesea {m_theirs['unseen_recall']:.3f}")

    analyses, t_tok = timed(lambda: [analyze_text(t) for t in texts], repeat=3)
    _, t_batch = timed(lambda: rec.recognize_many(analyses), repeat=3)
    _, t_one = timed(lambda: [rec.recognize(a) for a in analyses], repeat=3)
    _, t_uws = timed(lambda: [word_tokenize(t) for t in texts], repeat=1)
    _, t_uner = timed(lambda: [ner(t) for t in texts], repeat=1)
    print(f"\nCost over the {len(texts)} test documents (vntextkit: best of 3):")
    print(table(["step", "seconds", "share of vntextkit tokenization"],
                [["vntextkit tokenization (normalize + segment)", t_tok, 1.0],
                 ["vntextkit entities, all documents in one batch (pipe, tag)", t_batch, t_batch / t_tok],
                 ["vntextkit entities, one document at a time (analyze)", t_one, t_one / t_tok],
                 ["underthesea word_tokenize", t_uws, t_uws / t_tok], ["underthesea ner", t_uner, t_uner / t_tok]]))


if __name__ == "__main__":
    main()
