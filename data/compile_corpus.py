"""Compile the annotated source files into ``data/corpus/corpus.jsonl``.

The sources (``data/corpus/src/part_*.txt``) carry inline markup described in
``data/README.md``. This script removes the markup, records each entity as
character offsets into the plain text, locates each person's role text next to
the name, checks the document, and writes one JSON object per line.

Usage::

    python data/compile_corpus.py                 # compile every part
    python data/compile_corpus.py --check FILE    # check one part, write nothing
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from vntextkit.corpus import near_duplicate_pairs  # noqa: E402

HERE = Path(__file__).resolve().parent
SRC = HERE / "corpus" / "src"
OUT = HERE / "corpus" / "corpus.jsonl"

LABELS = {"PERSON", "ORG", "LOC", "DOCUMENT"}
TOPICS = {"party_building", "production_model", "emulation_example"}
OUTLETS = {
    "provincial_party_newspaper",
    "provincial_portal",
    "district_portal",
    "commune_portal",
    "mass_organization_site",
}
MARKUP = re.compile(r"\[\[([^\[\]|]+)\|([A-Z]+)(?:\|([^\[\]]*?))?\]\]")
INNER_MARKUP = re.compile(r"\[\[([^\[\]|]+)\|[A-Z]+\]\]")
DATE = re.compile(r"^(2019|202[0-6])-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
# A role may be separated from its name by a comma, an opening parenthesis or a
# single space (role before the name).
ROLE_GAP_AFTER = re.compile(r"^\s*[,(]?\s*$")


class SourceError(Exception):
    pass


def parse_blocks(path: Path):
    """Yield (id, line_number, metadata, raw_text) for each block of a part."""
    lines = path.read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("### ")]
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        block = lines[i:end]
        doc_id = block[0][4:].strip()
        meta = {}
        j = 1
        while j < len(block) and block[j].strip():
            key, sep, value = block[j].partition(":")
            if not sep:
                raise SourceError(f"{path.name}:{i + j + 1}: expected 'key: value' in the metadata of {doc_id}")
            meta[key.strip()] = value.strip()
            j += 1
        body = [line.rstrip() for line in block[j + 1 :]]
        while body and not body[-1].strip():
            body.pop()
        yield doc_id, i + 1, meta, "\n".join(body)


def strip_markup(raw: str, where: str):
    """Return plain text and entity dicts (role still as text) from marked-up text."""
    out = []
    entities = []
    pos = 0
    plain_len = 0
    for m in MARKUP.finditer(raw):
        before = raw[pos : m.start()]
        if "[[" in before or "]]" in before:
            raise SourceError(f"{where}: malformed markup near {before[-40:]!r}")
        out.append(before)
        plain_len += len(before)
        surface, label, role = m.group(1), m.group(2), m.group(3)
        if label not in LABELS:
            raise SourceError(f"{where}: unknown label {label!r} on {surface!r}")
        if role is not None and label != "PERSON":
            raise SourceError(f"{where}: only PERSON takes a role, got {label} {surface!r}")
        if surface != surface.strip() or not surface.strip():
            raise SourceError(f"{where}: entity {surface!r} has surrounding spaces")
        ent = {"start": plain_len, "end": plain_len + len(surface), "label": label, "text": surface}
        if role is not None:
            ent["role"] = INNER_MARKUP.sub(r"\1", role).strip()
        entities.append(ent)
        out.append(surface)
        plain_len += len(surface)
        pos = m.end()
    rest = raw[pos:]
    if "[[" in rest or "]]" in rest:
        raise SourceError(f"{where}: malformed markup near {rest[:40]!r}")
    out.append(rest)
    return "".join(out), entities


def locate_role(text: str, ent: dict, where: str) -> None:
    """Find the role text right after (", role") or right before ("role Name") the name."""
    role = ent["role"]
    after = text.find(role, ent["end"], ent["end"] + len(role) + 4)
    if after != -1 and ROLE_GAP_AFTER.match(text[ent["end"] : after]):
        ent["role_start"], ent["role_end"] = after, after + len(role)
        return
    before = text.rfind(role, max(0, ent["start"] - len(role) - 2), ent["start"])
    if before != -1 and text[before + len(role) : ent["start"]] in (" ", ", "):
        ent["role_start"], ent["role_end"] = before, before + len(role)
        return
    raise SourceError(f"{where}: role {role!r} of {ent['text']!r} is not written right before or after the name")


def compile_part(path: Path) -> list[dict]:
    docs = []
    for doc_id, line, meta, raw in parse_blocks(path):
        where = f"{path.name}:{line} ({doc_id})"
        missing = {"date", "outlet_type", "province", "topics"} - meta.keys()
        if missing:
            raise SourceError(f"{where}: missing metadata {sorted(missing)}")
        if not DATE.match(meta["date"]):
            raise SourceError(f"{where}: date {meta['date']!r} is not YYYY-MM-DD in 2019-2026")
        if meta["outlet_type"] not in OUTLETS:
            raise SourceError(f"{where}: outlet_type {meta['outlet_type']!r} not in {sorted(OUTLETS)}")
        topics = meta["topics"].split()
        bad = set(topics) - TOPICS
        if bad:
            raise SourceError(f"{where}: unknown topics {sorted(bad)}")
        text, entities = strip_markup(unicodedata.normalize("NFC", raw), where)
        for ent in entities:
            if "role" in ent:
                locate_role(text, ent, where)
        if not 300 <= len(text) <= 2000:
            raise SourceError(f"{where}: text has {len(text)} characters, expected 300 to 2000")
        title = text.split("\n", 1)[0].strip()
        docs.append(
            {
                "id": doc_id,
                "title": title,
                "text": text,
                "date": meta["date"],
                "outlet_type": meta["outlet_type"],
                "province": meta["province"],
                "topics": sorted(topics),
                "entities": entities,
                "source_file": path.name,
            }
        )
    return docs


def summary(docs: list[dict]) -> str:
    from collections import Counter

    topics = Counter(t for d in docs for t in d["topics"])
    labels = Counter(e["label"] for d in docs for e in d["entities"])
    none = sum(1 for d in docs if not d["topics"])
    multi = sum(1 for d in docs if len(d["topics"]) >= 2)
    roles = sum(1 for d in docs for e in d["entities"] if "role" in e)
    return (
        f"{len(docs)} documents; topics {dict(topics)}; none {none}; two or more {multi}; "
        f"entities {dict(labels)}; persons with role {roles}"
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", type=Path, help="check one source file and print its counts")
    args = ap.parse_args(argv)
    paths = [args.check] if args.check else sorted(SRC.glob("part_*.txt"))
    docs = []
    errors = []
    for path in paths:
        try:
            docs.extend(compile_part(path))
        except SourceError as exc:
            errors.append(str(exc))
    ids = [d["id"] for d in docs]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        errors.append(f"duplicate ids: {sorted(dupes)}")
    for a, b, jac in near_duplicate_pairs(docs):
        errors.append(f"near-duplicate documents {a} and {b} (5-gram Jaccard {jac:.2f})")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    print(summary(docs))
    if errors:
        return 1
    if not args.check:
        splits_path = OUT.parent / "splits.json"
        if splits_path.exists():
            raw = json.loads(splits_path.read_text(encoding="utf-8"))
            split_of = {i: name for name in ("train", "dev", "test") for i in raw[name]}
            missing = [d["id"] for d in docs if d["id"] not in split_of]
            if missing:
                print(f"ERROR documents without a split (run data/make_splits.py): {missing[:10]}", file=sys.stderr)
                return 1
            for d in docs:
                d["split"] = split_of[d["id"]]
        with OUT.open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        print(f"wrote {OUT.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
