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
    are printed (a ':' as two dots, a '.' or ',' as one, an apostrophe as a stroke at the top);
    letters are blocks one pitch apart."""
    paper, ink, speck, height, pitch = 250, 30, 150, 40, 12
    centers = [10.0 + pitch * i for i in range(len(text))]
    gray = np.full((height, int(centers[-1]) + 20), paper, dtype=np.uint8)
    rng = random.Random(1)
    for _ in range(int(0.02 * gray.size)):
        gray[rng.randrange(height), rng.randrange(gray.shape[1])] = speck
    for i, c in enumerate(centers):
        x = int(c)
        if text[i] not in ".,:' ":
            gray[12:30, x - 4:x + 4] = ink
        elif i in printed and text[i] == "'":
            gray[12:17, x - 1:x + 1] = ink
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


def test_a_speck_read_as_an_apostrophe_is_dropped_and_a_printed_one_stays() -> None:
    assert _read_marks("Freight 1 'pc", set()) == "Freight 1 pc"
    assert _read_marks("Invoice'no", set()) == "Invoice no"
    assert _read_marks("TRADER'S", {6}) == "TRADER'S"


def _amount_box(text: str, font_name: str, size: int) -> tuple[list[str], list[float], np.ndarray, tuple]:
    """``text`` printed in a DejaVu font, as the recogniser reads it: every character but the
    currency signs (it has none in its character set), each at its centre."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(f"/usr/share/fonts/truetype/dejavu/{font_name}", size)
    image = Image.new("L", (size * 10, size * 2), 250)
    draw = ImageDraw.Draw(image)
    draw.text((size // 2, size // 3), text, fill=30, font=font)
    chars, centers, x = [], [], size / 2
    for ch in text:
        advance = draw.textlength(ch, font=font)
        if ch not in "£€₹ ":
            chars.append(ch)
            centers.append(x + advance / 2)
        x += advance
    gray = np.asarray(image)
    ys, xs = np.nonzero(gray < 140)
    return chars, centers, gray, (xs.min() - 3, ys.min() - 3, xs.max() + 4, ys.max() + 4)


@pytest.mark.parametrize("font_name", ["DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf"])
@pytest.mark.parametrize("size", [16, 22, 28])
@pytest.mark.parametrize("text", ["£48.20", "7,15 €", "€ 1.204,50", "₹2,315.00", "Total £9.99", "64.10"])
def test_a_currency_sign_the_recogniser_cannot_read_is_put_back_from_its_shape(
        font_name: str, size: int, text: str) -> None:
    pytest.importorskip("PIL")
    from pathlib import Path

    from desktop_app.ingestion.ocr import unread_currency

    if not Path(f"/usr/share/fonts/truetype/dejavu/{font_name}").exists():
        pytest.skip("no DejaVu fonts here")
    chars, centers, gray, box = _amount_box(text, font_name, size)
    out, where = unread_currency(chars, centers, gray, box)
    assert "".join(out) == text.replace(" ", "") and len(where) == len(out)


@pytest.mark.parametrize("other", ["(", "[", "/", "*", "#", "%", "x", "+", "="])
def test_other_glyphs_beside_an_amount_are_no_currency(other: str) -> None:
    from pathlib import Path

    from desktop_app.ingestion.ocr import unread_currency

    if not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists():
        pytest.skip("no DejaVu fonts here")
    for text in (f"{other}31.75", f"31.75 {other}"):
        chars, centers, gray, box = _amount_box(text, "DejaVuSans.ttf", 22)
        chars = [c for c in chars if c != other]
        centers = [x for c, x in zip(_amount_box(text, "DejaVuSans.ttf", 22)[0], centers, strict=True) if c != other]
        assert "".join(unread_currency(chars, centers, gray, box)[0]) == "31.75"


@pytest.mark.parametrize("raw,fixed", [
    ("07- 11- 2023 CARD PAYMENT", "07-11-2023 CARD PAYMENT"),
    ("Valuta 28 .02.2025", "Valuta 28.02.2025"),
    ("posted 2025- 01-09", "posted 2025-01-09"),
    ("3/ 4/2022", "3/4/2022"),
])
def test_a_date_whose_separators_were_read_spaced_is_joined(raw: str, fixed: str) -> None:
    from desktop_app.ingestion.ocr import joined_dates

    assert joined_dates(raw) == fixed


@pytest.mark.parametrize("text", ["12.50 . 2024", "Pages 4 - 6 - 2000 copies", "2024 - 13 - 45", "1,5 - 2,5",
                                  "31.12.2023 - 15.01.2024"])
def test_numbers_that_are_no_date_stay_spaced(text: str) -> None:
    from desktop_app.ingestion.ocr import joined_dates

    assert joined_dates(text) == text


def _item(cells: list[tuple[float, str]], pitch: float = 11.0, y: float = 100.0) -> list:
    """A rapidocr item: text boxes of ``cells`` (x of the first character's centre, text) read
    as one box, each character one pitch on from the last."""
    chars, centers = [], []
    for x, text in cells:
        for k, ch in enumerate(text):
            if ch != " ":
                chars.append(ch)
                centers.append(x + k * pitch)
    boxes = [[[c - pitch / 2, y], [c + pitch / 2, y], [c + pitch / 2, y + 22], [c - pitch / 2, y + 22]]
             for c in centers]
    left, right = centers[0] - pitch, centers[-1] + pitch
    quad = [[left, y], [right, y], [right, y + 22], [left, y + 22]]
    return [quad, "".join(chars), 0.98, boxes, chars, [0.99] * len(chars)]


def test_a_text_box_that_holds_two_table_columns_is_read_as_two() -> None:
    from desktop_app.ingestion.ocr import column_parts

    # 'A-1180  Steel shelf bracket' read as one box: the code column, two blank cells, the item
    parts = column_parts(_item([(50, "A-1180"), (50 + 8 * 11, "Steel shelf bracket")]), pitch=11.0)
    assert [(p[1], column) for p, column in parts] == [("A-1180", False), ("Steelshelfbracket", True)]
    assert parts[0][0][0][1][0] < parts[1][0][0][0][0]  # the first box ends before the second starts
    # one word space (two pitches from centre to centre) stays inside the box
    assert len(column_parts(_item([(50, "Steel shelf bracket")]), pitch=11.0)) == 1
    assert len(column_parts(_item([(50, "A-1180"), (50 + 8 * 11, "Steel")]), pitch=None)) == 1


def test_a_header_in_a_bigger_font_is_not_cut_into_columns() -> None:
    """A shop's name printed three times the size of the page's text, its letters spaced out
    ('SAN  YU STATIONERY'): steps of its own pitch are no column gaps."""
    from desktop_app.ingestion.ocr import column_parts

    big = _item([(50, "SANYU STATIONERY")], pitch=33.0)
    assert len(column_parts(big, pitch=11.0)) == 1
    # a real gap of two blank cells in that font still cuts
    two = _item([(50, "A-1180"), (50 + 8 * 33, "Steel")], pitch=33.0)
    assert [p[1] for p, _ in column_parts(two, pitch=11.0)] == ["A-1180", "Steel"]


def test_two_boxes_two_blank_cells_apart_are_joined_as_a_column_break() -> None:
    from desktop_app.ingestion.layout import rows_to_lines
    from desktop_app.ingestion.ocr import OcrSegment, column_gaps

    def seg(x: float, text: str) -> OcrSegment:
        s = OcrSegment.from_quad(text, [(x - 8, 0), (x + 11 * len(text), 0), (x + 11 * len(text), 20), (x - 8, 20)],
                                 0.9)
        s.ink = (x - 5.5, x + 11 * (len(text) - 1) + 5.5, 11.0)
        return s

    row = [seg(10, "512803"), seg(10 + 8 * 11, "ORG"), seg(10 + 12 * 11, "EGGS")]
    assert rows_to_lines(column_gaps([row], 11.0))[0].text == "512803   ORG EGGS"
    assert rows_to_lines([row])[0].text == "512803 ORG EGGS"


@pytest.mark.parametrize("raw,fixed", [
    ("Desk lamp brass   LMP -04", "Desk lamp brass   LMP-04"),
    ("Order PO- 88120", "Order PO-88120"),
    ("Ref INV-2025 -117", "Ref INV-2025-117"),
    ("MULTI -PACK 12", "MULTI-PACK 12"),
])
def test_a_dash_in_a_code_read_with_a_space_on_one_side_is_closed(raw: str, fixed: str) -> None:
    from desktop_app.ingestion.ocr import code_dashes

    assert code_dashes(raw) == fixed


@pytest.mark.parametrize("text", ["REFUND -12.50", "Balance -1,204.50", "Ein- und Ausgang", "Cable - 2 m",
                                  "Qty -2", "Debit -3", "Kundennr -5521", "REG #19- 10/03/2018 17:24"])
def test_a_minus_sign_a_hanging_dash_and_a_spaced_dash_stay(text: str) -> None:
    from desktop_app.ingestion.ocr import code_dashes

    assert code_dashes(text) == text


@pytest.mark.parametrize("raw,fixed", [
    ("HOLLANDIA TRADING B.V", "HOLLANDIA TRADING B.V."),
    ("Wire transfer Kroon Media B.V, invoice 31", "Wire transfer Kroon Media B.V. invoice 31"),
    ("LAVANDERIA ROSSI S:N.C", "LAVANDERIA ROSSI S.N.C."),
    ("BAKERY SUPPLIES , LLC .", "BAKERY SUPPLIES, LLC."),
    ("CANTINA SOC . AGR.", "CANTINA SOC. AGR."),
])
def test_the_full_stops_of_abbreviations_are_mended(raw: str, fixed: str) -> None:
    from desktop_app.ingestion.ocr import abbreviation_marks

    assert abbreviation_marks(raw) == fixed


@pytest.mark.parametrize("text", ["Open 09:30-18:00", "Ref A:B", "S.A. de C.V.", "Total 12.50", "Ltd., Leeds",
                                  "1,5 kg", "BTW 21%"])
def test_times_labels_and_whole_abbreviations_stay(text: str) -> None:
    from desktop_app.ingestion.ocr import abbreviation_marks

    assert abbreviation_marks(text) == text


def _marks_page(text: str, marks: dict[int, tuple[int, int]]) -> str:
    """``text`` read from a clean page whose letters are blocks standing on the baseline (row 30)
    and whose marks at ``marks`` (index -> first and last row of their ink) are small blobs."""
    from desktop_app.ingestion.ocr import off_baseline_marks

    pitch = 12
    centers = [10.0 + pitch * i for i in range(len(text))]
    gray = np.full((44, int(centers[-1]) + 20), 250, dtype=np.uint8)
    for i, c in enumerate(centers):
        x = int(c)
        if text[i] not in ".,: ":
            gray[14:31, x - 4:x + 4] = 30
        elif i in marks:
            top, bottom = marks[i]
            gray[top:bottom + 1, x - 1:x + 2] = 30
    box = (0.0, 0.0, float(gray.shape[1]), 44.0)
    chars, _ = off_baseline_marks(list(text), centers, gray, box)
    return "".join(chars)


def test_a_mark_whose_ink_lies_off_the_baseline_is_a_speck() -> None:
    assert _marks_page("Service.Charge", {7: (35, 36)}) == "ServiceCharge"  # below the baseline
    assert _marks_page("Service.Charge", {7: (16, 17)}) == "ServiceCharge"  # up among the letters' tops
    assert _marks_page("Service.Charge", {7: (28, 30)}) == "Service.Charge"  # a full stop on the line
    assert _marks_page("Lyon, France", {4: (28, 33)}) == "Lyon, France"  # a comma's tail hangs below
    assert _marks_page("TOTAL 31.00", {8: (35, 36)}) == "TOTAL 31.00"  # between digits: kept


def test_a_german_compound_read_without_its_umlauts_gets_them_back() -> None:
    from desktop_app.ingestion.lexicon import restore_accents

    page = ["Rechnung Kundennummer", "Lieferung Geratewartung", "Gebuhr fur Kontofuhrung", "Bitte uberweisen Sie"]
    assert restore_accents(page) == ["Rechnung Kundennummer", "Lieferung Gerätewartung",
                                     "Gebühr für Kontoführung", "Bitte überweisen Sie"]
    # (not on a page in another language, nor a compound whose plain parts are words)
    assert restore_accents(["Factura simplificada gracias por su compra", "Cliente Pfandruckgabe"]) == \
        ["Factura simplificada gracias por su compra", "Cliente Pfandruckgabe"]
    assert restore_accents(["Rechnung Vertragskonto Hausnummer"]) == ["Rechnung Vertragskonto Hausnummer"]


def test_an_item_amount_that_lost_its_decimal_mark_between_amounts_gets_it_back() -> None:
    from desktop_app.ingestion.layout import PageLine
    from desktop_app.ingestion.ocr import lost_decimal_marks

    def read(*texts: str) -> list[str]:
        return [ln.text for ln in lost_decimal_marks([PageLine(t) for t in texts])]

    assert read("SAVON LIQUIDE   3,20 €", "PAPIER TOILETTE X12   599", "CAFE MOULU 250G   4,15 €") == \
        ["SAVON LIQUIDE   3,20 €", "PAPIER TOILETTE X12   5,99", "CAFE MOULU 250G   4,15 €"]
    assert read("Gross pay   2,410.00", "Pension   -1205", "Net pay   2,289.50") == \
        ["Gross pay   2,410.00", "Pension   -12.05", "Net pay   2,289.50"]
    # a number that is no amount: no amounts around it, or a code with its own label
    assert read("Customer no.   10442", "Invoice date   12.03.2025") == ["Customer no.   10442", "Invoice date   12.03.2025"]
    assert read("Milk   1.20", "Store   0427", "Bread   2,10") == ["Milk   1.20", "Store   0427", "Bread   2,10"]


def test_a_count_or_a_number_out_of_the_amounts_column_keeps_its_digits() -> None:
    from desktop_app.ingestion.layout import PageLine
    from desktop_app.ingestion.ocr import lost_decimal_marks

    lines = [PageLine("TOTAL   12.40"), PageLine("Points earned   125"), PageLine("CASH   20.00")]
    assert [ln.text for ln in lost_decimal_marks(lines)][1] == "Points earned   125"
    boxed = [PageLine("MILK   1.20", (10, 0, 300, 20)), PageLine("BATCH   4471", (10, 25, 180, 45)),
             PageLine("BREAD   2.10", (10, 50, 300, 70))]
    assert [ln.text for ln in lost_decimal_marks(boxed)][1] == "BATCH   4471"  # not under the amounts


@pytest.mark.parametrize("raw,fixed", [("07Feb 25   CARD PAYMENT", "07 Feb 25   CARD PAYMENT"), ("15Nov   14:02", "15 Nov   14:02"),
                                       ("3Jan Transfer", "3 Jan Transfer")])
def test_a_day_glued_to_its_month_name_gets_its_space(raw: str, fixed: str) -> None:
    from desktop_app.ingestion.ocr import joined_dates

    assert joined_dates(raw) == fixed


@pytest.mark.parametrize("text", ["07FEB25", "12Mar2018 18:19", "Code 12MAYX", "Ref A12Mar"])
def test_a_date_printed_glued_stays(text: str) -> None:
    from desktop_app.ingestion.ocr import joined_dates

    assert joined_dates(text) == text


def test_a_wide_gap_between_two_rows_is_kept_as_a_blank_line() -> None:
    from desktop_app.ingestion.layout import PageLine
    from desktop_app.ingestion.ocr import OcrSegment, paragraph_gaps

    # rows 24 px apart, a blank row after the third; the page tilted so that a long row's own box
    # stands lower than a short one's (the rows' heights are read along the tilt)
    tops = [40, 64, 88, 136, 160, 184]
    texts = ["GREEN LEAF GROCERS", "14 Mill Lane", "Bristol BS1 4DJ", "Milk 2L   1.45", "Bread   1.10",
             "TOTAL   2.55"]
    rows, lines = [], []
    for top, text in zip(tops, texts, strict=True):
        width = 11 * len(text)
        quad = [(40, top), (40 + width, top + 0.03 * width), (40 + width, top + 20 + 0.03 * width), (40, top + 20)]
        seg = OcrSegment.from_quad(text, quad, 0.95)
        rows.append([seg])
        lines.append(PageLine(text, seg.box, 0.95))
    marked = paragraph_gaps(lines, rows)
    assert [ln.blank_before for ln in marked] == [False, False, False, True, False, False]


def test_a_label_and_its_value_stay_joined_by_a_space_however_far_apart() -> None:
    from desktop_app.ingestion.layout import rows_to_lines
    from desktop_app.ingestion.ocr import OcrSegment, column_gaps, column_parts

    def seg(x: float, text: str) -> OcrSegment:
        s = OcrSegment.from_quad(text, [(x - 8, 0), (x + 11 * len(text), 0), (x + 11 * len(text), 20), (x - 8, 20)],
                                 0.9)
        s.ink = (x - 5.5, x + 11 * (len(text) - 1) + 5.5, 11.0)
        return s

    row = [seg(10, "Referred by:"), seg(10 + 15 * 11, "Dr Ana Ruiz")]
    assert rows_to_lines(column_gaps([row], 11.0))[0].text == "Referred by: Dr Ana Ruiz"
    assert len(column_parts(_item([(50, "Payee:"), (50 + 9 * 11, "Lumen")]), pitch=11.0)) == 1


def _spaced_item(text: str, gaps: dict[int, float], pitch: float = 11.0, y: float = 100.0) -> list:
    """A rapidocr item that reads its spaces as characters: ``gaps`` gives, by the index of a
    space in ``text``, how many pitches lie from the character before it to the one after."""
    chars, centers, x = [], [], 50.0
    for i, ch in enumerate(text):
        if ch == " ":
            step = gaps.get(i, 2.0) * pitch
            centers.append(x + step / 2 - pitch)
            x += step - pitch
        chars.append(ch)
        if ch != " ":
            centers.append(x)
            x += pitch
    boxes = [[[c - pitch / 2, y], [c + pitch / 2, y], [c + pitch / 2, y + 22], [c - pitch / 2, y + 22]]
             for c in centers]
    quad = [[centers[0] - pitch, y], [centers[-1] + pitch, y], [centers[-1] + pitch, y + 22],
            [centers[0] - pitch, y + 22]]
    return [quad, text, 0.98, boxes, chars, [0.99] * len(chars)]


def test_a_space_read_where_two_blank_cells_stand_is_a_column_gap() -> None:
    """'01.10.2024  Trvalý příkaz' read as one box with one space between the date and the
    description: the character after the space stands three pitches from the one before it (a
    word space: two), so the box is read as two columns; the word spaces stay."""
    from desktop_app.ingestion.ocr import column_parts

    item = _spaced_item("01.10.2024 Standing order", {10: 3.0})
    parts = column_parts(item, pitch=11.0)
    assert [(p[1], column) for p, column in parts] == [("01.10.2024", False), ("Standing order", True)]
    assert len(column_parts(_spaced_item("01.10.2024 Standing order", {}), pitch=11.0)) == 1
    # a label and its value stay one box however far apart
    assert len(column_parts(_spaced_item("Date: 01.10.2024", {5: 3.0}), pitch=11.0)) == 1


def test_two_blank_cells_between_boxes_are_judged_by_the_page_s_pitch() -> None:
    """'18:22  Cash Withdrawal': the time's own pitch, from its five characters, reads a little
    wide (12 for the page's 11); the gap between the boxes is judged by the page's pitch unless a
    box is clearly in a bigger font."""
    from desktop_app.ingestion.layout import rows_to_lines
    from desktop_app.ingestion.ocr import OcrSegment, column_gaps

    def seg(x0: float, text: str, pitch: float) -> OcrSegment:
        x1 = x0 + pitch * len(text)
        s = OcrSegment.from_quad(text, [(x0 - 6, 0), (x1 + 6, 0), (x1 + 6, 20), (x0 - 6, 20)], 0.9)
        s.ink = (x0, x1, pitch)
        return s

    time = seg(100, "18:22", 12.0)
    row = [time, seg(time.ink[1] + 18.5, "Cash", 11.0)]
    assert rows_to_lines(column_gaps([row], 11.0))[0].text == "18:22   Cash"
    big = [seg(100, "TOTAL", 16.0), seg(100 + 80 + 18.5, "DUE", 16.0)]  # a bigger font: its own pitch
    assert rows_to_lines(column_gaps([big], 11.0))[0].text == "TOTAL DUE"
