"""Health documents written blind, round 10 (tests/fixtures/health_blind10, labels in its labels.jsonl,
written before Coffer read them): kind, fields, every list row and its flag, grounded values and
summaries, rules only. Countries, languages and layouts the earlier sets do not cover (a Greek
private laboratory, a Korean university hospital's 검사결과, a Chinese 检验报告单, a Russian commercial
laboratory, an Indian chain's report with a Method column, a Polish cumulative report with the newest
column on the left, a Vietnamese đơn thuốc, a Philippine Rx, Quebec pharmacy labels, a US portal
medication list, a Ukrainian виписка, a Brazilian sumário de alta, an Irish GP referral letter, an
Indonesian resume medis)."""
from __future__ import annotations

import pytest

from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_health, lab_rows, load, med_rows, snippet_fields

FOLDER, LABELS = load("health_blind10")
# Labelled fields Coffer does not read (yet), with the reason.
NOT_READ: dict[str, set[str]] = {
    "id_resume_medis": {"follow_up"},  # the diet line under the control line is read with it
}
# Labelled rows Coffer does not read (yet), or reads with a wrong cell.
ROWS_NOT_READ: dict[str, set[str]] = {}
# Rows Coffer reads that are not labelled (medicines stopped or of the stay).
EXTRA_ROWS: dict[str, set[str]] = {}
# Documents read as another kind (yet).
KIND: dict[str, str] = {}


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind10_health_document(service: DocumentService, doc_id: str) -> None:
    if doc_id in KIND:
        pytest.xfail(KIND[doc_id])
    check_health(service, FOLDER, LABELS[doc_id], not_read=NOT_READ.get(doc_id, set()),
                 rows_not_read=ROWS_NOT_READ.get(doc_id, set()), extra_rows=EXTRA_ROWS.get(doc_id, set()))


# -- the general rules round 10 asked for, each on a snippet ----------------------------------------


def test_lab_labels_in_greek_korean_chinese_and_russian() -> None:
    # Greek and Cyrillic capitals make a name; a Greek patronymic and a specialty after the comma are not part of it
    greek = ("ΔΙΑΓΝΩΣΤΙΚΟ ΕΡΓΑΣΤΗΡΙΟ ΑΚΡΟΠΟΛΙΣ Α.Ε.\nΜικροβιολογικό - Βιοχημικό Εργαστήριο\n\n"
             "Ονοματεπώνυμο:  ΝΙΚΟΛΑΟΥ ΕΛΕΝΗ του Δημητρίου       Αρ. Πρωτ.: 250211-0001\n"
             "Θεράπων Ιατρός: Δρ. Γεώργιος Παππάς, Καρδιολόγος\nΗμ/νία Λήψης:   03/03/2025 08:15\n"
             "Σάκχαρο                             126 *     mg/dL          70 - 100\n")
    got = snippet_fields(greek, "lab_report")
    assert (got["patient"], got["ordering_physician"], got["date"], got["lab"]) == (
        "ΝΙΚΟΛΑΟΥ ΕΛΕΝΗ", "Δρ. Γεώργιος Παππάς", "03/03/2025", "ΔΙΑΓΝΩΣΤΙΚΟ ΕΡΓΑΣΤΗΡΙΟ ΑΚΡΟΠΟΛΙΣ Α.Ε.")
    # a full-width colon; a form's title run onto the hospital's name
    chinese = ("                 东海市人民医院检验报告单\n                      检验科  生化室\n"
               "姓名：李明        性别：男        送检医生：张伟\n采样时间：2025-03-01 07:30\n"
               " 1   葡萄糖(GLU)                    6.8       ↑      mmol/L        3.9-6.1\n")
    got = snippet_fields(chinese, "lab_report")
    assert (got["patient"], got["ordering_physician"], got["lab"]) == ("李明", "张伟", "东海市人民医院")
    # the Korean name of the department over its English line; a sentence-case kind line under a firm
    korean = ("서울병원 진단검사의학과\nSeoul Hospital, Department of Laboratory Medicine\n\n"
              "등록번호 : 1048          성명 : 박지성          성별/나이 : M / 44\n의뢰의사 : 최민수\n"
              " Glucose                          142       H      mg/dL           70 ~ 99\n")
    got = snippet_fields(korean, "lab_report")
    assert (got["patient"], got["ordering_physician"], got["lab"]) == ("박지성", "최민수", "서울병원 진단검사의학과")
    russian = ("ООО «Лаборатория Здоровье»\nМедицинская лаборатория\nг. Казань, ул. Баумана, д. 5\n\n"
               "Пациент:            Иванов Сергей Петрович\nНаправивший врач:   Петрова Е. А.\n"
               "Глюкоза                             6,4  ↑       ммоль/л          4,1 - 5,9\n")
    got = snippet_fields(russian, "lab_report")
    assert (got["patient"], got["ordering_physician"], got["lab"]) == (
        "Иванов Сергей Петрович", "Петрова Е. А.", "ООО «Лаборатория Здоровье»")


