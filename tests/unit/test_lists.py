"""List readers on hand-written snippets in the styles real shops, banks, labs and clinics print."""
from __future__ import annotations

from desktop_app.core.entities import Extraction, Field
from desktop_app.core.lists import (
    check,
    lab_flag,
    lab_results,
    line_items,
    medications,
    transactions,
)


def cells(rows, *names):
    """The named cells of each row: amounts normalised (a glued currency sign is part of the raw
    text), the flag as computed, everything else as printed."""
    def one(r, n):
        if n not in r:
            return None
        return r[n].value if n == "flag" or r[n].type == "money" else r[n].raw
    return [tuple(one(r, n) for n in names) for r in rows]


# --- line items ----------------------------------------------------------------------------------
def test_online_shop_invoice_with_vat_rate_column():
    text = """Invoice number: 123-4567
Description                                   Qty   Unit Price   VAT Rate   Total
Anker USB C Charger 20W, PowerPort III        1     £15.99       20%        £15.99
Logitech M185 Wireless Mouse                  2     £9.99        20%        £19.98
Total                                                                       £35.97
"""
    rows = line_items(text)
    assert cells(rows, "description", "quantity", "unit_price", "amount") == [
        ("Anker USB C Charger 20W, PowerPort III", "1", "15.99", "15.99"),
        ("Logitech M185 Wireless Mouse", "2", "9.99", "19.98"),
    ]


def test_german_invoice_with_position_and_article_number_columns():
    text = """Pos  Art.-Nr.   Bezeichnung                 Menge  ME   E-Preis €   G-Preis €
1    10045      Schrauben M6x40 verzinkt    200    Stk       0,12       24,00
2    20311      Dübel 8 mm                  100    Stk       0,08        8,00
                                    Summe netto                        32,00
                                    zzgl. 19 % MwSt.                    6,08
"""
    rows = line_items(text)
    assert cells(rows, "description", "quantity", "unit_price", "amount") == [
        ("Schrauben M6x40 verzinkt", "200", "0.12", "24.00"),
        ("Dübel 8 mm", "100", "0.08", "8.00"),
    ]


def test_french_invoice_stops_at_total_ht():
    text = """Désignation                    Qté    P.U. HT     Montant HT
Abonnement fibre - mars 2024    1      29,99        29,99
Option TV                       1       5,00         5,00
Total HT                                            34,99
TVA 20 %                                             7,00
Total TTC                                           41,99
"""
    rows = line_items(text)
    assert [r["description"].raw for r in rows] == ["Abonnement fibre - mars 2024", "Option TV"]
    assert [r["amount"].value for r in rows] == ["29.99", "5.00"]


def test_supermarket_receipt_codes_and_multibuy_line():
    text = """WALMART SUPERCENTER
ST# 5412 OP# 00001 TE# 12 TR# 03344
GV 2% MILK     078742012030 F    3.48 N
  2 @ 1.25
COKE 12PK      004900002890 F    2.50 N
SUBTOTAL                          5.98
TAX 1  7.000 %                    0.00
TOTAL                             5.98
"""
    rows = line_items(text)
    assert cells(rows, "description", "amount") == [("GV 2% MILK", "3.48"), ("COKE 12PK", "2.50")]
    assert rows[1]["quantity"].raw == "2"


def test_restaurant_bill_leading_quantity_and_at_price():
    text = """Table 7   Guests 2
2  Margherita Pizza        @ 9.50     19.00
1  House Red 175ml                     6.75
Subtotal                              25.75
Service 12.5%                          3.22
"""
    rows = line_items(text)
    assert cells(rows, "description", "quantity", "amount") == [
        ("Margherita Pizza", "2", "19.00"), ("House Red 175ml", "1", "6.75")]


def test_wrapped_description_is_joined_and_dates_are_not_items():
    text = """Date: 05.02.2024
Description                          Hours     Rate      Amount
Backend development and code          12.0    85.00    1,020.00
review for release 2.3
Project management                     3.5    85.00      297.50
Total                                                  1,317.50
"""
    rows = line_items(text)
    assert [r["description"].value for r in rows] == [
        "Backend development and code review for release 2.3", "Project management"]
    assert rows[0]["quantity"].raw == "12.0"


def test_a_size_on_its_own_line_under_an_item_goes_on_with_its_description():
    text = """Date        Prestation                          Heures        Taux       Montant
10/07/2022  Plan de travail chêne                    1      355,26       355,26
            3000x600x40 mm
13/06/2022  Tube cuivre 15 mm                      0,5       16,01         8,01
            (3 m)
14/06/2022  Intervention sur site                  2,5      137,32       343,30
                                          Total HT              706,57
"""
    rows = line_items(text)
    assert [r["description"].value for r in rows] == [
        "Plan de travail chêne 3000x600x40 mm", "Tube cuivre 15 mm (3 m)", "Intervention sur site"]


# --- transactions ----------------------------------------------------------------------------------
def test_us_statement_signed_amounts_and_balances():
    text = """DATE       DESCRIPTION                                   AMOUNT        BALANCE
           Beginning Balance                                         $5,123.45
01/03      Card Purchase 01/02 Starbucks Store 123        -5.75         5,117.70
01/05      Payroll Direct Deposit                        2,400.00       7,517.70
01/09      Zelle Payment To John 1234567                 -150.00        7,367.70
           Ending Balance                                            $7,367.70
"""
    rows = transactions(text)
    assert cells(rows, "date", "amount", "balance") == [
        ("01/03", "-5.75", "5117.70"), ("01/05", "2400.00", "7517.70"), ("01/09", "-150.00", "7367.70")]
    assert [r["amount"].value for r in rows] == ["-5.75", "2400.00", "-150.00"]
    assert rows[0]["description"].raw == "Card Purchase 01/02 Starbucks Store 123"


def test_uk_statement_money_out_in_columns_and_dates_printed_once_per_day():
    text = """Date        Description                      Money out   Money in     Balance
3 Jan       Start balance                                             1,200.00
4 Jan       Card payment to TESCO             23.50                   1,176.50
            Direct debit to EE                45.00                   1,131.50
5 Jan       Salary ACME                                  2,000.00     3,131.50
"""
    rows = transactions(text)
    assert cells(rows, "date", "description", "amount") == [
        ("4 Jan", "Card payment to TESCO", "-23.50"), ("4 Jan", "Direct debit to EE", "-45.00"),
        ("5 Jan", "Salary ACME", "2000.00")]
    assert [r["amount"].value for r in rows] == ["-23.50", "-45.00", "2000.00"]


def test_german_statement_value_dates_and_multiline_purpose():
    text = """Buchungstag  Wert    Buchungstext                          Betrag
02.01.       02.01.  Lastschrift                          -45,90
                     Stadtwerke München
                     Abschlag Strom Jan
03.01.       03.01.  Gehalt                             2.350,00
"""
    rows = transactions(text)
    # the purpose's lines under the first are part of it: they name the payee
    assert cells(rows, "date", "description", "amount") == [
        ("02.01.", "Lastschrift Stadtwerke München Abschlag Strom Jan", "-45.90"), ("03.01.", "Gehalt", "2350.00")]


