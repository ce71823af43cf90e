"""``vntextkit tag``: read many records, tag them, write one output or error
record for each, resumably.

Output is built from chunk files in ``OUTPUT.parts/``. Each chunk covers a
fixed range of input records; its error lines (``err-K.jsonl``) and then its
output lines (``out-K.jsonl``) are written to temporary names and renamed, and
the output file's rename is what marks the chunk done, so a chunk is either
complete or absent; a run killed at any moment (SIGINT,
SIGTERM, SIGKILL) and restarted with ``resume=True`` skips the finished chunks.
When every chunk is done they are joined, in order, into ``OUTPUT`` and
``OUTPUT.errors.jsonl`` (also through a rename), and the parts folder is removed.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .readers import DEFAULT_MAX_CHARS, BadRecord, Record, count_records, expand_inputs, read_inputs
from .workers import chunked

OUTPUT_FIELDS = ("id", "topics", "topic_scores", "entities")


class OutputExistsError(Exception):
    pass


@dataclass
class TagSummary:
    records: int = 0
    tagged: int = 0
    failed: int = 0
    skipped_chunks: int = 0
    seconds: float = 0.0
    output: str = ""
    errors_output: str = ""


def _atomic_write(path: Path, data: str) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _csv_row(obj: dict) -> dict:
    return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in obj.items()}


class TagRun:
    """One batch run; see :func:`tag_files`."""

    def __init__(self, inputs, output, *, fmt=None, fields=None, n_jobs=1, scheduler=None, chunk_size=64,
                 resume=False, force=False, quiet=False, text_field="text", id_field="id",
                 max_chars=DEFAULT_MAX_CHARS, topics=True, entities=True, progress_stream=None):
        self.inputs = expand_inputs(list(inputs))
        self.output = Path(output)
        self.fmt = fmt or ("csv" if self.output.suffix.lower() == ".csv" else "jsonl")
        self.fields = fields
        self.n_jobs = max(1, int(n_jobs))
        self.scheduler = scheduler
        self.chunk_size = chunk_size
        self.resume, self.force, self.quiet = resume, force, quiet
        self.text_field, self.id_field, self.max_chars = text_field, id_field, max_chars
        self.topics, self.entities = topics, entities
        self.parts = self.output.with_name(self.output.name + ".parts")
        self.errors_path = self.output.with_name(self.output.name + ".errors.jsonl")
        self.progress_stream = progress_stream or sys.stderr

    # -- bookkeeping ----------------------------------------------------
    def _manifest(self) -> dict:
        return {"inputs": [os.path.abspath(i) if i != "-" else "-" for i in self.inputs],
                "chunk_size": self.chunk_size, "text_field": self.text_field, "id_field": self.id_field,
                "max_chars": self.max_chars, "topics": self.topics, "entities": self.entities}

    def _prepare(self) -> set[int]:
        if "-" in self.inputs and self.resume:
            raise OutputExistsError("--resume cannot be used with standard input: it cannot be read again")
        if self.parts.exists() and not self.resume:
            if not self.force:
                raise OutputExistsError(
                    f"{self.parts} holds an unfinished run: add --resume to finish it or --force to start over")
            shutil.rmtree(self.parts)
        if self.output.exists() and not self.parts.exists():
            if self.resume:
                return None  # the previous run finished
            if not self.force:
                raise OutputExistsError(f"{self.output} exists: add --force to overwrite it or --resume to finish a run")
        self.parts.mkdir(parents=True, exist_ok=True)
        manifest_path = self.parts / "manifest.json"
        manifest = self._manifest()
        if manifest_path.exists():
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
            if old != manifest:
                raise OutputExistsError(
                    f"{self.parts} was made with other inputs or options ({old}); use --force to start over")
        else:
            _atomic_write(manifest_path, json.dumps(manifest, ensure_ascii=False))
        return {int(p.stem.split("-")[1]) for p in self.parts.glob("out-*.jsonl")}

    def _chunk_paths(self, k: int) -> tuple[Path, Path]:
        return self.parts / f"out-{k:07d}.jsonl", self.parts / f"err-{k:07d}.jsonl"

    # -- running --------------------------------------------------------
    def _work(self, done: set[int]):
        """Yield (chunk number, [records], results) for chunks not yet done."""
        records = read_inputs(self.inputs, self.text_field, self.id_field, self.max_chars)
        todo = ((k, block) for k, block in chunked(records, self.chunk_size) if k not in done)

        def payloads():
            for k, block in todo:
                items = [(i, r.id, r.text, r.fields) for i, r in enumerate(block) if isinstance(r, Record)]
                blocks[k] = block
                yield k, items

        blocks: dict[int, list] = {}
        if self.scheduler:
            from .dask_backend import run_on_cluster

            results = run_on_cluster(payloads(), self.scheduler, self.topics, self.entities, self.fields)
        else:
            from .workers import run_local

            results = run_local(payloads(), self.n_jobs, self.topics, self.entities, self.fields)
        for k, res in results:
            yield k, blocks.pop(k), res

    def _write_chunk(self, k: int, block: list, results) -> None:
        by_index = {i: (line, err) for i, line, err in results}
        lines, errors = [], []
        for i, r in enumerate(block):
            if isinstance(r, BadRecord):
                errors.append(json.dumps(r.to_dict(), ensure_ascii=False))
                continue
            line, err = by_index[i]
            if err:
                errors.append(json.dumps(BadRecord(r.source, r.line, err, r.id).to_dict(), ensure_ascii=False))
            else:
                lines.append(line)
        out_path, err_path = self._chunk_paths(k)
        _atomic_write(err_path, "".join(e + "\n" for e in errors))
        _atomic_write(out_path, "".join(line + "\n" for line in lines))  # this rename marks the chunk done

    def _assemble(self) -> tuple[int, int]:
        done = sorted(self.parts.glob("out-*.jsonl"))
        out_tmp = self.output.with_name(self.output.name + ".tmp")
        err_tmp = self.errors_path.with_name(self.errors_path.name + ".tmp")
        ok = bad = 0
        with open(out_tmp, "wb") as out, open(err_tmp, "wb") as err:
            text = io.TextIOWrapper(out, encoding="utf-8", newline="") if self.fmt == "csv" else None
            writer = None
            for out_path in done:
                data = out_path.read_bytes()
                ok += data.count(b"\n")
                if text is None:
                    out.write(data)  # JSON Lines: the chunk already holds the finished lines
                else:
                    for line in data.decode("utf-8").splitlines():
                        rec = json.loads(line)
                        if writer is None:
                            writer = csv.DictWriter(text, fieldnames=list(rec), extrasaction="ignore")
                            writer.writeheader()
                        writer.writerow(_csv_row(rec))
                errors = self._chunk_paths(int(out_path.stem.split("-")[1]))[1].read_bytes()
                bad += errors.count(b"\n")
                err.write(errors)
            if text is not None:
                text.flush()
                text.detach()
            out.flush()
            os.fsync(out.fileno())
        os.replace(err_tmp, self.errors_path)
        os.replace(out_tmp, self.output)
        shutil.rmtree(self.parts)
        return ok, bad

    def run(self) -> TagSummary:
        t0 = time.perf_counter()
        summary = TagSummary(output=str(self.output), errors_output=str(self.errors_path))
        done = self._prepare()
        if done is None:  # a finished run: report what it wrote
            with open(self.errors_path, "rb") as fh:
                summary.failed = sum(1 for _ in fh)
            if self.fmt == "csv":
                with open(self.output, encoding="utf-8", newline="") as fh:
                    summary.tagged = sum(1 for _ in csv.DictReader(fh))
            else:
                with open(self.output, "rb") as fh:
                    summary.tagged = sum(1 for _ in fh)
            summary.records = summary.tagged + summary.failed
            summary.seconds = time.perf_counter() - t0
            return summary
        summary.skipped_chunks = len(done)
        bar = self._progress_bar(done)
        for k, block, results in self._work(done):
            self._write_chunk(k, block, results)
            if bar is not None:
                bar.update(len(block))
        if bar is not None:
            bar.close()
        summary.tagged, summary.failed = self._assemble()
        summary.records = summary.tagged + summary.failed
        summary.seconds = time.perf_counter() - t0
        return summary

    def _progress_bar(self, done: set[int]):
        stream = self.progress_stream
        if self.quiet or not getattr(stream, "isatty", lambda: False)():
            return None
        from tqdm import tqdm

        total = count_records(self.inputs)
        bar = tqdm(total=total, file=stream, unit="doc", dynamic_ncols=True, smoothing=0.1, desc="tagging")
        if done and total:
            bar.update(min(total, len(done) * self.chunk_size))
        return bar


def tag_files(inputs, output, **options) -> TagSummary:
    """Tag every record of ``inputs`` into ``output``; see :class:`TagRun` for options.

    Returns a :class:`TagSummary`; ``summary.failed`` records are in
    ``OUTPUT.errors.jsonl`` with input name, line and reason.
    """
    return TagRun(inputs, output, **options).run()
