"""Topic tagging: quality on the corpus test split, cross-validation, and cost.

    python benchmarks/bench_topics.py [--folds 5]

1. The shipped model (models/topics) on the test split, beside the keyword
   baseline of keyword_baseline.py: per-label precision/recall/F1, macro-F1, and
   how often a document with no topic is given one.
2. K-fold cross-validation of a fresh TopicClassifier on train+dev.
3. Cost: time of topic prediction over already-tokenized test documents as a
   share of the time tokenization takes for the same documents; model load time.
"""
from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from common import ROOT, machine, table, timed

sys.path.insert(0, str(ROOT / "src"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)

    from keyword_baseline import predict as keyword_predict
    from sklearn.model_selection import KFold

    from vntextkit.corpus import TOPIC_LABELS, load_corpus
    from vntextkit.model_store import load_model, models_dir
    from vntextkit.tokenize import analyze_text
    from vntextkit.topics import TopicClassifier, metrics
    from vntextkit.topics.features import from_analysis

    test = load_corpus(split="test")
    train_dev = load_corpus(split="train") + load_corpus(split="dev")
    labels = list(TOPIC_LABELS)

    t0 = time.perf_counter()
    model, card = load_model(models_dir() / "topics", "topics")
    load_s = time.perf_counter() - t0

    gold = [d["topics"] for d in test]
    m_model = metrics(gold, model.predict_labels([d["text"] for d in test]), labels)
    m_kw = metrics(gold, [keyword_predict(d["text"]) for d in test], labels)

    print(f"Topic tagging, corpus test split: {len(test)} documents; {machine()}")
    rows = []
    for name, m in (("vntextkit TopicClassifier", m_model), ("keyword baseline", m_kw)):
        rows.append([name] + [m["per_label"][lab]["f1"] for lab in labels]
                    + [m["macro_f1"], m["micro_f1"], m["no_topic_false_positive_rate"]])
    print(table(["model"] + [f"F1 {lab}" for lab in labels] + ["macro F1", "micro F1", "no-topic docs tagged"], rows))

    print(f"\n{args.folds}-fold cross-validation on train+dev ({len(train_dev)} documents), fresh estimator per fold:")
    texts = np.array([d["text"] for d in train_dev], dtype=object)
    ys = [d["topics"] for d in train_dev]
    fold_rows = []
    for k, (tr, te) in enumerate(KFold(args.folds, shuffle=True, random_state=0).split(texts)):
        clf = TopicClassifier(labels=labels).fit(list(texts[tr]), [ys[i] for i in tr])
        m = metrics([ys[i] for i in te], clf.predict_labels(list(texts[te])), labels)
        fold_rows.append([m["per_label"][lab]["f1"] for lab in labels] + [m["macro_f1"], m["no_topic_false_positive_rate"]])
    arr = np.array(fold_rows, dtype=float)
    print(table(["fold"] + [f"F1 {lab}" for lab in labels] + ["macro F1", "no-topic docs tagged"],
                [[str(i + 1), *row] for i, row in enumerate(arr.tolist())]
                + [["mean", *arr.mean(0).tolist()], ["std", *arr.std(0).tolist()]]))

    texts = [d["text"] for d in test]
    analyses, t_tok = timed(lambda: [analyze_text(t) for t in texts], repeat=3)
    feats = [from_analysis(a) for a in analyses]
    _, t_topics = timed(lambda: [model.predict_proba([f]) for f in feats], repeat=3)
    print(f"\nCost over the {len(texts)} test documents (best of 3):")
    print(table(["step", "seconds", "ms per document", "share of tokenization"],
                [["tokenization (normalize + segment)", t_tok, 1000 * t_tok / len(texts), 1.0],
                 ["topic prediction (given tokens)", t_topics, 1000 * t_topics / len(texts), t_topics / t_tok],
                 ["model load (joblib + SHA-256 check)", load_s, None, None]]).replace("None", "-"))


if __name__ == "__main__":
    main()
