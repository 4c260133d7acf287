"""Deterministic parsing of dates, amounts, currencies and IBANs."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop_app.core.normalize import (
    find_currency,
    find_dates,
    iban_valid,
    normalise_value,
    parse_amount,
    parse_date,
)


@pytest.mark.parametrize("text,expected", [
    ("19/10/2018", dt.date(2018, 10, 19)),
    ("12-01-19", dt.date(2019, 1, 12)),
    ("2024-03-05", dt.date(2024, 3, 5)),
    ("05.02.2024", dt.date(2024, 2, 5)),
    ("14 Mar 2024", dt.date(2024, 3, 14)),
    ("March 3, 2023", dt.date(2023, 3, 3)),
    ("3 mars 2024", dt.date(2024, 3, 3)),
    ("22 MAR 2018 18:24", dt.date(2018, 3, 22)),
    ("01 OGOS 2018", dt.date(2018, 8, 1)),
    ("Date 09/01/20198:01:11PM", dt.date(2019, 1, 9)),  # OCR glued the time to the year
    ("12/31/2023", dt.date(2023, 12, 31)),  # impossible day-first: read month-first
])
def test_dates_parse_in_common_formats(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


def test_invalid_dates_are_refused() -> None:
    assert parse_date("31/02/2024") is None
    assert parse_date("no date here") is None
    assert find_dates("TEL 03-3271 9872") == []


@pytest.mark.parametrize("text,expected", [
    ("RM 33.90", "33.90"), ("$8.20", "8.20"), ("1 234,56 €", "1234.56"), ("1 450.00", "1.00"), ("1.234,50 €", "1234.50"), ("1,234.50", "1234.50"),
    ("-RM 0.02", "-0.02"), ("12,50", "12.50"), ("EUR 1.713,60", "1713.60"), ("(45.10)", "-45.10"),
])
def test_amounts(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


def test_currency_detection() -> None:
    assert find_currency("TOTAL RM 33.90") == "MYR"
    assert find_currency("Total EUR 10") == "EUR"
    assert find_currency("Summe 12,00 €") == "EUR"
    assert find_currency("nothing") is None


def test_iban_checksum() -> None:
    assert iban_valid("DE89 3704 0044 0532 0130 00")
    assert iban_valid("GB82WEST12345698765432")
    assert not iban_valid("DE89 3704 0044 0532 0130 01")
    assert not iban_valid("XX00")


def test_normalise_value_by_type() -> None:
    assert normalise_value("date", "19/10/2018") == "2018-10-19"
    assert normalise_value("money", "RM41.45") == "41.45"
    assert normalise_value("iban", "de89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert normalise_value("iban", "DE00 1234") is None
    assert normalise_value("currency", "€") == "EUR"
    assert normalise_value("text", "  A   B ") == "A B"


def test_a_text_date_with_the_time_glued_on_by_ocr_is_found() -> None:
    import datetime as dt

    from desktop_app.core.normalize import find_dates

    assert find_dates("12Mar201818:19") == [(0, 9, dt.date(2018, 3, 12))]
    assert find_dates("30 May 201818:24")[0][2] == dt.date(2018, 5, 30)


def test_a_year_split_by_ocr_before_a_time_is_joined() -> None:
    import datetime as dt

    from desktop_app.core.normalize import find_dates

    assert find_dates("DD: 28/08/20 17 12:26") == [(4, 15, dt.date(2017, 8, 28))]
    assert find_dates("05/06/20 12 ITEMS")[0][2] == dt.date(2020, 6, 5)  # no time: a count


def test_ocr_slips_in_dates_and_amounts() -> None:
    from desktop_app.core.normalize import find_dates, parse_amount

    assert [d for _, _, d in find_dates("Date: November 7,2023")] == [dt.date(2023, 11, 7)]
    assert str(parse_amount("2,520:58")) == "2520.58"  # a colon for the decimal point
    assert [d for _, _, d in find_dates("22. Marz 2022")] == [dt.date(2022, 3, 22)]  # März


def test_scanned_ibans_are_repaired_only_when_the_checksum_then_holds() -> None:
    from desktop_app.core.normalize import find_ibans, normalise_value

    # the bank code of a UK IBAN is letters: "MNK0" is MNKO; a German BBAN is digits: "37O4" is 3704
    assert [c for _, _, c in find_ibans("IBAN: GB56 MNK0 3152 2714 2875 76")] == ["GB56MNKO31522714287576"]
    assert [c for _, _, c in find_ibans("DE89 37O4 0044 0532 0130 00")] == ["DE89370400440532013000"]
    assert [c for _, _, c in find_ibans("IBAN: FR76 4458.7722 8111 1210 1266 354")] == ["FR7644587722811112101266354"]
    assert find_ibans("DE12 5005 0201 0001 2345 67") == []  # wrong checksum: no repair makes it right
    assert normalise_value("iban", "DE77 7313 0352 2259 0737.22") == "DE77731303522259073722"
