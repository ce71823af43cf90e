"""A keyword-rule topic baseline written from the label definitions of data/GUIDE.md.

A label is given when at least ``MIN_HITS`` different phrases of its list occur
in the normalized, lower-cased text. It is what a careful analyst would write
without a model, and the bar the shipped model has to clear.
"""
from __future__ import annotations

from vntextkit import normalize

KEYWORDS = {
    "party_building": [
        "đại hội đảng", "đại hội đại biểu đảng bộ", "chi bộ", "đảng bộ", "đảng ủy", "kết nạp", "đảng viên",
        "ủy ban kiểm tra", "kỷ luật", "nghị quyết", "lý luận chính trị", "nền tảng tư tưởng", "công tác cán bộ",
        "sinh hoạt chi bộ", "xây dựng đảng", "cấp ủy", "nhân sự", "quán triệt",
    ],
    "production_model": [
        "mô hình", "hợp tác xã", "htx", "ocop", "chăn nuôi", "nuôi", "trồng", "năng suất", "thu nhập",
        "kỹ thuật", "lãi", "sản lượng", "tổ hợp tác", "liên kết", "tiêu thụ", "giống",
    ],
    "emulation_example": [
        "gương", "người tốt việc tốt", "điển hình tiên tiến", "khen thưởng", "bằng khen", "giấy khen", "thi đua",
        "học tập và làm theo", "tấm gương", "tiêu biểu", "xuất sắc", "tuyên dương", "vinh danh",
    ],
}
MIN_HITS = 3


def predict(text: str) -> list[str]:
    low = normalize(text).lower()
    return [label for label, words in KEYWORDS.items() if sum(w in low for w in words) >= MIN_HITS]