def test_french_statement_debit_credit_without_running_balance():
    text = """Date   Libellé                         Valeur      Débit      Crédit
SOLDE PRÉCÉDENT AU 31/01/2024                              1 234,56
03/02  PRLV SEPA EDF                   03/02       82,40
05/02  VIR SALAIRE                     05/02                  2 100,00
"""
    rows = transactions(text)
    assert [r["amount"].value for r in rows] == ["-82.40", "2100.00"]
    assert [r["description"].raw for r in rows] == ["PRLV SEPA EDF", "VIR SALAIRE"]


def test_dutch_af_and_bij_columns_sign_the_amounts():
    text = """Datum       Omschrijving                           Valuta        Af        Bij       Saldo
04-11-2024  Domiciliëring Proximus factuur 10/2024 04-11      64,99                1.211,41
08-11-2024  Overschrijving Vermeulen Jan           08-11                120,00     1.331,41
"""
    assert [r["amount"].value for r in transactions(text)] == ["-64.99", "120.00"]
    marked = """Datum       Omschrijving                               Af/Bij       Bedrag
02-04-2024  Albert Heijn 1234 Utrecht                  Af            23,45
03-04-2024  Salaris april                              Bij        2.412,00
"""
    assert [r["amount"].value for r in transactions(marked)] == ["-23.45", "2412.00"]


# --- lab results ----------------------------------------------------------------------------------
def test_us_lab_with_flag_column_and_trailing_site_code():
    text = """Test Name                 Result     Flag     Reference Range       Lab
GLUCOSE                    105        H        65-99 mg/dL           EN
SODIUM                     139                 135-146 mmol/L        EN
eGFR                        92                 > OR = 60 mL/min/1.73m2   EN
"""
    rows = lab_results(text)
    assert cells(rows[:2], "test", "value", "unit", "reference_range", "flag") == [
        ("GLUCOSE", "105", "mg/dL", "65-99", "H"), ("SODIUM", "139", "mmol/L", "135-146", "normal")]


def test_labcorp_units_before_interval():
    text = """TESTS                      RESULT    FLAG    UNITS      REFERENCE INTERVAL
Glucose                        105   High    mg/dL      65-99
BUN                             14           mg/dL      6-24
eGFR                            92           mL/min/1.73   >59
"""
    rows = lab_results(text)
    assert cells(rows, "test", "value", "unit", "reference_range", "flag") == [
        ("Glucose", "105", "mg/dL", "65-99", "H"), ("BUN", "14", "mg/dL", "6-24", "normal"),
        ("eGFR", "92", "mL/min/1.73", ">59", "normal")]


def test_nhs_style_ranges_in_brackets_and_value_with_comparator():
    text = """Serum sodium            139 mmol/L         (133 - 146)
Serum potassium         5.6 mmol/L  H      (3.5 - 5.3)
eGFR/1.73m2 (CKD-EPI)   >90 mL/min
"""
    rows = lab_results(text)
    assert cells(rows, "test", "value", "reference_range", "flag") == [
        ("Serum sodium", "139", "133 - 146", "normal"), ("Serum potassium", "5.6", "3.5 - 5.3", "H"),
        ("eGFR/1.73m2 (CKD-EPI)", ">90", None, None)]


def test_german_lab_decimal_commas_minus_flag_and_upper_bound():
    text = """Patient: Müller, Anna   geb. 12.03.1960
Leukozyten          7,8      /nl       3,9 - 10,5
Hämoglobin          11,2  -  g/dl      12,0 - 15,4
CRP               <0,5       mg/dl     <0,5
"""
    rows = lab_results(text)
    assert cells(rows, "test", "value", "unit", "flag") == [
        ("Leukozyten", "7,8", "/nl", "normal"), ("Hämoglobin", "11,2", "g/dl", "L"), ("CRP", "<0,5", "mg/dl", "normal")]


def test_french_dotted_leaders_and_a_ranges():
    text = """Hémoglobine ........... 13,5 g/dL    (12,0 à 16,0)
Plaquettes ............ 450 G/L *    (150 à 400)
"""
    rows = lab_results(text)
    assert cells(rows, "test", "value", "unit", "reference_range", "flag") == [
        ("Hémoglobine", "13,5", "g/dL", "12,0 à 16,0", "normal"), ("Plaquettes", "450", "G/L", "150 à 400", "H")]


def test_portal_style_name_line_then_value_line():
    text = """Hemoglobin A1C
  6.4 %          Normal range: 4.0 - 5.6 %      HIGH
Vitamin B12
  210 pg/mL      Normal range: 232 - 1245 pg/mL  LOW
"""
    rows = lab_results(text)
    assert cells(rows, "test", "value", "reference_range", "flag") == [
        ("Hemoglobin A1C", "6.4", "4.0 - 5.6", "H"), ("Vitamin B12", "210", "232 - 1245", "L")]
    assert text[slice(*rows[0]["value"].span)] == "6.4"


def test_lines_that_are_not_results():
    text = """Date of birth: 12.03.1960
Page 1 of 2
Tel: 030 1234 567
BP 138/86 mmHg, HR 78
"""
    assert lab_results(text) == []


def test_lab_flag_from_ranges():
    assert lab_flag("5.6", "3.5 - 5.3") == "H"
    assert lab_flag("3,1", "3,5–5,1") == "L"
    assert lab_flag("180", "<200") == "normal"
    assert lab_flag("45", "> 60") == "L"
    assert lab_flag("7", "4 to 10") == "normal"
    assert lab_flag("450", "150 à 400") == "H"
    assert lab_flag("12", "") is None


def test_ranges_per_sex_with_lower_case_letters_or_words_and_no_colon():
    rows = """Hämoglobin     112    -   g/l      m 134-170 / w 117-153
Kreatinin       96    +   µmol/l   m 59-104 / w 45-84
Creatinine     1.1        mg/dL    Männer: 0.7-1.2, Frauen: 0.5-0.9
GGT             45        U/L      Men <60  Women <40
"""
    # the sex as its own cell after the birth date, without a label
    text = "Geb.-Datum:    03.05.1958 (66 J.), weiblich\n" + rows
    assert cells(lab_results(text), "reference_range", "flag") == [
        ("m 134-170 / w 117-153", "L"), ("m 59-104 / w 45-84", "H"), ("Männer: 0.7-1.2, Frauen: 0.5-0.9", "H"),
        ("Men <60  Women <40", "H")]
    assert cells(lab_results("Sex / Age : M / 61Y\n" + rows), "flag") == [("L",), ("normal",), ("normal",), ("normal",)]
    assert lab_flag("96", "m 59-104 / w 45-84") is None  # sex unknown, the ranges disagree
    assert lab_flag("112", "m 134-170 / w 117-153") == "L"


