"""OCR line repairs for scanned health documents (ingestion/ocr_lines.py): doses, units,
punctuation and paragraph gaps, on snippets written for these tests."""
from __future__ import annotations

import pytest

from desktop_app.ingestion.layout import PageLine
from desktop_app.ingestion.ocr_lines import (
    decimal_ranges,
    paragraph_breaks,
    print_repairs,
    times_signs,
)


@pytest.mark.parametrize(("raw", "fixed"), [
    ("Amoxicillin 5oomg three times a day", "Amoxicillin 500mg three times a day"),
    ("Ramipril 2.5 mg, Furosemide 4o mg", "Ramipril 2.5 mg, Furosemide 40 mg"),
    ("Vitamin D3 1ooo units weekly", "Vitamin D3 1000 units weekly"),
    ("ATENOLOL 5O MG TABLETS", "ATENOLOL 50 MG TABLETS"),
    ("Fentanyl patch 12 micrograms/hour, Folic acid 4oo microgram", "Fentanyl patch 12 micrograms/hour, Folic acid 400 microgram"),
    ("Glycated haemoglobin (HbAIc) 48 mmol/mol", "Glycated haemoglobin (HbA1c) 48 mmol/mol"),
    ("HBAIC 7.2 %", "HBA1C 7.2 %"),
    ("HbAlc. 6,0", "HbA1c. 6,0"),
    ("Cholesterin 212 mg/dt", "Cholesterin 212 mg/dl"),
    ("Kalium 4,9 mmol/t", "Kalium 4,9 mmol/l"),
    ("Leukozyten 7,1 G/1", "Leukozyten 7,1 G/l"),
    ("P-Albumin   38   g/1   36 - 48", "P-Albumin   38   g/l   36 - 48"),
    ("CRP 12 mg/1", "CRP 12 mg/l"),
    ("Urea 6.2 mmot/L", "Urea 6.2 mmol/L"),
    ("Lymphocytes 2.1 X10~9/L", "Lymphocytes 2.1 x10^9/L"),
    ("Patient: Moreau , Claire", "Patient: Moreau, Claire"),
    ("Seen by Dr . Amara Osei today", "Seen by Dr. Amara Osei today"),
    ("Review in clinic in 3 months .", "Review in clinic in 3 months."),
    ("Omeprazole 20. mg daily", "Omeprazole 20 mg daily"),
    ("target below 140/90. mmHg", "target below 140/90 mmHg"),
    ("Amoxicillin 1.g three times a day", "Amoxicillin 1 g three times a day"),
    ("Please arrange a review. in four weeks", "Please arrange a review in four weeks"),
    ("swelling of.the left ankle", "swelling of the left ankle"),
    ("Magnesium   0,61   mmol/l   0,70 1,05", "Magnesium   0,61   mmol/l   0,70 - 1,05"),
    ("Folate   4.1   ng/mL   4.6: 18.7   L", "Folate   4.1   ng/mL   4.6 - 18.7   L"),
    ("Leukozyten   6,3   /nt   3,9 - 10,2", "Leukozyten   6,3   /nl   3,9 - 10,2"),
    ("ACR   4.1   mg/mmol   <3:0", "ACR   4.1   mg/mmol   <3.0"),
    ("Referrer: Dr k osei", "Referrer: Dr K Osei"),
    ("Mrs Aisha okonjo   DOB 02/02/1980", "Mrs Aisha Okonjo   DOB 02/02/1980"),
    ("Patient: o'Sullivan, Niamh", "Patient: O'Sullivan, Niamh"),
    ("Signed: Dr Tomasz. Nowicki", "Signed: Dr Tomasz Nowicki"),
    ("Einsender: Dr. med. P.Vogel", "Einsender: Dr. med. P. Vogel"),
    ("Take 0ral antibiotics", "Take Oral antibiotics"),
    ("Rivaroxaban   1:5mg   Oral", "Rivaroxaban   1.5mg   Oral"),
    ("Amoxicillin lg three times daily", "Amoxicillin 1g three times daily"),
    ("FINASTERIDE O. 5MG TAB", "FINASTERIDE 0.5MG TAB"),
    ("Tab. Doxycycline 100 -mg   1 tab daily", "Tab. Doxycycline 100 mg   1 tab daily"),
    ("Neutrophils   4.4 x10^9/L   (2.0 7.5)", "Neutrophils   4.4 x10^9/L   (2.0 - 7.5)"),
    ("TSH   3.1   uIU/mL   0.45 4.50", "TSH   3.1   uIU/mL   0.45 - 4.50"),
    # a capital O read as a zero in a word of capitals, or as a small o
    ("Apixaban 5 mg P0 BID", "Apixaban 5 mg PO BID"),
    ("eGFR   58   L   > 0R = 60 mL/min/1.73m2", "eGFR   58   L   > OR = 60 mL/min/1.73m2"),
    ("Accredited to IS0 15189", "Accredited to ISO 15189"),
    ("Tried 0TC hydrocortisone 1%", "Tried OTC hydrocortisone 1%"),
    ("Reported 0n: 21-Mar-2024", "Reported On: 21-Mar-2024"),
    ("Patient: 0'Neill, Brendan", "Patient: O'Neill, Brendan"),
    ("Weight 162 lb   Sp02 97%   HC03 24 mmol/L", "Weight 162 lb   SpO2 97%   HCO3 24 mmol/L"),
    ("Validé par Dr Yannick PoIRIER", "Validé par Dr Yannick POIRIER"),
    ("HOW To USE THIS MEDICINE", "HOW TO USE THIS MEDICINE"),
    ("Ondansetron 4 mg (oDT)", "Ondansetron 4 mg (ODT)"),
    ("azithromycin 500 mg Po daily", "azithromycin 500 mg PO daily"),
    # the litre's l read as a one after an enzyme unit or a count; a small u for the unit
    ("ALT   41 u/1   < 35", "ALT   41 U/l   < 35"),
    ("B-Leukocytter 11,8 × 10^9/1 3,5 - 8,8", "B-Leukocytter 11,8 × 10^9/l 3,5 - 8,8"),
    ("Paracetamol syrup 8 m1 if fever", "Paracetamol syrup 8 ml if fever"),
    ("HDL 1.0 Low mmoi/L", "HDL 1.0 Low mmol/L"),
    ("Hämatokrit   0.35   i/1   m 0.40-0.50", "Hämatokrit   0.35   l/l   m 0.40-0.50"),
    # no space between an abbreviation's full stop and a closing bracket or a joining hyphen
    ("Geb. -Datum:   03.05.1958 (66 J. )", "Geb.-Datum:   03.05.1958 (66 J.)"),
    ("Calcium (corr. )   2.31 mmol/L", "Calcium (corr.)   2.31 mmol/L"),
    (" Cholesterol Total               198           mg/dL     C 200",
     " Cholesterol Total               198           mg/dL     < 200"),
    ("ALT   56   U/L   C33   H", "ALT   56   U/L   <33   H"),
    ("Calcium (corr. )    2.29     mmol/L", "Calcium (corr.)    2.29     mmol/L"),
    ("Platelets   250   X 10E9/L   150-400", "Platelets   250   x 10E9/L   150-400"),
    ("ALAT (GPT)   28   U/1   m <50 / w <35", "ALAT (GPT)   28   U/l   m <50 / w <35"),
    ("Gamma-GT   61   U/t   m <60 / w <40", "Gamma-GT   61   U/l   m <60 / w <40"),
    ("B-Leukocytter   11,8   × 10^9/1   3,5 - 8,8", "B-Leukocytter   11,8   × 10^9/l   3,5 - 8,8"),
    ("Hämatokrit   0.35   1/1   m 0.40-0.50 / w 0.35-0.46", "Hämatokrit   0.35   l/l   m 0.40-0.50 / w 0.35-0.46"),
    # an ICD-10 code's chapter letter read as a digit, in brackets after the diagnosis
    ("V. a. koronare Herzkrankheit (125.9 V)", "V. a. koronare Herzkrankheit (I25.9 V)"),
    ("fibrillation auriculaire rapide (150.0)", "fibrillation auriculaire rapide (I50.0)"),
    ("Gestationsdiabetes (024.4)", "Gestationsdiabetes (O24.4)"),
    ("Kniegelenk, Prellung (580.0 G)", "Kniegelenk, Prellung (S80.0 G)"),
    # what a dotted leader left between a test's name and the next column
    ("Créatinine. .                      * 92    µmol/L", "Créatinine                         * 92    µmol/L"),
    ("Ferritine . . .   9   µg/L", "Ferritine        9   µg/L"),
])
def test_scanned_print_is_mended(raw: str, fixed: str) -> None:
    assert print_repairs(raw) == fixed


