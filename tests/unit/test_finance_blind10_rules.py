"""The general rules behind the tenth blind finance round's fixes (tests/fixtures/finance_blind10),
each tested on snippets written for the test: receipts and invoices in Greek, Korean, Ukrainian,
Hebrew and Slovak, money grouped by spaces with a decimal point, a column after the balance."""
from __future__ import annotations

from tests.unit.blind_sets import analysed_fields, snippet_kind

GREEK_RECEIPT = """\
        ΚΑΦΕΚΟΠΤΕΙΟ ΝΙΚΟΛΑΟΥ Ε.Ε.
      ΤΣΙΜΙΣΚΗ 40, 546 23 ΘΕΣΣΑΛΟΝΙΚΗ
   ΑΦΜ: 081234567   ΔΟΥ: Δ' ΘΕΣΣΑΛΟΝΙΚΗΣ
      ΑΠΟΔΕΙΞΗ ΛΙΑΝΙΚΗΣ ΠΩΛΗΣΗΣ
ΗΜ/ΝΙΑ: 04-02-2025          ΩΡΑ: 10:15
ΚΑΦΕΣ ΕΛΛΗΝΙΚΟΣ 250ΓΡ        4,20   24%
ΚΟΥΛΟΥΡΙ                     0,80   13%
ΣΥΝΟΛΟ             ΕΥΡΩ      5,00
ΜΕΤΡΗΤΑ                     10,00
ΡΕΣΤΑ                        5,00
"""

KOREAN_RECEIPT = """\
                 영 수 증
[매 장 명] 하늘분식 신촌점
[사 업 자] 105-12-34567
[매 출 일] 2025-02-04 12:31:07
 참치김밥         3,500      2       7,000
 떡볶이           4,500      1       4,500
 합          계                     11,500
 신 용 카 드                        11,500
"""

UKRAINIAN_INVOICE = """\
Постачальник:    ФОП Коваленко Петро Іванович
                 РНОКПП 3012345678
Покупець:        ТОВ "ДНІПРО-СЕРВІС"
                 Рахунок на оплату № 57
                 від 4 лютого 2025 р.
 1  Консультаційні послуги               10   год     1 200,00     12 000,00
                                                   Всього:       12 000,00
Без ПДВ
"""

HEBREW_INVOICE = """\
                              חשבונית מס מס' 1042
                                   תאריך: 04/02/2025
                                   לכבוד: דוד לוי
שיעורי תגבור במתמטיקה          8       180.00      1,440.00
                              סה"כ לפני מע"מ        1,440.00
                              מע"מ 17%                244.80
                              סה"כ לתשלום         ₪ 1,684.80
"""

SLOVAK_INVOICE = """\
Dodávateľ: Stolárstvo Horváth s.r.o., Hlavná 5, 040 01 Košice
Odberateľ: Peter Novák, Mlynská 12, 040 01 Košice
FAKTÚRA č. 2025014
Dátum vyhotovenia: 04.02.2025      Dátum splatnosti: 18.02.2025
Variabilný symbol: 2025014
Kuchynská linka na mieru        1   ks    3 200,00     3 200,00
Spolu na úhradu                                         3 840,00 €
"""


def test_receipts_in_greek_and_korean() -> None:
    assert snippet_kind(GREEK_RECEIPT) == "receipt"
    assert snippet_kind(KOREAN_RECEIPT) == "receipt"  # its title letter-spaced in Korean syllables


def test_invoices_in_ukrainian_hebrew_and_slovak() -> None:
    assert snippet_kind(UKRAINIAN_INVOICE) == "invoice"
    assert snippet_kind(HEBREW_INVOICE) == "invoice"
    assert snippet_kind(SLOVAK_INVOICE) == "invoice"


def test_money_grouped_by_spaces_with_a_decimal_point() -> None:
    from desktop_app.core.normalize import groups_by_space_with_point, parse_amount, whole_units
    from desktop_app.core.rules import amounts_in
    page = "Opening balance   R8 412.55 Cr\n01 Nov  Salary   32 500.00Cr   40 912.55Cr\n"
    assert groups_by_space_with_point(page)
    # a count before a price, a single such number: no evidence
    assert not groups_by_space_with_point("1 450.00\n2 12.50\nTOTAL 462.50")
    assert [c.value for c in amounts_in("Debit Order   12 845.30")] == ["845.30"]  # alone, the 12 is a count
    with whole_units(False, True):
        assert str(parse_amount("12 845.30")) == "12845.30"
        assert [c.value for c in amounts_in("Debit Order   12 845.30    28 067.25Cr")] == ["12845.30", "28067.25"]
        assert str(parse_amount("1 234,56")) == "1234.56"  # a decimal comma still reads so


