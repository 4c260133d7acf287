"""The general rules behind the ninth blind finance round's fixes (tests/fixtures/finance_blind9),
each tested on snippets written for the test: till receipts and payslips in more languages,
amounts of currencies without minor units, letter-spaced titles in Chinese characters."""
from __future__ import annotations

from tests.unit.blind_sets import analysed_fields, snippet_kind

TURKISH_FIS = """\
        ÖZKAN ŞARKÜTERİ LTD. ŞTİ.
     ATATÜRK CAD. NO:8 ÇANKAYA/ANKARA
TARİH : 03.02.2025          SAAT : 09:12
FİŞ NO : 0214
SUCUK 250 GR              %01     *142,00
KAŞAR PEYNİRİ             %01      *98,50
TOPKDV                             *2,38
TOPLAM                           *240,50
NAKİT                            *240,50
"""

VIETNAMESE_RECEIPT = """\
        QUÁN CƠM BÌNH DÂN HƯƠNG QUÊ
      45 Lê Lợi, Quận 1, TP. Hồ Chí Minh
            HÓA ĐƠN BÁN LẺ
Ngày: 03/02/2025 12:05   Thu ngân: Lan
Cơm sườn              2    45.000    90.000
Trà đá                2     5.000    10.000
TỔNG CỘNG:                          100.000
Tiền khách đưa:                     200.000
Tiền thối lại:                      100.000
"""

INDONESIAN_STRUK = """\
        TOKO SUMBER REJEKI
     JL. MERDEKA NO. 5 BANDUNG
Tgl. 03-02-2025 08:41   Kasir: ANI
GULA PASIR 1KG        2  17.500  35.000
KOPI KAPAL API        1  12.000  12.000
TOTAL BELANJA :             47.000
TUNAI         :             50.000
KEMBALIAN     :              3.000
"""

CHILEAN_BOLETA = """\
        PANADERÍA LA ESPIGA LTDA.
   R.U.T.: 77.123.456-7
   BOLETA ELECTRÓNICA N° 88213
Fecha: 03/02/2025   Hora: 08:15
 2  MARRAQUETA KG          2.190     4.380
 1  KUCHEN MANZANA         6.990     6.990
                  TOTAL   $ 11.370
"""

DANISH_PAYSLIP = """\
Havnens Bageri ApS                                 LØNSEDDEL
Jens Holm                         Lønperiode  01.01.2025 - 31.01.2025
Månedsløn                                              29.000,00
Bruttoløn i alt                                        29.000,00
AM-bidrag                                              -2.320,00
A-skat                                                 -7.412,00
Til udbetaling                                         19.268,00
"""

JAPANESE_PAYSLIP = """\
                 給 与 明 細 書
                  2025年1月分
有限会社サクラ商店                         支給日  2025年1月24日
基本給      残業手当    通勤手当
220,000      12,000      8,000
                                  総支給額   240,000
健康保険      厚生年金      雇用保険      所得税       住民税
 11,976    21,960     1,440     4,770     9,800
                                  控除合計    49,946
差引支給額
   190,054
"""


def test_receipts_in_turkish_vietnamese_indonesian_and_chilean_spanish() -> None:
    assert snippet_kind(TURKISH_FIS) == "receipt"  # 'FİŞ NO', 'TOPKDV', 'NAKİT': the dotted capital İ lowers to i
    assert snippet_kind(VIETNAMESE_RECEIPT) == "receipt"  # 'hóa đơn bán lẻ', 'thu ngân', 'tiền khách đưa'
    assert snippet_kind(INDONESIAN_STRUK) == "receipt"  # 'kasir', 'total belanja', 'kembalian'
    assert snippet_kind(CHILEAN_BOLETA) == "receipt"  # 'boleta electrónica'


def test_payslips_in_danish_and_japanese() -> None:
    assert snippet_kind(DANISH_PAYSLIP) == "payslip"  # 'lønseddel', 'bruttoløn', 'AM-bidrag', 'A-skat', 'til udbetaling'
    assert snippet_kind(JAPANESE_PAYSLIP) == "payslip"  # the spaced title '給 与 明 細 書', 総支給額 / 差引支給額 / 所得税


