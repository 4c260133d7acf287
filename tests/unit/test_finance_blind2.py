"""Finance documents written blind, second round (tests/fixtures/finance_blind2, labels.jsonl):
kind, fields, list rows and consistency checks, rules only. What Coffer still misses is listed
(KNOWN_MISSES, KNOWN_ROWS, KNOWN_CHECKS), so that a new miss fails and a fixed one is noticed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.evaluation import ListScore, norm_text, score_list
from desktop_app.core.normalize import normalise_value
from desktop_app.core.service import DocumentService

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "finance_blind2"
LABELS = {d["id"]: d for d in (json.loads(x) for x in (FOLDER / "labels.jsonl").read_text(encoding="utf-8").splitlines()
                                if x.strip())}
KNOWN_MISSES = {
    ("us_warehouse_club_receipt", "company"), ("us_warehouse_club_receipt", "address"),  # store no. line first
    ("uk_taxi_receipt", "address"),  # the licence line joins the address
    ("nl_parking_receipt", "address"), ("nl_parking_receipt", "tax"),  # KvK line; 'Waarvan BTW 21%'
    ("es_factura_simplificada", "company"), ("es_factura_simplificada", "address"),
    ("es_factura_simplificada", "tax"),  # the IVA table's total row
    ("de_grosshandel_rechnung", "customer"),  # 'Inh. Piotr Kowalski' under the firm
    ("jp_invoice", "vendor"), ("jp_invoice", "customer"), ("jp_invoice", "tax"),  # 御中 addressee first
    ("uk_mobile_bill", "total"), ("uk_mobile_bill", "tax"),  # a bill summary of several amounts
    ("uk_vet_invoice", "due_date"),  # 'Next booster due' read as the due date
    ("nl_credit_note", "total"),  # 'Total credit EUR -535,43'
}
# rows matched and rows read, where not every labelled row is read (or more are)
# (read since finance round 3: the café's '2 x Flat White', the wholesaler's unit column and
# two-line descriptions, materials under their own header after labour, the yen table, the
# utility's 'kWh @ $0.1012' rows, the credit note's negative quantities)
KNOWN_ROWS = {"uk_mobile_bill": (0, 2),  # the bill summary's two lines, not the charges under it
              "us_insurance_premium_notice": (4, 4)}
KNOWN_CHECKS = {"uk_mobile_bill": 1, "nl_credit_note": 1, "us_insurance_premium_notice": 1,
                "jp_invoice": 1}  # the tax misread as the total


@pytest.fixture(scope="module")
def service() -> DocumentService:
    from desktop_app.main import build_service

    return build_service(use_model=False)


def _right(kind: str, truth: str | None, pred: str) -> bool:
    if truth is None:
        return not pred
    if norm_text(pred) == norm_text(truth):
        return True
    if kind in ("date", "money", "iban", "currency") and pred:
        return normalise_value(kind, pred) == normalise_value(kind, truth) is not None
    return False


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind2_finance_document(service: DocumentService, doc_id: str) -> None:
    label = LABELS[doc_id]
    ex = service.analyse(ParsedDocument.from_text((FOLDER / label["text"]).read_text(encoding="utf-8")))
    assert ex.kind == label["doc_type"]
    wrong = {}
    for name, truth in label["fields"].items():
        f = ex.get(name)
        pred = f.raw if f is not None and f.raw else ""
        right = _right(f.type if f is not None else "text", truth, pred) or (
            f is not None and f.type == "currency" and bool(pred) and f.value == normalise_value("currency", truth))
        if not right:
            wrong[name] = (truth, pred)
    assert set(wrong) == {n for d, n in KNOWN_MISSES if d == doc_id}, wrong
    for name, truth_rows in label["lists"].items():
        pred = [{c: f.raw or "" for c, f in row.items()} for row in ex.lists.get(name, [])]
        score = ListScore()
        score_list(score, name, truth_rows, pred)
        expected = KNOWN_ROWS.get(doc_id, (len(truth_rows), len(truth_rows)))
        assert (score.matched_rows, score.predicted_rows) == expected, pred
    assert len(ex.checks) == KNOWN_CHECKS.get(doc_id, 0), ex.checks


def test_blind2_statements_reconcile_with_signed_amounts(service: DocumentService) -> None:
    """Af/Bij, DR/CR and one signed column: opening balance + signed transactions = closing."""
    for doc_id, label in LABELS.items():
        if label["doc_type"] != "bank_statement":
            continue
        ex = service.analyse(ParsedDocument.from_text((FOLDER / label["text"]).read_text(encoding="utf-8")))
        total = sum(float(r["amount"].value) for r in ex.lists["transactions"])
        opening, closing = float(ex.get("opening_balance").value), float(ex.get("closing_balance").value)
        assert abs(opening + total - closing) < 0.005, doc_id