def test_a_range_graded_in_categories_is_its_first_line_with_its_word():
    text = """COLESTEROL TOTAL        *   243     mg/dL     Deseable: < 200
                                                Limítrofe: 200 - 239
                                                Alto: >= 240
HbA1c                      5.9  H   %         Non-Diabetic : < 5.7
                                              Pre-Diabetic : 5.7 - 6.4
LDL Cholesterol            92       mg/dL     Optimal: <100
Hemoglobin                 13.1     g/dL      Date: 12-10
"""
    assert cells(lab_results(text), "test", "reference_range", "flag") == [
        ("COLESTEROL TOTAL", "Deseable: < 200", "H"), ("HbA1c", "Non-Diabetic : < 5.7", "H"),
        ("LDL Cholesterol", "Optimal: <100", "normal")]
    assert lab_flag("180", "Desirable: < 200") == "normal"


def test_an_accreditation_or_footnote_mark_before_the_test_is_not_part_of_its_name():
    text = """# Total Bilirubin                 23          umol/L       3 - 21                    H
# Anti-HBs                        < 2.0       mIU/mL       >= 10
* Ferritin                         9          ug/L         13 - 150
  Alpha-fetoprotein               3.1         ng/mL        < 7.0
"""
    rows = lab_results(text)
    assert cells(rows, "test", "value", "flag") == [
        ("Total Bilirubin", "23", "H"), ("Anti-HBs", "< 2.0", "L"), ("Ferritin", "9", "L"),
        ("Alpha-fetoprotein", "3.1", "normal")]
    assert text[slice(*rows[0]["test"].span)] == "Total Bilirubin"


def test_a_value_that_groups_its_thousands_is_read_whole():
    text = """HBsAg (Quantitative)         1,245.6        IU/mL        < 0.05
Thrombozyten                 1.245,6        /nl          150-450
Platelets                    1,245,000      /uL          150,000-450,000
"""
    rows = lab_results(text)
    assert cells(rows, "value", "flag") == [("1,245.6", "H"), ("1.245,6", "H"), ("1,245,000", "H")]
    assert [r["value"].value for r in rows] == ["1245.6", "1245.6", "1245000"]
    assert lab_flag("245,000", "150,000-450,000") == "normal"


def test_a_test_name_wrapped_onto_an_indented_line_is_joined():
    text = """Test                            Result    Flag   Units        Reference Range
Red Cell Distribution             16.9      H    %            (11.5 - 15.0)
  Width
Neutrophils                       4.10           x10^9/L      (2.0 - 7.5)
  GLUCOSE                                  105 H           65-99 mg/dL
     Fasting reference interval
"""
    rows = lab_results(text)
    assert [(r["test"].value, r["value"].raw) for r in rows] == [
        ("Red Cell Distribution Width", "16.9"), ("Neutrophils", "4.10"), ("GLUCOSE", "105")]
    printed = text[slice(*rows[0]["test"].span)]
    assert printed.startswith("Red Cell Distribution ") and printed.endswith("\n  Width")


def test_a_cumulative_column_whose_flag_touches_its_value():
    # a scan keeps the columns but not where they stand, and glues a flag to its value ('13.4H')
    text = """Date            22/05/24   03/09/24   21/10/24   12/12/24
Urea              11.2 H    13.4H     12.8 H   14.9 H     mmol/L       (3.0-9.2)
Sodium             139      137       136      134 L      mmol/L       (135-145)
"""
    assert cells(lab_results(text), "test", "value", "flag") == [("Urea", "14.9", "H"), ("Sodium", "134", "L")]


# --- medications ----------------------------------------------------------------------------------
def test_uk_discharge_medication_table():
    text = """Drug                 Dose     Route   Frequency           Duration
Amoxicillin          500 mg   Oral    Three times a day   5 days
Paracetamol          1 g      Oral    Four times a day    PRN
"""
    rows = medications(text)
    assert cells(rows, "name", "dose", "route", "frequency") == [
        ("Amoxicillin", "500 mg", "Oral", "Three times a day"), ("Paracetamol", "1 g", "Oral", "Four times a day")]


def test_epic_after_visit_summary_lowercase_names_and_sig_line():
    text = """atorvastatin 40 MG tablet
Take 1 tablet (40 mg total) by mouth daily.
metoprolol succinate 25 MG 24 hr tablet
Take 1 tablet (25 mg total) by mouth 2 (two) times daily.
"""
    rows = medications(text)
    assert cells(rows, "name", "dose", "route", "frequency") == [
        ("atorvastatin", "40 MG", "by mouth", "daily"),
        ("metoprolol succinate", "25 MG", "by mouth", "2 (two) times daily")]


def test_us_prescription_sig_abbreviations():
    text = """Rx: Lisinopril 10 mg tab
Sig: 1 tab PO qd
Disp: #30 (thirty)   Refills: 3
Rx: Albuterol HFA 90 mcg/actuation inhaler
Sig: 2 puffs inhaled q4-6h prn wheeze
"""
    rows = medications(text)
    assert cells(rows[:1], "name", "dose", "route", "frequency") == [("Lisinopril", "10 mg", "PO", "qd")]


def test_german_medication_plan_columns():
    text = """Wirkstoff          Stärke    Form   Mo Mi Ab zN
Ramipril           5 mg      Tabl   1  0  1  0
Metformin          1000 mg   Tabl   1  0  1  0
"""
    rows = medications(text)
    assert cells(rows, "name", "dose", "frequency") == [
        ("Ramipril", "5 mg", "1  0  1  0"), ("Metformin", "1000 mg", "1  0  1  0")]


def test_french_prescription_dosing_on_next_line():
    text = """DOLIPRANE 1000 mg, comprimé
1 comprimé 3 fois par jour si douleur, pendant 5 jours
KARDEGIC 75 mg, poudre
1 sachet le matin
"""
    rows = medications(text)
    assert cells(rows, "name", "dose", "frequency") == [
        ("DOLIPRANE", "1000 mg", "3 fois par jour"), ("KARDEGIC", "75 mg", "le matin")]


def test_lab_values_in_a_letter_are_not_medications():
    text = "Bloods: CRP 45 mg/L, sodium 131 mmol/L. Started on Amoxicillin 500 mg PO tds."
    rows = medications(text)
    assert cells(rows, "name", "dose", "route", "frequency") == [("Amoxicillin", "500 mg", "PO", "tds")]


def test_medicines_of_the_hospital_course_are_not_discharge_medicines():
    text = ("HOSPITAL COURSE:\nHe was treated with ceftriaxone 1 g IV daily and azithromycin 500 mg PO daily.\n\n"
            "DISCHARGE MEDICATIONS:\n1. Apixaban 5 mg p.o. b.i.d.\n\n"
            "Therapie und Verlauf: Steroidgabe (Prednisolon 40 mg über 5 Tage).\n"
            "Entlassungsmedikation: Ramipril 5 mg 1-0-0\n")
    assert cells(medications(text), "name", "dose") == [("Apixaban", "5 mg"), ("Ramipril", "5 mg")]


