"""The ``vntextkit`` command.

Exit codes (all sub-commands):
  0  success
  1  finished, but some records could not be processed (see OUTPUT.errors.jsonl)
  2  bad command line
  3  bad or missing input data, or the output exists (use --force or --resume)
  4  a model is missing, corrupt or incompatible
  130 interrupted (Ctrl-C); rerun with --resume to finish
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from . import __version__

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_DATA, EXIT_MODEL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130

log = logging.getLogger("vntextkit")

_EPILOG = """examples:
  vntextkit tag data/examples/feed.jsonl -o tagged.jsonl
  vntextkit tag articles/ -o tagged.csv --n-jobs 2
  cat feed.jsonl | vntextkit tag - -o tagged.jsonl --fields id,topics
  vntextkit train-topics --data my_labels.jsonl --out models/my_topics
  vntextkit evaluate-topics --model models/my_topics --data my_test.jsonl
  vntextkit report tagged.jsonl -o report.html

exit codes: 0 ok, 1 some records failed, 2 bad command line, 3 bad input or
output exists, 4 model missing/corrupt/incompatible, 130 interrupted
"""


def _formatter(prog):
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="vntextkit", description="Vietnamese text analysis for local Party and "
                                 "government news.", epilog=_EPILOG, formatter_class=_formatter)
    ap.add_argument("--version", action="version", version=f"vntextkit {__version__}")
    ap.add_argument("-v", "--verbose", action="store_true", help="log more to standard error")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    tag = sub.add_parser("tag", help="tag many articles with topics and entities", formatter_class=_formatter,
                         description="Tag articles with topics and entities; one output or error record per input record.",
                         epilog="""examples:
  vntextkit tag feed.jsonl -o tagged.jsonl
  vntextkit tag a.jsonl b.csv articles/ -o tagged.jsonl --n-jobs 2
  vntextkit tag feed.jsonl -o tagged.jsonl --resume      # finish a killed run
  vntextkit tag feed.jsonl -o tagged.csv --fields id,topics,topic_scores
  vntextkit tag feed.jsonl -o tagged.jsonl --scheduler tcp://10.0.0.5:8786

Inputs: JSON Lines (.jsonl), CSV (.csv), a .txt file (one document), a folder of
.txt files, or - for JSON Lines on standard input. Records that cannot be
processed go to OUTPUT.errors.jsonl with input name, line and reason.
exit codes: 0 all tagged, 1 some records failed, 3 bad input or output exists""")
    tag.add_argument("inputs", nargs="+", metavar="INPUT")
    tag.add_argument("-o", "--output", required=True, help="output file (.jsonl, or .csv for CSV)")
    tag.add_argument("--format", choices=["jsonl", "csv"], help="output format (default: from the output name)")
    tag.add_argument("--fields", help="comma-separated output fields to keep (e.g. id,topics,entities)")
    tag.add_argument("--text-field", default="text", help="field or column holding the text (default: text)")
    tag.add_argument("--id-field", default="id", help="field or column holding the id (default: id; generated "
                     "from file name and line when absent)")
    tag.add_argument("--n-jobs", type=int, default=1, help="worker processes (default: 1)")
    tag.add_argument("--scheduler", help="address of a running dask.distributed scheduler")
    tag.add_argument("--chunk-size", type=int, default=64, help="documents per chunk (default: 64)")
    tag.add_argument("--max-chars", type=int, default=1_000_000, help="longest text accepted (default: 1000000)")
    tag.add_argument("--resume", action="store_true", help="finish an interrupted run, keeping finished chunks")
    tag.add_argument("--force", action="store_true", help="overwrite an existing output")
    tag.add_argument("--quiet", action="store_true", help="no progress bar")
    tag.add_argument("--no-topics", action="store_true", help="skip topic tagging")
    tag.add_argument("--no-entities", action="store_true", help="skip entity extraction")

    tt = sub.add_parser("train-topics", help="train a topic model on a labelled JSON Lines file",
                        formatter_class=_formatter, epilog="""examples:
  vntextkit train-topics --data data/corpus/topics.jsonl --out models/topics
  vntextkit train-topics --data my.jsonl --out my_model --labels economy,culture

