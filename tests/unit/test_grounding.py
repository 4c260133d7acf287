"""Every value is tied to a span of the source text, or flagged as not found."""
from __future__ import annotations

from desktop_app.core.grounding import ground, letters_digits

TEXT = "INDAH GIFT & HOME DECO\n27,JALAN DEDAP 13,\nTAMAN JOHOR JAYA,\nTOTAL RM 60.30\n"


def test_exact_span() -> None:
    g = ground("INDAH GIFT & HOME DECO", TEXT)
    assert g is not None and g.method == "exact"
    assert TEXT[g.start:g.end] == "INDAH GIFT & HOME DECO"


def test_value_spanning_lines_with_other_punctuation() -> None:
    g = ground("27, JALAN DEDAP 13, TAMAN JOHOR JAYA", TEXT)
    assert g is not None and g.method == "spacing"
    assert TEXT[g.start:g.end].startswith("27,JALAN") and TEXT[g.start:g.end].endswith("JAYA")


def test_ocr_confusions_are_a_stated_normalisation() -> None:
    g = ground("60.3O", TEXT)
    assert g is not None and g.method == "ocr" and TEXT[g.start:g.end] == "60.30"


def test_invented_value_is_not_grounded() -> None:
    assert ground("ACME CORPORATION", TEXT) is None
    assert ground("", TEXT) is None


def test_letters_digits() -> None:
    assert letters_digits("27, Jalan-Dedap 13.") == "27JALANDEDAP13"


def test_same_words_whatever_the_punctuation() -> None:
    from desktop_app.core.grounding import same_words

    text = "SHOP\nNO 7. SIMPANG OFF BATU,\n51200 KUALA LUMPUR.\nTEL 03"
    g = same_words("NO 7, SIMPANG OFF BATU 51200 KUALA LUMPUR", text)
    assert g is not None and g.method == "punctuation"
    assert text[g.start : g.end] == "NO 7. SIMPANG OFF BATU,\n51200 KUALA LUMPUR."
    assert same_words("NO 7, SIMPANG OFF BATU 51201 KUALA LUMPUR", text) is None  # a digit differs
    assert same_words("NO 7, SIMPANG", "NO 77, SIMPANG") is None  # whole words only
    g = same_words("BATU 51200", text.replace("BATU", "8ATU"))
    assert g is not None and g.method == "ocr"