def test_a_generic_with_two_brands_in_brackets():
    text = ("START taking these medications:\n  ibuprofen (ADVIL,MOTRIN) 600 mg tablet\n"
            "      Take 1 tablet (600 mg total) by mouth every 6 hours as needed for pain or fever.\n")
    assert cells(medications(text), "name", "dose", "frequency") == [
        ("ibuprofen (ADVIL,MOTRIN)", "600 mg", "every 6 hours")]

def test_a_combinations_strength_with_a_unit_for_each_part():
    text = ("  norgestimate-ethinyl estradiol (SPRINTEC) 0.25-35 mg-mcg per tablet\n"
            "      Take 1 tablet by mouth daily.\n  oxyCODONE-acetaminophen (PERCOCET) 5-325 MG per tablet\n")
    assert cells(medications(text), "dose") == [("0.25-35 mg-mcg",), ("5-325 MG",)]

def test_a_combination_named_in_capitals_whose_strength_wraps_in_its_cell():
    text = ("  AMOXICILINA/ÁCIDO CLAVULÁNICO 875 MG/125    1 comprimido cada 8 horas        7 DÍAS\n"
            "  MG COMPRIMIDOS RECUBIERTOS CON PELICULA\n"
            "  PARACETAMOL 1 G COMPRIMIDOS EFG,            1 comprimido cada 8 horas        10 DÍAS\n")
    assert cells(medications(text), "name", "dose", "frequency") == [
        ("AMOXICILINA/ÁCIDO CLAVULÁNICO", "875 MG/125", "cada 8 horas"), ("PARACETAMOL", "1 G", "cada 8 horas")]

def test_a_release_form_after_a_salt_is_part_of_the_name_not_a_maker():
    text = ("Metoprolol succinate CR       47.5 mg     PO      mane\nMorphine sulfate ER 15 mg tablet\n"
            "Simvastatin AL 20 mg\n")
    assert cells(medications(text), "name", "dose") == [
        ("Metoprolol succinate CR", "47.5 mg"), ("Morphine sulfate ER", "15 mg"), ("Simvastatin AL", "20 mg")]

def test_a_monthly_dose():
    text = "Colecalciferol                1.25 mg     PO      monthly          Next dose due 01/12/2024\n"
    assert cells(medications(text), "name", "frequency") == [("Colecalciferol", "monthly")]
    assert cells(medications("Ibandronate 150 mg once a month\n"), "frequency") == [("once a month",)]

def test_a_medicine_marked_stopped_in_its_own_language_is_not_a_row():
    text = ("ENALAPRIL 10 MG COMPRIMIDOS EFG,            1 comprimido cada 24 horas\n"
            "OMEPRAZOL 20 MG CAPSULAS DURAS EFG - suspendido el 12/11/2024\n"
            "Ramipril 5 mg (abgesetzt wegen Husten)\nAmlodipin 5 mg 1-0-0\n")
    assert cells(medications(text), "name", "dose") == [("ENALAPRIL", "10 MG"), ("Amlodipin", "5 mg")]


# --- checks ----------------------------------------------------------------------------------------
def _money(name: str, value: str) -> Field:
    return Field(name=name, raw=value, value=value, type="money", grounded=True, confidence=0.9)


def test_items_tax_discount_total_check():
    text = """Widget A      2 x 10.00     20.00
Widget B                    30.00
Discount 10%                -5.00
VAT 20%                      9.00
Total                       54.00
"""
    ex = Extraction(kind="invoice", kind_confidence=1.0, fields=[_money("total", "54.00"), _money("tax", "9.00")])
    ex.lists["line_items"] = line_items(text)
    assert check(ex, text) == []
    assert check(ex) and "not the total" in check(ex)[0]  # without the text the discount is unknown
    ex.fields[0] = _money("total", "60.00")
    assert any("not the total" in p for p in check(ex, text))


def test_transactions_reconcile_check():
    text = """Date        Description           Amount     Balance
01/03/2024  Salary              2,000.00    2,500.00
02/03/2024  Rent               -1,200.00    1,300.00
"""
    ex = Extraction(kind="bank_statement", kind_confidence=1.0,
                    fields=[_money("opening_balance", "500.00"), _money("closing_balance", "1300.00")])
    ex.lists["transactions"] = transactions(text)
    assert check(ex) == []
    ex.fields[1] = _money("closing_balance", "1400.00")
    assert any("do not reconcile" in p for p in check(ex))


def test_single_spaced_pdf_text_counts_checked_by_arithmetic():
    # PDF text layers and OCR often collapse column gaps to one space; French groups thousands
    # with a space, so "2 828,45" could be one number: the count is split off only when it adds up.
    text = """Désignation Qté P.U. Montant
Licence logicielle annuelle 2 828,45 1 656,90
Wartung Webseite (monatlich) 12 131,37 1.576,44
Kupferrohr 15 mm (3 m) 1 17,00 17,00
Total HT 3 250,34
"""
    rows = line_items(text)
    assert cells(rows, "description", "quantity", "unit_price", "amount") == [
        ("Licence logicielle annuelle", "2", "828.45", "1656.90"),
        ("Wartung Webseite (monatlich)", "12", "131.37", "1576.44"),
        ("Kupferrohr 15 mm (3 m)", "1", "17.00", "17.00"),
    ]


def test_single_spaced_statement_value_date_after_description():
    text = """Date Libellé Valeur Débit Crédit
03/02 PRLV SEPA EDF 03/02 82,40
05/02 VIR SALAIRE 05/02 2 100,00
"""
    rows = transactions(text)
    assert [r["description"].raw for r in rows] == ["PRLV SEPA EDF", "VIR SALAIRE"]
    assert [abs(float(r["amount"].value)) for r in rows] == [82.40, 2100.00]


def test_us_lab_report_with_count_units_and_a_flag_column():
    text = """LabCorp                                   Patient Report
Patient: DOE, JANE                        DOB: 04/12/1968        Sex: F
TESTS                          RESULT     FLAG    UNITS        REFERENCE INTERVAL   LAB
Comp. Metabolic Panel (14)
 Glucose                       112        High    mg/dL        65-99                01
 Sodium                        141                mmol/L       134-144              01
CBC With Differential/Platelet
 WBC                           6.2                x10E3/uL     3.4-10.8             01
 Platelets                     250                x10E3/uL     150-450              01
Lipid Panel
 Cholesterol, Total            232        High    mg/dL        100-199              01
 LDL Chol Calc (NIH)           155        High    mg/dL        0-99                 01
"""
    rows = lab_results(text)
    assert cells(rows, "test", "value", "unit", "flag") == [
        ("Glucose", "112", "mg/dL", "H"), ("Sodium", "141", "mmol/L", "normal"),
        ("WBC", "6.2", "x10E3/uL", "normal"), ("Platelets", "250", "x10E3/uL", "normal"),
        ("Cholesterol, Total", "232", "mg/dL", "H"), ("LDL Chol Calc (NIH)", "155", "mg/dL", "H")]
    problems = check(Extraction(kind="lab_report", kind_confidence=1.0, fields=[], lists={"results": rows}), text)
    assert problems == ["3 results outside the reference range: Glucose; Cholesterol, Total; LDL Chol Calc (NIH)"]


