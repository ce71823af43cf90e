"""Normalization of Vietnamese text, with a map back to the original characters.

``normalize(text)`` runs, in order: legacy encoding conversion (TCVN3, VNI,
VIQR), removal of invisible characters, NFC, character cleanup (spaces, quotes,
dashes, ellipsis, Đ lookalikes) and tone-mark placement. Each pass reports its
edits, so :func:`normalize_with_alignment` can say where every character of the
result came from.

Examples
--------
>>> from vntextkit.normalize import normalize
>>> normalize("Huyện uỷ  Hoà Bình – “Đảng bộ”…")
'Huyện ủy Hòa Bình - "Đảng bộ"...'
>>> normalize("§¶ng bé tØnh Hßa B×nh")
'Đảng bộ tỉnh Hòa Bình'
>>> normalize("Thuỷ lợi", tone_style="new")
'Thuỷ lợi'
"""
from __future__ import annotations

from ..errors import EncodingNameError, InputValueError, check_str
from .alignment import Alignment, apply_edits
from .legacy_encodings import ENCODINGS, convert_legacy, detect_legacy_encoding, legacy_edits
from .tone_marks import TONE_STYLES, is_vietnamese_syllable, place_tone_mark, tone_mark_edits
from .unicode_cleanup import character_edits, invisible_edits, nfc_edits

__all__ = ["normalize", "normalize_with_alignment", "Alignment", "detect_legacy_encoding", "convert_legacy",
           "place_tone_mark", "is_vietnamese_syllable", "TONE_STYLES", "LEGACY_OPTIONS"]

LEGACY_OPTIONS = ("auto", *ENCODINGS, None)


def _check_options(tone_style: object, legacy: object) -> None:
    if tone_style not in TONE_STYLES or isinstance(tone_style, bool):
        raise InputValueError(f"tone_style must be 'old', 'new' or None, got {tone_style!r}")
    if legacy not in LEGACY_OPTIONS or isinstance(legacy, bool):
        raise EncodingNameError(
            f"legacy must be one of 'auto', 'tcvn3', 'vni', 'viqr' or None, got {legacy!r}")


def _run(text: str, tone_style: str | None, legacy: str | None, with_alignment: bool):
    check_str(text)
    _check_options(tone_style, legacy)
    alignment = Alignment.identity(len(text)) if with_alignment else None

    def step(edits):
        nonlocal text, alignment
        if edits:
            if alignment is not None:
                alignment = alignment.compose(edits)
            text = apply_edits(text, edits)

    def convert(encoding):
        if encoding == "tcvn3":
            # TCVN3 has letters at the soft hyphen and control codes: convert before they are removed
            step(legacy_edits(text, encoding))
            step(invisible_edits(text))
        else:
            # a zero-width character inside "Vie^.t" or "quyeát" must not keep the marks from their letter
            step(invisible_edits(text))
            step(legacy_edits(text, encoding))

    if legacy == "auto":
        # Detect again after converting: a text that mixes two encodings is
        # converted until none is left, so that normalize stays idempotent.
        done: list[str] = []
        while (encoding := detect_legacy_encoding(text)) is not None and encoding not in done:
            convert(encoding)
            done.append(encoding)
    elif legacy is not None:
        convert(legacy)
    step(invisible_edits(text))
    step(nfc_edits(text))
    step(character_edits(text))
    step(tone_mark_edits(text, tone_style))
    step(nfc_edits(text))
    return text, alignment


def normalize(text: str, *, tone_style: str | None = "old", legacy: str | None = "auto") -> str:
    """Return the normalized form of ``text``.

    Parameters
    ----------
    text : str
        Any string: legacy-encoded, decomposed, with odd spaces or invisible
        characters, of any length.
    tone_style : {"old", "new", None}, default "old"
        Where the tone mark of oa, oe, uy without final consonant goes: "old"
        gives hòa, khỏe, thủy (the newspapers' style), "new" hoà, khoẻ, thuỷ.
        None leaves every tone mark where it is (a mark typed after a final
        consonant is still moved onto the vowel).
    legacy : {"auto", "tcvn3", "vni", "viqr", None}, default "auto"
        Convert from a legacy encoding: "auto" detects it conservatively, a name
        forces it, None disables conversion.

    Returns
    -------
    str
        NFC text; spaces and tabs collapsed to one space inside a line, lines
        trimmed, at most one empty line in a row, the whole text trimmed;
        curly quotes, dashes and the ellipsis in ASCII; every Vietnamese
        syllable with its tone mark in place. ``normalize`` is idempotent.

    Raises
    ------
    InputTypeError
        If ``text`` is not a str.
    InputValueError
        If ``tone_style`` is not "old", "new" or None.
    EncodingNameError
        If ``legacy`` is not one of the accepted values.

    Examples
    --------
    >>> normalize("Ban Thường vụ Tỉnh uỷ Khánh Hoà")
    'Ban Thường vụ Tỉnh ủy Khánh Hòa'
    >>> normalize("Vie^.t Nam la` mo^.t nu+o+'c d9o^.c la^.p", legacy="viqr")
    'Việt Nam là một nước độc lập'
    """
    return _run(text, tone_style, legacy, False)[0]


def normalize_with_alignment(text: str, *, tone_style: str | None = "old",
                             legacy: str | None = "auto") -> tuple[str, Alignment]:
    """Return ``(normalize(text), alignment)``.

    ``alignment`` maps every character of the normalized text back to the span
    of ``text`` it came from; :meth:`Alignment.to_original` maps a span. For a
    span of whole words of the normalized text, ``normalize`` of the original
    span it maps to gives the same words back.

    Examples
    --------
    >>> normalized, alignment = normalize_with_alignment("Tỉnh uỷ  Hoà Bình")
    >>> normalized
    'Tỉnh ủy Hòa Bình'
    >>> start, end = alignment.to_original(8, 16)
    >>> "Tỉnh uỷ  Hoà Bình"[start:end]
    'Hoà Bình'
    """
    return _run(text, tone_style, legacy, True)
