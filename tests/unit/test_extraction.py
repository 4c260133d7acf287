"""Extraction with a scripted engine: agreement, grounding, flags, classification, summaries."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from desktop_app.core.classify import classify
from desktop_app.core.entities import ParsedDocument
from desktop_app.core.extraction import Extractor
from desktop_app.core.schemas import load_schemas
from desktop_app.core.summary import grounded_summary, summarize

SCHEMAS = load_schemas(Path(__file__).resolve().parents[2] / "resources" / "schemas")

RECEIPT = """SUNRISE HARDWARE TRADING SDN BHD
NO. 12, JALAN BUNGA RAYA 3,
TAMAN MAJU, 81100 JOHOR BAHRU
TEL : 07-1234567
DATE : 05/03/2018 10:12
HAMMER 1 X 25.00 25.00
TOTAL RM 25.00
CASH RM 30.00
CHANGE RM 5.00
THANK YOU
"""


class ScriptedFiller:
    """Answers ``fill`` from a dict, like a model that always says the same thing."""

    def __init__(self, answers: dict[str, tuple[str, float]]) -> None:
        self.answers = answers
        self.prompts: list[str] = []

    def fill(self, prompt: str, keys: Sequence[str], **_: object) -> dict[str, tuple[str, float]]:
        self.prompts.append(prompt)
        return {k: self.answers.get(k, ("", 0.0)) for k in keys}


def test_rules_alone_extract_a_receipt() -> None:
    ex = Extractor(None).extract(ParsedDocument.from_text(RECEIPT), SCHEMAS["receipt"])
    assert ex.get("company").value == "SUNRISE HARDWARE TRADING SDN BHD"
    assert ex.get("date").value == "2018-03-05"
    assert ex.get("total").value == "25.00"
    assert ex.get("currency").value == "MYR"
    for name in ("company", "date", "total", "address"):
        f = ex.get(name)
        assert f.grounded and f.span is not None
        # the span holds the value as printed (an address's lines are joined by spaces)
        assert RECEIPT[f.span[0]:f.span[1]].split() == f.raw.split()


def test_model_agreement_raises_confidence() -> None:
    doc = ParsedDocument.from_text(RECEIPT)
    alone = Extractor(None).extract(doc, SCHEMAS["receipt"]).get("company")
    agreeing = Extractor(ScriptedFiller({"company": ("SUNRISE HARDWARE TRADING SDN BHD", 0.9)}))
    f = agreeing.extract(doc, SCHEMAS["receipt"]).get("company")
    assert f.confidence > alone.confidence
    assert f.source == "model"


def test_prompt_puts_fixed_examples_first() -> None:
    filler = ScriptedFiller({})
    Extractor(filler).extract(ParsedDocument.from_text(RECEIPT), SCHEMAS["receipt"])
    prompt = filler.prompts[0]
    assert prompt.index(SCHEMAS["receipt"].examples[0].text.splitlines()[0]) < prompt.index("SUNRISE")


def test_invented_model_value_is_not_kept() -> None:
    text = "Dear colleague,\nthank you for seeing this patient today.\n"
    filler = ScriptedFiller({"diagnosis": ("Acute appendicitis", 0.95)})
    f = Extractor(filler).extract(ParsedDocument.from_text(text), SCHEMAS["medical_summary"]).get("diagnosis")
    assert f.raw is None and f.value is None  # never kept: it is not in the document
    assert not f.grounded and f.span is None and f.confidence == 0.0
    assert "not found in the document" in f.note


def test_model_cannot_choose_a_record_or_add_fields() -> None:
    filler = ScriptedFiller({"company": ("x", 0.9), "document_id": ("7", 1.0), "id": ("1", 1.0)})
    ex = Extractor(filler).extract(ParsedDocument.from_text(RECEIPT), SCHEMAS["receipt"])
    assert {f.name for f in ex.fields} == {f.name for f in SCHEMAS["receipt"].fields}


@pytest.mark.parametrize("text,kind", [
    (RECEIPT, "receipt"),
    ("INVOICE\nInvoice No: 2024-01\nBill to: A. Person\nDue date: 01.03.2024\nTotal EUR 100,00\n", "invoice"),
    ("Test Result Units Reference range\nGlucose 6.4 mmol/L 3.9-5.5\nHaemoglobin 13.1 g/dL 12.0-15.5\n", "lab_report"),
    ("Statement period 01/05/2024 to 31/05/2024\nOpening balance 100.00\nClosing balance 80.00\n", "bank_statement"),
    ("PAYSLIP\nGross pay 3,000.00\nNet pay 2,100.00\nIncome tax 500.00\n", "payslip"),
    ("Rx\nAmoxicillin 500 mg capsule, take one by mouth three times daily\nRefills: 0\n", "prescription"),
    ("CHIEF COMPLAINT: chest pain.\nHISTORY OF PRESENT ILLNESS: ...\nASSESSMENT: angina.\nPLAN: stress test.\n", "medical_summary"),
    ("The quick brown fox jumps over the lazy dog.\n", "other"),
    # a referral letter: "thank you" and "change" are receipt words, but it prints no money
    ("RE: Sample Patient\nDear Dr Hale:\nThank you for referring Mr. Patient. He was seen today; "
     "the vasectomy reversal failed. The date may change.\nThank you very much.\nSincerely,\n", "medical_summary"),
    ("GENERAL: alert.\nVITAL SIGNS: Blood pressure 120/80, pulse 72.\nHEENT: normal.\n"
     "EXTREMITIES: no edema.\nNEUROLOGICAL: intact.\n", "medical_summary"),
    # a hospital's reconciliation of the medicines a patient goes home with is a medication list
    ("Ward 7B General Medicine\n        DISCHARGE MEDICINES RECONCILIATION\nPatient:  HENARE, Aroha\n"
     "Admitted: 02/11/2024     Discharged: 08/11/2024\nAllergies: Penicillin\n"
     "Medicine            Dose      Route   Frequency\nNEW MEDICINES - started this admission\n"
     "Dapagliflozin       10 mg     PO      mane\nFurosemide          40 mg     PO      mane\n"
     "Atorvastatin        40 mg     PO      nocte\nParacetamol         1 g       PO      QID PRN\n", "prescription"),
    # the title words of a Nordic or Hungarian receipt or invoice
    # a Portuguese café's simplified invoice is its till receipt
    ("CAFÉ DO LARGO, LDA\nNIF: 500 100 200\nFATURA SIMPLIFICADA\nFS 2025A/77\nData: 02-03-2025   Hora: 09:41\n"
     "Qtd Descrição  P. Unit  IVA  Total\n1 Galão  1,40  13%  1,40\n1 Pastel de nata  1,30  13%  1,30\n"
     "TOTAL  2,70 EUR\nMultibanco  2,70 EUR\n", "receipt"),
    ("KIOSK NORD AS\nKVITTERING\nKAFFE            39,00\nTOTALT   NOK     39,00\n", "receipt"),
    ("Kahvila Oy\nKUITTI\nPulla            3,50\nYhteensä         3,50\n", "receipt"),
    ("Rakennus Oy                LASKU\nLaskun numero  512\nEräpäivä  01.03.2025\nYhteensä  120,00\n", "invoice"),
    ("SZÁMLA\nSorszám: A-12\nSzámla kelte: 2025.02.14.\nFizetési határidő: 2025.03.01.\nFizetendő összeg: 12 700 Ft\n", "invoice"),
])
def test_classification(text: str, kind: str) -> None:
    assert classify(text, SCHEMAS)[0] == kind


def test_summary_uses_only_what_is_in_the_document() -> None:
    doc = ParsedDocument.from_text(RECEIPT)
    ex = Extractor(None).extract(doc, SCHEMAS["receipt"])
    text = summarize(RECEIPT, ex, SCHEMAS["receipt"].title)
    assert "SUNRISE HARDWARE TRADING SDN BHD" in text and "25.00" in text
    assert 1 <= text.count(".") and len(text) < 400
    assert grounded_summary(text, RECEIPT) == []
    assert grounded_summary("Receipt from Acme Corp for 99.99.", RECEIPT) == ["Acme Corp", "99.99"]


def test_correction_memory_teaches_the_issuer() -> None:
    from desktop_app.core.memory import CorrectionMemory, Lesson

    first = RECEIPT.replace("SUNRISE HARDWARE TRADING SDN BHD", "TAN AH KOW\nSUNRISE HARDWARE")
    later = first.replace("25.00", "19.00")
    memory = CorrectionMemory()
    plain = Extractor(None).extract(ParsedDocument.from_text(later), SCHEMAS["receipt"])
    memory.add(Lesson.from_document("receipt", first, {"company": "SUNRISE HARDWARE"}))
    lesson = memory.nearest("receipt", later)
    assert lesson is not None and lesson[1] > 0.5
    taught = Extractor(None).extract(ParsedDocument.from_text(later), SCHEMAS["receipt"], lesson=lesson)
    assert taught.get("company").raw == "SUNRISE HARDWARE"
    assert taught.get("company").confidence >= 0.9
    assert memory.nearest("invoice", later) is None  # lessons stay within their kind
    assert plain.get("company").raw is not None


def test_cpu_budget_never_exceeds_cores() -> None:
    from desktop_app.inference.llama_engine import CpuBudget

    budget = CpuBudget(max_threads=64)
    assert 1 <= budget.threads() <= budget.max_threads <= (__import__("os").cpu_count() or 1)
    sum(i * i for i in range(200_000))  # some work of our own, which must not count as "busy"
    assert 1 <= budget.threads() <= budget.max_threads


def test_a_lesson_remembers_where_the_issuers_total_sits() -> None:
    from desktop_app.core.memory import Lesson, amount_places, taught_candidates

    till = "SHOP A\nTOTAL\nCASH\nCHANGE\n{}\n{}\n{}\nTHANK YOU\n"
    first = till.format("12.40", "20.00", "7.60")
    assert amount_places(first, "12.40") == {3}
    lesson = Lesson.from_document("receipt", first, {"total": "12.40"})
    later = till.format("8.10", "10.00", "1.90")
    votes = taught_candidates(lesson, 0.9, "total", later, "money")
    assert [(c.value, c.why) for c in votes] == [("8.10", "taught: same place")]


def test_a_taught_address_is_found_again_with_other_punctuation_and_look_alikes() -> None:
    from desktop_app.core.memory import Lesson, taught_candidates

    address = "NO 290, JALAN AIR PANAS. SETAPAK, 53200 KUALA LUMPUR"
    first = f"GIN KEE TRADING\n{address}\nTOTAL 4.00\n"
    lesson = Lesson.from_document("receipt", first, {"address": address})
    # the same till, another day: commas and line breaks of its own, a full stop at the end
    later = "GIN KEE TRADING\nNO 290, JALAN AIR PANAS,\nSETAPAK,\n53200, KUALA LUMPUR.\nTOTAL 9.00\n"
    (c,) = taught_candidates(lesson, 0.9, "address", later, "text")
    assert c.raw == address  # the person's reading: every receipt of the shop reads the same
    assert later[c.start : c.end].endswith("LUMPUR.")  # the span is this one's print
    # printed exactly as taught: the print
    (c,) = taught_candidates(lesson, 0.9, "address", first, "text")
    assert c.raw == address and first[c.start : c.end] == address
    # a scan that read "PANAS" as "PANA5": the person's reading is kept
    scanned = later.replace("PANAS,", "PANA5,")
    (c,) = taught_candidates(lesson, 0.9, "address", scanned, "text")
    assert c.raw == address and scanned[c.start : c.end].startswith("NO 290")
    # another outlet of the chain, another street: nothing taught
    assert taught_candidates(lesson, 0.9, "address", later.replace("AIR PANAS", "IPOH"), "text") == []


def test_summary_counts_are_words_so_every_digit_is_the_documents() -> None:
    from desktop_app.core.summary import _count

    assert _count(1, "medications") == "one medication"
    assert _count(3, "line_items") == "three line items"
    assert _count(12, "transactions") == "twelve transactions"
    assert _count(22, "results") == "twenty-two results"  # a lab report of 22 results need not print '22'
    assert _count(40, "transactions") == "forty transactions"
    assert _count(125, "transactions") == "125 transactions"


def test_a_label_with_a_colon_beats_the_same_word_in_a_title() -> None:
    text = ("LabCorp                                   Patient Report\n"
            "Patient: DOE, JANE                        DOB: 04/12/1968\n"
            "Glucose   112   mg/dL   65-99\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["lab_report"])
    assert ex.get("patient").raw == "DOE, JANE"


def test_real_style_prescriptions_and_letters_are_read_as_such() -> None:
    label = ("CVS pharmacy\nRx# 4827193        Date Filled: 02/14/2024\nJOHN A. SMITH\n"
             "TAKE 1 TABLET BY MOUTH TWICE DAILY WITH FOOD\nMETFORMIN HCL 500 MG TABLET\n")
    assert classify(label, SCHEMAS)[0] == "prescription"
    ex = Extractor(None).extract(ParsedDocument.from_text(label), SCHEMAS["prescription"])
    assert ex.get("patient").raw == "JOHN A. SMITH"
    plan = ("Bundeseinheitlicher Medikationsplan\nfür: Hans Becker   geb. am: 14.02.1950\n"
            "Wirkstoff        Handelsname     Stärke    Form   morgens mittags abends\n"
            "Ramipril         Ramipril 1A     5 mg      Tabl   1       0       0      0\n")
    assert classify(plan, SCHEMAS)[0] == "prescription"
    ex = Extractor(None).extract(ParsedDocument.from_text(plan), SCHEMAS["prescription"])
    assert ex.get("patient").raw == "Hans Becker"
    letter = ("DISCHARGE SUMMARY\nPatient: Margaret Olsen\nConsultant: Dr Rajesh Kumar, Respiratory Medicine\n"
              "Diagnosis: Community-acquired pneumonia\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(letter), SCHEMAS["medical_summary"])
    assert ex.get("provider").raw == "Dr Rajesh Kumar"


def test_a_name_read_from_an_unsure_ocr_line_is_flagged() -> None:
    from dataclasses import replace

    doc = ParsedDocument.from_text(RECEIPT)
    plain = Extractor(None).extract(doc, SCHEMAS["receipt"])
    assert not plain.get("company").uncertain
    name_line = doc.line_at(plain.get("company").span[0])
    unsure = ParsedDocument(doc.text, [replace(ln, confidence=0.62 if ln == name_line else 0.98) for ln in doc.lines],
                            ocr_used=True, ocr_confidence=0.95)
    ex = Extractor(None).extract(unsure, SCHEMAS["receipt"])
    company = ex.get("company")
    assert company.raw == plain.get("company").raw and company.uncertain
    assert "OCR" in company.note and "62%" in company.note
    assert not ex.get("total").uncertain  # amounts are checked by parsing, not by OCR certainty


def test_a_value_after_its_label_is_not_flagged_but_two_different_ones_are() -> None:
    text = ("Riverside Pathology\nPatient: Jane Doe      DOB: 01/02/1970\nCollected: 03/04/2024\n"
            "Glucose   6.1   mmol/L   3.9-5.5\nPatient: Jane Doe\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["lab_report"])
    assert ex.get("patient").raw == "Jane Doe" and not ex.get("patient").uncertain
    clash = text.replace("Patient: Jane Doe\n", "Patient: John Roe\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(clash), SCHEMAS["lab_report"])
    assert ex.get("patient").uncertain  # two names after the same label: the person decides


def test_a_patient_name_stops_before_the_birth_date() -> None:
    text = "Rezept\nPatient: Jürgen Schulz geb. am 29.05.1950\nIbuprofen 600 mg Tabl. 1-0-1\n"
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["prescription"])
    assert ex.get("patient").raw == "Jürgen Schulz"


def test_a_brazilian_requesting_doctor_with_leader_dots_and_council_number() -> None:
    text = ("LABORATÓRIO SÃO LUCAS\nPaciente.....: JOANA LIMA\n"
            "Médico.......: Dra. Luciana Rezende Barbosa - CRM-MG 52.118\nHemoglobina (g/dL)   12,9   12,0 a 15,5\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["lab_report"])
    assert ex.get("ordering_physician").raw == "Dra. Luciana Rezende Barbosa"


@pytest.mark.parametrize("nobody", ["A QUIEN CORRESPONDA", "To whom it may concern", "SELF", "N/A"])
def test_a_form_that_names_no_doctor_leaves_the_field_empty(nobody: str) -> None:
    text = f"LABORATORIO CLINICO\nPaciente: JOANA LIMA\nMédico:   {nobody}\nGlucosa   92   mg/dL   70 - 100\n"
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["lab_report"])
    assert ex.get("ordering_physician") is None or not ex.get("ordering_physician").raw


def test_a_follow_up_sentence_goes_on_after_a_comma_at_the_end_of_its_line() -> None:
    text = ("After Visit Summary\nINSTRUCTIONS\nFollow up with your primary care provider in 10-14 days for an ear recheck,\n"
            "sooner if not improving in 48-72 hours.\n\nGo to the nearest emergency department if you have a stiff neck.\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["medical_summary"])
    assert " ".join(ex.get("follow_up").raw.split()) == (
        "Follow up with your primary care provider in 10-14 days for an ear recheck, sooner if not improving in 48-72 hours.")


def test_the_taught_total_place_keeps_the_cash_rounding(monkeypatch) -> None:
    # The lesson votes for the amount at the issuer's place (31.47); the rules preferred the
    # cash-rounded 31.45 printed after it. The rounded form shares the vote, so it still wins.
    from desktop_app.core import extraction, rules
    from desktop_app.core.schemas import FieldSpec

    cands = [rules.Candidate("31.45", "31.45", 40, 45, 2.0, "amount,rounded"),
             rules.Candidate("31.47", "31.47", 20, 25, 1.95, "TOTAL|same line")]
    monkeypatch.setattr(extraction, "taught_candidates", lambda *a, **kw: [
        rules.Candidate("31.47", "31.47", 20, 25, 0.3, "taught: same place")])
    out = extraction._apply_lesson(cands, (None, 0.9), FieldSpec("total", "money", "Total", ""), "")
    assert out[0].value == "31.45" and "issuer's place" in out[0].why


def test_an_irish_name_whose_o_the_scan_read_as_zero() -> None:
    text = "BRIGHTLINE SOFTWARE LTD\nPAYSLIP\nEmployee: Oliver 0'Connor   Pay date: 28/08/2023\nNet pay   3,000.00\n"
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["payslip"])
    assert ex.get("employee").raw == "Oliver 0'Connor"


def test_a_taught_value_misread_by_a_letter_is_found_again() -> None:
    """'CP.' for 'CO.', 'KWANSAN' for 'KAWASAN': the person's reading on a scan, the print on a
    text layer (where the person, not the issuer, may have mistyped); another number is not near."""
    from desktop_app.core.grounding import near_words
    from desktop_app.core.memory import Lesson, taught_candidates

    company = "POPULAR BOOK CO. (M) SDN BHD"
    first = f"{company}\nNO 8, JALAN 7/118B\nTOTAL 4.00\n"
    lesson = Lesson.from_document("receipt", first, {"company": company})
    later = "POPULAR BOOK\nCP. (M) SDN BHD\nNO 8, JALAN 7/118B\nTOTAL 9.00\n"
    (c,) = taught_candidates(lesson, 0.9, "company", later, "text", read_by_ocr=True)
    assert c.raw == company and later[c.start : c.end].startswith("POPULAR BOOK")
    (c,) = taught_candidates(lesson, 0.9, "company", later, "text", read_by_ocr=False)
    assert c.raw == "POPULAR BOOK CP. (M) SDN BHD"
    address = "LOT 1851-A, JALAN KPB 6, KAWASAN PERINDUSTRIAN BALAKONG, 43300 SERI KEMBANGAN"
    assert near_words(address, address.replace("KAWASAN", "KWANSAN")) is not None
    assert near_words(address, address.replace("KAWASAN PERINDUSTRIAN", "KWSN PRNDSTRN")) is None
    assert near_words("NO 8, JALAN 7/118B", "NO 8, JALAN 7/119B") is None  # another number
    assert near_words("JALAN AIR PANAS, SETAPAK", "JALAN IPOH, SETAPAK") is None  # another street


def test_kind_from_the_rows_the_page_is_made_of_when_no_title_word_says_it() -> None:
    """A statement export and a lab table with their headers cut off (no 'statement', no
    'laboratory'): the dated rows with a running balance and the result rows decide."""
    schemas = SCHEMAS
    rows = ("02/03/2024  Card payment ALDI 4471            -23.40      1,204.16\n"
            "04/03/2024  Transfer from J SMITH             +250.00     1,454.16\n"
            "05/03/2024  Direct debit CITY POWER           -61.20      1,392.96\n"
            "09/03/2024  Card payment SHELL 0231           -48.05      1,344.91\n"
            "12/03/2024  ATM withdrawal                    -100.00     1,244.91\n")
    assert classify(rows, schemas)[0] == "bank_statement"
    results = ("Haemoglobin          131     g/L        115 - 165\n"
               "White cell count     11.8    x10^9/L    4.0 - 11.0    H\n"
               "Platelets            250     x10^9/L    150 - 400\n"
               "Sodium               139     mmol/L     135 - 145\n")
    assert classify(results, schemas)[0] == "lab_report"
    # a till receipt's item lines are no statement
    receipt = ("COFFEE HOUSE\n2 x Flat white      7.00\nMuffin      3.50\nTOTAL      10.50\n"
               "CASH      20.00\nCHANGE      9.50\nThank you\n")
    assert classify(receipt, schemas)[0] == "receipt"


def test_a_plan_read_from_a_scan_stops_at_the_closing_the_page_number_and_the_signature() -> None:
    """OCR keeps no blank line: the follow-up does not run on into 'Yours sincerely', 'Page 1 of 1'
    or the doctor's name."""
    from desktop_app.core.extraction import _whole_paragraph
    from desktop_app.core.rules import Candidate

    for after in ("Yours sincerely,\nDr Megan Khan\n", "Page 1 of 1\n", "Seite 1 von 1\n",
                  "Dr. med. Anna Mutter\n", "Mit freundlichen GruBen\n"):
        text = f"Follow-up: GP review in 2 weeks\n{after}"
        start = text.index("GP")
        c = Candidate("GP review in 2 weeks", "GP review in 2 weeks", start, start + 20, 1.0, "follow-up")
        assert _whole_paragraph(c, text).raw == "GP review in 2 weeks", after
    text = "Plan: Revisión en consultas externas de\nNeumología en 6 semanas.\n"
    start = text.index("Revisión")
    c = Candidate("Revisión en consultas externas de", "", start, text.index("\n"), 1.0, "plan")
    assert _whole_paragraph(c, text).value == "Revisión en consultas externas de Neumología en 6 semanas."