@pytest.mark.parametrize("text", [
    "Amoxicillin 250 mg/1 ml oral suspension",  # a dose per millilitre
    "Paracetamol 500 mg, 1.5 mg, 0.5 ml",
    "Take 1 or 2 tablets",
    "Room 1o",  # no unit after it
    "approx. five days",
    "lek. med. Jan Nowak",
    "Dr. med. Petra Lang",
    "see www.examplelab.co.uk or results.example.com",
    "3,5-4,4   4,1   mmol/L",
    "Dosage: 1 x daily, 2.5 mg",
    "Smith, J.",
    "Glucose 5.2 mg/dl",
    "x10^9/L",
    "CO2 24 mmol/L",
    "Haemoglobin   131   g/L   115 - 165",
    "Total   5.00 10.00",  # no unit column: not a range
    "Platelets   250   x10^9/L   400 150",  # the higher first: not a range
    "Dr and the nurse saw him",
    "Mr Smith will call",
    "seen by Dr Patel. Then discharged",
    "Clinic at 10:30 today",
    "DUBOIS,Marc",  # a comma is printed without its space as often as with it ('81200 JOHOR BAHRU,JOHOR')
    "Protein,total 68 g/L",
    "Lab No: 24-0N-0774512   DEA: B08812345",  # zeros inside codes
    "London SW1A 0AA   Jalan Pelabur 23/1,   2 x A0 sheets",
    "DoB: 30/06/1947   SARS-CoV-2 RNA   CoA   IgG   mmHg",  # a small o printed between capitals
    "Dosis 1/1 Tablette",
    "Stage I/II, approx. - 5 days, etc. - see below",
    "Sample kept at 4 C",
    "Insulin glargine 100 IU/1 ml",  # a dose per millilitre
    "Dilution   1/1",
    "Glucose (fasting )   5.2   mmol/L",  # no full stop: not an abbreviation's
    "Vitamin C   45   umol/L   C-reactive",
    "Refund (150.00)   Fever (100.4)   Glucose 5.6 (100.8)",  # an amount, a temperature, a number
    "Hypertension (I10), Diabetes (E11.9)",
    "Transferrin Sat.   32 %   and so on...",  # an abbreviation's dot, an ellipsis ending a line
])
def test_clean_print_stays(text: str) -> None:
    assert print_repairs(text) == text


