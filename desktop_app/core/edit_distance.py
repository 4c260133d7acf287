"""Character edit distances (bit-parallel Myers/Hyyrö) for OCR error rates and fuzzy matching."""
from __future__ import annotations


def _myers(pattern: str, text: str, *, anywhere: bool) -> int:
    """Edits between ``pattern`` and ``text`` (``anywhere``: and the best substring of ``text``).
    One column of the DP table per character of ``text``, the pattern's column packed in an int."""
    m = len(pattern)
    if m == 0:
        return 0 if anywhere else len(text)
    peq: dict[str, int] = {}
    for i, c in enumerate(pattern):
        peq[c] = peq.get(c, 0) | (1 << i)
    mask, high = (1 << m) - 1, 1 << (m - 1)
    # A global alignment pays for every text character skipped before the pattern starts (the
    # carried-in 1 below); a substring alignment may start anywhere for free.
    carry = 0 if anywhere else 1
    pv, mv, score, best = mask, 0, m, m
    for c in text:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        best = min(best, score)
    return best if anywhere else score


def levenshtein(a: str, b: str) -> int:
    """Insertions, deletions and substitutions turning ``a`` into ``b``."""
    if len(a) < len(b):
        a, b = b, a
    return _myers(b, a, anywhere=False)


def substring_distance(pattern: str, text: str) -> int:
    """Fewest edits turning ``pattern`` into some substring of ``text`` (order-free matching)."""
    return _myers(pattern, text, anywhere=True)
