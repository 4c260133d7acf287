"""Finance documents written blind, fourth round (tests/fixtures/finance_blind4, labels.jsonl): till
receipts and bank statements; kind, fields, list rows and consistency checks, rules only. What Coffer
still misses is listed (KNOWN_MISSES, KNOWN_ROWS, KNOWN_CHECKS), so that a new miss fails and a fixed
one is noticed."""
from __future__ import annotations

import pytest

from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_finance, load

FOLDER, LABELS = load("finance_blind4")
KNOWN_KINDS: dict[str, str] = {}
KNOWN_MISSES = {
    ("uk_supermarket_clubcard_receipt", "tax"),  # a net column of the VAT code table
    ("us_pharmacy_extracare_receipt", "company"), ("us_pharmacy_extracare_receipt", "address"),  # store '#08841'
    ("fr_hypermarche_ticket", "company"), ("fr_hypermarche_ticket", "address"),
    ("uk_app_bank_csv_export", "bank"),  # '- transaction export' kept with the name
}
# (rows matched, rows read): 'zu zahlen' read as an item, the '^' GST markers kept in descriptions,
# a 'Rewards Offer' after the subtotal
KNOWN_ROWS = {"us_pharmacy_extracare_receipt": (6, 6), "de_discounter_kassenbon": (8, 9),
              "au_supermarket_rewards_receipt": (7, 7)}
# consistency checks that flag a discount or deposit line the check does not count, or missing rows
KNOWN_CHECKS = {"us_pharmacy_extracare_receipt": 1, "de_discounter_kassenbon": 1, "au_supermarket_rewards_receipt": 1}


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind4_finance_document(service: DocumentService, doc_id: str) -> None:
    check_finance(service, FOLDER, LABELS[doc_id], misses={n for d, n in KNOWN_MISSES if d == doc_id},
                  rows=KNOWN_ROWS.get(doc_id),
                  checks=KNOWN_CHECKS.get(doc_id, 0), kind=KNOWN_KINDS.get(doc_id))
