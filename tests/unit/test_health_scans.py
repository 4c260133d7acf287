"""Health documents as a scan reads them back: table cells kept apart by three spaces
(ocr.column_parts / column_gaps), so rules that split a line into cells see more of them."""
from __future__ import annotations

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.service import DocumentService


def test_a_results_heading_in_its_own_cell_is_not_the_lab(service: DocumentService) -> None:
    # the heading and its note stand apart as two cells on a scan; the heading is a title, not an issuer
    text = ("Nordvik University Laboratory\nClinical Chemistry, Tromsø\nNO-9038 Tromsø\n\n"
            "LABORATORY RESULTS   (English copy for the patient)\n\n"
            "Personal no.: 12038844551\nName: Berg, Ingrid\nSample taken: 2024-03-04 09:10\n\n"
            "Analysis   Result   Unit   Reference interval\n"
            "P-Sodium   141   mmol/L   137-145\n"
            "P-Potassium   4,4   mmol/L   3,5-4,4\n")
    ex = service.analyse(ParsedDocument.from_text(text), kind="lab_report")
    assert ex.get("lab").raw == "Nordvik University Laboratory"