def test_pharmacy_label_directions_above_the_drug_and_a_salt_in_the_name():
    text = ("CVS pharmacy\nRx# 4827193        Date Filled: 02/14/2024\nJOHN A. SMITH\n"
            "TAKE 1 TABLET BY MOUTH TWICE DAILY WITH FOOD\nMETFORMIN HCL 500 MG TABLET\n"
            "QTY: 60     Refills: 3\nLosartan potassium 50 mg once daily\n")
    assert cells(medications(text), "name", "dose", "route", "frequency") == [
        ("METFORMIN HCL", "500 MG", "BY MOUTH", "TWICE DAILY"),
        ("Losartan potassium", "50 mg", None, "once daily")]


def test_german_medication_plan_columns_and_dosing_schema():
    text = ("Wirkstoff        Handelsname     Stärke    Form   morgens mittags abends zur Nacht\n"
            "Simvastatin      Simvastatin AL  20 mg     Tabl   0       0       1      0\n"
            "Ramipril         Ramipril 1A     5 mg      Tabl   1       0       0      0\n"
            "Metformin 1000 mg 1-0-1\n")
    rows = medications(text)
    assert [(r["name"].raw, r["dose"].raw, r["frequency"].value) for r in rows] == [
        ("Simvastatin", "20 mg", "0-0-1-0"), ("Ramipril", "5 mg", "1-0-0-0"),
        ("Metformin", "1000 mg", "1-0-1")]
    assert rows[0]["frequency"].raw == "0       0       1      0"  # as printed, for the highlight


def test_scanned_lab_table_with_specks_read_as_punctuation():
    # OCR of a scanned report: specks become full stops, colons and dashes between the cells
    text = ("Magnesium\n0.67. mmol/L 0.70 to 1.00 LoW\nAlkaline phosphatase\n73 U/L 40 -. 129\n"
            "AST\n34 :U/L 10-40\nUrea\n4.9-mmol/L 2.5 - 7.8\nALT.\n66 U/L 7 to. 56 H\n"
            "Platelets\n247 10~9/L 150 - 400\n")
    assert cells(lab_results(text), "test", "value", "unit", "flag") == [
        ("Magnesium", "0.67", "mmol/L", "L"), ("Alkaline phosphatase", "73", "U/L", "normal"),
        ("AST", "34", "U/L", "normal"), ("Urea", "4.9", "mmol/L", "normal"), ("ALT", "66", "U/L", "H"),
        ("Platelets", "247", "10~9/L", "normal")]


def test_scanned_lab_ranges_with_a_lost_dash_or_a_speck():
    text = ("Uric acid   166   LOW.   μmol/L   200 to 430\nGlucose, fasting   4.7   mmol/L   3.9.-5.6\n"
            "VGM   85   fL   80 100\nUrate   288   umol/L   (200.to 430)\n")
    assert cells(lab_results(text), "test", "value", "reference_range", "flag") == [
        ("Uric acid", "166", "200 to 430", "L"), ("Glucose, fasting", "4.7", "3.9.-5.6", "normal"),
        ("VGM", "85", "80 100", "normal"), ("Urate", "288", "200.to 430", "normal")]
    assert lab_flag("1 234", "1 000-2 000") in (None, "normal")  # thousands spaces are no lost dash


def test_scanned_medication_rows_with_specks():
    text = "Ramipril.   2,5. mg   peroral.   1-0-0\nTamsulosin   0.4. mg   PO   OD\nLisinopril   5.mg   per os\n"
    assert cells(medications(text), "name", "dose") == [
        ("Ramipril", "2,5. mg"), ("Tamsulosin", "0.4. mg"), ("Lisinopril", "5.mg")]


def test_scanned_invoice_quantity_with_a_speck():
    text = "Description   Hours   Rate   Amount\nInstallation labour   8.   62.67   501.36\nTotal   501.36\n"
    assert cells(line_items(text), "description", "quantity", "unit_price", "amount") == [
        ("Installation labour", "8", "62.67", "501.36")]


def test_scanned_lab_ranges_with_colons_and_lost_dashes_in_brackets():
    text = ("Triglyceride . .   1,6   mmol/ L   (<1,7)\nLeukozyten   8,3   10~9/L   (4,0 -11:0)\n"
            "Sodium   133 *   mmol/L   (135 145)\nPSA: 2.76 ng/mL (reference <. 4.00)\n"
            "MCV: 97 fL (referenzbereich. 80-100)\n")
    assert cells(lab_results(text), "test", "value", "flag") == [
        ("Triglyceride", "1,6", "normal"), ("Leukozyten", "8,3", "normal"), ("Sodium", "133", "L"),
        ("PSA", "2.76", "normal"), ("MCV", "97", "normal")]


def test_medication_table_cells_separated_by_tabs():
    """A Word table's row comes out as its cells joined by tabs: the drug still meets its dose."""
    from desktop_app.core.lists import medications

    text = ("Medication\tDose\tRoute\tFrequency\n"
            "Metoprolol tartrate\t25 mg\tPO\tBID\n"
            "Apixaban\t5 mg\tPO\tBID\n")
    rows = medications(text)
    assert [(r["name"].raw, r["dose"].raw, r["frequency"].raw) for r in rows] == [
        ("Metoprolol tartrate", "25 mg", "BID"), ("Apixaban", "5 mg", "BID")]


def test_scanned_lab_rows_with_a_quote_speck_or_a_colon_for_the_dash():
    # a speck read as a quote before the value; a range's dash read as a colon (with a space
    # after it: "11:0" is a decimal colon, "13:21" no range)
    text = ("Emoglobina (HGB)   '11,4   L   g/dL   12,0 - 16,0\nFerritina   9   ng/mL   15: 150\n"
            "Hb '13.1 g/dL 12.0-16.0\n")
    assert cells(lab_results(text), "test", "value", "reference_range", "flag") == [
        ("Emoglobina (HGB)", "11,4", "12,0 - 16,0", "L"), ("Ferritina", "9", "15: 150", "L"),
        ("Hb", "13.1", "12.0-16.0", "normal")]
    assert lab_flag("9", "15: 150") == "L"
    assert lab_results("Swiss franc 1'234 mg/L 10-20\n") == []  # an apostrophe inside a number


