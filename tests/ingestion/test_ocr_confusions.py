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


@pytest.mark.parametrize("raw,fixed", [
    ("01 0ct 2024 BALANCE", "01 Oct 2024 BALANCE"),
    ("150ct 2024 SALARY", "15 Oct 2024 SALARY"),
    ("02.0ct 2024 D/D", "02 Oct 2024 D/D"),
    ("Statement period Sep 14,2024 - 0ct 13,2024", "Statement period Sep 14, 2024 - Oct 13, 2024"),
    ("18: Oct 2024", "18 Oct 2024"),
    ("OCT:02 OCT 03 AMZN", "OCT 02 OCT 03 AMZN"),
    ("SEP 16 SEP- 17 PAYMENT", "SEP 16 SEP 17 PAYMENT"),
    ("N0V 2024", "NOV 2024"),
    ("COFFEE 200Z", "COFFEE 20OZ"),
    ("BEEF JERKY 3.250Z", "BEEF JERKY 3.25OZ"),
    ("1 8:1% 3.80", "1 8.1% 3.80"),
])
def test_month_names_ounces_and_rates_misread_by_ocr_are_mended(raw: str, fixed: str) -> None:
    from desktop_app.ingestion.ocr import split_glued

    assert split_glued(raw) == fixed


@pytest.mark.parametrize("text", ["COTTON SWABS 500CT", "Time 10:30 Oct", "Rechnung vom 3. Oktober 2024",
                                  "1.2.0ct 2024", "12:30 5%"])
def test_counts_times_and_dotted_dates_stay(text: str) -> None:
    from desktop_app.ingestion.ocr import split_glued

    assert split_glued(text) == text


def test_an_amount_whose_decimal_point_was_read_as_a_colon_is_mended_unless_it_may_be_a_time() -> None:
    from desktop_app.ingestion.ocr import OcrSegment, colon_amounts

    def page(*texts: str) -> list[str]:
        quad = [(0, 0), (10, 0), (10, 5), (0, 5)]
        return [s.text for s in colon_amounts([OcrSegment.from_quad(t, quad, 0.9) for t in texts])]

    assert page("MILK 2L", "32:49", "Total CHF 19:80", "1,150:00", "17:43", "23:00", "12.50") == \
        ["MILK 2L", "32.49", "Total CHF 19.80", "1,150.00", "17:43", "23:00", "12.50"]
    assert page("Masło", "4,99", "7,49", "36:48") == ["Masło", "4,99", "7,49", "36,48"]  # decimal commas


@pytest.mark.parametrize("raw,fixed", [("ARROZ TIP0 1 5KG", "ARROZ TIPO 1 5KG"), ("FEIJA0 CARIOCA", "FEIJAO CARIOCA")])
def test_a_capital_o_read_as_zero_at_the_end_of_a_word_is_mended(raw: str, fixed: str) -> None:
    assert fix_confusions(raw) == fixed


@pytest.mark.parametrize("text", ["XPS10", "MP30", "HAL9000", "P0"])
def test_a_zero_ending_a_code_stays(text: str) -> None:
    assert fix_confusions(text) == text


@pytest.mark.parametrize("raw,fixed", [("BENITO JUAREZ, C . P. 03940", "BENITO JUAREZ, C.P. 03940"),
                                       ("SUMMIT FUEL &F00D #2271", "SUMMIT FUEL & FOOD #2271")])
def test_an_initialism_read_apart_and_a_word_with_two_zeros_are_mended(raw: str, fixed: str) -> None:
    from desktop_app.ingestion.ocr import split_glued

    assert split_glued(fix_confusions(raw)) == fixed


def test_a_time_between_two_priced_lines_is_an_amount_and_a_till_time_stays() -> None:
    from desktop_app.ingestion.layout import PageLine
    from desktop_app.ingestion.ocr import amid_amounts

    lines = [PageLine(t) for t in ("1   PAPAS SAL 170G   45.00", "1:   TORTILLAS MAIZ 1KG   23:00",
                                   "1   HUEVO BLANCO 18 PZ   58.90", "Karta   36,48",
                                   "00118 #Kasa 2 Kasjer nr 4   17:43", "BFK 21040881   NR SYS. 77412")]
    assert [ln.text for ln in amid_amounts(lines)][1:5] == [
        "1   TORTILLAS MAIZ 1KG   23.00", "1   HUEVO BLANCO 18 PZ   58.90", "Karta   36,48",
        "00118 #Kasa 2 Kasjer nr 4   17:43"]
