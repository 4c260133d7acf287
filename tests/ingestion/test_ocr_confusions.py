"""Look-alike swaps inside OCR'd words are undone; codes and numbers are left alone."""
from __future__ import annotations

import pytest

from desktop_app.ingestion.ocr import fix_confusions


@pytest.mark.parametrize("raw,fixed", [
    ("BATANG BERJUNTA1 SELANGOR", "BATANG BERJUNTAI SELANGOR"),
    ("PERIND0STRIAN", "PERINDOSTRIAN"),
    ("Ta5man", "Tasman"),
    ("TOTAL 1O.50", "TOTAL 10.50"),
    ("2O18", "2018"),
])
def test_swaps_are_undone(raw: str, fixed: str) -> None:
    assert fix_confusions(raw) == fixed


@pytest.mark.parametrize("text", ["U13/BG", "7/118B", "K1A 0B1", "SH01 ZK09", "MP3", "B2B",
                                  "TEL:07-3507405", "NO.2&4", "1851-A", "A4", "COVID-19"])
def test_codes_stay(text: str) -> None:
    assert fix_confusions(text) == text


@pytest.mark.parametrize("raw,latin", [
    ("CHERAS，55100 KUALA LUMPUR", "CHERAS,55100 KUALA LUMPUR"),
    ("Ridzuan （11900）", "Ridzuan (11900)"),
    ("Cashier#：USER", "Cashier#:USER"),
    ("SUN-THU 1000一2230", "SUN-THU 1000-2230"),
    ("Café 12,50 €", "Café 12,50 €"),  # Latin accents and currency signs stay
])
def test_full_width_punctuation_becomes_ascii(raw: str, latin: str) -> None:
    from desktop_app.ingestion.ocr import to_latin

    assert to_latin(raw) == latin
