"""Finance documents written blind, eighth round (tests/fixtures/finance_blind8, labels.jsonl): four
receipts (Malaysian, Portuguese, Italian, Norwegian), four invoices (Swiss QR-bill, Mexican CFDI,
Finnish over two pages, Hungarian), three statements (Indian Dr/Cr, Italian Dare/Avere, Singapore
credit card) and three payslips (Dutch, Swiss, Philippine); kind, fields, list rows and consistency
checks, rules only. What Coffer still misses is listed (KNOWN_KINDS, KNOWN_MISSES, KNOWN_ROWS,
KNOWN_CHECKS), so that a new miss fails and a fixed one is noticed."""
from __future__ import annotations

import pytest

from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_finance, load

FOLDER, LABELS = load("finance_blind8")
KNOWN_KINDS: dict[str, str] = {}
KNOWN_MISSES: set[tuple[str, str]] = set()  # every labelled field is read
# (rows matched, rows read)
KNOWN_ROWS = {
    # the eight-column concept table (unit names under the unit code, an 'Objeto imp. / Traslado' line
    # under every concept) is read as one row named by its No. Identificación 'CEM-TOL-50'
    "mx_factura_cfdi": (0, 1),
    # whole-forint amounts without their currency in the table ('90 000', '114 300') are not read as money
    "hu_szamla_afa": (0, 0),
}
KNOWN_CHECKS = {"mx_factura_cfdi": 1}  # its one row does not add up to the total


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind8_finance_document(service: DocumentService, doc_id: str) -> None:
    check_finance(service, FOLDER, LABELS[doc_id], misses={n for d, n in KNOWN_MISSES if d == doc_id},
                  rows=KNOWN_ROWS.get(doc_id),
                  checks=KNOWN_CHECKS.get(doc_id, 0), kind=KNOWN_KINDS.get(doc_id))
