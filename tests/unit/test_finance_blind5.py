"""Finance documents written blind, fifth round (tests/fixtures/finance_blind5, labels.jsonl):
14 invoices with item tables in layouts the other rounds do not cover; kind, fields, list rows
and consistency checks, rules only. What Coffer still misses is listed (KNOWN_MISSES,
KNOWN_ROWS, KNOWN_CHECKS), so that a new miss fails and a fixed one is noticed."""
from __future__ import annotations

import pytest

from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_finance, load

FOLDER, LABELS = load("finance_blind5")
KNOWN_KINDS: dict[str, str] = {}
KNOWN_MISSES = {
    ("de_stadtwerke_wasser_rechnung", "due_date"),  # only in a sentence: '... bis zum 19.07.2024'
    ("se_faktura_snickeri", "customer"),  # an address block without a label
}
KNOWN_ROWS: dict = {}
KNOWN_CHECKS: dict[str, int] = {}  # consistency checks known to fail


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind5_finance_document(service: DocumentService, doc_id: str) -> None:
    check_finance(service, FOLDER, LABELS[doc_id], misses={n for d, n in KNOWN_MISSES if d == doc_id},
                  rows=KNOWN_ROWS.get(doc_id), checks=KNOWN_CHECKS.get(doc_id, 0),
                  kind=KNOWN_KINDS.get(doc_id))