def test_amounts_without_minor_units_are_money() -> None:
    # a page of dong, rupiah or yen prints '468.400' / '240,000', never '12,50': still money
    from desktop_app.core.classify import AMOUNT
    assert AMOUNT.search("TỔNG CỘNG: 468.400") and AMOUNT.search("総支給額 240,000")
    assert not AMOUNT.search("Phone 2024 1234") and not AMOUNT.search("version 1.2.3")


def test_a_letter_spaced_title_in_chinese_characters_is_read_as_its_word() -> None:
    from desktop_app.core.classify import SPACED_TITLE
    assert SPACED_TITLE.sub(lambda m: m.group(0).replace(" ", ""), "  給 与 明 細 書  ") == "  給与明細書  "
    assert SPACED_TITLE.sub(lambda m: m.group(0).replace(" ", ""), "氏名 佐藤 健太 様") == "氏名 佐藤 健太 様"


def test_currency_names_printed_beside_an_amount_or_as_a_column_unit() -> None:
    from desktop_app.core.normalize import find_currency
    assert find_currency("TUTAR:   1.204,90 TL") == "TRY"
    assert find_currency("Prețul unitar\n- lei -") == "RON" and find_currency("Capital social 200 lei") == "RON"
    assert find_currency("Đơn vị tính: VNĐ") == "VND" and find_currency("（単位：円）") == "JPY"
    assert find_currency("Moneda: COP - Pesos colombianos") == "COP"
    assert find_currency("TL team meeting") is None and find_currency("Ilie lei") is None


def test_a_street_abbreviation_is_no_currency_code() -> None:
    from desktop_app.core.normalize import find_currency
    assert find_currency("ATATÜRK CAD.\nNO:8 ÇANKAYA\nTUTAR: 240,50 TL") == "TRY"  # 'caddesi'
    assert find_currency("ÇANKAYA BULVARI CAD.\nTOPLAM *240,50") is None
    assert find_currency("All amounts are in CAD.") == "CAD" and find_currency("CAD. 25.00") == "CAD"
    assert find_currency("ALL AMOUNTS IN CAD.") == "CAD" and find_currency("All prices in GBP. Next") == "GBP"


def test_a_dollar_sign_of_chile_or_argentina() -> None:
    from desktop_app.core.extraction import _dollar
    assert _dollar("R.U.T.: 77.123.456-7\nTOTAL $ 11.370") == "CLP"
    assert _dollar("CUIT: 30715482637\nImporte Total: $ 1616983,50") == "ARS"
    assert _dollar("C.U.I.T. N°: 30-71548263-7") == "ARS"
    assert _dollar("Total $ 12.50") == "USD"


def test_a_label_with_its_translation_in_another_script(service) -> None:
    from desktop_app.core.rules import labelled_value
    text = ("Account Name / ชื่อบัญชี        MS. WANIDA CHAIYAPORN\n"
            "Account Number / เลขที่บัญชี     117-2-04418-3\n"
            "Internal ID / الرقم الداخلي:     INV-77/2025\n")
    assert labelled_value(text, ("account number",))[0].raw == "117-2-04418-3"
    assert labelled_value(text, ("internal id",))[0].raw == "INV-77/2025"
    assert labelled_value(text, ("account name",))[0].raw == "MS. WANIDA CHAIYAPORN"


DANISH_FIELDS = """\
Fjordens Tømrer ApS                                         LØNSEDDEL
                                         Lønperiode      01.02.2025 - 28.02.2025
Peter Lund                               Disponibel      28.02.2025
Månedsløn                                                      31.200,00
Bruttoløn i alt                                                31.200,00
ATP-bidrag                                                        -99,00
AM-bidrag                                                      -2.488,08
A-skat                                                         -8.514,00
Til udbetaling                                                 20.098,92
"""

CZECH_STATEMENT = """\
Horácká banka, a.s.                                         VÝPIS Z ÚČTU
Název účtu:        Eva Marková
Číslo účtu:        1002003004/4370
Počáteční zůstatek k 31. 12. 2024                      12 400,00 Kč
Konečný zůstatek k 31. 1. 2025                          9 850,50 Kč
02.01.2025  Platba kartou  BILLA JIHLAVA                    -1 249,50
10.01.2025  Příchozí úhrada  Mzda 12/2024                  +21 300,00
15.01.2025  Trvalý příkaz  Nájem 01/2025                   -18 000,00
20.01.2025  Platba kartou  LÉKÁRNA JIHLAVA                   -3 600,00
31.01.2025  Poplatek za vedení účtu                           -1 000,00
"""


