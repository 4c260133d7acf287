"""Health documents written blind, round 8 (tests/fixtures/health_blind8, labels in its labels.jsonl,
written before Coffer read them): kind, fields, every list row and its flag, grounded values and
summaries, rules only. Countries and layouts the earlier sets do not cover (a Northern Ireland FBC +
U&E, a Swiss Laborbefund with ranges per sex, a Mexican química sanguínea, a Pakistani thyroid /
lipid profile, an Australian cumulative report, a Hong Kong LFT / hepatitis B report, a German
Medikationsplan, a Bangladeshi chamber prescription, a South African chronic script, a Portuguese
guia de tratamento, a Dutch ontslagbrief, a Swedish epikris, a Swiss French lettre de sortie, a
Kenyan discharge summary)."""
from __future__ import annotations

import pytest

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.lists import lab_results, medications
from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_health, load

FOLDER, LABELS = load("health_blind8")
# Labelled fields Coffer does not read (yet), with the reason.
NOT_READ: dict[str, set[str]] = {}
# Labelled rows Coffer does not read (yet), or reads with a wrong cell.
ROWS_NOT_READ: dict[str, set[str]] = {}
# Rows Coffer reads that are not labelled.
EXTRA_ROWS: dict[str, set[str]] = {}
# Documents read as another kind (yet).
KIND: dict[str, str] = {}


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind8_health_document(service: DocumentService, doc_id: str) -> None:
    if doc_id in KIND:
        pytest.xfail(KIND[doc_id])
    check_health(service, FOLDER, LABELS[doc_id], not_read=NOT_READ.get(doc_id, set()),
                 rows_not_read=ROWS_NOT_READ.get(doc_id, set()), extra_rows=EXTRA_ROWS.get(doc_id, set()))


def _rows(text: str) -> list[tuple[str, str, str, str]]:
    return [(r["test"].raw, r["value"].raw, r["reference_range"].raw, r["flag"].value) for r in lab_results(text)]


def test_a_cumulative_reports_current_result_is_its_right_hand_column() -> None:
    text = ("Date              22/05/24   03/09/24   21/10/24   12/12/24\n"
            "Lab ID            24-31024   24-55871   24-64420   24-71934      Units          Ref. Range\n"
            "Sodium                 139        137        136      134 L      mmol/L         (135-145)\n"
            "Potassium              5.1      5.6 H      5.4 H      5.9 H      mmol/L         (3.5-5.2)\n"
            "eGFR                    34         29         31         26      mL/min/1.73m2  (>59)\n")
    assert _rows(text) == [("Sodium", "134", "135-145", "L"), ("Potassium", "5.9", "3.5-5.2", "H"),
                           ("eGFR", "26", ">59", "L")]


def test_plus_minus_after_the_value_and_a_star_before_it_flag_by_the_range() -> None:
    text = ("Kreatinin                           96    +      µmol/l          45-84\n"
            "eGFR (CKD-EPI)                      53    -      ml/min/1.73m²   >60\n"
            "GLUCOSA                             *   132          mg/dL           70 - 100\n"
            "ÍNDICE ATEROGÉNICO                  *   5.5                          < 4.5\n")
    assert _rows(text) == [("Kreatinin", "96", "45-84", "H"), ("eGFR (CKD-EPI)", "53", ">60", "L"),
                           ("GLUCOSA", "132", "70 - 100", "H"), ("ÍNDICE ATEROGÉNICO", "5.5", "< 4.5", "H")]


def test_a_dutch_letter_conclusie_beleid_and_its_discharge_date_over_the_letters(service: DocumentService) -> None:
    text = ("Datum brief   : 3 maart 2025\nBetreft       : de heer P. Smit\n"
            "Opname        : 20-02-2025        Ontslag: 27-02-2025\n\nONTSLAGBRIEF\n\nConclusie:\n"
            "1. Erysipelas linker onderbeen\n2. Diabetes mellitus type 2\n\nBeleid:\n"
            "Controle bij de huisarts over 2 weken.\n\nMet vriendelijke groet,\n\nDr. K. de Boer\ninternist\n")
    ex = service.analyse(ParsedDocument.from_text(text), kind="medical_summary")
    assert [ex.get(k).raw for k in ("date", "diagnosis", "follow_up")] == [
        "27-02-2025", "Erysipelas linker onderbeen", "Controle bij de huisarts over 2 weken."]


