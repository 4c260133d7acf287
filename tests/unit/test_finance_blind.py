"""Finance documents written blind in new layouts (tests/fixtures/finance_blind, labels.jsonl):
kind, fields, list rows and consistency checks, rules only. The few labelled values Coffer
still misses are listed in KNOWN_MISSES, so that a new miss fails and a fixed one is noticed."""
from __future__ import annotations

import pytest

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.evaluation import ListScore, score_list
from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_finance, load

FOLDER, LABELS = load("finance_blind")
KNOWN_MISSES: set[tuple[str, str]] = set()
KNOWN_CHECKS: dict[str, int] = {}


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind_finance_document(service: DocumentService, doc_id: str) -> None:
    check_finance(service, FOLDER, LABELS[doc_id], misses={n for d, n in KNOWN_MISSES if d == doc_id},
                  rows=None, checks=KNOWN_CHECKS.get(doc_id, 0))


def test_blind_finance_rows_are_right_cell_by_cell(service: DocumentService) -> None:
    """Beyond finding the rows: their quantities, unit prices, amounts and dates are the printed ones."""
    total = ListScore()
    for label in LABELS.values():
        ex = service.analyse(ParsedDocument.from_text((FOLDER / label["text"]).read_text(encoding="utf-8")))
        for name, truth_rows in label["lists"].items():
            pred = [{c: f.raw or "" for c, f in row.items()} for row in ex.lists.get(name, [])]
            score_list(total, name, truth_rows, pred)
    assert total.as_dict()["row_exact"] >= 0.95, total.as_dict()