def test_a_bill_with_an_invoice_header_is_an_invoice_not_a_receipt() -> None:
    """A labelled number, a customer block and payment terms make an invoice whatever the title;
    'Due on receipt' is a payment term, not a till receipt's title."""
    bill = ("BILL\n\nNorthside Electric Ltd.\n12 Main Street\nGST# 81234 5678\n\n"
            "Bill No.   NE-1002\nDate       2024-02-27\nTerms      Due on receipt\n\n"
            "Customer:  Anna Berg\n\nItem          Qty   Unit Cost   Line Total\n"
            "Breaker panel   1      410.00       410.00\n\nSubtotal   410.00\nGST 5%   20.50\n"
            "PST 7%   28.70\nTotal   459.20\nThank you!\n")
    assert classify(bill, SCHEMAS)[0] == "invoice"
    till = "SUPERMART\nReceipt No. 4411\nMilk 1L   1.99\nTotal   1.99\nCash   5.00\nChange   3.01\nThank you!\n"
    assert classify(till, SCHEMAS)[0] == "receipt"


def test_a_shop_invoice_with_an_email_line_side_by_side_blocks_and_an_order_number() -> None:
    """The e-mail line under the shop's name is no vendor; 'Bill to:   Ship to:' side by side
    gives the left cell below; the order number stands in for an invoice number not printed."""
    text = ("Maple Soap Works\n12 Birch Road, Salem, OR 97301\norders@maplesoap.example\n\nINVOICE\n"
            "Order #MS-2207\nOrder date: May 2, 2024\n\n"
            "Bill to:                          Ship to:\n"
            "Jonas Weber                       Jonas Weber\n"
            "4 Elm Court                       4 Elm Court\n\n"
            "Product            Qty   Price   Total\nLavender bar        2   $6.00  $12.00\n\nTotal   $12.00\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["invoice"])
    assert ex.get("vendor").raw == "Maple Soap Works"
    assert ex.get("customer").raw == "Jonas Weber"
    assert ex.get("invoice_number").raw == "MS-2207"
    printed = text.replace("Order #MS-2207", "Invoice No: INV-88\nOrder #MS-2207")
    ex = Extractor(None).extract(ParsedDocument.from_text(printed), SCHEMAS["invoice"])
    assert ex.get("invoice_number").raw == "INV-88"


def test_a_progress_billing_totals_this_billing_not_what_was_billed_before() -> None:
    text = ("ACME CONSULTING, INC.\n1 Main St, Austin, TX 78701\n\nBILLING #3\nBilling date: 07/01/2024\n\n"
            "Prepared for:\nRiver Bank\n\nRole          Hours   Rate      Amount\n"
            "Engineer       10.0   $100.00   $1,000.00\nManager         2.0   $150.00     $300.00\n\n"
            "Amount this billing                 $1,300.00\nPreviously billed                  $9,000.00\n"
            "Remaining budget                   $4,700.00\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["invoice"])
    assert ex.get("total").raw == "$1,300.00"
    assert ex.get("customer").raw == "River Bank"


def test_a_dutch_invoice_due_date_is_its_vervaldatum() -> None:
    text = ("Bouwbedrijf Jansen\nDorpsstraat 1\n1234 AB Utrecht\n\nFACTUUR\nFactuurnummer: 2024-7\n"
            "Factuurdatum: 05-05-2024\nVervaldatum: 04-06-2024\n\nTotaal   € 121,00\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["invoice"])
    assert ex.get("due_date").raw == "04-06-2024"


def test_a_total_rounded_for_cash_is_flagged_for_checking() -> None:
    # 42.33 printed, 42.35 paid: the rounded total is taken, and the person is asked which one
    # the books want (a plain total is not flagged)
    for text, paid in (("CORNER MART\nSUBTOTAL 42.33\nROUNDING ADJ 0.02\nTOTAL 42.35\nCASH 50.00\n"
                        "CHANGE 7.65\n", "42.35"),
                       ("CORNER MART\nTOTAL: 72.93\nRND ADJ 0.02\nTTL AFT RND 72.95\nPAYMENT 73.00\n"
                        "CHANGE DUE 0.05\n", "72.95")):
        ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["receipt"])
        assert ex.get("total").raw == paid and ex.get("total").uncertain
    plain = "CORNER MART\nCOFFEE 7.00\nTOTAL 7.00\nCASH 10.00\nCHANGE 3.00\n"
    ex = Extractor(None).extract(ParsedDocument.from_text(plain), SCHEMAS["receipt"])
    assert ex.get("total").raw == "7.00" and not ex.get("total").uncertain


def test_a_pay_stubs_period_beginning_and_ending_are_joined_as_its_period() -> None:
    text = ("RIVERBEND DENTAL GROUP, PLLC                     Earnings Statement\n"
            "1450 S COLORADO BLVD                Period Beginning:   11/01/2024\n"
            "DENVER CO 80222                     Period Ending:      11/14/2024\n"
            "                                    Pay Date:           11/15/2024\n\n"
            "Earnings     rate    hours    this period    year to date\n"
            "Regular   31.5000    80.00       2,520.00       55,440.00\n"
            "          Gross Pay             $2,520.00\n          Net Pay               $1,875.28\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["payslip"])
    assert ex.get("period").raw == "11/01/2024 - 11/14/2024"


def test_the_month_a_payslip_says_it_is_for_is_its_period() -> None:
    for title, month in (("Abrechnung der Brutto/Netto-Bezüge\nfür Oktober 2024", "Oktober 2024"),
                         ("Payslip for the month of March 2024", "March 2024"),
                         ("Bulletin de paie pour le mois de mars 2024", "mars 2024")):
        text = f"Feldmann GmbH\n{title}\nEintritt 01.03.2019\nGesamtbrutto  4.690,00\nLohnsteuer  689,58\n"
        ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["payslip"])
        assert ex.get("period").raw == month


def test_a_bill_paid_by_direct_debit_is_due_when_the_debit_is_taken() -> None:
    text = ("Shannonside Energy                          Electricity Bill\n"
            "  Ms Niamh Gallagher                        Invoice Number   SE-40918273\n"
            "  12 Oakfield Crescent                      Bill Date        08/10/2024\n\n"
            "  Payment received 22/08/2024 - thank you                    -€312.18\n"
            "  AMOUNT DUE                                                  €374.45\n"
            "  This amount will be collected by Direct Debit on or after 22/10/2024\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["invoice"])
    assert ex.get("due_date").raw == "22/10/2024" and ex.get("date").raw == "08/10/2024"
    text = "EDF\nFacture du 02/05/2024\nMontant TTC 84,20 €\nMontant prélevé le 17/05/2024 sur votre compte\n"
    assert Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["invoice"]).get("due_date").raw == "17/05/2024"


def test_finnish_and_hungarian_invoice_labels() -> None:
    text = ("PUUSEPPÄ MÄKI OY                          LASKU\n"
            "Koivukatu 3, 40100 Jyväskylä                Laskun numero      7-330\n"
            "                                            Toimituspäivä      02.03.2025\n"
            "                                            Laskun päivämäärä  04.03.2025\n"
            "                                            Eräpäivä           18.03.2025\n"
            "Hylly, tammi        2  kpl   120,00   25,5   240,00\n"
            "Alv 25,5 %          240,00      61,20      301,20\n"
            "Alv yhteensä                    61,20\n"
            "Maksettava yhteensä EUR        301,20\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["invoice"])
    assert (ex.get("invoice_number").raw, ex.get("date").raw, ex.get("due_date").raw, ex.get("tax").raw) == \
        ("7-330", "04.03.2025", "18.03.2025", "61,20")
    # as a scan reads it, without the accent
    ex = Extractor(None).extract(ParsedDocument.from_text(text.replace("yhteensä", "yhteensa")), SCHEMAS["invoice"])
    assert ex.get("tax").raw == "61,20"
    # three dates in one row under their labels: the invoice's is the 'kelte' one, not the teljesítés
    text = ("SZÁMLA                                  Sorszám: K-2025/0042\n"
            "Teljesítés dátuma     Számla kelte     Fizetési határidő\n"
            "2025.02.10.           2025.02.12.      2025.02.27.\n"
            "ÁFA összesen:   2 700,00\nFizetendő összeg:   12 700,00\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["invoice"])
    assert (ex.get("invoice_number").raw, ex.get("date").value, ex.get("due_date").value, ex.get("tax").raw) == \
        ("K-2025/0042", "2025-02-12", "2025-02-27", "2 700,00")


def test_the_sum_row_of_a_nordic_tax_table_is_the_tax() -> None:
    text = ("KIOSK NORD AS\nKVITTERING\nKAFFE   39,00\nBOLLE   25,00\nTOTALT   NOK   64,00\n\n"
            "MVA%     Grunnlag     MVA      Beløp\n15,00       33,91     5,09      39,00\n"
            "25,00       20,00     5,00      25,00\nSum         53,91    10,09      64,00\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["receipt"])
    assert ex.get("tax").raw == "10,09"


def test_a_cfdi_goes_by_its_folio() -> None:
    text = ("MADERERÍA DEL NORTE, S.A. DE C.V.                     FACTURA\n"
            "RFC: MNO010203AB1                       Serie: B     Folio: 7781\n"
            "Av. Juárez 10, Monterrey                 Folio fiscal (UUID):\n"
            "                                         1A2B3C4D-0000-4E13-A5C2-91D0E7B3F468\n"
            "Total  $1,160.00\n")
    assert Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["invoice"]).get("invoice_number").raw == "7781"


def test_dutch_payslip_labels_and_the_net_paid_out_after_allowances() -> None:
    text = ("Bakkerij Smit B.V.                                   LOONSTROOK\n"
            "                                                     Periode 3 - 2025\n\n"
            "Personeelsnummer   88          Naam            P. de Groot\n"
            "Periode            maart 2025  Geboortedatum   02-05-1990\n"
            "Betaaldatum        25-03-2025\n\n"
            "Salaris                               2.900,00\n"
            "Totaal bruto                          2.900,00\n"
            "Loon voor de loonheffing              2.780,00\n"
            "Loonheffing (tabel)                                 410,20\n"
            "Netto loon                            2.369,80\n"
            "Reiskosten onbelast                     120,00\n"
            "Netto te betalen                      2.489,80\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["payslip"])
    got = {k: ex.get(k).raw for k in ("employee", "pay_date", "period", "gross_pay", "net_pay", "tax")}
    assert got == {"employee": "P. de Groot", "pay_date": "25-03-2025", "period": "maart 2025",
                   "gross_pay": "2.900,00", "net_pay": "2.489,80", "tax": "410,20"}


def test_swiss_payslip_month_in_its_title_withholding_tax_and_payout() -> None:
    text = ("Muster Transport AG\nLOHNABRECHNUNG März 2025                      Bern, 20.03.2025\n"
            "Quellensteuer    BE, Tarif A0N       Auszahlung am  25.03.2025\n"
            "Bruttolohn                                  6'000.00\n"
            "Quellensteuer            6'000.00   8.100 %   -486.00\n"
            "Nettolohn                                   5'100.00\n"
            "Spesenpauschale                               200.00\n"
            "Auszahlung                                  5'300.00\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["payslip"])
    assert (ex.get("period").raw, ex.get("tax").raw, ex.get("net_pay").raw) == ("März 2025", "486.00", "5'300.00")


def test_a_currency_code_before_an_amount_is_no_other_label() -> None:
    text = ("PAYSLIP\nGROSS PAY     18,000.00   | TOTAL DEDUCTIONS   2,400.00\n"
            "                              NET PAY         PHP 15,600.00\n")
    assert Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["payslip"]).get("net_pay").value == "15600.00"


def test_a_total_including_tax_is_not_the_tax() -> None:
    text = ("Malerei Huber GmbH\nRECHNUNG Nr. 88\n"
            "                       Total netto              2'000.00\n"
            "                       MWST 8.1 % auf 2'000.00    162.00\n"
            "                       Total CHF inkl. MWST     2'162.00\n")
    assert Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["invoice"]).get("tax").raw == "162.00"
    text = "Bäckerei Korn\nKASSENBON\nBrot   3,20\nSumme inkl. MwSt   3,20\nMwSt 7%   0,21\nBar   5,00\n"
    assert Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["receipt"]).get("tax").raw == "0,21"


def test_a_crown_is_the_one_the_page_names_and_a_centred_slip_has_its_address() -> None:
    text = ("        KIOSK NORD AS\n          Storgata 5\n          9008 TROMSØ\n\nKVITTERING\n"
            "EPLER  1,2 kg x 30,00 kr/kg   36,00\nTOTALT   NOK   36,00\nMVA 15%   4,70\n")
    ex = Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["receipt"])
    assert (ex.get("currency").value, ex.get("address").raw) == ("NOK", "Storgata 5 9008 TROMSØ")
    ex = Extractor(None).extract(ParsedDocument.from_text(text.replace("NOK", "   ").replace("MVA", "Moms")),
                                 SCHEMAS["receipt"])
    assert ex.get("currency").value == "SEK"  # nothing says which crown: as before


def test_the_customer_named_under_a_receptor_heading() -> None:
    text = ("MADERERÍA DEL NORTE, S.A. DE C.V.          FACTURA\nFolio: 7781\n\n"
            "RECEPTOR\nNombre:          TALLER HERNÁNDEZ HERMANOS\nRFC:             THH010203AB1\n"
            "Total  $1,160.00\n")
    assert Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["invoice"]).get("customer").raw == \
        "TALLER HERNÁNDEZ HERMANOS"


def test_statement_labels_an_italian_account_number_and_an_indian_flat() -> None:
    text = ("BANCA DEL PO S.p.A.\nESTRATTO CONTO CORRENTE N. 2/2025\n\n"
            "Conto corrente n.   000000551234         Intestato a:   ROSSI MARIO\n"
            "SALDO INIZIALE   1.000,00\nSALDO FINALE   1.200,00\n")
    assert Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["bank_statement"]).get(
        "account_number").raw == "000000551234"
    text = ("DECCAN CO-OPERATIVE BANK LTD.\n\n                 STATEMENT OF ACCOUNT\n\n"
            "MRS. ANJALI VINOD KULKARNI                  Account No.   : 0044100021\n"
            "C-12, Shanti Niketan Society,               Account Type  : Savings\nPune - 411038\n"
            "Opening Balance  : 12,000.00 Cr\n")
    assert Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["bank_statement"]).get(
        "account_holder").raw == "ANJALI VINOD KULKARNI"


def test_an_amount_ending_the_sentence_before_a_balance_label_is_not_the_balance() -> None:
    text = ("MERLION BANK\nStatement of Account\nPREVIOUS BALANCE   500.00\n"
            "                                 NEW BALANCE     620.00\n\n"
            "Please pay by 02 DEC 2024 to avoid a late fee of S$80.00. If you pay the New Balance in full,\n"
            "no finance charges apply.\n")
    assert Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["bank_statement"]).get(
        "closing_balance").raw == "620.00"


def test_the_company_addressed_not_its_contact_under_it() -> None:
    text = ("PUUSEPPÄ MÄKI OY                          LASKU\nKoivukatu 3\n40100 JYVÄSKYLÄ\n\n"
            "Keski-Suomen Kiinteistöhuolto Oy            Laskun numero   7-330\n"
            "Mikko Virtanen                              Eräpäivä        18.03.2025\n"
            "Väinönkatu 7 B 12\n40100 JYVÄSKYLÄ\n\nMaksettava yhteensä EUR   301,20\n")
    assert Extractor(None).extract(ParsedDocument.from_text(text), SCHEMAS["invoice"]).get("customer").raw == \
        "Keski-Suomen Kiinteistöhuolto Oy"
