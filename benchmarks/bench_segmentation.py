"""Word segmentation quality and speed on UD Vietnamese-VTB dev, beside underthesea.

    python benchmarks/bench_segmentation.py [--limit N]

Words are compared as character spans over the sentence with whitespace
removed, so spelling rewrites (underthesea turns "Hoà" into "Hòa", "10%" into
"10 %") do not count as errors. "multi" counts only words of two or more
syllables. Throughput is syllables per second over the same sentences, one call
per sentence for both tools, after a warm-up.
"""
from __future__ import annotations

import argparse
import difflib
import sys

from common import UD_VTB, machine, prf, require, table, timed


def read_conllu(path):
    sents = []
    text, words = None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            text = line[len("# text = ") :]
        elif not line.strip():
            if text is not None and words:
                sents.append((text, words))
            text, words = None, []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                words.append(cols[1])
    if text is not None and words:
        sents.append((text, words))
    return sents


def spans_of_words(words):
    """Spans over the concatenation of the words' non-whitespace characters."""
    out, pos = [], 0
    for w in words:
        n = sum(1 for c in w if not c.isspace())
        out.append((pos, pos + n, any(c.isspace() for c in w.strip())))
        pos += n
    return out, pos


def spans_by_offsets(text, tokens):
    """Spans of tokens given by offsets into ``text``, in non-whitespace characters."""
    idx = []
    count = 0
    for c in text:
        idx.append(count)
        if not c.isspace():
            count += 1
    idx.append(count)
    return [(idx[t.start], idx[t.end], " " in t.text) for t in tokens if idx[t.end] > idx[t.start]]


def realign(pred_words, reference_chars):
    """Map spans of rewritten words onto the reference's non-whitespace characters."""
    spans, total = spans_of_words(pred_words)
    pred_chars = "".join(c for w in pred_words for c in w if not c.isspace())
    if total == len(reference_chars):
        return spans
    mapping = {}
    sm = difflib.SequenceMatcher(None, pred_chars, reference_chars, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        for k in range(i2 - i1 + 1):
            mapping.setdefault(i1 + k, j1 + min(k, j2 - j1))
    return [(mapping[s], mapping[e], m) for s, e, m in spans]


def score(gold_sets, pred_sets):
    rows = {}
    for name, only_multi in (("all words", False), ("multi-syllable words", True)):
        tp = n_pred = n_gold = 0
        for gold, pred in zip(gold_sets, pred_sets):
            g = {(s, e) for s, e, m in gold if m or not only_multi}
            p = {(s, e) for s, e, m in pred if m or not only_multi}
            tp += len(g & p)
            n_pred += len(p)
            n_gold += len(g)
        rows[name] = prf(tp, n_pred, n_gold)
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(UD_VTB / "vi_vtb-ud-dev.conllu"))
    ap.add_argument("--limit", type=int, default=0, help="use only the first N sentences")
    args = ap.parse_args(argv)
    from pathlib import Path

    sents = read_conllu(require(Path(args.data)))
    if args.limit:
        sents = sents[: args.limit]
    texts = [t for t, _ in sents]
    n_syll = sum(len(t.split()) for t in texts)

    import vntextkit
    from underthesea import word_tokenize

    vntextkit.tokenize(texts[0])
    word_tokenize(texts[0])

    ours, t_ours = timed(lambda: [vntextkit.tokenize(t) for t in texts], repeat=2)
    theirs, t_theirs = timed(lambda: [word_tokenize(t) for t in texts], repeat=2)

    gold_sets = [spans_of_words(w)[0] for _, w in sents]
    ours_sets = [spans_by_offsets(t, toks) for t, toks in zip(texts, ours)]
    ref_chars = ["".join(c for c in t if not c.isspace()) for t in texts]
    theirs_sets = [realign(w, r) for w, r in zip(theirs, ref_chars)]

    s_ours = score(gold_sets, ours_sets)
    s_theirs = score(gold_sets, theirs_sets)
    rows = []
    for tool, s, t in (("vntextkit.tokenize", s_ours, t_ours), ("underthesea.word_tokenize", s_theirs, t_theirs)):
        p, r, f = s["all words"]
        mp, mr, mf = s["multi-syllable words"]
        rows.append([tool, p, r, f, mp, mr, mf, n_syll / t])
    print(f"UD Vietnamese-VTB dev: {len(sents)} sentences, {n_syll:,} syllables; {machine()}")
    print(table(["tool", "P", "R", "F1", "multi P", "multi R", "multi F1", "syllables/s"], rows))


if __name__ == "__main__":
    sys.exit(main())