def test_danish_payslip_fields(service) -> None:
    got = analysed_fields(service, DANISH_FIELDS)
    assert got["kind"] == "payslip"
    assert (got["period"], got["pay_date"]) == ("01.02.2025 - 28.02.2025", "28.02.2025")
    assert (got["gross_pay"], got["net_pay"], got["tax"]) == ("31.200,00", "20.098,92", "8.514,00")


def test_czech_statement_fields(service) -> None:
    got = analysed_fields(service, CZECH_STATEMENT)
    assert got["kind"] == "bank_statement"
    assert (got["account_holder"], got["account_number"]) == ("Eva Marková", "1002003004/4370")
    assert (got["opening_balance"], got["closing_balance"]) == ("12 400,00", "9 850,50")


def test_money_in_whole_units() -> None:
    from desktop_app.core.normalize import in_whole_units, parse_amount, whole_units
    from desktop_app.core.rules import amounts_in
    assert in_whole_units("Tổng cộng: 100.000\nTiền khách đưa: 200.000")  # no cents anywhere
    assert in_whole_units("Đơn vị tính: VNĐ\nCộng 45.000")  # a currency without minor units
    assert not in_whole_units("TOTAL 1,234.50\nCASH 2,000.00")
    assert not amounts_in("TỔNG CỘNG:   468.400")  # out of such a page a bare 468.400 is no amount
    with whole_units(True):
        assert [a.raw for a in amounts_in("TỔNG CỘNG:   468.400   Số lượng 20")] == ["468.400"]
        assert parse_amount("42.390") == parse_amount("42,390") == 42390
        assert parse_amount("12,50") == parse_amount("12.5")  # a decimal comma stays one
        assert not amounts_in("NPWP : 01.738.492.5-015.000")  # a tax number, not an amount
    assert parse_amount("42.390") != 42390  # (outside such a page '42.390' is 42.39)


INTEGER_RECEIPT = """\
        WARUNG KOPI SENJA
    JL. BRAGA NO. 12 BANDUNG
Tgl. 03-02-2025 16:20   Kasir: RINA
KOPI SUSU GULA AREN     2  18.000  36.000
ROTI BAKAR COKLAT       1  22.000  22.000
TOTAL ITEM : 3
TOTAL BELANJA :             58.000
TUNAI         :            100.000
KEMBALIAN     :             42.000
"""


def test_a_receipt_in_whole_rupiah(service) -> None:
    from desktop_app.core.entities import ParsedDocument
    ex = service.analyse(ParsedDocument.from_text(INTEGER_RECEIPT))
    assert ex.kind == "receipt" and ex.get("total").raw == "58.000" and ex.get("total").value == "58000.00"
    # (the count of items 'TOTAL ITEM : 3' is no table header; the tender lines are no rows)
    assert [(r["description"].raw, r["amount"].raw) for r in ex.lists["line_items"]] == [
        ("KOPI SUSU GULA AREN", "36.000"), ("ROTI BAKAR COKLAT", "22.000")]
    assert ex.checks == []


def test_the_tax_after_a_translation_and_a_currency_code() -> None:
    from desktop_app.core.rules import tax_lines
    text = ("Net Amount / الصافي                      EGP     10,000.00\n"
            "Value Added Tax 14% (T1) / ضريبة القيمة المضافة   EGP      1,400.00\n")
    assert [c.raw for c in tax_lines(text, ("value added tax",))] == ["1,400.00"]


def test_a_rate_that_prints_no_tax_loses_to_one_that_does() -> None:
    from desktop_app.core.rules import tax_lines
    text = "IVA 27%: $ 0,00\nIVA 21%: $ 2100,00\nIVA 10.5%: $ 0,00\n"
    assert tax_lines(text, ("iva",))[0].raw == "2100,00"
    assert tax_lines("IVA 0%: $ 0,00\n", ("iva",))[0].raw == "0,00"  # (nothing else: the zero stands)


