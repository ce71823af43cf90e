"""Is a text Vietnamese? A cheap test used to give non-Vietnamese text no topics."""
from __future__ import annotations

import re

# Letters that occur in Vietnamese and in no other Latin-script language the
# feeds carry (the tone-marked vowels and đ).
_VI_ONLY = re.compile("[ăắằẳẵặâấầẩẫậđêếềểễệôốồổỗộơớờởỡợưứừửữựảạẻẽẹỉĩịỏọủũụỳỷỹỵ]")


def looks_vietnamese(doc, min_words: int = 3, min_share: float = 0.25) -> bool:
    """True when at least ``min_share`` of the words carry a Vietnamese-only letter.

    ``doc`` is a :class:`~vntextkit.topics.features.Tokenized` record.
    Vietnamese news runs around 0.6-0.8; English, French or German text is near 0.
    """
    words = doc.words
    if len(words) < min_words:
        return False
    marked = sum(1 for w in words if _VI_ONLY.search(w))
    return marked / len(words) >= min_share