def test_a_column_after_the_statements_balance_is_not_its_money() -> None:
    from desktop_app.core.lists import transactions
    text = ("Date     Description                     Amount        Balance   Bank Charges\n"
            "01 Feb   Opening balance                                2,000.00\n"
            "03 Feb   ATM Cash MAIN STREET           500.00      1,500.00        10.00\n"
            "05 Feb   Debit Order GYM                150.00      1,350.00\n")
    rows = transactions(text)
    assert [(r["amount"].raw, r["balance"].raw) for r in rows] == [("500.00", "1,500.00"), ("150.00", "1,350.00")]


def test_currencies_named_in_greek_korean_ukrainian_and_taiwan_dollars() -> None:
    from desktop_app.core.normalize import find_currency, normalise_value
    assert find_currency("ΣΥΝΟΛΟ             ΕΥΡΩ      5,00") == "EUR"
    assert find_currency("[승인금액] 11,500원") == "KRW" and find_currency("(단위: 원)") == "KRW"
    assert find_currency("на суму 12 000,00 грн.") == "UAH" and normalise_value("currency", "грн") == "UAH"
    assert find_currency("Total (NT$)     415") == "TWD"
    assert find_currency("Сума гривень прописом") is None


def test_dates_with_ukrainian_and_russian_month_names() -> None:
    from desktop_app.core.normalize import find_dates
    assert [d for _, _, d in find_dates("від 4 лютого 2025 р.")][0].isoformat() == "2025-02-04"
    assert [d for _, _, d in find_dates("от 12 марта 2025 г.")][0].isoformat() == "2025-03-12"


HOLERITE = """\
                         RECIBO DE PAGAMENTO DE SALÁRIO
Empregador
PADARIA BOM PÃO LTDA                                    CNPJ: 11.222.333/0001-81
Rua XV de Novembro, 200 - Centro - Curitiba/PR          Referência: Janeiro/2025
Código   Nome do Funcionário                      CBO      Departamento
000042   ANA PAULA FERREIRA                       848305   PRODUÇÃO
Cód.   Descrição                        Referência     Vencimentos      Descontos
001    SALÁRIO BASE                          30,00        3.200,00
101    INSS                                   9,00                         262,40
105    IRRF                                   7,50                          13,52
                                        Total de Vencimentos      Total de Descontos
                                                    3.200,00                 275,92
                                                       Valor Líquido ==>  2.924,08
Data do crédito: 05/02/2025
"""


def test_a_brazilian_holerite(service) -> None:
    got = analysed_fields(service, HOLERITE)
    assert got["kind"] == "payslip"
    assert (got["employee"], got["period"], got["pay_date"]) == ("ANA PAULA FERREIRA", "Janeiro/2025", "05/02/2025")
    assert (got["gross_pay"], got["net_pay"], got["tax"]) == ("3.200,00", "2.924,08", "13,52")


def test_invoice_labels_in_ukrainian_hebrew_and_slovak(service) -> None:
    got = analysed_fields(service, UKRAINIAN_INVOICE + "ПДВ:                                              2 400,00\n"
                  "Рахунок дійсний до сплати до 14.02.2025\n")
    assert (got["invoice_number"], got["due_date"], got["tax"]) == ("57", "14.02.2025", "2 400,00")
    assert got["currency"] is None or got["currency"] == "UAH"
    got = analysed_fields(service, HEBREW_INVOICE)
    assert (got["invoice_number"], got["tax"]) == ("1042", "244.80")  # not the sum before VAT
    got = analysed_fields(service, SLOVAK_INVOICE + "DPH 20 %                                               640,00\n")
    assert (got["invoice_number"], got["due_date"], got["tax"]) == ("2025014", "18.02.2025", "640,00")


def test_item_rows_in_other_scripts_and_their_summary_lines() -> None:
    from desktop_app.core.lists import line_items
    rows = line_items(HEBREW_INVOICE)  # the count after a Hebrew description; the sums are no rows
    assert [(r["description"].raw, r["quantity"].raw, r["amount"].raw) for r in rows] == [
        ("שיעורי תגבור במתמטיקה", "8", "1,440.00")]
    text = (" №  Товари (роботи, послуги)              Кіл-сть   Од.   Ціна без ПДВ   Сума без ПДВ\n"
            " 1  Консультаційні послуги                   10     год       1 200,00      12 000,00\n"
            " 2  Кабель HDMI 2.0, 1,8 м                    3     шт          245,00         735,00\n"
            "                                                      Разом без ПДВ:     12 735,00\n"
            "                                                      ПДВ:                2 547,00\n"
            "                                                      Всього з ПДВ:      15 282,00\n")
    assert [(r["description"].raw, r["quantity"].raw) for r in line_items(text)] == [
        ("Консультаційні послуги", "10"), ("Кабель HDMI 2.0, 1,8 м", "3")]
    greek = [(r["description"].raw, r.get("quantity") and r["quantity"].raw, r["amount"].raw)
             for r in line_items(GREEK_RECEIPT.replace("ΚΟΥΛΟΥΡΙ                     0,80   13%",
                                                       "ΚΟΥΛΟΥΡΙ\n   2 ΤΕΜ x 0,40              0,80   13%"))]
    assert greek == [("ΚΑΦΕΣ ΕΛΛΗΝΙΚΟΣ 250ΓΡ", None, "4,20"), ("ΚΟΥΛΟΥΡΙ", "2", "0,80")]
    from desktop_app.core.normalize import whole_units
    with whole_units(True):  # (won: no minor units)
        assert [r["description"].raw for r in line_items(KOREAN_RECEIPT)] == ["참치김밥", "떡볶이"]