def test_a_dutch_tax_total_under_the_rates() -> None:
    from desktop_app.core.rules import tax_lines
    text = "BTW 6 %        1.000,00     60,00\nBTW 21 %         100,00     21,00\nTotaal BTW                  81,00\n"
    assert tax_lines(text, ("btw", "totaal btw"))[0].raw == "81,00"


def test_turkish_item_lines() -> None:
    from desktop_app.core.lists import line_items
    text = ("TARİH : 03.02.2025               SAAT : 09:12\n"
            "SİMİT                          %01        *15,00\n"
            "3 ADET X 12,50\n"
            "AYRAN 300 ML                   %01        *37,50\n"
            "0,750 KG X 120,00\n"
            "KIYMA DANA                     %01        *90,00\n"
            "TOPLAM                                   *142,50\n")
    rows = [{c: f.raw for c, f in r.items()} for r in line_items(text)]
    assert rows == [{"description": "SİMİT", "amount": "15,00"},
                    {"description": "AYRAN 300 ML", "amount": "37,50", "quantity": "3", "unit_price": "12,50"},
                    {"description": "KIYMA DANA", "amount": "90,00", "quantity": "0,750", "unit_price": "120,00"}]


JAPANESE_FIELDS = """\
                 給 与 明 細 書
                  2025年1月分
有限会社サクラ商店                         支給日  2025年1月24日
〒530-0001 大阪府大阪市北区梅田1-2-3
所属  営業部    社員番号  1024    氏名  山本 花子 様
基本給      残業手当    通勤手当
220,000      12,000      8,000
                                  総支給額   240,000
健康保険      厚生年金      雇用保険      所得税       住民税
 11,976    21,960     1,440     4,770     9,800
                                  控除合計    49,946
差引支給額   190,054
"""


def test_japanese_payslip_fields(service) -> None:
    got = analysed_fields(service, JAPANESE_FIELDS)
    assert got["kind"] == "payslip"
    assert (got["employer"], got["employee"]) == ("有限会社サクラ商店", "山本 花子")  # the form; no 様
    assert (got["pay_date"], got["period"]) == ("2025年1月24日", "2025年1月")
    assert (got["gross_pay"], got["net_pay"], got["tax"]) == ("240,000", "190,054", "4,770")


def test_cjk_dates() -> None:
    from desktop_app.core.normalize import parse_date
    assert str(parse_date("2024年11月25日")) == str(parse_date("2024 年 11 月 25 日")) == "2024-11-25"
    assert str(parse_date("2024년 11월 25일")) == "2024-11-25"
    assert parse_date("2024年13月25日") is None


def test_issuer_and_receiver_headings_with_their_translation() -> None:
    from desktop_app.core.rules import party_under
    text = ("Issuer / البائع                           Receiver / المشتري\n"
            "Delta Office Supplies S.A.E.              Giza Star Hotels Co.\n")
    assert party_under(text, "to")[0].raw == "Giza Star Hotels Co."
    assert party_under(text, "from")[0].raw == "Delta Office Supplies S.A.E."


def test_the_number_after_an_invoices_series() -> None:
    from desktop_app.core.rules import series_number
    assert series_number("FACTURĂ\n   Seria BVX nr. 000187\n")[0].raw == "000187"
    assert series_number("Factura  Serie: A  Nº 1287")[0].raw == "1287"
    assert series_number("Mobilier din seria Nordic, 3 bucăți") == []


def test_reference_columns_after_a_statements_description() -> None:
    from desktop_app.core.lists import transactions
    text = ("Datum       Popis transakce                  VS           KS      SS        Částka (Kč)\n"
            "02.01.2025  Platba kartou BILLA                                                -1 249,50\n"
            "10.01.2025  Příchozí úhrada                  92025        0138                +21 300,00\n"
            "15.01.2025  Trvalý příkaz                    1025         0308               -18 000,00\n"
            "20.01.2025  Platba kartou LÉKÁRNA                                              -3 600,00\n")
    assert [r["description"].raw for r in transactions(text)] == [
        "Platba kartou BILLA", "Příchozí úhrada", "Trvalý příkaz", "Platba kartou LÉKÁRNA"]
