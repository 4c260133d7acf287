"""Edit distances behind the OCR error rates (bench/bench_ocr.py) and fuzzy matching."""
from __future__ import annotations

import random

from desktop_app.core.edit_distance import levenshtein, line_order_free_errors, substring_distance

REF = ["GARDENIA BAKERIES (KL) SDN BHD", "TOTAL PAYABLE:", "31.32", "CUSTOMER'S COPY"]


def test_levenshtein_and_substring_distance() -> None:
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert substring_distance("TOTAL", "GRAND TOTAI 12.00") == 1
    assert substring_distance("", "anything") == 0


def test_the_same_lines_in_another_order_have_no_errors() -> None:
    shuffled = REF[:]
    random.Random(7).shuffle(shuffled)
    assert line_order_free_errors(shuffled, REF) == 0
    # a box the transcription lists on its own may share an OCR line with its row
    assert line_order_free_errors(["GARDENIA BAKERIES (KL) SDN BHD", "TOTAL PAYABLE: 31.32",
                                   "CUSTOMER'S COPY"], REF) == 0


def test_every_misread_missed_and_inserted_character_counts() -> None:
    hyp = ["GARDENlA BAKERIES (KL) SDN BHD", "TOTAL PAYABLE: 31.32", "CUSTOMER'S COPY"]
    assert line_order_free_errors(hyp, REF) == 1  # one character misread
    assert line_order_free_errors(hyp[:2], REF) == 1 + len("CUSTOMER'S COPY")  # a line missed
    assert line_order_free_errors(hyp + ["THANK YOU"], REF) == 1 + len("THANK YOU")  # one inserted
    # an OCR character is used once: two reference lines cannot both match one printed line
    assert line_order_free_errors(["31.32"], ["31.32", "31.32"]) == 5


def test_a_reference_line_split_over_two_ocr_lines_is_matched_in_parts() -> None:
    assert line_order_free_errors(["TALAPIA - DEEP FRIED", "WITH SWEET & SOUR"],
                                  ["TALAPIA - DEEP FRIED WITH SWEET & SOUR"]) == 0