def test_the_last_day_of_a_stay_over_the_date_a_letter_is_written(service: DocumentService) -> None:
    text = ("Lausanne, le 14 mars 2025\n\nLETTRE DE SORTIE\n\nConcerne : Monsieur Marc Favre\n"
            "           Séjour du 02.03.2025 au 11.03.2025\n\nDiagnostic principal\nErysipèle de la jambe gauche\n")
    ex = service.analyse(ParsedDocument.from_text(text), kind="medical_summary")
    assert ex.get("date").raw == "11.03.2025"


def test_a_swedish_epikris_diagnoser_with_a_code_beside_uppfoljning_and_ansvarig_lakare(
        service: DocumentService) -> None:
    text = ("EPIKRIS\n\nPatient:          Berg, Anna Maria\nInskrivningsdatum: 2025-03-02       "
            "Utskrivningsdatum: 2025-03-06\nAnsvarig läkare:  Erik Holm, överläkare\n\nDiagnoser\n"
            "Erysipelas vänster underben                 A46.9\nDiabetes mellitus typ 2                     E11.9\n\n"
            "Uppföljning\nKontroll av CRP på vårdcentralen om en vecka.\n")
    ex = service.analyse(ParsedDocument.from_text(text), kind="medical_summary")
    assert [" ".join(ex.get(k).raw.split()) for k in ("date", "provider", "diagnosis", "follow_up")] == [
        "2025-03-06", "Erik Holm", "Erysipelas vänster underben A46.9", "Kontroll av CRP på vårdcentralen om en vecka."]


def test_a_swiss_lettre_de_sortie_concerne_suite_de_prise_en_charge_and_its_first_signatory(
        service: DocumentService) -> None:
    text = ("Médecin-chef de service: Prof. Dr méd. Paul Rey\n\nLausanne, le 14 mars 2025\n\n"
            "Concerne : Monsieur Marc Favre, né le 03.04.1950\n\nDiagnostic principal\nErysipèle de la jambe gauche\n\n"
            "Suite de prise en charge\nContrôle clinique à votre consultation dans 10 jours.\n\n"
            "Nous vous prions d'agréer, Chère Consœur, nos salutations les meilleures.\n\n\n"
            "Dre Anne Cuche                 Dr Luc Python\nCheffe de clinique             Médecin assistant\n")
    ex = service.analyse(ParsedDocument.from_text(text), kind="medical_summary")
    assert [ex.get(k).raw for k in ("patient", "provider", "follow_up")] == [
        "Marc Favre", "Dre Anne Cuche", "Contrôle clinique à votre consultation dans 10 jours."]


def test_a_portuguese_guia_utente_and_medico_without_a_title(service: DocumentService) -> None:
    text = ("RECEITA MÉDICA\nGUIA DE TRATAMENTO PARA O UTENTE\n"
            "Médico:               Ana Sofia Pereira Lopes                N.º Ordem: 51234\n"
            "Utente:               Joaquim Manuel Dias                    N.º Utente: 123 456 789\n"
            "Data: 2025-02-11\n\n 1    Paracetamol, 1000 mg, Comprimido, Blister - 20 unidade(s)\n"
            "      Posologia: 1 comprimido de 8 em 8 horas\n")
    ex = service.analyse(ParsedDocument.from_text(text), kind="prescription")
    assert [ex.get(k).raw for k in ("patient", "prescriber")] == ["Joaquim Manuel Dias", "Ana Sofia Pereira Lopes"]


def test_a_labels_gloss_in_chinese_before_its_colon(service: DocumentService) -> None:
    text = ("KOWLOON BAY MEDICAL LABORATORY\nName 姓名      : LEUNG MAN KIT            Lab No.   : 25-A-001\n"
            "Chinese Name   : 梁文傑\nCollected      : 02/03/2025 09:10\n"
            "Test                 Result    Units     Reference Interval\nGlucose (fasting)    5.1       mmol/L    3.9 - 5.6\n")
    ex = service.analyse(ParsedDocument.from_text(text), kind="lab_report")
    assert ex.get("patient").raw == "LEUNG MAN KIT"


