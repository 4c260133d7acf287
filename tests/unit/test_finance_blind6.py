"""Finance documents written blind, sixth round (tests/fixtures/finance_blind6, labels.jsonl): receipts
from Japan, Mexico, Brazil, South Africa, Singapore, Switzerland, the US and Poland, a NZ payslip, an
Irish statement, a Canadian credit-card statement and a Dubai hotel folio; kind, fields, list rows and
consistency checks, rules only. What Coffer still misses is listed (KNOWN_MISSES, KNOWN_ROWS,
KNOWN_CHECKS), so that a new miss fails and a fixed one is noticed."""
from __future__ import annotations

import pytest

from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_finance, load

FOLDER, LABELS = load("finance_blind6")
KNOWN_KINDS: dict[str, str] = {}
KNOWN_MISSES = {
    ("jp_konbini_receipt", "company"), ("jp_konbini_receipt", "address"),  # the branch line 'Shinjuku … Store'
    ("jp_konbini_receipt", "tax"),  # '(Tax incl. ¥129)' avoided for its 'incl', the 10% line's ¥80 taken
    ("br_cupom_fiscal_nfce", "address"),  # the 'Documento Auxiliar …' title joins the address
    ("za_till_slip_vat", "currency"),  # 'R 321.84': the rand sign is not read
    ("us_gas_station_receipt", "company"),  # the store number '#2271' is cut off
    ("ca_credit_card_statement", "bank"),  # the cardholder above his address outranks the bank's name
}
# (rows matched, rows read): the fuel line, its description printed under the pump's numbers
KNOWN_ROWS = {"us_gas_station_receipt": (2, 2)}
# consistency checks: a service charge the check does not count; the fuel row missing
KNOWN_CHECKS = {"sg_food_court_receipt": 1, "us_gas_station_receipt": 1}


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind6_finance_document(service: DocumentService, doc_id: str) -> None:
    check_finance(service, FOLDER, LABELS[doc_id], misses={n for d, n in KNOWN_MISSES if d == doc_id},
                  rows=KNOWN_ROWS.get(doc_id),
                  checks=KNOWN_CHECKS.get(doc_id, 0), kind=KNOWN_KINDS.get(doc_id))


def test_a_tax_table_whose_header_lost_its_column_gaps_is_read_from_the_right() -> None:
    from desktop_app.core.rules import tax_table

    scan = "Code Satz Total MWST\n0   2.6% 16.00 0.41\n1   8.1% 3.80 0.28\nTotal   19.80 0.69\n"
    assert [c.raw for c in tax_table(scan)] == ["0.69"]