# --- line items: invoice tables of finance round 5 (new snippets, not the fixtures' lines) --------
def test_row_printing_net_tax_and_gross_is_read_by_its_net_amount():
    text = """Lp.  Nazwa                        J.m.   Ilość   Cena netto   Wartość netto   VAT   Kwota VAT   Brutto
1    Segregator A4 niebieski       szt.      40         6,50          260,00   23%       59,80      319,80
2    Druk ulotek A5, 2500 szt.,    usł.       1       480,00          480,00   23%      110,40      590,40
     papier kredowy
                                 Razem:                    740,00             170,20      910,20
"""
    assert cells(line_items(text), "description", "quantity", "unit_price", "amount") == [
        ("Segregator A4 niebieski", "40", "6.50", "260.00"),
        ("Druk ulotek A5, 2500 szt., papier kredowy", "1", "480.00", "480.00"),
    ]


def test_count_with_decimals_and_a_discount_column_are_told_apart_by_their_product():
    text = """Artigo   Descrição                     Qtd.   Un.   Preço Unit.   Desc.   IVA   Total Líquido
BX-10    Caixa de arquivo cartão       25,00  un          3,20     0,00   23%           80,00
CD-22    Cadeira de escritório          2,00  un        120,00    15,00   23%          204,00
Total Documento                                                                       348,92
"""
    assert cells(line_items(text), "description", "quantity", "unit_price", "amount") == [
        ("Caixa de arquivo cartão", "25,00", "3.20", "80.00"),
        ("Cadeira de escritório", "2,00", "120.00", "204.00"),
    ]


def test_quantity_column_first_and_sections_closed_by_subtotals():
    text = """QTY   DESCRIPTION                            WEEKS      RATE       AMOUNT
STAGING
 4    Portable stage deck 8x4                    2    $60.00      $480.00
 1    Stage skirt, black, 24 ft                  2    $35.00       $70.00
                                   Staging subtotal              $550.00
LIGHTING
12    LED par can RGBW                           2    $18.00      $432.00
                                   Lighting subtotal             $432.00

                                   Subtotal                      $982.00
                                   Delivery                       $90.00
                                   TOTAL                        $1,072.00
"""
    assert cells(line_items(text), "description", "quantity", "amount") == [
        ("Portable stage deck 8x4", "4", "480.00"),
        ("Stage skirt, black, 24 ft", "1", "70.00"),
        ("LED par can RGBW", "12", "432.00"),
    ]


def test_shipped_count_under_its_heading_and_unit_and_tax_code_cells_cut():
    text = """ORDERED  SHIPPED  ITEM NO.     DESCRIPTION                       TAX    PRICE   DISC%    EXTENSION
     10        8  GX-4410      Garden hose reel, wall mount      GP     24.00    10.0       172.80
      3        3  GX-2002      Brass spray nozzle                G       8.50               25.50
MERCHANDISE TOTAL                                                                           198.30
"""
    assert cells(line_items(text), "description", "quantity", "amount") == [
        ("Garden hose reel, wall mount", "8", "172.80"),
        ("Brass spray nozzle", "3", "25.50"),
    ]


def test_bracketed_remark_and_lower_case_line_continue_the_description():
    text = """No.  Description                              Qty        Rate        Amount
1    PVC conduit pipe 20mm                      30 Nos      95.00      2,850.00
     (3 m length)
2    Junction box, 4 way,                        12 Nos      48.00        576.00
weatherproof grey
Total                                                                  3,426.00
"""
    assert cells(line_items(text), "description") == [
        ("PVC conduit pipe 20mm (3 m length)",), ("Junction box, 4 way, weatherproof grey",)]


def test_a_wrapped_description_keeps_the_stop_or_dash_it_breaks_after():
    text = """ N.  Descrizione                                  Q.tà   Prezzo unit.    Importo
  1  Direzione lavori cantiere Via Roma 3 -        1,00       1.800,00   1.800,00
     mese di ottobre 2024
  2  Architecture document v1.2, incl.             1,00         650,00     650,00
     two rounds of comments
  3  Site visits.                                  4,00         120,00     480,00
     Totale                                                            2.930,00
"""
    assert cells(line_items(text), "description") == [
        ("Direzione lavori cantiere Via Roma 3 - mese di ottobre 2024",),
        ("Architecture document v1.2, incl. two rounds of comments",), ("Site visits",)]


def test_check_counts_two_sales_taxes_shipping_and_a_withholding():
    def ex(total, tax, *amounts):
        e = Extraction(kind="invoice", kind_confidence=1.0, fields=[
            Field(name="total", raw=total, value=total, type="money"),
            Field(name="tax", raw=tax, value=tax, type="money")])
        e.lists["line_items"] = [{"description": Field(name="description", raw="x", value="x"),
                                  "amount": Field(name="amount", raw=a, value=a, type="money")} for a in amounts]
        return e

    two_taxes = "Subtotal   200.00\nGST 5%   10.00\nPST 7%   14.00\nTotal   224.00\n"
    assert check(ex("224.00", "10.00", "120.00", "80.00"), two_taxes) == []
    freight = "Merchandise   200.00\nFreight   12.50\nSales tax   0.00\nTotal due   212.50\n"
    assert check(ex("212.50", "0.00", "120.00", "80.00"), freight) == []
    withheld = "Base imponible   1.000,00\nIVA 21%   210,00\nRetención IRPF 15%   -150,00\nTotal   1.060,00\n"
    assert check(ex("1060.00", "210.00", "600.00", "400.00"), withheld) == []
    per_rate = ("%IVA      Totale imponibile    Totale imposta\n"
                "10,00                100,00             10,00\n"
                "22,00                200,00             44,00\n"
                "Totale documento                        354,00\n")
    assert check(ex("354.00", "", "100.00", "200.00"), per_rate) == []
    assert check(ex("354.00", "", "100.00", "150.00"), per_rate) != []
    # an Italian professional's pension contribution is added to the fees before VAT; the
    # ritenuta withheld after the total is no discount of it
    cassa = ("Totale compensi                 2.930,00\nContributo integrativo INARCASSA 4%   117,20\n"
             "IVA 22%                           670,38\nTOTALE DOCUMENTO             € 3.717,58\n"
             "Ritenuta d'acconto 20% su 2.930,00    - 586,00\n")
    assert check(ex("3717.58", "670.38", "1800.00", "650.00", "480.00"), cassa) == []


def test_item_headings_and_total_words_of_more_languages():
    quickbooks = """DATE         ACTIVITY                                   QTY       RATE      AMOUNT
03/04/2024   Lawn mowing and edging                       1      55.00       55.00
03/11/2024   Hedge trimming, front and side               3      40.00      120.00
                                               BALANCE DUE                $175.00
"""
    assert cells(line_items(quickbooks), "description", "quantity", "amount") == [
        ("Lawn mowing and edging", "1", "55.00"), ("Hedge trimming, front and side", "3", "120.00")]
    danish = """Beskrivelse                                 Antal        Pris        Beløb
Rengøring af kontor, uge 14                    4      450,00     1.800,00
Vinduespudsning                                1      600,00       600,00
I alt ekskl. moms                                               2.400,00
"""
    assert cells(line_items(danish), "description", "amount") == [
        ("Rengøring af kontor, uge 14", "1800.00"), ("Vinduespudsning", "600.00")]