def test_a_portuguese_card_statement() -> None:
    from desktop_app.core.lists import transactions
    text = ("EXTRATO DE CARTÃO DE CRÉDITO\nLimite de crédito   2.000,00\n"
            "Data mov.    Data valor   Descritivo                          Montante EUR\n"
            "08-01-2025   08-01-2025   PAGAMENTO POR DÉBITO DIRETO               500,00 C\n"
            "11-01-2025   12-01-2025   BOOKING.COM AMSTERDAM NL                  110,76\n"
            "                          USD 120,00 · Taxa de câmbio 1,0834\n"
            "14-01-2025   15-01-2025   GALP AREOSA PORTO                          65,30\n")
    rows = transactions(text)
    assert [(r["description"].raw, r["amount"].value) for r in rows] == [
        ("PAGAMENTO POR DÉBITO DIRETO", "-500.00"), ("BOOKING.COM AMSTERDAM NL", "110.76"),
        ("GALP AREOSA PORTO", "65.30")]


def test_parties_and_totals_in_other_scripts(service) -> None:
    got = analysed_fields(service, UKRAINIAN_INVOICE)
    assert got["customer"] == 'ТОВ "ДНІПРО-СЕРВІС"'  # after 'Покупець:', a Cyrillic name
    got = analysed_fields(service, HEBREW_INVOICE.replace("לכבוד: דוד לוי", "לכבוד: מאפיית השקד בע\"מ"))
    assert got["customer"] == 'מאפיית השקד בע"מ'
    got = analysed_fields(service, "סטודיו כחול-לבן בע\"מ\nרח' הנביאים 12, חיפה\n" + HEBREW_INVOICE)
    assert got["vendor"] == 'סטודיו כחול-לבן בע"מ'  # its legal form 'בע"מ'
    greek = GREEK_RECEIPT.replace("ΚΑΦΕΚΟΠΤΕΙΟ ΝΙΚΟΛΑΟΥ Ε.Ε.", "ΑΦΟΙ ΝΙΚΟΛΑΟΥ Ο.Ε.\n     SUPER MARKET «Η ΓΩΝΙΑ»")
    assert analysed_fields(service, greek)["company"] == "ΑΦΟΙ ΝΙΚΟΛΑΟΥ Ο.Ε."  # the partnership, not the shop's sign
    slovak = SLOVAK_INVOICE.replace("Spolu na úhradu                                         3 840,00 €",
                                    "Celková suma faktúry s DPH                              3 840,00 €\n"
                                    "Uhradené zálohy                                         4 000,00 €\n"
                                    "Preplatok                                                 160,00 €")
    assert analysed_fields(service, slovak)["total"] == "3 840,00"  # not the advances paid


def test_the_iban_to_pay_not_the_customers_refund_account() -> None:
    from desktop_app.core.rules import iban_candidates
    text = ("Preplatok Vám vrátime do 28.02.2025 na účet SK26 0900 0000 0005 1234 5678.\n"
            "Platobné údaje dodávateľa: Tatra banka, a.s.   IBAN: SK62 1100 0000 0026 2612 3456\n")
    assert iban_candidates(text)[0].raw == "SK62 1100 0000 0026 2612 3456"


def test_a_greek_tax_table_and_its_total_row() -> None:
    from desktop_app.core.rules import tax_table
    text = ("ΦΠΑ%   ΚΑΘ. ΑΞΙΑ     ΦΠΑ    ΣΥΝΟΛΟ\n"
            "13%        20,09    2,61     22,70\n"
            "24%         8,90    2,14     11,04\n"
            "ΣΥΝ.       28,99    4,75     33,74\n")
    assert [c.raw for c in tax_table(text)] == ["4,75"]


def test_a_holerite_read_without_its_accents_and_a_contract_date(service) -> None:
    import unicodedata
    plain = "".join(c for c in unicodedata.normalize("NFD", HOLERITE) if not unicodedata.combining(c))
    assert snippet_kind(plain) == "payslip"  # (a scan drops the accents: 'SALARIO', 'Valor Liquido')
    text = UKRAINIAN_INVOICE.replace("Покупець:", "Договір:         № 17/2024 від 15.01.2024\nПокупець:")
    assert analysed_fields(service, text)["date"] == "4 лютого 2025"  # the invoice's, not the contract's