def test_a_prescriber_without_the_specialty_after_his_name_or_named_by_a_letterhead_in_capitals(
        service: DocumentService) -> None:
    text = ("Medikationsplan\nfür:  Werner Kloss      geb. am: 02.02.1944\n"
            "ausgedruckt von:  Dr. med. Ines Vogt, Fachärztin für Innere Medizin\nausgedruckt am:   03.02.2025\n\n"
            "Wirkstoff    Handelsname    Stärke   Form   morgens mittags abends zur Nacht\n"
            "Ramipril     Delix          5 mg     Tabl   1       0       0      0\n")
    assert service.analyse(ParsedDocument.from_text(text), kind="prescription").get("prescriber").raw == \
        "Dr. med. Ines Vogt"
    text = ("DR PIETER J. BOTHA                                 MB ChB (Stell)\nGeneral Practitioner\n\n"
            "Date: 04/02/2025\nPatient:   Mrs Anna Fourie\n\nRx\n  1.  Amlodipine 5mg      i tab daily     mitte 30\n\n"
            "                                                   Dr P.J. Botha\n")
    assert service.analyse(ParsedDocument.from_text(text), kind="prescription").get("prescriber").raw == \
        "DR PIETER J. BOTHA"


def test_a_laboratory_named_in_the_plural_over_its_branch_line(service: DocumentService) -> None:
    text = ("                 LABORATORIOS MÉDICOS DEL NORTE, S.A. DE C.V.\n"
            "       Sucursal Cumbres · Av. Paseo de los Leones 210, Col. Cumbres\n"
            "                 Monterrey, N.L. C.P. 64610 · Tel. 81 8333 1200\n\n"
            "Paciente:  GARZA TREVIÑO LUIS                       Fecha de toma:  03/02/2025 08:10\n\n"
            "ESTUDIO                  RESULTADO      UNIDADES     VALORES DE REFERENCIA\n"
            "GLUCOSA                  94             mg/dL        70 - 100\n")
    ex = service.analyse(ParsedDocument.from_text(text), kind="lab_report")
    assert ex.get("lab").raw == "LABORATORIOS MÉDICOS DEL NORTE, S.A. DE C.V."


def _meds(text: str) -> list[tuple[str, str, str | None]]:
    return [(r["name"].raw, r["dose"].raw, r["frequency"].raw if "frequency" in r else None) for r in medications(text)]


def test_a_nordic_count_times_a_day_with_its_time_of_day_but_not_as_needed() -> None:
    text = ("Nyinsatt:      Amoxicillin 750 mg          1 x 3 t.o.m. 2025-03-01\n"
            "Oförändrat:    Simvastatin 20 mg           1 x 1 till natten\n"
            "Oförändrat:    Alvedon 500 mg              2 x 3 vid behov\n")
    assert _meds(text) == [("Amoxicillin", "750 mg", "1 x 3"), ("Simvastatin", "20 mg", "1 x 1 till natten"),
                           ("Alvedon", "500 mg", "2 x 3")]


def test_a_line_that_lists_what_was_stopped_after_its_label_and_the_course_in_the_ward() -> None:
    text = ("Discharge Medications:\n  1. Amlodipine 5 mg PO OD\n"
            "STOP:  Lisinopril 10mg i tab daily - cough\nUtsatt:        Glipizid 5 mg        1 x 1\n"
            "Traitements interrompus : Indapamide 1,5 mg.\nNicht mehr einnehmen: Ibuprofen 400 mg\n"
            "Course in ward:\nGiven IV ceftriaxone 1 g OD for 2 days.\n")
    assert _meds(text) == [("Amlodipine", "5 mg", "OD")]


def test_a_registered_brand_or_a_mix_in_brackets_and_a_strength_per_dose_in_dutch() -> None:
    text = ("  Bisoprolol (Concor®) 5 mg               1-0-0-0        inchangé\n"
            "  1. Biphasic insulin (Humulin 30/70)      16 IU     S/C     BD\n"
            "- Beclometason 100 µg/dosis               2 dd 1 pufje\n")
    assert _meds(text) == [("Bisoprolol (Concor®)", "5 mg", "1-0-0-0"), ("Biphasic insulin (Humulin 30/70)", "16 IU", "BD"),
                           ("Beclometason", "100 µg/dosis", "2 dd")]


def test_a_south_asian_plus_schema_under_the_drug_and_sos() -> None:
    text = ("Rx\n1. Tab. Amlodin 5 mg\n   1+0+0 ---------- (continue)\n2. Tab. Losectil 20 mg\n"
            "   1+0+1 ---------- (before meal) ---- 14 days\n3. Spray. Glytrin 0.4 mg/dose\n"
            "   (1 puff under tongue) ---- SOS (chest pain)\n")
    assert _meds(text) == [("Amlodin", "5 mg", "1+0+0"), ("Losectil", "20 mg", "1+0+1"), ("Glytrin", "0.4 mg/dose", "SOS")]


