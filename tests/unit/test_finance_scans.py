"""Finance documents as they come back from OCR (no indentation, columns joined by three
spaces): snippets written for these tests, in the styles real banks and suppliers print."""
from __future__ import annotations

from desktop_app.core.lists import transactions


def _descriptions(text: str) -> list[str]:
    return [r["description"].raw for r in transactions(text)]


def test_a_scanned_statement_rows_second_line_goes_on_with_its_description() -> None:
    text = """Valley Savings Bank   Statement 7
Opening balance 01.06.2025   812,40
Date   Details   Amount
03.06.2025 Direct debit Northwind Energy   -64,10
Contract 55120 June instalment
07.06.2025 Card payment Bakery Lindqvist   -8,35
12.06.2025 Transfer from A. Moreau   +250,00
Rent share June
Closing balance 30.06.2025   989,95
Page 1 of 1"""
    assert _descriptions(text) == ["Direct debit Northwind Energy Contract 55120 June instalment",
                                   "Card payment Bakery Lindqvist",
                                   "Transfer from A. Moreau Rent share June"]


def test_a_note_after_the_last_scanned_row_is_no_part_of_it() -> None:
    text = """Date   Description   Amount
03.06.2025 Direct debit Northwind Energy   -64,10
Please check your statement promptly
Contact us on our website for questions about this account"""
    assert _descriptions(text) == ["Direct debit Northwind Energy"]


def test_indented_text_keeps_its_columns() -> None:
    # (a text layer keeps the indentation: a line at the margin under a row is no second line)
    text = """  Date        Details                           Amount
  03.06.2025  Direct debit Northwind Energy       -64,10
Contract terms apply
  07.06.2025  Card payment Bakery Lindqvist        -8,35"""
    assert _descriptions(text) == ["Direct debit Northwind Energy", "Card payment Bakery Lindqvist"]


def test_a_scanned_iban_with_a_dash_between_groups_or_a_word_after_it_is_found() -> None:
    from desktop_app.core.normalize import find_ibans

    # (a valid test IBAN; the dash is a speck between two groups, 'Tel' a word read one space after)
    assert [v for _s, _e, v in find_ibans("IBAN DE89 3704-0044 0532 0130 00 Tel 0421 55")] == \
        ["DE89370400440532013000"]
    assert [v for _s, _e, v in find_ibans("IBAN: GB29 NWBK 6016 1331 9268 19 Sortcode")] == \
        ["GB29NWBK60161331926819"]
    assert find_ibans("Ref DE89 3704 0044 0532 0130 01 Tel") == []  # the checksum still decides


def test_a_scanned_tax_summary_is_read_by_its_cells_not_their_positions() -> None:
    from desktop_app.core.rules import tax_table

    # (a scan's text: cells joined by three spaces, so a value no longer stands under its heading)
    summary = """TVA   HT   TVA   TTC
5,50 %   1 204,36   66,24   1 270,60
20,00 %   310,00   62,00   372,00
TOTAL   1 514,36   128,24   1 642,60"""
    assert [c.raw for c in tax_table(summary)] == ["128,24"]
    one_rate = """VAT Breakdown   Net   VAT   Total
20%   64.50   12.90   77.40"""
    assert [c.raw for c in tax_table(one_rate)] == ["12.90"]


def test_an_invoice_number_label_whose_number_sign_a_scan_lost_or_glued_is_found() -> None:
    from desktop_app.core.rules import labelled_value

    labels = ("invoice #", "nº factura", "nº de factura", "facture n°")
    assert [c.raw for c in labelled_value("N factura: FV-2025-0098", labels)] == ["FV-2025-0098"]
    assert [c.raw for c in labelled_value("N   de factura:   2025-B-0012", labels)] == ["2025-B-0012"]
    assert [c.raw for c in labelled_value("Invoice#:   7731-2", labels)] == ["7731-2"]
    assert [c.raw for c in labelled_value("Facture n 2025/114", labels)] == ["2025/114"]
    assert labelled_value("Facture nette 12,00", labels) == []  # a word that begins with n


def test_a_period_whose_range_word_a_speck_follows_is_still_a_range() -> None:
    from desktop_app.core.rules import date_ranges

    ranges = date_ranges("Statement 2 June 2025 to. 1 July 2025", today=__import__("datetime").date(2025, 8, 1))
    assert [(a.raw, b.raw) for a, b in ranges] == [("2 June 2025", "1 July 2025")]


def test_a_day_is_no_tail_of_the_number_before_a_month_name() -> None:
    import datetime

    from desktop_app.core.normalize import find_dates

    # (a scan joins the postcode and the period with three spaces: '…03108   May 31, 2024')
    found = find_dates("Springfield, VT 05156   Apr 30, 2025 through May 29, 2025")
    assert [d for _s, _e, d in found] == [datetime.date(2025, 4, 30), datetime.date(2025, 5, 29)]
    assert [d for _s, _e, d in find_dates("Paid 12Mar2025 18:19")] == [datetime.date(2025, 3, 12)]


def test_a_due_date_whose_label_a_scan_misread_a_thin_letter_of_is_found() -> None:
    import datetime

    from desktop_app.core.rules import date_candidates

    labels = ("förfallodatum", "termin płatności", "zahlbar bis", "due")
    today = datetime.date(2025, 12, 31)
    for text, date in (("Forfaltodatum   2025-03-14", "2025-03-14"), ("Termin ptatnosci: 2025-02-11", "2025-02-11"),
                       ("zahibar bis 19.05.2025.", "2025-05-19")):
        cands = date_candidates(f"Rechnung vom 01.01.2025\n{text}", good=labels, bad=("datum",), today=today)
        assert [c.value for c in cands if "labelled" in c.why] == [date], text
    # (a short label word stays exact: 'due' is not 'dte')
    assert not [c for c in date_candidates("dte 01.02.2025", good=("due",), today=today) if "labelled" in c.why]
