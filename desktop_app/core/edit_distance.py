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


def _closest_substring(pattern: str, text: str) -> tuple[int, int, int]:
    """(edits, start, end) of the substring of ``text`` closest to ``pattern``: the alignment
    behind ``substring_distance``, with where it lies (plain DP; called once per matched line)."""
    m = len(pattern)
    cost, start = list(range(m + 1)), [0] * (m + 1)
    best = (m, 0, 0)
    for j, c in enumerate(text, 1):
        new_cost, new_start = [0] * (m + 1), [j] * (m + 1)
        for i in range(1, m + 1):
            edits, begin = cost[i - 1] + (pattern[i - 1] != c), start[i - 1]
            if cost[i] + 1 < edits:
                edits, begin = cost[i] + 1, start[i]
            if new_cost[i - 1] + 1 < edits:
                edits, begin = new_cost[i - 1] + 1, new_start[i - 1]
            new_cost[i], new_start[i] = edits, begin
        cost, start = new_cost, new_start
        if cost[m] < best[0]:
            best = (cost[m], start[m], j)
    return best


def _cut(pieces: list[str], index: int, begin: int, end: int) -> None:
    """Take pieces[index][begin:end] out, leaving what stood either side as pieces of their own."""
    piece = pieces[index]
    pieces[index:index + 1] = [p for p in (piece[:begin].strip(), piece[end:].strip()) if p]


def line_order_free_errors(hyp_lines: list[str], ref_lines: list[str], *, accept: float = 0.34,
                           min_common: int = 3) -> int:
    """Character errors between two texts whatever order their lines come in: each reference line
    (longest first) is matched with the closest stretch of a hypothesis line, which it then uses
    up; a line matching nowhere within ``accept`` errors per character is split around its
    longest stretch in common with a hypothesis line (at least ``min_common`` characters) and its
    parts matched in turn. What stays unmatched counts in full: reference characters as missed,
    hypothesis characters as inserted. A simplified form of the flexible character accuracy of
    Clausner, Pletschacher and Antonacopoulos (2020), for transcriptions that list a page's boxes
    in an order no reading follows. Lines are compared as given (normalise them first)."""
    from difflib import SequenceMatcher

    hyp = [line for line in hyp_lines if line]
    pending = sorted((line for line in ref_lines if line), key=len, reverse=True)
    errors = 0
    while pending:
        line = pending.pop(0)
        if hyp:
            edits, index = min((substring_distance(line, h), i) for i, h in enumerate(hyp))
            if edits <= accept * len(line):
                edits, begin, end = _closest_substring(line, hyp[index])
                errors += edits
                _cut(hyp, index, begin, end)
                continue
        common = (0, 0, 0, 0)  # length, hypothesis line, start in the reference line, start in it
        for i, h in enumerate(hyp):
            a, b, size = SequenceMatcher(None, line, h, autojunk=False).find_longest_match(
                0, len(line), 0, len(h))
            if size > common[0]:
                common = (size, i, a, b)
        size, index, a, b = common
        if min_common <= size < len(line):
            _cut(hyp, index, b, b + size)
            rest = [p for p in (line[:a].strip(), line[a + size:].strip()) if p]
            pending = sorted(pending + rest, key=len, reverse=True)
        else:
            errors += len(line)  # (a common stretch as long as the line would have matched above)
    return errors + sum(len(h) for h in hyp)
