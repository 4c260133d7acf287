"""Word-level repair of OCR lines with the general word list (desktop_app/ingestion/lexicon.py):
glued capitals split, fragments joined, look-alike letters swapped back — and amounts, dates,
codes, names, compounds, drug names and web addresses left exactly as read."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.ingestion.lexicon import Lexicon, repair


@pytest.mark.parametrize("raw,fixed", [
    # glued capitals: three words or more, or a legal form
    ("40170 BANDARSETIAALAM,", "40170 BANDAR SETIA ALAM,"),
    ("SANYUSTATIONERYSHOP", "SANYU STATIONERY SHOP"),  # a name that is no word stays whole
    ("UNIHAKKAINTERNATIONALSDN BHD", "UNIHAKKA INTERNATIONAL SDN BHD"),
    ("SINNATHAMBY HOLDINGSSDN.BHD.(2 19336-T)", "SINNATHAMBY HOLDINGS SDN.BHD.(2 19336-T)"),
    # two words in mixed case
    ("12,JalanTampoi7/4,Kawasan", "12,Jalan Tampoi7/4,Kawasan"),
    # a word split around narrow letters
    ("N I AGA DAMA I SG BES I", "NIAGA DAMAI SG BESI"),
    # look-alike letters
    ("No.3, Jaian SS21/39,47400 Petaiing Jaya", "No.3, Jalan SS21/39,47400 Petaling Jaya"),
    ("Lot 3, Jalan Peiabur 23/1,", "Lot 3, Jalan Pelabur 23/1,"),
    ("Cashler#: CASHIER", "Cashier#: CASHIER"),
    ("TAX INUOICE", "TAX INVOICE"),
    ("Totai Incl. of GST 15.90", "Total Incl. of GST 15.90"),
    ("Involce No.: CS 67832", "Invoice No.: CS 67832"),
    ("Fried Ncodle", "Fried Noodle"),
    # O read as U in capitals; shop and receipt words the general list lacks (terms.txt)
    ("VERBENA CONFECTIUNERY SDN BHD", "VERBENA CONFECTIONERY SDN BHD"),
    # split words joined into a word once per million words or more
    ("GARDENIA BAK ERIES (KL) SDN BHD", "GARDENIA BAKERIES (KL) SDN BHD"),
    ("Tax Invo ice", "Tax Invoice"),
])
def test_repairs(raw: str, fixed: str) -> None:
    assert repair(raw) == fixed


@pytest.mark.parametrize("text", [
    # amounts, dates, times, codes, postcodes
    "TOTAL RM 31.00", "12/03/2024 18:26", "SR I00100000035-1Meat+3Vege", "U13/EG", "K1A 0B1",
    "Invoice #: OR18040902160299", "GST REG #000656195584", "TEL: 03-3271 9872", "KCK SR RM",
    "2B1I", "A4", "COVID-19", "5kg 500mg",
    # names and words that are not in the list, compounds, camel-case brands
    "SINNATHAMBY", "MakeMyTrip", "McDonald MacKenzie iPhone", "SubTotal 81.80", "TakeOut Total",
    "GOODS SOLD ARE NOT RETURNABLE", "WHITEBOARD MAKER PEN", "POS DUNNES STORES", "SALESPERSON : AH019",
    "Gesamtbetrag Mehrwertsteuer", "Kassenbon", "Dr. Müller Straße 12",
    # short words and short capitals
    "Inv No.", "Miso Soup", "Serv Charge", "Desc & Code", "Part I", "Vitamin A", "Phase I",
    # medicines
    "Paracetamol Ibuprofen Metformin Atorvastatin Amoxicillin Levothyroxine Salbutamol",
    # web and mail addresses
    "Facebook.com/BarWangRice", "www.example.com", "info@shopname.com.my",
])
def test_left_alone(text: str) -> None:
    assert repair(text) == text


def test_no_word_list_changes_nothing() -> None:
    assert repair("BANDARSETIAALAM Jaian", Lexicon({})) == "BANDARSETIAALAM Jaian"


def test_word_list_is_shipped_and_general() -> None:
    lex = Lexicon.shared()
    assert len(lex.words) > 100_000
    for word in ("total", "invoice", "jalan", "bandar", "rechnung", "facture", "ricevuta"):
        assert lex.known(word), word


def test_ocr_of_glued_capitals_reads_words(tmp_path: Path) -> None:
    """Real OCR of a line printed without its spaces: the text comes back as words."""
    from desktop_app.ingestion.reader import read_document

    from .makers import save, scan_image

    img = scan_image(["BANDARSETIAALAM", "TOTAL 48.50"], size=32)
    doc = read_document(save(img, tmp_path / "glued.png"))
    assert "BANDAR SETIA ALAM" in doc.text
    assert "48.50" in doc.text


def test_word_letters_counts_runs_of_three_or_more() -> None:
    from desktop_app.ingestion.lexicon import word_letters

    assert word_letters("TOTAL RM 12.30 Jalan Xqzvkw7/4") == (10, 16)  # TOTAL Jalan; Xqzvkw
    assert word_letters("12.30 5.00") == (0, 0)


def test_widen_stretches_only_the_width() -> None:
    import numpy as np

    from desktop_app.ingestion.image import widen

    out = widen(np.zeros((20, 100, 3), dtype=np.uint8), 1.5)
    assert out.shape == (20, 150, 3)


def test_boxes_that_read_as_words_are_not_read_again() -> None:
    """Only a box whose reading is mostly not words is read a second time."""
    from desktop_app.ingestion.ocr import OcrEngine

    from .makers import scan_image

    engine = OcrEngine.shared()
    img = scan_image(["TOTAL AMOUNT 48.50", "THANK YOU PLEASE COME AGAIN"], size=32)
    items = engine.raw(img)
    assert engine.reread_doubtful(img, items) == items
    thanks = next(item for item in items if "PLEASE" in str(item[1]))
    doubtful = [[thanks[0], "THXNK YQU PLXASE", 0.9, *thanks[3:]]]
    again = engine.reread_doubtful(img, doubtful)
    assert "PLEASE" in str(again[0][1])  # the crop itself was read again, and had more words


def test_a_business_kind_glued_to_the_name_is_split_off() -> None:
    """'STATIONERYSHOP' is two words; a compound the list knows ('BOOKSHOP') and two-word
    compounds of other words ('WHITEBOARD', 'MINIMART') stay whole."""
    assert repair("KEDAI ALIF STATIONERYSHOP") == "KEDAI ALIF STATIONERY SHOP"
    assert repair("GOLDENTRADING") == "GOLDEN TRADING"
    for word in ("BOOKSHOP", "WHITEBOARD", "MINIMART", "RETURNABLE"):
        assert repair(word) == word


def test_more_misread_legal_forms() -> None:
    from desktop_app.ingestion.lexicon import legal_forms

    assert legal_forms("TAN BROTHERS (KL) SBNBHD") == "TAN BROTHERS (KL) SDN BHD"
    assert legal_forms("KEDAI MAKAN SEAFOOD SDN D") == "KEDAI MAKAN SEAFOOD SDN BHD"
    assert legal_forms("KK SUPER MART S/8 (123456-X)") == "KK SUPER MART S/B (123456-X)"
    assert legal_forms("KEDAI S/D 5") == "KEDAI S/D 5"  # not a name's last word
    assert legal_forms('ANALISI "SAN GIORGIO" S. r.l.') == 'ANALISI "SAN GIORGIO" S.r.l.'
    assert legal_forms("ROSSI S. P. A.") == "ROSSI S.P.A."


@pytest.mark.parametrize("read, meant", [
    ("DD: 14/02/20 19 09:41", "DD: 14/02/2019 09:41"),
    ("Date 14/02/20 19:30", "Date 14/02/20 19:30"),  # a two-digit year and a time
    ("10:02AM   4471   14-02~19", "10:02AM   4471   14-02-19"),
    ("Tarikh 14~02/2019", "Tarikh 14/02/2019"),
    ("Qty 20 17.50", "Qty 20 17.50"),
    ("5~10 mg", "5~10 mg"),
])
def test_a_broken_numeric_date_is_joined(read: str, meant: str) -> None:
    from desktop_app.ingestion.ocr import line_repairs

    assert line_repairs(read) == meant


@pytest.mark.parametrize("read, meant", [
    ("NO 29O, JALAN AIR PANAS", "NO 290, JALAN AIR PANAS"),  # a zero read as the letter O
    ("No: G3, BIk G, JIn PJU 1A/3", "No: G3, Blk G, Jln PJU 1A/3"),  # an l read as a capital I
    ("CIinic hours", "Clinic hours"),
    ("McIntosh & Co", "McIntosh & Co"),
    ("In the IT dept", "In the IT dept"),
    ("TAB 2O mg", "TAB 2O mg"),  # one digit: too little to go on
])
def test_look_alikes_in_short_tokens(read: str, meant: str) -> None:
    from desktop_app.ingestion.ocr import fix_confusions

    assert fix_confusions(read) == meant


@pytest.mark.parametrize("read, meant", [
    ("with a normal effort", "with a normal effort"),  # not 'anormal'
    ("a very pleasant woman", "a very pleasant woman"),
    ("for a long acting drug", "for a long acting drug"),
    ("Vitamin C one a day", "Vitamin C one a day"),  # not 'Cone'
    ("BE A PART OF IT", "BE A PART OF IT"),
    ("N I AGA DAMA I", "NIAGA DAMAI"),  # fragments of rarer words are still joined
    ("Sanjung Real iti Sdn. Bhd.", "Sanjung Realiti Sdn. Bhd."),  # two words, one rare, make a commoner one
    ("REG NO 12", "REG NO 12"),
])
def test_one_letter_words_and_rare_halves(read: str, meant: str) -> None:
    assert repair(read) == meant


def test_a_colon_or_underscore_read_for_an_l_in_capitals() -> None:
    assert repair("NO.12,JA:AN SS4C/5,PETALING JAYA SE_ANGOR") == "NO.12,JALAN SS4C/5,PETALING JAYA SELANGOR"
    for text in ("NAME:JOHN", "TEL:03-1234", "GST:ID"):
        assert repair(text) == text


def test_u_and_n_turned_over_only_into_very_common_words() -> None:
    assert repair("Lot 3, Jalau Pelabur 23/1,") == "Lot 3, Jalan Pelabur 23/1,"
    assert repair("56000 Knala Lnmpur") == "56000 Kuala Lumpur"
    for text in ("Ingrid Haugen", "Braun", "JALAU"):  # names; capitals keep their own table
        assert repair(text) == text


def test_a_speck_accent_on_a_malay_word_goes() -> None:
    from desktop_app.ingestion.lexicon import restore_accents

    assert restore_accents(["Bandar Mahkota Chéras, 43200 Cheras"]) == ["Bandar Mahkota Cheras, 43200 Cheras"]
    assert restore_accents(["Kia ora, Ngā mihi", "Café René"]) == ["Kia ora, Ngā mihi", "Café René"]
