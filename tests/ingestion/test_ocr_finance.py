"""OCR repairs for scanned finance documents (statements, exports, invoices): snippets written
for these tests, not taken from any fixture."""
from __future__ import annotations

import random

import numpy as np
import pytest

from desktop_app.ingestion.ocr import confusions_in_pieces, drop_specks


@pytest.mark.parametrize("raw,fixed", [
    ("Card,0range Mobile,Bills", "Card,Orange Mobile,Bills"),  # an export's cells joined by commas
    ("Direct Debit-0ffice rent", "Direct Debit-Office rent"),
    ("BOSTON, MA, DENVER, C0,", "BOSTON, MA, DENVER, C0,"),  # one capital and a zero: may be a code
    ("SPRINGFIELD, ILLIN0IS", "SPRINGFIELD, ILLINOIS"),
    ("TORONT0,", "TORONTO,"),
    ("GREENW00D MARKET", "GREENWOOD MARKET"),
    ("SHELL O417 LEEDS", "SHELL 0417 LEEDS"),
])
def test_look_alikes_in_pieces_joined_by_punctuation_are_undone(raw: str, fixed: str) -> None:
    assert confusions_in_pieces(raw) == fixed


@pytest.mark.parametrize("text", ["A4-80", "COVID-19", "U13/BG", "7/118B", "ACC-WT1", "2024-07-31,05:58:12",
                                  "XL00BK", "PO-0042", "12,50", "B2B-A0", "TEL:07-3507405", "Ref O12"])
def test_codes_and_numbers_in_pieces_stay(text: str) -> None:
    assert confusions_in_pieces(text) == text



def _read_marks(text: str, printed: set[int]) -> str:
    """``text`` as the recogniser read it from a dusty page where only the marks at ``printed``
    are printed (a ':' as two dots, a '.' or ',' as one); letters are blocks one pitch apart."""
    paper, ink, speck, height, pitch = 250, 30, 150, 40, 12
    centers = [10.0 + pitch * i for i in range(len(text))]
    gray = np.full((height, int(centers[-1]) + 20), paper, dtype=np.uint8)
    rng = random.Random(1)
    for _ in range(int(0.02 * gray.size)):
        gray[rng.randrange(height), rng.randrange(gray.shape[1])] = speck
    for i, c in enumerate(centers):
        x = int(c)
        if text[i] not in ".,: ":
            gray[12:30, x - 4:x + 4] = ink
        elif i in printed:
            gray[27:30, x - 1:x + 2] = ink
            if text[i] == ":":
                gray[17:20, x - 1:x + 2] = ink
    box = (0.0, 0.0, float(gray.shape[1]), float(height))
    chars, _ = drop_specks(list(text), centers, gray, box, height)
    return "".join(chars)


def test_a_speck_read_as_a_colon_is_dropped_and_a_printed_colon_stays() -> None:
    # a quantity cell '3:', 'Service :fee' over dust; 'Net:' with its colon printed; a time
    assert _read_marks("Service:fee", set()) == "Service fee"  # the gap the speck filled stays a space
    assert _read_marks("Total 3:", set()) == "Total 3"
    assert _read_marks("Net:", {3}) == "Net:"
    assert _read_marks("12:30", set()) == "12:30"
