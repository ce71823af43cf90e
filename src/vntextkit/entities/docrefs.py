"""Document references found by an exact pattern: type, optional "số", number.

"Nghị quyết số 35-NQ/TW", "Chỉ thị 05-CT/TW", "Quyết định số 1234/QĐ-UBND",
"Nghị định 45/2024/NĐ-CP". The span stops before the date and issuer, as the
annotation guide says. Where the pattern is exact a rule is better than a model.
"""
from __future__ import annotations

import re

from ..tokenize.pretokenize import _PATTERNS

_DOC_TYPES = [
    "nghị quyết liên tịch", "nghị quyết", "chỉ thị", "kết luận", "quyết định", "quy định", "kế hoạch",
    "thông tư liên tịch", "thông tư", "nghị định", "công văn", "hướng dẫn", "thông báo", "quy chế",
    "chương trình", "đề án", "thông tri", "tờ trình", "báo cáo", "lệnh", "pháp lệnh", "văn bản", "điều lệ",
]
_DOCNUM = dict(_PATTERNS)["docnum"]
_TYPES = "|".join(sorted((re.escape(t) for t in _DOC_TYPES), key=len, reverse=True))
DOC_REF = re.compile(rf"(?<!\w)(?i:{_TYPES})(?:\s+(?i:số))?\s+(?:{_DOCNUM})(?![\w/-])")


def find_document_refs(normalized: str) -> list[tuple[int, int]]:
    """Spans (in ``normalized``) of document references with a number."""
    return [(m.start(), m.end()) for m in DOC_REF.finditer(normalized)]
