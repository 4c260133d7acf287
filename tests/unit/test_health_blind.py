"""Health documents written blind, in layouts of issuers and countries the realstyle set does not
cover (tests/fixtures/health_blind, labels in its labels.jsonl, written before Coffer read them):
the kind, the fields, every list row and its flag, grounded values and summaries, rules only."""
from __future__ import annotations

import pytest

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_health, load

FOLDER, LABELS = load("health_blind")
# Labelled values Coffer does not read (yet); the rest of each document is asserted.
NOT_READ = {
    "us_erx": {"prescriber"},  # 'Michael Grant, MD': Coffer keeps the name without the degree after a comma
    "us_ed_discharge": {"provider"},  # 'Maria Santos, MD', the same
    "us_avs": {"provider"},  # named only in prose ('You saw Alan Brooks, MD on …')
}


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind_health_document(service: DocumentService, doc_id: str) -> None:
    check_health(service, FOLDER, LABELS[doc_id], not_read=NOT_READ.get(doc_id, set()),
                 rows_not_read=set(), extra_rows=set())


def test_flags_of_blind_lab_reports_are_computed_from_the_range(service: DocumentService) -> None:
    """A flag printed in its own column before the result, a '*' mark, or none: the H/L comes from
    the value and the range, and the out-of-range results are named in the checks."""
    text = (FOLDER / "ca_lifelabs.txt").read_text(encoding="utf-8")
    ex = service.analyse(ParsedDocument.from_text(text))
    by_test = {r["test"].raw: r for r in ex.lists["results"]}
    assert by_test["Hemoglobin"]["flag"].raw == "L" and by_test["Hemoglobin"]["flag"].value == "L"
    assert by_test["eGFR"]["flag"].value == "normal"  # 86 against '>=60'
    assert any("Hemoglobin; Glucose Fasting; Hemoglobin A1C" in c for c in ex.checks)
    text = (FOLDER / "us_quest_cmp.txt").read_text(encoding="utf-8")
    ex = service.analyse(ParsedDocument.from_text(text))
    egfr = next(r for r in ex.lists["results"] if r["test"].raw == "eGFR")
    assert egfr["reference_range"].raw == "> OR = 60" and egfr["flag"].value == "L"
