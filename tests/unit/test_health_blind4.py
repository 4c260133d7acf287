"""Health documents written blind, round 4 (tests/fixtures/health_blind4, labels in its labels.jsonl,
written before Coffer read them): kind, fields, every list row and its flag, grounded values and
summaries, rules only. Mostly English-speaking issuers in styles the earlier sets do not cover (a
Quest two-page report, an NHS App export, Dynacare, an Indian thyroid slip, Australian, Indian and
Canadian discharge papers, a US urgent-care summary, a dictated UK clinic letter, a US pharmacy
receipt, an EMIS medication list, an Indian paediatric prescription)."""
from __future__ import annotations

import pytest

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_health, load

FOLDER, LABELS = load("health_blind4")
# Documents Coffer does not classify right (yet).
KIND_NOT_READ = {"in_rx_101"}  # a paediatric prescription with 'Diagnosis:' and 'Advice:' reads as a letter
# Labelled values Coffer does not read (yet); the rest of each document is asserted.
NOT_READ = {
    "thyroid_vitd_slip": {"lab"},  # 'MEDIVIEW DIAGNOSTICS - Thyroid & Vitamin D Profile': the title is kept
    "uk_emis_medlist": {"date"},  # an item's 'Issued' date over the list's 'printed 22-May-2024'
}
# Labelled rows Coffer does not read (yet).
ROWS_NOT_READ = {
    "us_quest_lipid_cmp": {"LDL-CHOLESTEROL"},  # 'Reference range: <100' on a line of its own
    "uk_nhs_app_bloods": {"Haemoglobin", "White blood cell count", "Platelet count", "Serum sodium",
                          "Serum potassium", "Serum creatinine", "Serum ferritin"},  # 'Range:' on the next line
    "in_apollo_discharge": {"GLYCOMET GP 1"},  # a brand with no strength
    "us_pharmacy_receipt": {"METFORMIN HCL"},  # 'WITH EVENING MEAL' is not read as a frequency
    "uk_emis_medlist": {"Salbutamol"},  # 'when required' is kept as the frequency
}
EXTRA_ROWS = {"us_quest_lipid_cmp": {"Desirable range"}}  # a comment line read as a result


@pytest.mark.parametrize("doc_id", sorted(set(LABELS) - KIND_NOT_READ))
def test_blind4_health_document(service: DocumentService, doc_id: str) -> None:
    check_health(service, FOLDER, LABELS[doc_id], not_read=NOT_READ.get(doc_id, set()),
                 rows_not_read=ROWS_NOT_READ.get(doc_id, set()), extra_rows=EXTRA_ROWS.get(doc_id, set()))


def test_a_label_padded_to_its_colon_is_read(service: DocumentService) -> None:
    text = "DISCHARGE SUMMARY\nName           : Mr. Ravi Shankar            UHID : AB.12345\n" \
           "Consultant     : Dr. Leela Menon\n\nDiagnosis:\nCommunity acquired pneumonia\n"
    ex = service.analyse(ParsedDocument.from_text(text), kind="medical_summary")
    assert (ex.get("patient").raw, ex.get("provider").raw) == ("Ravi Shankar", "Dr. Leela Menon")


def test_a_plan_goes_on_past_a_full_stop_but_not_into_return_advice(service: DocumentService) -> None:
    text = "Visit Summary\nDiagnosis: Otitis externa\n\nFollow-up: See your doctor in 5 days.\n" \
           "Keep the ear dry until then.\nReturn to the clinic if the pain gets worse.\n"
    ex = service.analyse(ParsedDocument.from_text(text), kind="medical_summary")
    assert ex.get("follow_up").value == "See your doctor in 5 days. Keep the ear dry until then."
