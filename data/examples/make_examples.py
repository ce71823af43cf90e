"""Build the small example inputs used by the notebooks and the README.

    python data/examples/make_examples.py

Both files are derived from the annotated corpus (data/corpus/corpus.jsonl):

feed.jsonl
    The corpus *test* split as an unlabelled news feed: id, title, text, date,
    outlet_type and province only. The gold topics and entities are left out on
    purpose, so running ``vntextkit tag`` on it is what a user would do with a
    feed of their own (and the shipped models never saw these documents).

custom_topics.jsonl
    A user's own labelled file with a taxonomy that is NOT the shipped one, for
    notebooks/04_custom_topics.ipynb. The labels are mapped from the corpus
    topics by the rules below, so they are derived, not hand-annotated:

    - party_meetings: the corpus topic ``party_building``.
    - agriculture: ``production_model`` articles about farming, livestock or
      fishing (a keyword in the text); craft and food-processing models
      (fish sauce, rice paper, noodles...) are left out.
    - awards: ``emulation_example`` articles that name a formal award or title
      (Bằng khen, Huân chương, Chiến sĩ thi đua...); praise without an award is
      left out.

    Each record keeps the corpus split (train/dev/test).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus" / "corpus.jsonl"
FEED_FIELDS = ("id", "title", "text", "date", "outlet_type", "province")

# Vietnamese words are separated by spaces, so \b around whole syllables is enough.
_FARMING = re.compile(
    r"\b(nông nghiệp|nông dân|nông sản|lúa|gạo|chăn nuôi|nuôi|trồng|cây|vườn|rẫy|ruộng|rau|tôm|cá|cua|hàu|ốc|"
    r"yến|thủy sản|thuỷ sản|heo|lợn|bò|gà|vịt|dê|cà phê|hồ tiêu|chè|mía|nấm|dưa|vải|sầu riêng|quế)\b",
    re.IGNORECASE,
)
_AWARD = re.compile(r"\b(Bằng khen|Giấy khen|Huân chương|Huy chương|Chiến sĩ thi đua|danh hiệu|Cờ thi đua)\b")


def custom_labels(record: dict) -> list[str]:
    """The user-style labels of one corpus record (see the module docstring)."""
    topics, text = record["topics"], record["text"]
    labels = []
    if "production_model" in topics and _FARMING.search(text):
        labels.append("agriculture")
    if "emulation_example" in topics and _AWARD.search(text):
        labels.append("awards")
    if "party_building" in topics:
        labels.append("party_meetings")
    return labels


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    with CORPUS.open(encoding="utf-8") as fh:
        corpus = [json.loads(line) for line in fh if line.strip()]
    feed = [{k: r[k] for k in FEED_FIELDS} for r in corpus if r["split"] == "test"]
    custom = [{"id": r["id"], "text": r["text"], "topics": custom_labels(r), "split": r["split"]} for r in corpus]
    _write_jsonl(HERE / "feed.jsonl", feed)
    _write_jsonl(HERE / "custom_topics.jsonl", custom)
    print(f"feed.jsonl: {len(feed)} records; custom_topics.jsonl: {len(custom)} records")


if __name__ == "__main__":
    main()