def test_lab_rows_of_round_10() -> None:
    # a tilde between a range's bounds; '≥ 90'; a square-metre sign; 'mg/g Cr'; Cyrillic test names and
    # units; a range per sex with Russian М / Ж and Greek Α / Γ letters (the patient's sex from 'Пол' / 'Φύλο')
    assert lab_rows(" Glucose (공복)                    142       H      mg/dL           70 ~ 99\n"
                    " eGFR (CKD-EPI)                    61       L      mL/min/1.73㎡    ≥ 90\n"
                    " Urine Albumin/Creatinine ratio    48       H      mg/g Cr         0 ~ 29\n"
                    "Platelets\n247 10~9/L 150 - 400\n") == [
        ("Glucose (공복)", "142", "mg/dL", "70 ~ 99", "H"), ("eGFR (CKD-EPI)", "61", "mL/min/1.73㎡", "≥ 90", "L"),
        ("Urine Albumin/Creatinine ratio", "48", "mg/g Cr", "0 ~ 29", "H"), ("Platelets", "247", "10~9/L", "150 - 400", "normal")]
    assert lab_rows("Пол: Ж\nГемоглобин                          118  ↓       г/л              М: 130 - 170  Ж: 120 - 150\n"
                    "Лейкоциты                           9,8          ×10^9/л          4,0 - 9,0\n"
                    "Гликированный гемоглобин (HbA1c)    48  ↑       ммоль/моль       < 39\n"
                    "С-реактивный белок                  < 5,0        мг/л             < 5,0\n") == [
        ("Гемоглобин", "118", "г/л", "М: 130 - 170  Ж: 120 - 150", "L"), ("Лейкоциты", "9,8", "×10^9/л", "4,0 - 9,0", "H"),
        ("Гликированный гемоглобин (HbA1c)", "48", "ммоль/моль", "< 39", "H"),
        ("С-реактивный белок", "< 5,0", "мг/л", "< 5,0", "normal")]
    assert lab_rows("Φύλο:           Γυναίκα\nΑιμοσφαιρίνη (HGB)                 12,8 *     g/dL           Α: 13,5-17,5  Γ: 12,0-15,5\n") == [
        ("Αιμοσφαιρίνη (HGB)", "12,8", "g/dL", "Α: 13,5-17,5  Γ: 12,0-15,5", "normal")]


def test_a_cumulative_report_with_the_newest_date_on_the_left() -> None:
    text = ("Data pobrania                    17.02.2025   10.02.2025   03.02.2025   Jedn.        Zakres ref.\n"
            "Potas                            5,7 H        5,9 H        6,2 H        mmol/l       3,5 - 5,1\n"
            "Leukocyty                        8,12         9,47         11,30 H      10^9/l       4,00 - 10,00\n")
    assert lab_rows(text) == [("Potas", "5,7", "mmol/l", "3,5 - 5,1", "H"),
                              ("Leukocyty", "8,12", "10^9/l", "4,00 - 10,00", "normal")]
    # the newest on the right as before
    text = ("Date              22/05/24   03/09/24   12/12/24      Units          Ref. Range\n"
            "Potassium              5.1      5.6 H      5.9 H      mmol/L         (3.5-5.2)\n")
    assert lab_rows(text) == [("Potassium", "5.9", "mmol/L", "3.5-5.2", "H")]