def test_detail_lines_under_an_item_and_a_count_in_brackets():
    shop = """Product                              Qty      Price       Total
Linen throw pillow cover, sage          2      18.00       36.00
SKU: LTP-SAGE-18
Stoneware mug set of 4                  1      42.00       42.00
Subtotal                                                   78.00
"""
    assert cells(line_items(shop), "description") == [("Linen throw pillow cover, sage",), ("Stoneware mug set of 4",)]
    studio = """Description                                   Amount
Monthly retainer - June                      1,500.00
Additional design hours (6 x 85.00)            510.00
Total                                        2,010.00
"""
    assert cells(line_items(studio), "description", "quantity", "amount") == [
        ("Monthly retainer - June", None, "1500.00"), ("Additional design hours (6 x 85.00)", "6", "510.00")]


def test_discount_among_the_rows_is_a_row_a_discount_under_the_rows_ends_them():
    text = """Item                                   Amount
Annual maintenance contract            480.00
Loyalty discount                       -48.00
Callout fee                             35.00

Total                                  467.00
"""
    assert cells(line_items(text), "description", "amount") == [
        ("Annual maintenance contract", "480.00"), ("Loyalty discount", "-48.00"), ("Callout fee", "35.00")]
    text = """Item                                   Amount
Annual maintenance contract            480.00
Loyalty discount                       -48.00
Total                                  432.00
"""
    assert cells(line_items(text), "description") == [("Annual maintenance contract",)]


def test_first_line_above_the_cells_month_name_dates_and_day_month_ranges():
    wrapped = """Item                            Qty     Price      Amount
Premium support plan,
annual subscription               1    600.00      600.00
Onboarding workshop (remote)      1    450.00      450.00
Total                                             1,050.00
"""
    assert cells(line_items(wrapped), "description") == [
        ("Premium support plan, annual subscription",), ("Onboarding workshop (remote)",)]
    timesheet = """Date       Description                                   Hours    Amount
Mar 4      Kitchen cabinet installation                   6.5   $487.50
Mar 5      Countertop template and fit                    3.0   $225.00
                                                 Total            $712.50
"""
    assert cells(line_items(timesheet), "description", "quantity") == [
        ("Kitchen cabinet installation", "6.5"), ("Countertop template and fit", "3.0")]
    period = """Pos  Beschreibung                                  Menge   Einzelpreis    Gesamtpreis
1    Beratungsleistung Projekt Nordlicht          12 Std.       110,00 €     1.320,00 €
     Zeitraum 01.03.-15.03.2024
2    Reisekosten pauschal                          1 psch.       180,00 €       180,00 €
                                                       Nettobetrag          1.500,00 €
"""
    assert cells(line_items(period), "description", "amount") == [
        ("Beratungsleistung Projekt Nordlicht", "1320.00"), ("Reisekosten pauschal", "180.00")]


def test_count_cells_then_an_article_code_in_single_spaced_text():
    text = """ORDERED SHIPPED B/O ITEM NUMBER DESCRIPTION LIST PRICE DISC% EXTENSION
12 12 0 TRK-5521   DIE-CAST FIRE ENGINE 1:43   21.50   40.0   154.80
 8  6 2 KIT-0907   BALSA GLIDER KIT   9.95   40.0   35.82
Merchandise total   190.62
"""
    # (the counts are not told apart once their columns are lost; the code is not taken for one)
    rows = line_items(text)
    assert cells(rows, "description", "amount") == [("DIE-CAST FIRE ENGINE 1:43", "154.80"), ("BALSA GLIDER KIT", "35.82")]
    assert all(r["quantity"].raw not in ("5521", "0907") for r in rows if "quantity" in r)


def test_total_word_in_a_priced_item_and_a_unit_cell_after_a_leading_count():
    services = """Service                               Hours         Rate           Amount
Tax preparation - 2023 return           3.5       $95/hr          $332.50
Bookkeeping cleanup                     2.0       $75/hr          $150.00
                                                  Total            $482.50
"""
    assert cells(line_items(services), "description", "quantity") == [
        ("Tax preparation - 2023 return", "3.5"), ("Bookkeeping cleanup", "2.0")]
    club = """Qty  Description                                   Unit Price       Total
 1   Annual membership - family                       $240.00     $240.00
 2   Guest passes (10-visit card)                      $85.00     $170.00
     Sales Tax (8.875%)                                            $36.39
     Total                                                        $446.39
"""
    assert cells(line_items(club), "description", "quantity") == [
        ("Annual membership - family", "1"), ("Guest passes (10-visit card)", "2")]
    german = """Pos.  Menge  Einheit  Bezeichnung                              Einzelpreis   Gesamtpreis
1       3    Stk.     Akku-Bohrschrauber 18 V                      129,00        387,00
2      10    m        Kabelkanal 40x60 weiß                          4,20         42,00
                                                     Summe netto                429,00
"""
    assert cells(line_items(german), "description", "quantity", "amount") == [
        ("Akku-Bohrschrauber 18 V", "3", "387.00"), ("Kabelkanal 40x60 weiß", "10", "42.00")]


def test_an_item_name_holding_a_total_word_over_its_count_and_price_is_an_item():
    text = """DESCRIPTION              AMOUNT(KSH)
DAIRYLAND FRESH MILK 500ML
   2.00 X 65.00             130.00 E
JAMII BAR SOAP 800G
   1.00 X 245.00            245.00 A
GIFT CARD HOLDER
   1.00 X 50.00              50.00 A
TOTAL                    KSH 425.00
"""
    assert cells(line_items(text), "description", "quantity", "amount") == [
        ("DAIRYLAND FRESH MILK 500ML", "2.00", "130.00"), ("JAMII BAR SOAP 800G", "1.00", "245.00"),
        ("GIFT CARD HOLDER", "1.00", "50.00")]


def test_a_row_of_column_sums_in_french_or_dutch_is_no_item_nor_transaction():
    items = """Désignation                 Qté    PU HT   Total HT   TVA   Mt TVA   Total TTC
Champagne brut 75 cl         12    24,00     288,00   20%    57,60      345,60
Jus de fruits bio 1 l        18     3,20      57,60   10%     5,76       63,36
                         TOTAUX              345,60           63,36      408,96
"""
    assert cells(line_items(items), "description") == [("Champagne brut 75 cl",), ("Jus de fruits bio 1 l",)]
    statement = """Datum       Omschrijving                                 Bedrag        Saldo
04-11-2024  Domiciliëring Proximus factuur 10/2024       -64,99     1.211,41
25-11-2024  Overschrijving Arteveld Zorggroep vzw loon  2.612,34     3.823,75
30-11-2024  Totaal bewegingen                             64,99  2.612,34
"""
    assert [r["description"].raw for r in transactions(statement)] == [
        "Domiciliëring Proximus factuur 10/2024", "Overschrijving Arteveld Zorggroep vzw loon"]


