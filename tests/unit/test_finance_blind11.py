"""Finance documents written blind, eleventh round (tests/fixtures/finance_blind11, labels.jsonl): the
everyday English-language documents of the US, UK, Canada, Australia and New Zealand. Four receipts
(a US restaurant's card slip with suggested tips, a ride-hailing trip, a UK forecourt, an Australian
food delivery), four invoices (a UK dual-fuel energy bill, a US wireless bill, a Toronto hotel folio,
a US marketplace order with three sellers), three statements (a US credit card with its interest
calculation, a UK current account with CR / DR balances, a NZ everyday account) and three payslips
(US with pre-tax deductions, UK with tax code and NI letter, Australian with super); kind, fields,
list rows and consistency checks, rules only. What Coffer still misses is listed (KNOWN_KINDS,
KNOWN_MISSES, KNOWN_ROWS, KNOWN_CHECKS), so that a new miss fails and a fixed one is noticed."""
from __future__ import annotations

import pytest

from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_finance, load

FOLDER, LABELS = load("finance_blind11")
KNOWN_KINDS: dict[str, str] = {}
KNOWN_MISSES = {
    ("us_rideshare_trip_receipt", "company"),  # 'ZOOMRIDE' (the legal name is in the footer)
    ("us_rideshare_trip_receipt", "address"),  # '1200 Airport Dr, Austin, TX 78719, US' (the pick-up)
    ("us_marketplace_order_details", "customer"),  # 'Items Ordered'
    ("us_marketplace_order_details", "tax"),  # '' ('Estimated tax to be' / 'collected:  $9.94')
    ("nz_everyday_account_statement", "bank"),  # 'Tasman Bank New Zealand Limited'
}
# (rows matched, rows read)
KNOWN_ROWS = {
    "us_rideshare_trip_receipt": (1, 1),  # the fees, promotion and tip after 'Subtotal'
    "us_wireless_phone_bill": (0, 1),  # the charges under their line headings
}
KNOWN_CHECKS = {"us_rideshare_trip_receipt": 1, "us_marketplace_order_details": 1}


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind11_finance_document(service: DocumentService, doc_id: str) -> None:
    check_finance(service, FOLDER, LABELS[doc_id], misses={n for d, n in KNOWN_MISSES if d == doc_id},
                  rows=KNOWN_ROWS.get(doc_id),
                  checks=KNOWN_CHECKS.get(doc_id, 0), kind=KNOWN_KINDS.get(doc_id))
