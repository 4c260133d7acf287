"""Tie every extracted value to a span of the source text, or say that it is not there."""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .edit_distance import levenshtein

# Characters OCR confuses; a value matches the text if it differs only by these.
_OCR_CLASSES = {
    "0": "[0OoDQ]", "o": "[0Oo]", "O": "[0OoDQ]", "D": "[D0O]", "Q": "[Q0O]",
    "1": "[1lIi|!]", "l": "[1lIi|]", "I": "[1lIi|]", "i": "[1lIi]",
    "5": "[5Ss]", "S": "[5Ss]", "s": "[5Ss]", "8": "[8B]", "B": "[8B]", "2": "[2Zz]",
    "Z": "[2Zz]", "6": "[6Gb]", "G": "[6G]", "b": "[6b]",
}


@dataclass(frozen=True)
class Grounding:
    start: int
    end: int
    method: str  # exact, case, spacing, ocr, fuzzy
    score: float  # 1.0 for exact; lower for looser matches

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


# Between tokens: any whitespace (including line breaks), optionally a comma/period that the
# value left out, so "27 JALAN" finds "27,JALAN" and lines joined by the labeller match.
_SEPARATORS = r"[\s,.;:]*"
_TOKENS = r"\w+|[^\w\s]"  # words and punctuation marks: the value's own marks must be there
_WORDS = r"\w+|[^\w\s,.;:]"  # words (and '&', '/', '-'): its commas and full stops may differ


def _flexible_pattern(value: str, ocr: bool, tokens: str = _TOKENS) -> str:
    """A regex for ``value`` in which spacing, line breaks and separators between tokens vary;
    with ``ocr``, characters OCR confuses match each other."""
    parts = ["".join(_OCR_CLASSES.get(ch, re.escape(ch)) for ch in tok) if ocr else re.escape(tok)
             for tok in re.findall(tokens, value)]
    return _SEPARATORS.join(parts)


def same_words(value: str, text: str) -> Grounding | None:
    """``value`` found as the same words in the same order, whatever the punctuation between them:
    "NO 290, JALAN AIR PANAS, SETAPAK." finds "NO 290. JALAN AIR PANAS.\nSETAPAK". For a value
    the person confirmed once and the document prints again with its own commas and line breaks.
    Words may differ by OCR look-alikes (method "ocr")."""
    if not re.search(_WORDS, value) or len(value) > 200:
        return None
    for ocr, method, score in ((False, "punctuation", 0.93), (True, "ocr", 0.85)):
        # a full stop printed right after the last word ("SELANGOR.") is part of the value's print
        m = re.search(r"(?<!\w)" + _flexible_pattern(value, ocr, _WORDS) + r"\.?(?!\w)", text, re.IGNORECASE)
        if m:
            return Grounding(m.start(), m.end(), method, score)
    return None


def ground(value: str, text: str, *, hint: int | None = None, fuzzy: bool = True) -> Grounding | None:
    """Find ``value`` in ``text``: exactly, ignoring case, with flexible spacing, OCR confusions,
    and finally approximately. ``hint`` prefers the occurrence nearest that offset."""
    value = value.strip()
    if not value or not text:
        return None

    def nearest(matches: list[tuple[int, int]]) -> tuple[int, int]:
        if hint is None or len(matches) == 1:
            return matches[0]
        return min(matches, key=lambda m: abs(m[0] - hint))

    exact = [(m.start(), m.end()) for m in re.finditer(re.escape(value), text)]
    if exact:
        s, e = nearest(exact)
        return Grounding(s, e, "exact", 1.0)
    lowered = [(m.start(), m.end()) for m in re.finditer(re.escape(value), text, re.IGNORECASE)]
    if lowered:
        s, e = nearest(lowered)
        return Grounding(s, e, "case", 0.97)
    if len(value) > 200:
        return None
    for ocr, method, score in ((False, "spacing", 0.95), (True, "ocr", 0.85)):
        pattern = _flexible_pattern(value, ocr)
        if not pattern:
            continue
        found = [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]
        if found:
            s, e = nearest(found)
            return Grounding(s, e, method, score)
    if fuzzy and len(value) >= 6:
        return _fuzzy(value, text)
    return None


def _fuzzy(value: str, text: str, threshold: float = 0.88) -> Grounding | None:
    """Best approximate occurrence (≥ ``threshold`` similarity) by scanning line windows."""
    target = value.lower()
    best: tuple[float, int, int] | None = None
    n = len(value)
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    for ls in line_starts:
        window = text[ls : ls + n * 2 + 10]
        sm = SequenceMatcher(None, target, window.lower(), autojunk=False)
        blocks = [b for b in sm.get_matching_blocks() if b.size]
        if not blocks:
            continue
        s = ls + blocks[0].b
        e = ls + blocks[-1].b + blocks[-1].size
        ratio = SequenceMatcher(None, target, text[s:e].lower(), autojunk=False).ratio()
        if ratio >= threshold and (best is None or ratio > best[0]):
            best = (ratio, s, e)
    if best is None:
        return None
    return Grounding(best[1], best[2], "fuzzy", round(best[0] * 0.8, 3))


NEAR_EDITS = 15  # near_words: at most one changed letter per this many letters and digits


def near_words(value: str, text: str) -> Grounding | None:
    """``value`` printed again with a letter or two misread ("CP. (M) SDN BHD" for "CO. (M) SDN
    BHD", "KWANSAN" for "KAWASAN"): the same digits in the same order, and at most one letter
    changed per NEAR_EDITS letters and digits, punctuation and line breaks aside. For a value
    the person confirmed once; another outlet's street or number is not near."""
    target = letters_digits(value)
    if len(target) < NEAR_EDITS // 2:
        return None
    g = _fuzzy(value, text, threshold=0.85)
    if g is None:
        return None
    found = letters_digits(text[g.start : g.end])
    if re.sub(r"\D", "", found) != re.sub(r"\D", "", target):
        return None
    if levenshtein(found, target) > max(1, len(target) // NEAR_EDITS):
        return None
    return Grounding(g.start, g.end, "near", g.score)


def letters_digits(text: str) -> str:
    """Only letters and digits, upper-cased: for comparing values whose punctuation varies."""
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()
