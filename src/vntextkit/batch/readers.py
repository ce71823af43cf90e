"""Streaming readers for the batch command: JSON Lines, CSV, .txt files and folders.

Every input record becomes exactly one :class:`Record` or one :class:`BadRecord`
(with the input name, line number and reason), so nothing is lost. Files are
read line by line; nothing holds a whole input in memory.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

DEFAULT_MAX_CHARS = 1_000_000


@dataclass
class Record:
    source: str
    line: int
    id: str
    text: str
    fields: dict = field(default_factory=dict)


@dataclass
class BadRecord:
    source: str
    line: int
    reason: str
    id: str | None = None

    def to_dict(self) -> dict:
        out = {"input": self.source, "line": self.line, "error": self.reason}
        if self.id is not None:
            out["id"] = self.id
        return out


class InputError(Exception):
    """An input cannot be read at all (missing file, unknown format)."""


def _check_text(rec: Record, max_chars: int):
    if not rec.text.strip():
        return BadRecord(rec.source, rec.line, "empty text", rec.id)
    if len(rec.text) > max_chars:
        return BadRecord(rec.source, rec.line, f"text has {len(rec.text):,} characters, over the limit of "
                         f"{max_chars:,} (--max-chars)", rec.id)
    return rec


def _from_mapping(obj, source: str, line: int, text_field: str, id_field: str, default_id: str):
    if not isinstance(obj, dict):
        return BadRecord(source, line, f"expected a JSON object, got {type(obj).__name__}")
    raw_id = obj.get(id_field)
    doc_id = str(raw_id) if raw_id not in (None, "") else default_id
    if text_field not in obj:
        return BadRecord(source, line, f"no {text_field!r} field (use --text-field to name the text field)", doc_id)
    text = obj[text_field]
    if not isinstance(text, str):
        return BadRecord(source, line, f"field {text_field!r} is {type(text).__name__}, not a string", doc_id)
    fields = {k: v for k, v in obj.items() if k not in (text_field, id_field)}
    return Record(source, line, doc_id, text, fields)


def read_jsonl(stream, source: str, text_field: str, id_field: str) -> Iterator[Record | BadRecord]:
    """``stream`` yields bytes lines."""
    stem = Path(source).stem if source != "-" else "stdin"
    for lineno, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield BadRecord(source, lineno, f"not UTF-8: byte {raw[exc.start]:#04x} at column {exc.start + 1}")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BadRecord(source, lineno, f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        yield _from_mapping(obj, source, lineno, text_field, id_field, f"{stem}:{lineno}")


def read_csv(path: Path, text_field: str, id_field: str) -> Iterator[Record | BadRecord]:
    source = str(path)
    with path.open("rb") as fh:
        wrapper = io.TextIOWrapper(fh, encoding="utf-8", errors="surrogateescape", newline="")
        reader = csv.DictReader(wrapper)
        if reader.fieldnames is None:
            return
        if text_field not in reader.fieldnames:
            yield BadRecord(source, 1, f"no {text_field!r} column (columns: {reader.fieldnames}; use --text-field)")
            return
        for row in reader:
            lineno = reader.line_num
            doc_id = row.get(id_field) or f"{path.stem}:{lineno}"
            bad = [k for k, v in row.items() if isinstance(v, str) and any("\udc80" <= c <= "\udcff" for c in v)]
            if bad:
                yield BadRecord(source, lineno, f"not UTF-8 in column(s) {bad}", doc_id)
                continue
            if None in row:
                yield BadRecord(source, lineno, "more cells than header columns", doc_id)
                continue
            fields = {k: v for k, v in row.items() if k not in (text_field, id_field)}
            yield Record(source, lineno, doc_id, row[text_field] or "", fields)


def read_txt(path: Path) -> Iterator[Record | BadRecord]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield BadRecord(str(path), data.count(b"\n", 0, exc.start) + 1, f"not UTF-8: byte {data[exc.start]:#04x}",
                        path.stem)
        return
    yield Record(str(path), 1, path.stem, text, {"file": path.name})


def expand_inputs(inputs: list[str]) -> list[str]:
    """Folders become their .txt files (sorted); other names are kept; missing ones raise InputError."""
    out = []
    for name in inputs:
        if name == "-":
            out.append(name)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.txt") if p.is_file())
            if not files:
                raise InputError(f"{name}: folder has no .txt files")
            out.extend(str(p) for p in files)
        elif path.is_file():
            if path.suffix.lower() not in (".jsonl", ".json", ".ndjson", ".csv", ".txt"):
                raise InputError(f"{name}: unknown input type {path.suffix!r}; use .jsonl, .csv, .txt or a folder")
            out.append(name)
        else:
            raise InputError(f"{name}: no such file or folder")
    return out


def read_inputs(inputs: list[str], text_field: str = "text", id_field: str = "id",
                max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Record | BadRecord]:
    """Every record of every input, in order."""
    for name in inputs:
        if name == "-":
            records = read_jsonl(sys.stdin.buffer, "-", text_field, id_field)
        else:
            path = Path(name)
            suffix = path.suffix.lower()
            if suffix == ".csv":
                records = read_csv(path, text_field, id_field)
            elif suffix == ".txt":
                records = read_txt(path)
            else:
                records = _jsonl_file(path, text_field, id_field)
        for rec in records:
            yield _check_text(rec, max_chars) if isinstance(rec, Record) else rec


def _jsonl_file(path: Path, text_field: str, id_field: str):
    with path.open("rb") as fh:
        yield from read_jsonl(fh, str(path), text_field, id_field)


def count_records(inputs: list[str]) -> int | None:
    """Number of records, for the progress bar's estimate; None for standard input."""
    total = 0
    for name in inputs:
        if name == "-":
            return None
        path = Path(name)
        if path.suffix.lower() == ".txt":
            total += 1
        else:
            with path.open("rb") as fh:
                n = sum(1 for line in fh if line.strip())
            total += n - 1 if path.suffix.lower() == ".csv" else n
    return total