def test_the_most_a_person_may_take_is_part_of_the_frequency() -> None:
    for line, freq in (("PARACÉTAMOL 1 g : 1 comprimé jusqu'à 3 fois par jour si douleur", "jusqu'à 3 fois par jour"),
                       ("Ibuprofen 400 mg tablets, take one up to three times daily with food", "up to three times daily"),
                       ("Paracetamol 500 mg: 1 tablet four times daily", "four times daily")):
        rows = medications(f"Prescription\n{line}\n")
        assert rows and rows[0]["frequency"].raw == freq


def test_a_reference_column_and_a_dr_cr_column_of_a_statement() -> None:
    text = ("Txn Date  Particulars                    Chq./Ref. No.     Amount (INR)  Dr/Cr  Balance (INR)\n"
            "02/11/24  NACH/DR/HOME LOAN EMI/         NACH00812            8,000.00    Dr   1,12,000.00 Cr\n"
            "05/11/24  UPI/4410221/GROCER/            UPI-4410221          1,250.00    Dr   1,10,750.00 Cr\n"
            "          grocer@okbank/Food\n")
    rows = transactions(text)
    assert [(r["description"].value, r["amount"].value) for r in rows] == [
        ("NACH/DR/HOME LOAN EMI/", "-8000.00"), ("UPI/4410221/GROCER/ grocer@okbank/Food", "-1250.00")]


def test_a_card_statement_sub_totals_foreign_currency_note_and_credits() -> None:
    text = ("MERLION BANK  Credit Card Statement            Credit limit  S$8,000.00\n"
            "TRANS    POST\nDATE     DATE     DESCRIPTION                                  AMOUNT (S$)\n"
            "                  PREVIOUS BALANCE                                   300.00\n"
            "03 OCT   04 OCT   PAYMENT - GIRO THANK YOU                        300.00 CR\n"
            "05 OCT   06 OCT   BOOKSHOP ONLINE          SEATTLE      US            27.10\n"
            "                  U.S. DOLLAR 20.00\n"
            "09 OCT   10 OCT   HAWKER CENTRE                                       6.50\n"
            "                                                      SUB-TOTAL       33.60\n")
    rows = transactions(text)
    assert [(r["description"].value, r["amount"].value) for r in rows] == [
        ("PAYMENT - GIRO THANK YOU", "-300.00"), ("BOOKSHOP ONLINE SEATTLE US", "27.10"), ("HAWKER CENTRE", "6.50")]


def test_an_italian_subtotal_is_no_item() -> None:
    text = ("DESCRIZIONE                    IVA   Prezzo(€)\nPARACETAMOLO 500MG            10,00%      4,90\n"
            "CEROTTI 20PZ                  22,00%      3,20\nSUBTOTALE                                  8,10\n"
            "TOTALE COMPLESSIVO                         8,10\n")
    assert [r["description"].value for r in line_items(text)] == ["PARACETAMOLO 500MG", "CEROTTI 20PZ"]


def test_dare_avere_columns_and_a_date_inside_a_description() -> None:
    text = ("DATA        DATA        DESCRIZIONE OPERAZIONI                            DARE          AVERE\n"
            "CONTABILE   VALUTA\n"
            "02.09.2024  02.09.2024  PRELIEVO BANCOMAT ATM COMO                       100,00\n"
            "27.09.2024  27.09.2024  BONIFICO A VS. FAVORE ORD: ROSSI SRL                          1.500,00\n"
            "30.09.2024  30.09.2024  COMPETENZE DI CHIUSURA AL 30.09.2024              4,00\n")
    rows = transactions(text)
    assert [(r["description"].value, r["amount"].value) for r in rows] == [
        ("PRELIEVO BANCOMAT ATM COMO", "-100.00"), ("BONIFICO A VS. FAVORE ORD: ROSSI SRL", "1500.00"),
        ("COMPETENZE DI CHIUSURA AL 30.09.2024", "-4.00")]


def test_a_finnish_item_table_carried_over_to_the_next_page() -> None:
    text = ("Tuotenro  Nimike                       Määrä  Yks   À-hinta  Alv %   Yhteensä\n"
            "--------------------------------------------------------------------------\n"
            "100234    Kopiopaperi A4                  10  pkt      4,95   25,5      49,50\n"
            "100871    Mappi A4 musta                   5  kpl      3,40   25,5      17,00\n"
            "--------------------------------------------------------------------------\n"
            "                                       Siirto seuraavalle sivulle    66,50\n\n"
            "Paperi Oy   Puh. 03 213 4470\n\n\n"
            "PAPERI OY                                         LASKU      2 (2)\n\n"
            "Tuotenro  Nimike                       Määrä  Yks   À-hinta  Alv %   Yhteensä\n"
            "--------------------------------------------------------------------------\n"
            "                                      Siirto edelliseltä sivulta     66,50\n"
            "205100    Laskin Casio                     1  kpl     79,00   25,5      79,00\n"
            "--------------------------------------------------------------------------\n"
            "                                 Veroton yhteensä                   145,50\n")
    assert [r["description"].value for r in line_items(text)] == ["Kopiopaperi A4", "Mappi A4 musta", "Laskin Casio"]


def test_a_measure_inside_an_item_description_is_not_its_price() -> None:
    text = ("Pos.  Bezeichnung                                Menge  Einheit      Preis    Betrag CHF\n"
            "1     Tischplatte Nussbaum, 2.40 m, nach            1    Stk      2'100.00     2'100.00\n"
            "      Mass gefertigt\n"
            "2     Montage vor Ort                             4.5    Std         98.00       441.00\n"
            "                                                  Total netto                2'541.00\n")
    assert [r["description"].value for r in line_items(text)] == [
        "Tischplatte Nussbaum, 2.40 m, nach Mass gefertigt", "Montage vor Ort"]


def test_a_size_glued_to_its_unit_is_part_of_the_item_name() -> None:
    text = ("MELK 1,75L                                  28,90\nJUICE 0,5l                                  19,90\n"
            "TOTALT                                      48,80\n")
    assert [(r["description"].value, r["amount"].value) for r in line_items(text)] == [
        ("MELK 1,75L", "28.90"), ("JUICE 0,5l", "19.90")]


def test_an_item_named_in_two_hangul_syllables_or_chinese_characters_is_a_row() -> None:
    for name in ("우유", "牛乳"):
        text = (f"상 품 명          수량      금 액\n{name}               1      2.50\n"
                "바나나우유         2      3.60\n합 계                     6.10\n")
        assert [r["description"].value for r in line_items(text)] == [name, "바나나우유"]
    # two Latin letters alone still name no item
    text = "Item          Qty    Amount\nXX              1      2.50\nTea             2      3.60\nTotal                  6.10\n"
    assert [r["description"].value for r in line_items(text)] == ["Tea"]