def test_a_portuguese_combination_with_a_plus_and_how_often_in_its_posologia() -> None:
    text = (" 1    Amoxicilina + Ácido clavulânico, 500 mg + 125 mg, Comprimido revestido por película,\n"
            "      Posologia: 1 comprimido de 8 em 8 horas durante 7 dias\n"
            " 2    Pantoprazol, 40 mg, Comprimido gastrorresistente,\n      Posologia: 1 comprimido em jejum, 1 vez por dia\n"
            " 3    Sitagliptina, 50 mg, Comprimido revestido por película,\n"
            "      Posologia: 1 comprimido ao almoço e ao jantar\n")
    assert _meds(text) == [("Amoxicilina + Ácido clavulânico", "500 mg + 125 mg", "de 8 em 8 horas"),
                           ("Pantoprazol", "40 mg", "1 vez por dia"), ("Sitagliptina", "50 mg", "ao almoço e ao jantar")]


def test_a_medication_plans_row_is_its_active_ingredient_with_the_times_of_day_under_their_columns() -> None:
    text = ("Wirkstoff          Handelsname           Stärke      Form   morgens mittags abends zur    Einheit\n"
            "                                                                               Nacht\n"
            "Candesartan        Blopress 8 mg         8 mg        Tabl       1       0      0     0    Stück\n"
            "Insulin lispro     Humalog KwikPen       100 E/ml    Pen        6       6      6     0    I.E.\n"
            "Alendronsäure      Fosamax 70            70 mg       Tabl   1 x wöchentlich, montags      Stück\n\n"
            "Bedarfsmedikation\nIbuprofen          Ibu-ratiopharm 400    400 mg      Tabl   bei Bedarf, max. 3 x täglich  Stück\n\n"
            "Nicht mehr einnehmen: Diclofenac 75 mg\n")
    assert _meds(text) == [("Candesartan", "8 mg", "1       0      0     0"), ("Insulin lispro", "100 E/ml", "6       6      6     0"),
                           ("Alendronsäure", "70 mg", "1 x wöchentlich, montags"), ("Ibuprofen", "400 mg", "bei Bedarf")]


def test_a_medication_plan_read_from_a_scan_keeps_the_columns_order_not_their_places() -> None:
    text = (" Wirkstoff            Handelsname          Starke     Form   morgens mittags abends zur   Einheit\n"
            " Candesartan        Blopress 8 mg    8 mg       Tabl      1      0      0    0 Stück\n"
            "Insulin lispro      Humalog KwikPen     100 E/ml   Pen 6      6      6   0   I.E.\n")
    assert _meds(text) == [("Candesartan", "8 mg", "1      0      0    0"), ("Insulin lispro", "100 E/ml", "6      6      6   0")]


def test_a_scans_course_heading_without_its_accent_and_sos_read_in_small_letters() -> None:
    text = ("Evolution\nDiurèse par furosémide 40 mg iv avec bonne réponse.\n\nTraitement à la sortie\n"
            "  Bisoprolol (Concor®) 5 mg               1-0-0-0\n\n7. Spray. Glytrin 0.4 mg/dose\n"
            "   (1 puff under tongue) -        - sos (chest pain)\n")
    assert _meds(text) == [("Bisoprolol (Concor®)", "5 mg", "1-0-0-0"), ("Glytrin", "0.4 mg/dose", "sos")]


def test_a_gender_neutral_patient_label_with_one_space_after_its_colon(service: DocumentService) -> None:
    text = ("LABOR SEELAND AG\nLABORBEFUND\nPatient(in): Frau Erika Mühlethaler     Entnahme:  04.02.2025 08:05\n\n"
            "Untersuchung      Resultat   Einheit   Referenzbereich\nNatrium           139        mmol/l    136-145\n")
    assert service.analyse(ParsedDocument.from_text(text), kind="lab_report").get("patient").raw == "Erika Mühlethaler"


def test_a_count_of_an_amount_is_not_a_nordic_times_a_day() -> None:
    assert _meds("Amoxicillin 250 mg/5 ml    2 x 5 ml daily\n") == [("Amoxicillin", "250 mg/5 ml", "daily")]