def test_medication_rows_of_round_10() -> None:
    # Brazilian, Ukrainian, Vietnamese, Quebec French and Indonesian directions; an Epic sig's
    # 'every 4 (four) hours'; Cyrillic names and 'мг'
    assert med_rows("1. Furosemida 40 mg ......... 1 comprimido pela manhã\n"
                 "3. Carvedilol 12,5 mg ....... 1 comprimido de 12/12 horas\n"
                 "5. Rivaroxabana 15 mg ....... 1 comprimido ao dia, no jantar\n") == [
        ("Furosemida", "40 mg", "pela manhã"), ("Carvedilol", "12,5 mg", "de 12/12 horas"), ("Rivaroxabana", "15 mg", "ao dia")]
    assert med_rows("2. Аспірин 75 мг 1 раз на добу ввечері, тривало.\n6. Раміприл 5 мг 2 рази на добу.\n") == [
        ("Аспірин", "75 мг", "1 раз на добу ввечері"), ("Раміприл", "5 мг", "2 рази на добу")]
    assert med_rows("1. Metformin (Glucophage) 850mg                                    60 Viên\n"
                 "   Uống: sáng 1 viên, tối 1 viên, sau ăn\n") == [
        ("Metformin (Glucophage)", "850mg", "sáng 1 viên, tối 1 viên")]
    assert med_rows("PANTOPRAZOLE 40 MG  (Tecta)\nPRENDRE 1 COMPRIMÉ PAR JOUR 30 MINUTES AVANT LE DÉJEUNER\n") == [
        ("PANTOPRAZOLE", "40 MG", "PAR JOUR")]
    assert med_rows("1. Cefixime 200 mg         2 x 1 tab    (5 hari)\n2. Omeprazole 20 mg        2 x 1 kaps   (sebelum makan)\n") == [
        ("Cefixime", "200 mg", "2 x 1"), ("Omeprazole", "20 mg", "2 x 1")]
    assert med_rows("  albuterol 90 mcg/actuation inhaler\n"
                 "  Inhale 2 puffs into the lungs every 4 (four) hours as needed for wheezing.\n") == [
        ("albuterol", "90 mcg/actuation", "every 4 (four) hours")]
    # a count of an amount stays no frequency ('2 x 5 ml')
    assert med_rows("Lactulose 10 g    2 x 5 ml\n") == [("Lactulose", "10 g", "")]


def test_summary_fields_of_round_10() -> None:
    # a labelled doctor with a signature rule after him is no row of column headings; the main diagnosis's
    # own label ('Основний:') under the heading; the control items of a numbered list in Ukrainian
    ukrainian = ("ВИПИСКА\nПрізвище, ім'я, по батькові хворого:  Шевченко Ганна Петрівна\n"
                 "Дата надходження:  01.03.2025            Дата виписки:  08.03.2025\n\n"
                 "Заключний клінічний діагноз:\nОсновний: J18.1 Пневмонія нижньої частки правої легені.\n\n"
                 "Рекомендації:\n1. Дієта з обмеженням солі.\n2. Амлодипін 5 мг 1 раз на добу.\n"
                 "3. Контроль рентгенограми через 4 тижні.\n\n"
                 "Лікуючий лікар:            Бойко Л. М.        ____________\n"
                 "Завідувач відділення:      Ткач В. І.         ____________\n")
    got = snippet_fields(ukrainian, "medical_summary")
    assert (got["patient"], got["date"], got["provider"], got["diagnosis"], got["follow_up"]) == (
        "Шевченко Ганна Петрівна", "08.03.2025", "Бойко Л. М.", "J18.1 Пневмонія нижньої частки правої легені.",
        "3. Контроль рентгенограми через 4 тижні.")
    # a longer label that goes on from a shorter one ('Diagnosis Utama', not 'Diagnosis' with the value
    # 'Utama'); Indonesian 'Ny.' and a specialty after 'dr. Name,'
    indonesian = ("RESUME MEDIS PASIEN PULANG\nNama Pasien     : Ny. DEWI LESTARI          Tanggal Keluar : 05-03-2025\n"
                  "DPJP            : dr. Agus Salim, Sp.PD\n\nDiagnosis Utama     : Demam berdarah dengue (A91)\n"
                  "Diagnosis Sekunder  : Hipertensi (I10)\n")
    got = snippet_fields(indonesian, "medical_summary")
    assert (got["patient"], got["date"], got["provider"], got["diagnosis"]) == (
        "DEWI LESTARI", "05-03-2025", "dr. Agus Salim", "Demam berdarah dengue (A91)")
    # a Brazilian 'Retorno' without the emergency sentence after it
    brazilian = ("SUMÁRIO DE ALTA HOSPITALAR\nRetorno: ambulatório de cardiologia em 15 dias, com creatinina.\n"
                 "Procurar o pronto-socorro se falta de ar ou desmaio.\n")
    assert snippet_fields(brazilian, "medical_summary")["follow_up"] == "ambulatório de cardiologia em 15 dias, com creatinina."


def test_an_indian_chains_rows_with_a_method_column() -> None:
    # a number inside the test's name ('25-Hydroxy') is no value; 'mm/1st hr'; the name's abbreviation
    # wrapped onto the next line with the rest of the name; a method alone in brackets under a name is not
    assert lab_rows("Vitamin D, 25-Hydroxy             14.2       ng/mL         30 - 100               CLIA\n"
                    "ESR (Westergren)                  34         mm/1st hr     0 - 20                 Westergren\n"
                    "Thyroid Stimulating Hormone       5.86       µIU/mL        0.55 - 4.78            CLIA\n"
                    "(TSH), Ultrasensitive\n"
                    "Hemoglobin                        10.4       g/dL          12.00 - 15.00\n(Photometry)\n") == [
        ("Vitamin D, 25-Hydroxy", "14.2", "ng/mL", "30 - 100", "L"), ("ESR (Westergren)", "34", "mm/1st hr", "0 - 20", "H"),
        ("Thyroid Stimulating Hormone (TSH), Ultrasensitive", "5.86", "µIU/mL", "0.55 - 4.78", "H"),
        ("Hemoglobin", "10.4", "g/dL", "12.00 - 15.00", "L")]


