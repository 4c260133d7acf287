"""Health documents in the layouts real labs, pharmacies, hospitals and practices print
(tests/fixtures/health_realstyle): the kind, the fields and the lists Coffer must read, rules only."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.service import DocumentService
from desktop_app.core.summary import grounded_summary

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "health_realstyle"

EXPECTED = {
    "au_pathology.txt": ("lab_report", {"patient": "SMITH, Robert James", "date": "22/04/2024",
                                        "lab": "Harbour Pathology Services", "ordering_physician": "Dr L Nguyen"},
                         {"results": 5}, {"Iron": "L", "Ferritin": "L", "TSH": "H", "Free T4": "normal"}),
    "de_laborbefund.txt": ("lab_report", {"patient": "Müller, Anna", "lab": "Labor Dr. Lindner",
                                          "ordering_physician": "Dr. med. K. Braun"},
                           {"results": 6}, {"Hämoglobin": "L", "CRP": "H", "Thrombozyten": "normal"}),
    "fr_biologie.txt": ("lab_report", {"patient": "DURAND Sophie", "date": "11/01/2024",
                                       "lab": "LABORATOIRE BIOLYON 3", "ordering_physician": "Dr Martin LEFEBVRE"},
                        {"results": 5}, {"Leucocytes": "H", "Créatinine": "normal", "Cholestérol total": "H"}),
    "uk_biochemistry.txt": ("lab_report", {"patient": "Peter Hughes", "date": "14-Feb-2024",
                                           "ordering_physician": "Dr A Patel"},
                            {"results": 6}, {"eGFR": "L", "HbA1c": "H", "Serum sodium": "normal"}),
    "us_labcorp_style.txt": ("lab_report", {"patient": "DOE, JANE", "date": "03/02/2024", "lab": "Labcore",
                                            "ordering_physician": "R SMITH"},
                             {"results": 11}, {"Glucose": "H", "WBC": "normal", "HDL Cholesterol": "normal"}),
    "de_medikationsplan.txt": ("prescription", {"patient": "Hans Becker", "prescriber": "Dr. med. Petra Wolf",
                                                "date": "05.03.2024"}, {"medications": 3}, {}),
    "fr_ordonnance.txt": ("prescription", {"patient": "Sophie LAURENT", "prescriber": "Dr Claire DUBOIS",
                                           "date": "04/03/2024"}, {"medications": 3}, {}),
    "uk_repeat_medication.txt": ("prescription", {"patient": "Eileen Carter"}, {"medications": 4}, {}),
    "us_pharmacy_label.txt": ("prescription", {"patient": "JOHN A. SMITH", "prescriber": "DR. EMILY CHEN",
                                               "date": "02/14/2024"}, {"medications": 1}, {}),
    "de_arztbrief.txt": ("medical_summary", {"patient": "Jonas Weber", "provider": "Dr Anna Fischer",
                                             "diagnosis": "Arterielle Hypertonie, Erstdiagnose"},
                         {"medications": 1}, {}),
    "uk_discharge.txt": ("medical_summary", {"patient": "Margaret Olsen", "provider": "Dr Rajesh Kumar",
                                             "diagnosis": "Community-acquired pneumonia, right lower lobe",
                                             "follow_up": "Respiratory clinic in 6 weeks with repeat chest X-ray."},
                         {"medications": 4}, {}),
    "us_discharge.txt": ("medical_summary", {"patient": "Carlos Rivera", "provider": "Susan Patel",
                                             "diagnosis": "Acute cholecystitis, status post laparoscopic cholecystectomy",
                                             "follow_up": "General surgery clinic in 2 weeks."},
                         {"medications": 3}, {}),
}
MEDICATIONS = {  # name, dose, frequency (normalised) of every row
    # (a Medikationsplan's row is its Wirkstoff, as the blind sets label it, not its Handelsname)
    "de_medikationsplan.txt": [("Metoprolol", "47,5 mg", "1-0-0-0"), ("Simvastatin", "20 mg", "0-0-1-0"),
                               ("Ramipril", "5 mg", "1-0-0-0")],
    "fr_ordonnance.txt": [("Amoxicilline", "1 g", "matin et soir"), ("Paracétamol", "500 mg", "si douleur"),
                          ("Ibuprofène", "400 mg", "3 fois par jour")],
    "uk_repeat_medication.txt": [("Atorvastatin", "40mg", "at night"), ("Amlodipine", "5mg", "each day"),
                                 ("Levothyroxine sodium", "75microgram", "each morning"),
                                 ("Salbutamol", "100micrograms/dose", "when required")],
    "us_pharmacy_label.txt": [("METFORMIN HCL", "500 MG", "twice daily")],
    "us_discharge.txt": [("Oxycodone", "5 mg", "every 6 hours"), ("Docusate sodium", "100 mg", "twice daily"),
                         ("Ondansetron", "4 mg", "every 8 hours")],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_realstyle_health_document(service: DocumentService, name: str) -> None:
    kind, fields, lists, flags = EXPECTED[name]
    text = (FOLDER / name).read_text(encoding="utf-8")
    ex = service.analyse(ParsedDocument.from_text(text))
    assert ex.kind == kind
    got = {k: (ex.get(k).raw if ex.get(k) else None) for k in fields}
    assert got == fields
    for k in fields:
        f = ex.get(k)
        assert f.grounded and text[f.span[0]:f.span[1]].split() == f.raw.split()
    assert {k: len(v) for k, v in ex.lists.items() if v} == lists
    by_test = {r["test"].raw: r["flag"].value for r in ex.lists.get("results", [])}
    assert {t: by_test.get(t) for t in flags} == flags
    if name in MEDICATIONS:
        rows = [(r["name"].raw, r["dose"].raw, r["frequency"].value if "frequency" in r else None)
                for r in ex.lists["medications"]]
        assert rows == MEDICATIONS[name]
    assert ex.summary and grounded_summary(ex.summary, text) == []
