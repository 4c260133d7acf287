"""Which values are flagged for checking: a word that looks misread (extraction._doubt_spelling), and labelled amounts that are not."""
from __future__ import annotations

from desktop_app.core import words
from desktop_app.core.entities import ParsedDocument


def _receipt(vendor: str, address: str, extra: str = "") -> ParsedDocument:
    return ParsedDocument.from_text(
        f"{vendor}\n{address}\nTEL 03-1234 5678\n{extra}RECEIPT\nDATE: 12/03/2024\n"
        "COFFEE   2   7.00\nTOTAL   7.00\nCASH   10.00\nCHANGE   3.00\n")


def test_one_letter_off_covers_drops_additions_swaps_and_replacements() -> None:
    near = words.one_letter_off("hospitel")
    assert "hospital" in near  # replaced
    assert {"hopsitel", "hospitl", "hospitels"} <= near  # swapped, dropped, added
    assert "hospitel" not in near


def test_a_misread_word_in_the_shop_name_is_flagged(service) -> None:
    ex = service.analyse(_receipt("GRAND HOSPITEL CAFE", "12 STATION ROAD, LEEDS"), kind="receipt")
    vendor = ex.get("company")
    assert vendor.raw == "GRAND HOSPITEL CAFE" and vendor.uncertain
    assert "HOSPITEL" in vendor.note and "hospital" in vendor.note


def test_a_misread_word_in_the_address_is_flagged(service) -> None:
    ex = service.analyse(_receipt("GRAND CAFE LTD", "12 STATON ROAD, LEEDS"), kind="receipt")
    address = ex.get("address")
    assert "STATON" in address.raw and address.uncertain and "STATON" in address.note


def test_words_and_the_documents_own_repeated_spellings_stay_unflagged(service) -> None:
    ex = service.analyse(_receipt("GRAND CAFE LTD", "12 STATION ROAD, LEEDS"), kind="receipt")
    assert not ex.get("company").uncertain and not ex.get("address").uncertain
    # the same odd spelling printed twice is the name's own, not a misreading
    ex = service.analyse(_receipt("HOSPITEL CAFE LTD", "12 STATION ROAD, LEEDS",
                                  "THANK YOU FOR VISITING HOSPITEL CAFE\n"), kind="receipt")
    assert ex.get("company").raw == "HOSPITEL CAFE LTD" and not ex.get("company").uncertain


def test_an_amount_after_its_own_label_with_no_rival_is_not_flagged(service) -> None:
    text = ("HARBOUR DELI\n69 King Street\nLondon SW1A 2AA\nDate: 28/03/2023\n"
            "Coffee beans 1kg      35.97\nTOTAL                 35.97\nCARD                  35.97\n"
            "VAT 20%                5.99\n")
    tax = service.analyse(ParsedDocument.from_text(text), kind="receipt").get("tax")
    assert tax.raw == "5.99" and not tax.uncertain
    # a second VAT amount of another value is a rival: then the tax is worth a look
    text2 = text + "VAT 5%                 0.40\n"
    tax2 = service.analyse(ParsedDocument.from_text(text2), kind="receipt").get("tax")
    assert tax2.raw in ("5.99", "0.40") and tax2.uncertain