def test_prescribers_patients_and_dates_of_round_10_prescriptions() -> None:
    # a Vietnamese date in words and a doctor's 'BS.CKI.' under '(Ký, ghi rõ họ tên)'
    vietnamese = ("ĐƠN THUỐC\nHọ tên: TRẦN VĂN BÌNH                      Tuổi: 60\n"
                  "1. Amlodipin (Amlor) 5mg                                           30 Viên\n   Uống: sáng 1 viên\n\n"
                  "                                          Ngày 03 tháng 03 năm 2025\n"
                  "                                          Bác sĩ khám bệnh\n"
                  "                                          (Ký, ghi rõ họ tên)\n\n"
                  "                                          BS.CKI. Lê Thị Hoa\n")
    got = snippet_fields(vietnamese, "prescription")
    assert (got["patient"], got["prescriber"], got["date"]) == ("TRẦN VĂN BÌNH", "BS.CKI. Lê Thị Hoa",
                                                                 "Ngày 03 tháng 03 năm 2025")
    # a name with its credentials under a rule ending 'M.D.', over the licence number
    philippine = ("Name: JOSE P. REYES                    Age: 50     Sex: M\nDate: Mar. 3, 2025\nRx\n"
                  "1. Losartan 50 mg tablet                                          #30\n   Sig: 1 tab once a day\n\n"
                  "                                              ___________________________ M.D.\n"
                  "                                              ANA LOURDES M. CRUZ, M.D.\n"
                  "                                              Lic. No.  0012345\n")
    assert snippet_fields(philippine, "prescription")["prescriber"] == "ANA LOURDES M. CRUZ"
    # a pharmacy label's 'M. SURNAME, FIRST NAME' and 'Dr SURNAME, FIRST NAME'; 'POUR LE CHOLESTÉROL' names no one
    quebec = ("Rx : 6 418 227          Date : 2025-02-20          Qté : 90 COMPRIMÉS\nM. TREMBLAY, LUC\n"
              "ATORVASTATINE 40 MG  (Lipitor)\nPRENDRE 1 COMPRIMÉ AU COUCHER\nPOUR LE CHOLESTÉROL\n"
              "Dr GAGNON, SYLVIE                 Ren. : 3 restant(s)      DIN 02295288\n")
    got = snippet_fields(quebec, "prescription")
    assert (got["patient"], got["prescriber"]) == ("TREMBLAY, LUC", "Dr GAGNON, SYLVIE")


def test_a_portal_lists_patient_before_the_birth_date_in_brackets_and_a_scanned_vietnamese_date() -> None:
    portal = ("MyHealth Portal                                Printed: 3/1/2025 7:14 PM\n\nMedications\n"
              "Maria L. Santos  (DOB: 5/6/1970)   MRN: 80011111\n\n  lisinopril 10 MG tablet\n"
              "  Take 1 tablet (10 mg total) by mouth daily.\n")
    assert snippet_fields(portal, "prescription")["patient"] == "Maria L. Santos"
    from desktop_app.core.normalize import find_dates
    assert [d.isoformat() for _, _, d in find_dates("Ngay 18 thang 02 nam 2025")] == ["2025-02-18"]


def test_what_a_scan_makes_of_round_10_lines() -> None:
    # a scan's capital X in a dosing schema ('2 X 1 kaps') leaves it whole, without the form after it;
    # a name before '(DOB: ...)' with the scan's single spaces
    assert med_rows("2. Omeprazole 20 mg        2 X 1 kaps   (sebelum makan)\n") == [("Omeprazole", "20 mg", "2 X 1")]
    portal = ("Medications\nMaria L. Santos (DOB: 5/6/1970) MRN: 80011111\n\n  lisinopril 10 MG tablet\n"
              "  Take 1 tablet (10 mg total) by mouth daily.\n")
    assert snippet_fields(portal, "prescription")["patient"] == "Maria L. Santos"


def test_a_portal_lists_medicines_no_longer_taken_are_not_rows() -> None:
    assert med_rows("  carvedilol 12.5 MG tablet\n  Take 1 tablet (12.5 mg total) by mouth 2 (two) times daily with meals.\n\n"
                 "Medications you are no longer taking\n  metoprolol succinate 50 MG 24 hr tablet\n"
                 "  Stopped on 9/3/2023 by Rachel Okafor, MD (Change to carvedilol)\n") == [
        ("carvedilol", "12.5 MG", "2 (two) times daily")]
