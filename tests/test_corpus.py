"""Quality gates of the annotated corpus (data/corpus)."""
import subprocess
import sys
from pathlib import Path

import pytest

from vntextkit.corpus import (MIN_DOCUMENTS, MIN_MULTI_LABEL, MIN_NO_TOPIC, MIN_PER_TOPIC, corpus_stats, load_corpus,
                              load_splits, near_duplicate_pairs, validate)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def docs():
    return load_corpus()


def test_corpus_passes_the_validator(docs):
    assert validate(docs) == []


def test_counts_meet_the_corpus_issue(docs):
    s = corpus_stats(docs)
    assert s["documents"] >= MIN_DOCUMENTS
    assert all(n >= MIN_PER_TOPIC for n in s["topics"].values())
    assert s["multi_label"] >= MIN_MULTI_LABEL
    assert s["no_topic"] >= MIN_NO_TOPIC


def test_compiled_corpus_is_up_to_date_with_its_sources(tmp_path):
    """corpus.jsonl must be what compile_corpus.py makes of the source files."""
    sys.path.insert(0, str(ROOT / "data"))
    import compile_corpus

    compiled = []
    for path in sorted(compile_corpus.SRC.glob("part_*.txt")):
        compiled.extend(compile_corpus.compile_part(path))
    shipped = {d["id"]: d for d in load_corpus()}
    assert len(compiled) == len(shipped)
    for d in compiled:
        s = shipped[d["id"]]
        assert (s["text"], s["topics"], s["entities"]) == (d["text"], d["topics"], d["entities"]), d["id"]


def test_splits_are_fixed_disjoint_and_about_70_15_15(docs):
    splits = load_splits()
    assert set(splits) == {d["id"] for d in docs}
    sizes = {name: sum(1 for v in splits.values() if v == name) for name in ("train", "dev", "test")}
    n = len(docs)
    assert abs(sizes["train"] / n - 0.70) < 0.03
    assert abs(sizes["dev"] / n - 0.15) < 0.03 and abs(sizes["test"] / n - 0.15) < 0.03
    assert all(d["split"] == splits[d["id"]] for d in docs)


def test_every_label_is_in_every_split(docs):
    for split in ("train", "dev", "test"):
        part = [d for d in docs if d["split"] == split]
        for label in ("party_building", "production_model", "emulation_example"):
            assert any(label in d["topics"] for d in part)
        assert any(not d["topics"] for d in part)


def test_validator_catches_each_kind_of_problem():
    text = "Đồng chí Phạm Chí Hải dự họp. " * 12
    good = {"id": "a", "title": "t", "text": text, "date": "2024-01-01", "outlet_type": "x", "province": "Cà Mau",
            "topics": [], "entities": [{"start": 9, "end": 21, "label": "PERSON", "text": "Phạm Chí Hải"}]}
    assert validate([good], check_counts=False) == []
    bad = [dict(good, entities=[{"start": 9, "end": 20, "label": "PERSON", "text": "Phạm Chí Hải"}]),
           dict(good, id="b", entities=[{"start": 9, "end": 21, "label": "PEOPLE", "text": "Phạm Chí Hải"}]),
           dict(good, id="c", topics=["sports"]),
           dict(good, id="d", entities=[{"start": 0, "end": 21, "label": "ORG", "text": text[:21]},
                                        {"start": 9, "end": 21, "label": "PERSON", "text": "Phạm Chí Hải"}]),
           dict(good, id="a")]
    problems = " | ".join(validate(bad, check_counts=False))
    for expected in ("annotated as", "unknown entity label", "unknown topics", "overlap", "id 'a' is used by 2",
                     "near-duplicates"):
        assert expected in problems


def test_near_duplicates_are_measured_by_character_5gram_jaccard():
    a = {"id": "a", "text": "Hội Nông dân xã Tân Hưng tổ chức tập huấn kỹ thuật nuôi tôm cho 50 hội viên."}
    b = {"id": "b", "text": "Hội Nông dân xã Tân Hưng tổ chức tập huấn kỹ thuật nuôi tôm cho 60 hội viên."}
    c = {"id": "c", "text": "Thời tiết hôm nay có mưa rào và dông rải rác ở nhiều nơi trong tỉnh."}
    pairs = near_duplicate_pairs([a, b, c])
    assert [(x, y) for x, y, _ in pairs] == [("a", "b")]


def test_compile_script_checks_a_source_file(tmp_path):
    src = tmp_path / "part_x.txt"
    src.write_text("### x-001\ndate: 2024-05-01\noutlet_type: district_portal\nprovince: Cà Mau\ntopics: sports\n\n"
                   "Tin ngắn\n" + "Nội dung. " * 40 + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(ROOT / "data" / "compile_corpus.py"), "--check", str(src)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "unknown topics ['sports']" in proc.stderr
