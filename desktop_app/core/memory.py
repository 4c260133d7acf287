"""Learning from corrections: documents a person corrected guide later documents that look like them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .grounding import ground, near_words, same_words
from .normalize import parse_amount
from .rules import Candidate, amounts_in, split_lines

HEADER_LINES = 8
MIN_SIMILARITY = 0.35


def header_signature(text: str) -> frozenset[str]:
    """Character trigrams of the first lines: the issuer's name, address and layout live there."""
    lines = [ln.strip() for ln in text.splitlines() if re.search(r"[A-Za-z]{2}", ln)][:HEADER_LINES]
    body = re.sub(r"\d", "0", " ".join(lines).upper())
    body = re.sub(r"\s+", " ", body)
    return frozenset(body[i : i + 3] for i in range(max(0, len(body) - 2)))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class Lesson:
    """What one corrected document teaches: its confirmed values and where they were printed."""

    kind: str
    text: str
    fields: dict[str, str]  # field → value as printed (confirmed or corrected by the person)
    labels: dict[str, str] = field(default_factory=dict)  # field → the words before it on its line
    signature: frozenset[str] = frozenset()

    @classmethod
    def from_document(cls, kind: str, text: str, fields: dict[str, str]) -> Lesson:
        labels: dict[str, str] = {}
        for name, value in fields.items():
            g = ground(value, text, fuzzy=False) if value else None
            if g is None:
                continue
            line = next((ln for ln in split_lines(text) if ln.start <= g.start <= ln.end), None)
            if line is not None:
                before = text[line.start : g.start].strip(" :\t")
                labels[name] = _label_words(before) or _label_words(_previous_label(text, line.start))
        return cls(kind, text, dict(fields), labels, header_signature(text))


def _label_words(s: str) -> str:
    return " ".join(re.findall(r"[A-Za-z]{2,}", s)).upper()


def _previous_label(text: str, line_start: int) -> str:
    before = text[:line_start].rstrip("\n")
    for line in reversed(before.splitlines()[-3:]):
        if re.search(r"[A-Za-z]{2}", line):
            return line
    return ""


class CorrectionMemory:
    """Nearest corrected neighbour by header similarity; kept in the vault, rebuilt on open."""

    def __init__(self) -> None:
        self.lessons: list[Lesson] = []

    def add(self, lesson: Lesson) -> None:
        self.lessons.append(lesson)

    def __len__(self) -> int:
        return len(self.lessons)

    def nearest(self, kind: str, text: str) -> tuple[Lesson, float] | None:
        sig = header_signature(text)
        best: tuple[Lesson, float] | None = None
        for lesson in self.lessons:
            if lesson.kind != kind:
                continue
            s = similarity(sig, lesson.signature)
            if s >= MIN_SIMILARITY and (best is None or s > best[1]):
                best = (lesson, s)
        return best


def taught_candidates(lesson: Lesson, similarity_score: float, name: str, text: str,
                      field_type: str, *, read_by_ocr: bool = False) -> list[Candidate]:
    """Candidates a lesson suggests for ``name`` in a new document of the same issuer:
    the same text value (issuer, address) found again, or a value printed after the same label.
    ``read_by_ocr``: the text is an OCR reading, whose misread letters the person's reading
    puts right."""
    out: list[Candidate] = []
    value = lesson.fields.get(name)
    boost = 1.5 + 2.0 * similarity_score
    if value and field_type in ("text", "code") and name not in ("invoice_number", "patient"):
        g = ground(value, text, fuzzy=False) or same_words(value, text) or near_words(value, text)
        if g is not None:
            # Where the print differs from the person's correction only by punctuation, line
            # breaks or look-alike letters ("NO 290. JALAN AIR PANAS.\nSETAPAK" or "TAMPOL" for
            # the taught "NO 290, JALAN AIR PANAS, SETAPAK" and "TAMPOI"), the value is the
            # person's reading, so that every receipt of the shop reads the same; the span is
            # still the print. A letter or two more ("near") is a misreading only on a scan: a
            # text layer prints what the issuer wrote, and the person may have mistyped.
            person = g.method in ("ocr", "punctuation") or (g.method == "near" and read_by_ocr)
            raw = " ".join(value.split()) if person else " ".join(text[g.start : g.end].split())
            out.append(Candidate(raw, " ".join(value.split()), g.start, g.end,
                                 boost, "taught: same issuer"))
    # Measured on sroie-dev with --teach 1: boosting amounts printed after the taught label lost
    # 1.7 points of total accuracy (the rules' cash-change check is the better judge), so a
    # lesson's labels are kept for display and few-shot prompts, not as a vote. What does carry
    # over is where the amount sits in the totals block: the same till prints the same block.
    if value and field_type == "money":
        taught_at = amount_places(lesson.text, value)
        if taught_at:
            seq = amounts_in(text)
            for k, c in enumerate(seq):
                if len(seq) - k in taught_at:
                    out.append(Candidate(c.raw, c.value, c.start, c.end, 0.3 * similarity_score,
                                         "taught: same place"))
    return out


def amount_places(text: str, value: str) -> set[int]:
    """Where ``value`` is printed among the document's amounts, counted from the last one (the
    totals block ends a receipt): {1} for the last amount, {3, 5} if it is 3rd and 5th from last."""
    target = parse_amount(value)
    if target is None:
        return set()
    seq = amounts_in(text)
    return {len(seq) - k for k, c in enumerate(seq) if parse_amount(c.raw) == target}