Each line: {"id": ..., "text": ..., "topics": [...], "split": "train"|"dev"|"test"}
(split optional; dev records choose thresholds, test records are only evaluated).""")
    tt.add_argument("--data", required=True)
    tt.add_argument("--out", required=True)
    tt.add_argument("--labels", help="comma-separated label set (default: the labels in the data)")
    tt.add_argument("--C", type=float, default=4.0, help="inverse regularization (default: 4.0)")

    et = sub.add_parser("evaluate-topics", help="per-label P/R/F1 of a topic model", formatter_class=_formatter,
                        epilog="""examples:
  vntextkit evaluate-topics --model models/topics --data data/corpus/topics.jsonl --split test""")
    et.add_argument("--model", required=True)
    et.add_argument("--data", required=True)
    et.add_argument("--split", choices=["train", "dev", "test"])
    et.add_argument("--json", action="store_true", help="print the metrics as JSON")

    te = sub.add_parser("train-entities", help="train the entity recognizer on the annotated corpus",
                        formatter_class=_formatter, epilog="""examples:
  vntextkit train-entities --data data/corpus/corpus.jsonl --splits data/corpus/splits.json --out models/entities""")
    te.add_argument("--data", required=True)
    te.add_argument("--splits", help="splits.json (default: train on every document)")
    te.add_argument("--out", required=True)

    ee = sub.add_parser("evaluate-entities", help="exact-span P/R/F1 of an entity model", formatter_class=_formatter,
                        epilog="""examples:
  vntextkit evaluate-entities --model models/entities --data data/corpus/corpus.jsonl --splits data/corpus/splits.json --split test""")
    ee.add_argument("--model", required=True)
    ee.add_argument("--data", required=True)
    ee.add_argument("--splits")
    ee.add_argument("--split", choices=["train", "dev", "test"])
    ee.add_argument("--json", action="store_true")

    rp = sub.add_parser("report", help="a self-contained HTML report of tagged records", formatter_class=_formatter,
                        epilog="""examples:
  vntextkit report tagged.jsonl -o report.html""")
    rp.add_argument("tagged")
    rp.add_argument("-o", "--output", required=True)
    rp.add_argument("--texts", help="the input JSON Lines (to show texts with entities highlighted)")
    rp.add_argument("--title", default="vntextkit report")
    return ap


def _cmd_tag(args) -> int:
    from .batch.readers import InputError
    from .batch.runner import OutputExistsError, tag_files

    fields = [f.strip() for f in args.fields.split(",")] if args.fields else None
    try:
        summary = tag_files(args.inputs, args.output, fmt=args.format, fields=fields, n_jobs=args.n_jobs,
                            scheduler=args.scheduler, chunk_size=args.chunk_size, resume=args.resume,
                            force=args.force, quiet=args.quiet, text_field=args.text_field, id_field=args.id_field,
                            max_chars=args.max_chars, topics=not args.no_topics, entities=not args.no_entities)
    except (InputError, OutputExistsError) as exc:
        log.error("%s", exc)
        return EXIT_DATA
    rate = summary.records / summary.seconds if summary.seconds else 0.0
    log.info("%d records: %d tagged, %d failed in %.1f s (%.1f docs/s) -> %s", summary.records, summary.tagged,
             summary.failed, summary.seconds, rate, summary.output)
    if summary.failed:
        log.warning("%d record(s) could not be processed; see %s", summary.failed, summary.errors_output)
        return EXIT_PARTIAL
    return EXIT_OK


def _cmd_train_topics(args) -> int:
    from .topics import format_metrics, train_topics

    labels = [x.strip() for x in args.labels.split(",")] if args.labels else None
    clf = train_topics(args.data, args.out, labels=labels, C=args.C)
    card = _print_card_metrics(args.out, format_metrics)
    print(f"saved {args.out}; labels {list(clf.classes_)}; thresholds {card['thresholds']}")
    return EXIT_OK


def _print_card_metrics(model_dir, formatter) -> dict:
    """Print the dev and test metrics recorded in a model card; return the card."""
    from .model_store import read_card

    card = read_card(model_dir)
    for split, m in card["metrics"].items():
        print(f"{split}:\n{formatter(m)}\n")
    return card


def _cmd_evaluate_topics(args) -> int:
    from .topics import evaluate_topics, format_metrics

    m = evaluate_topics(args.model, args.data, split=args.split)
    print(json.dumps(m, ensure_ascii=False, indent=2) if args.json else format_metrics(m))
    return EXIT_OK


def _corpus_docs(data, splits, split):
    from .corpus import load_corpus

    return load_corpus(data, split=split, splits_path=splits) if split else load_corpus(data)


def _cmd_train_entities(args) -> int:
    from .entities import format_span_metrics, train_entities

    if args.splits:
        train = _corpus_docs(args.data, args.splits, "train")
        dev = _corpus_docs(args.data, args.splits, "dev")
        test = _corpus_docs(args.data, args.splits, "test")
    else:
        train, dev, test = _corpus_docs(args.data, None, None), None, None
    train_entities(train, args.out, dev_docs=dev, test_docs=test)
    _print_card_metrics(args.out, format_span_metrics)
    print(f"saved {args.out} ({len(train)} training documents)")
    return EXIT_OK


def _cmd_evaluate_entities(args) -> int:
    from .entities import evaluate_recognizer, format_span_metrics, load_recognizer

    docs = _corpus_docs(args.data, args.splits, args.split)
    train = _corpus_docs(args.data, args.splits, "train") if args.splits else None
    m = evaluate_recognizer(load_recognizer(args.model), docs, train)
    print(json.dumps(m, ensure_ascii=False, indent=2) if args.json else format_span_metrics(m))
    return EXIT_OK


def _cmd_report(args) -> int:
    from .report import write_report

    n = write_report(args.tagged, args.output, texts=args.texts, title=args.title)
    log.info("report of %d documents -> %s", n, args.output)
    return EXIT_OK


COMMANDS = {"tag": _cmd_tag, "train-topics": _cmd_train_topics, "evaluate-topics": _cmd_evaluate_topics,
            "train-entities": _cmd_train_entities, "evaluate-entities": _cmd_evaluate_entities,
            "report": _cmd_report}


def _setup_logging(verbose: bool) -> None:
    """Logs go to standard error, never into the output."""
    for h in list(log.handlers):
        if getattr(h, "_vntextkit", False):
            log.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("vntextkit: %(levelname)s: %(message)s"))
    handler._vntextkit = True
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if verbose else logging.INFO)
    log.propagate = False


def main(argv=None) -> int:
    from .errors import DataError, ModelError, VntextkitError

    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args.verbose)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        log.error("interrupted; finished chunks are kept: rerun with --resume to finish")
        return EXIT_INTERRUPTED
    except ModelError as exc:
        log.error("%s", exc)
        return EXIT_MODEL
    except (DataError, VntextkitError, FileNotFoundError) as exc:
        log.error("%s", exc)
        return EXIT_DATA


if __name__ == "__main__":
    sys.exit(main())
