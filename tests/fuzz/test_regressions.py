"""Every crash the fuzzers (or the privacy review of issue 9) found, kept as a regression test."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core import rules
from desktop_app.core.errors import DocumentError
from desktop_app.core.normalize import format_amount, normalise_value, parse_amount
from desktop_app.ingestion.reader import read_document

# 1. A 27+ digit amount made Decimal.quantize raise InvalidOperation (precision 28), so a document
#    holding "TOTAL 1000000000000000000000000000.00" crashed extraction with a traceback (and left
#    it "extracting" in the vault). Found by the normalisation fuzzer; fixed in core/normalize.py.
LONG_AMOUNTS = ["1" * 40, "9" * 29 + ".99", "1," + "000," * 12 + "000.00", "1000000000000000000000000000.00"]


@pytest.mark.parametrize("raw", LONG_AMOUNTS)
def test_absurdly_long_amounts_do_not_crash(raw: str) -> None:
    assert normalise_value("money", raw) is None
    assert parse_amount(raw) is None


def test_format_amount_never_raises() -> None:
    assert format_amount(Decimal("1" * 40)) == "1" * 40 + ".00"
    assert format_amount(Decimal("12.345")) == "12.34" or format_amount(Decimal("12.345")) == "12.35"


def test_receipt_with_a_huge_total_extracts() -> None:
    text = "ACME STORE\nDate: 01/02/2024\nTOTAL 1000000000000000000000000000.00\nCash 5.00\n"
    rules.total_candidates(text)  # raised InvalidOperation
    from desktop_app.core.entities import ParsedDocument
    from desktop_app.core.extraction import Extractor
    from desktop_app.main import schemas

    Extractor(None).extract(ParsedDocument.from_text(text), schemas()["receipt"])


def test_reader_on_the_huge_total(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("TOTAL " + "9" * 60 + ".00\n")
    try:
        read_document(p)
    except DocumentError:
        pass
