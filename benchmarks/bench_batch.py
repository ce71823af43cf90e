"""Batch tagging throughput and memory, 1 and 2 processes, beside underthesea.

    python benchmarks/bench_batch.py [--docs 3000] [--underthesea-docs 300]

Runs ``vntextkit tag`` (topics and entities, shipped models) as a separate
process over a JSON Lines feed made of the corpus documents, cycled until
``--docs`` documents (the corpus has fewer distinct documents than that, so
later cycles repeat texts; the first-cycle rate is printed too), with
``--n-jobs 1`` and ``--n-jobs 2``. Wall time includes start-up and model
loading (a few seconds); the steady-state rows cancel it out by subtracting a
run over the first quarter of the feed. Peak memory is the largest total resident set of the command and its worker
processes together (sampled from /proc every 250 ms). underthesea's ``word_tokenize`` + ``ner`` run in this process over
the first ``--underthesea-docs`` documents of the same feed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, machine, table


def make_feed(path: Path, n: int) -> tuple[int, int]:
    docs = [json.loads(line) for line in (ROOT / "data" / "corpus" / "corpus.jsonl").open(encoding="utf-8")]
    syllables = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            d = docs[i % len(docs)]
            fh.write(json.dumps({"id": f"{d['id']}#{i // len(docs)}", "text": d["text"]}, ensure_ascii=False) + "\n")
            syllables += len(d["text"].split())
    return len(docs), syllables


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc
    (children lists, so a sample costs a few file reads, not a scan of /proc)."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return total / 1024


def run_cli(feed: Path, out: Path, n_jobs: int) -> tuple[float, float]:
    """Wall time and peak resident memory of the whole process tree (sampled every 250 ms)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "vntextkit", "tag", str(feed), "-o", str(out), "--n-jobs",
                             str(n_jobs), "--quiet", "--force"])
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.25)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"vntextkit tag failed with status {proc.returncode}")
    return seconds, peak


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--underthesea-docs", type=int, default=300)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        feed = tmp / "feed.jsonl"
        distinct, syllables = make_feed(feed, args.docs)
        first = tmp / "first.jsonl"
        make_feed(first, distinct)
        quarter = tmp / "quarter.jsonl"
        n_q = args.docs // 4
        _, syl_q = make_feed(quarter, n_q)
        rows = []
        t1, m1 = run_cli(feed, tmp / "o1.jsonl", 1)
        t2, m2 = run_cli(feed, tmp / "o2.jsonl", 2)
        q1, _ = run_cli(quarter, tmp / "q1.jsonl", 1)
        q2, _ = run_cli(quarter, tmp / "q2.jsonl", 2)
        tf, _ = run_cli(first, tmp / "of.jsonl", 1)
        assert (tmp / "o1.jsonl").read_bytes() == (tmp / "o2.jsonl").read_bytes()
        rows.append(["vntextkit tag, 1 process", args.docs, t1, args.docs / t1, syllables / t1, m1, 1.0])
        rows.append(["vntextkit tag, 2 processes", args.docs, t2, args.docs / t2, syllables / t2, m2, t1 / t2])
        # steady state: the extra documents of the full run over the quarter run, start-up cancelled out
        s1, s2 = (args.docs - n_q) / (t1 - q1), (args.docs - n_q) / (t2 - q2)
        rows.append(["  steady state (full run minus quarter run), 1 process", args.docs - n_q, t1 - q1, s1,
                     (syllables - syl_q) / (t1 - q1), None, 1.0])
        rows.append(["  steady state (full run minus quarter run), 2 processes", args.docs - n_q, t2 - q2, s2,
                     (syllables - syl_q) / (t2 - q2), None, s2 / s1])
        rows.append([f"vntextkit tag, 1 process, first {distinct} (distinct) docs", distinct, tf, distinct / tf,
                     None, None, None])

        from underthesea import ner, word_tokenize

        texts = [json.loads(line)["text"] for line in feed.open(encoding="utf-8")][: args.underthesea_docs]
        usyl = sum(len(t.split()) for t in texts)
        word_tokenize(texts[0])
        ner(texts[0])
        t0 = time.perf_counter()
        for t in texts:
            word_tokenize(t)
        tw = time.perf_counter() - t0
        t0 = time.perf_counter()
        for t in texts:
            ner(t)
        tn = time.perf_counter() - t0
        own = tree_rss_mb(os.getpid())
        rows.append(["underthesea word_tokenize, 1 process", len(texts), tw, len(texts) / tw, usyl / tw, None, None])
        rows.append(["underthesea ner, 1 process", len(texts), tn, len(texts) / tn, usyl / tn, own, None])
        rows.append(["underthesea word_tokenize + ner", len(texts), tw + tn, len(texts) / (tw + tn), usyl / (tw + tn),
                     own, None])
    print(f"Batch tagging (topics + entities); {machine()}")
    print(table(["run", "docs", "seconds", "docs/s", "syllables/s", "peak MB (all processes)", "speed-up"],
                rows).replace("None", "-"))
    print("underthesea's memory is this benchmark process after running it (it also holds the feed).")


if __name__ == "__main__":
    main()
