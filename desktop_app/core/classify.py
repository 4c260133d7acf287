"""Which kind of document this is, from weighted keywords of each schema ('other' when unsure)."""
from __future__ import annotations

import math
import re

from .lists import lab_results, transactions
from .schemas import SchemaSet

MIN_SCORE = 2.0  # below this no kind is claimed
AMOUNT = re.compile(r"\d[.,]\d\d(?!\d)")  # 12.50, 3,99
# What the page is made of, whatever its title says: the rows a statement or a lab report prints.
# (list reader, kinds it speaks for, rows needed, score at that many, per row more, cap). Drug
# lines are no such sign: a pharmacy's till receipt prints them as well as a prescription.
SHAPES = (
    (transactions, ("bank_statement",), 4, 2.0, 0.25, 4.0),
    (lab_results, ("lab_report",), 3, 2.0, 0.25, 4.0),
)
# A clinical letter is written in sentences, whatever it is titled (or if untitled): lines of
# prose speak for medical_summary, but only once its own words speak too (a pharmacy leaflet, a
# bank's terms are prose as well; their own keywords outweigh this).
PROSE_WORD = re.compile(r"[^\W\d_]{2,}")
PROSE = ("medical_summary", 5, 2.0, 0.25, 4.0)  # kind, lines needed, score then, per line more, cap


def prose_lines(text: str) -> int:
    """Lines of running text: seven words or more, few digits, not a shouted heading."""
    return sum(1 for line in text.splitlines()
               if len(PROSE_WORD.findall(line)) >= 7 and sum(c.isdigit() for c in line) <= 4
               and not line.isupper())


def _count(low: str, word: str) -> int:
    return len(re.findall(rf"(?<![a-z]){re.escape(word)}(?![a-z])", low))


def classify(text: str, schemas: SchemaSet) -> tuple[str, float, dict[str, float]]:
    """Returns (kind, confidence 0..1, score per kind). Strong keywords count 2, weak ones 0.5,
    each capped so one repeated word cannot decide alone; the title near the top counts more."""
    low = text.lower()
    head = low[:400]
    has_amount = bool(AMOUNT.search(text))
    shapes = {reader: len(reader(text)) for reader, *_ in SHAPES}
    prose = prose_lines(text)
    scores: dict[str, float] = {}
    for kind in schemas.kinds():
        schema = schemas[kind]
        score = 0.0
        for w in schema.strong_keywords:
            n = _count(low, w)
            if n:
                score += 2.0 + min(n - 1, 3) * 0.4 + (1.0 if _count(head, w) else 0.0)
        for w in schema.weak_keywords:
            n = _count(low, w)
            if n:
                score += 0.5 + min(n - 1, 3) * 0.1
        score += _shape_score(kind, shapes)
        if kind == PROSE[0] and score and prose >= PROSE[1]:
            score += min(PROSE[4], PROSE[2] + PROSE[3] * (prose - PROSE[1]))
        if score and not has_amount and any(f.type == "money" for f in schema.fields):
            score *= 0.5  # a receipt, invoice or payslip prints money; a letter's "thank you" does not make one
        scores[kind] = score
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < MIN_SCORE:
        return "other", 0.5, scores
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = 1 / (1 + math.exp(-(top - second) / 2.0))
    return best, round(confidence, 3), scores


def _shape_score(kind: str, counts: dict) -> float:
    """Evidence from the rows the page is made of (SHAPES): four dated lines with amounts are a
    statement, three result rows a lab report."""
    score = 0.0
    for reader, kinds, needed, base, per_row, cap in SHAPES:
        n = counts.get(reader, 0)
        if kind in kinds and n >= needed:
            score += min(cap, base + per_row * (n - needed))
    return score
