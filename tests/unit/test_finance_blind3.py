"""Finance documents written blind, third round (tests/fixtures/finance_blind3, labels.jsonl):
kind, fields, list rows and consistency checks, rules only. What Coffer still misses is listed
(KNOWN_MISSES, KNOWN_ROWS, KNOWN_CHECKS), so that a new miss fails and a fixed one is noticed."""
from __future__ import annotations

import pytest

from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_finance, load

FOLDER, LABELS = load("finance_blind3")
KNOWN_KINDS: dict[str, str] = {}
KNOWN_MISSES = {
    ("de_rechnung_druckerei", "customer"),  # the addressee under the sender line, unlabelled
    ("in_amazon_business_invoice", "date"),  # the order date
    ("it_fattura_ferramenta", "vendor"),  # 'di Brambilla Luca & C.' under the firm
    ("nl_factuur_schilder", "customer"),  # the vendor (read since round 11: the addressee's address
    ("nl_factuur_schilder", "currency"),  # lines are not the issuer's), but not yet the customer
    ("uk_restaurant_vat_invoice", "currency"),  # no currency printed; a UK VAT number
}
KNOWN_ROWS: dict = {}
# consistency checks that flag a wrong tax or total
KNOWN_CHECKS: dict = {}


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind3_finance_document(service: DocumentService, doc_id: str) -> None:
    check_finance(service, FOLDER, LABELS[doc_id], misses={n for d, n in KNOWN_MISSES if d == doc_id},
                  rows=KNOWN_ROWS.get(doc_id), checks=KNOWN_CHECKS.get(doc_id, 0),
                  kind=KNOWN_KINDS.get(doc_id))