def test_a_range_read_with_two_decimal_marks_takes_the_pages_mark() -> None:
    lines = [PageLine("Sodium   139   mmol/L   135.0-145.0"), PageLine("Urea   5.1   mmol/L   2.5-7.8"),
             PageLine("Calcium   2.31   mmol/L   2,20-2.60")]
    assert [ln.text for ln in decimal_ranges(lines)][2] == "Calcium   2.31   mmol/L   2.20-2.60"
    mixed = [PageLine("A 1,5"), PageLine("B 2.5"), PageLine("C 3,0-4.0")]
    assert decimal_ranges(mixed) == mixed  # no clear mark on the page: left as read


def test_a_count_units_times_sign_read_the_other_way_takes_the_pages_sign() -> None:
    lines = [PageLine("White Cell Count   6.4   x10^9/L"), PageLine("Platelet Count   462   H x10^9/L"),
             PageLine("Red Cell Count   4.21   ×10^12/L"), PageLine("Neutrophils   4.10   x10^9/L")]
    assert [ln.text for ln in times_signs(lines)][2] == "Red Cell Count   4.21   x10^12/L"
    printed = [PageLine("B-Leukocytter   11,8   × 10^9/l"), PageLine("B-Trombocytter   251   × 10^9/l"),
               PageLine("B-Erytrocytter   4,1   × 10^12/l")]
    assert times_signs(printed) == printed
    few = [PageLine("WBC   6.1   × 10E9/L"), PageLine("RBC   4.4   × 10E12/L"), PageLine("PLT   250   x 10E9/L")]
    assert times_signs(few) == few  # too few to tell how the page prints them: left as read


def test_a_wide_gap_between_lines_is_a_blank_line() -> None:
    lines = [PageLine("Plan: review in six weeks.", (10, 100, 400, 120)),
             PageLine("Bring your inhalers.", (10, 124, 300, 144)),
             PageLine("Yours sincerely,", (10, 170, 200, 190)),
             PageLine("Dr Amara Osei", (10, 194, 200, 214))]
    marked = [ln.blank_before for ln in paragraph_breaks(lines)]
    assert marked == [False, False, True, False]
