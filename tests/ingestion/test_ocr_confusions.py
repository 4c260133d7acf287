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
    ("Marketing 5dn Bhd", "Marketing Sdn Bhd"),
    ("0nly", "Only"),
    ("L0T 1851-A", "LOT 1851-A"),
    ("AEON C0. (M) BHD", "AEON CO. (M) BHD"),
    ("INVOICE N0: 18028", "INVOICE NO: 18028"),
    ("4330O SERI KEMBANGAN", "43300 SERI KEMBANGAN"),
])
def test_swaps_are_undone(raw: str, fixed: str) -> None:
    assert fix_confusions(raw) == fixed


@pytest.mark.parametrize("text", ["U13/BG", "7/118B", "K1A 0B1", "SH01 ZK09", "MP3", "B2B",
                                  "TEL:07-3507405", "NO.2&4", "1851-A", "A4", "COVID-19",
                                  "5KG", "1st", "2nd", "8th", "5x", "1pc", "5kg", "5th", "5pcs",
                                  "H0H 0H0", "A0", "S0", "118B", "2000D"])
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


@pytest.mark.parametrize("raw,split", [
    ("12Mar201818:19", "12 Mar 2018 18:19"),
    ("30 May 201818:24", "30 May 2018 18:24"),
    ("Date 09/01/20198:01:11PM", "Date 09/01/2019 8:01:11PM"),
    ("TOTALGBP6.45", "TOTAL GBP 6.45"),
    ("TotalRM12.50", "Total RM 12.50"),
    ("CASH100.00", "CASH 100.00"),
    ("TOTAL:1,234.50", "TOTAL: 1,234.50"),
    ("HOME HARDWARE& ELECTRICAL", "HOME HARDWARE & ELECTRICAL"),
    ("HOME MASTER HARDWARE&", "HOME MASTER HARDWARE &"),
    ("BAKERIES (KL)SDN BHD", "BAKERIES (KL) SDN BHD"),
])
def test_glued_words_are_split(raw: str, split: str) -> None:
    from desktop_app.ingestion.ocr import split_glued

    assert split_glued(raw) == split


@pytest.mark.parametrize("text", ["AMT(RM)", "NO.2&4", "M&S", "SKU12345", "TEL:07-3507405",
                                  "2018-03-12", "Item promo @12.99 -2.57", "1000131-K",
                                  "INV2018/0412", "12/03/2018 14:03", "v2.10"])
def test_codes_and_spaced_text_stay(text: str) -> None:
    from desktop_app.ingestion.ocr import split_glued

    assert split_glued(text) == text
