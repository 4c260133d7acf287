"""Rule candidates on receipt-like layouts the tests write themselves."""
from __future__ import annotations

from decimal import Decimal

from desktop_app.core.rules import (
    address_after,
    company_candidates,
    date_candidates,
    party_under,
    titled_number,
    total_candidates,
)

RECEIPT = """TAN CHAY YEE
SUNRISE HARDWARE TRADING SDN BHD
(CO.REG : 123456-X)
NO. 12, JALAN BUNGA RAYA 3,
TAMAN MAJU, 81100 JOHOR BAHRU
TEL : 07-1234567
TAX INVOICE
DATE : 05/03/2018 10:12
HAMMER 1 X 25.00 25.00
NAILS 2 X 3.50 7.00
SUB-TOTAL 32.00
GST 6% 1.92
TOTAL
RM 33.92
ROUNDING -0.02
TOTAL ROUNDED RM 33.90
CASH RM 50.00
CHANGE RM 16.10
"""


def test_company_is_the_name_above_the_address() -> None:
    best = company_candidates(RECEIPT)[0]
    assert best.value == "SUNRISE HARDWARE TRADING SDN BHD"
    assert RECEIPT[best.start:best.end] == best.raw


def test_address_block_skips_registration_and_stops_at_phone() -> None:
    company = company_candidates(RECEIPT)[0]
    addr = address_after(RECEIPT, company.end)
    assert addr is not None
    assert addr.value == "NO. 12, JALAN BUNGA RAYA 3, TAMAN MAJU, 81100 JOHOR BAHRU"


def test_total_is_cash_minus_change_and_rounded() -> None:
    best = total_candidates(RECEIPT)[0]
    assert best.value == "33.90"
    assert RECEIPT[best.start:best.end] == best.raw


def test_labelled_date_wins_over_due_and_birth_dates() -> None:
    text = "Invoice\nDue date: 19.02.2024\nDOB 01.01.1980\nInvoice date: 05.02.2024\n"
    assert date_candidates(text)[0].value == "2024-02-05"


def test_two_line_name_is_joined() -> None:
    text = "POPULAR BOOK\nCO. (M) SDN BHD\n(CO. NO. 113825-W)\nNO 8, JALAN 7/118B, DESA TUN RAZAK\n56000 KUALA LUMPUR\n"
    assert company_candidates(text)[0].value == "POPULAR BOOK CO. (M) SDN BHD"


def test_a_total_label_followed_by_a_column_of_amounts_is_not_trusted() -> None:
    # Labels in one column, amounts in another (how OCR and transcriptions often read receipts):
    # the GST summary's "TOTAL :" row is followed by two amounts, the paid total is elsewhere.
    # (the column's first amount is made the largest so that only the column rule decides)
    text = ("ITEM A 4.50\nITEM B 5.00\nTOTAL\n:\n9.50\nPAID BY CARD\n"
            "SUMMARY\nTOTAL :\n16.98\n1.02\n")
    best = total_candidates(text)[0]
    assert best.value == "9.50" and "column" not in best.why


def test_labels_and_amounts_in_separate_columns_are_read_by_arithmetic() -> None:
    # The totals block's labels, then its amounts: no amount sits next to its label. Cash
    # (a round 50.00) minus the total printed before it is the change printed after it.
    text = ("PEN 2 X 14.90\nTOTAL QTY 2\n29.80\nTOTAL EXCL GST\nGST 6%\nCASH\nCHANGE\n"
            "28.11\n1.69\n29.80\n50.00\n20.20\n")
    ranked = total_candidates(text)
    assert ranked[0].value == "29.80"
    assert "tendered-change" in ranked[0].why
    cash = next(c for c in ranked if c.value == "50.00")
    assert "tendered" in cash.why and cash.score < ranked[0].score


def test_total_incl_tax_is_not_penalised_as_a_tax_line() -> None:
    text = "BOOK 7.00\nRING 2.65\nTOTAL RM INCL. OF GST\n9.65\nCASH\n-50.00\nCHANGE\n40.35\n"
    assert total_candidates(text)[0].value == "9.65"


def test_a_round_total_is_not_mistaken_for_cash_without_a_change_after_it() -> None:
    # 20.00 = 18.98 + 1.02 is subtotal + tax: nothing is printed after it, so it is no cash
    text = "SUB-TOTAL (EX)\nTOTAL TAX\nROUNDING\nTOTAL\nCASH\nCHANGE\n18.98\n1.02\n0.00\n20.00\n"
    best = total_candidates(text)[0]
    assert best.value == "20.00" and "tendered" not in best.why


def test_the_cash_rounded_total_wins_over_the_unrounded_one() -> None:
    text = "TOTAL SALES (INCLUSIVE GST) RM\n42.33\nROUNDING\n0.02\nTOTAL\n42.35\nCASH\n42.35\n"
    assert total_candidates(text)[0].value == "42.35"


def test_a_block_of_labels_pairs_with_the_block_of_amounts_after_it() -> None:
    # "TOTAL" has no amount beside it: the third label of the block takes the third amount
    text = "ITEM A 16.90\nITEM B 15.98\nDISCOUNT -2.98\nTOTAL RM INCL. OF GST\nCASH\nCHANGE\n30.10\n-40.10\n10.00\n"
    best = total_candidates(text)[0]
    assert best.value == "30.10" and "paired column" in best.why


def test_a_currency_at_the_end_of_a_line_does_not_turn_the_next_number_into_money() -> None:
    text = "AMOUNT RM\n230\nTEA 9.40\nTOTAL 9.40\n"
    assert [c.value for c in total_candidates(text)] == ["9.40"]


def test_a_name_over_three_lines_with_trade_words_is_joined_whole() -> None:
    text = ("AIK HUAT HARDWARE\nENTERPRISE (SETIA\nALAM) SDN BHD\n822737-X\n"
            "NO. 17-G, JALAN SETIA INDAH\n40170 SETIA ALAM\n")
    assert company_candidates(text)[0].value == "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD"


def test_a_bracketed_branch_line_with_the_legal_form_continues_the_name() -> None:
    text = "PASAR RAYA MEGA MAJU\n(SEMENYIH) SDN BHD\n(767840-W)\nNO 24, JALAN BUNGA RAYA 4,\n43500 SEMENYIH\n"
    assert company_candidates(text)[0].value == "PASAR RAYA MEGA MAJU (SEMENYIH) SDN BHD"


def test_address_skips_the_name_lines_rest_and_stops_before_the_title() -> None:
    text = ("COSWAY (M) SDN BHD (50118-A)\n2ND FLOOR, WISMA COSWAY, JALAN RAJA CHULAN,\n"
            "50200 KUALA LUMPUR\nTAXINVOICE\nCASHIER : 3\n")
    company = company_candidates(text)[0]
    address = address_after(text, company.end)
    assert address is not None
    assert address.value == "2ND FLOOR, WISMA COSWAY, JALAN RAJA CHULAN, 50200 KUALA LUMPUR"


def test_address_keeps_the_part_of_a_line_before_the_phone_number() -> None:
    text = ("MOONLIGHT CAKE HOUSE SDN BHD 862725-U\nNO.1, JALAN PERMAS 10/5, BANDAR BARU PERMAS JAYA\n"
            "81750 JOHOR BAHRU, JOHOR, TEL NO.: 07-387 3322\nWWW.EXAMPLE.COM\n")
    address = address_after(text, company_candidates(text)[0].end)
    assert address is not None
    assert address.value.endswith("81750 JOHOR BAHRU, JOHOR")
    assert text[address.start:address.end].endswith("JOHOR BAHRU, JOHOR")


def test_address_label_and_a_second_company_line_are_not_part_of_the_address() -> None:
    text = ("HAI-O RAYA BHD (169199-V)\nKEPONG OUTLET\nHQ ADD: LOT 11995, BATU 2, JALAN KAPAR\n"
            "41400 KLANG, SELANGOR\nDATE: 15/12/2016\n")
    address = address_after(text, company_candidates(text)[0].end)
    assert address is not None and address.value == "LOT 11995, BATU 2, JALAN KAPAR 41400 KLANG, SELANGOR"


def test_a_shop_name_with_an_address_word_but_no_number_is_still_a_name() -> None:
    text = "PASAR MINI JIN SENG\n379, JALAN PERMAS SATU,\nBANDAR BARU PERMAS JAYA\n81750 PLENTONG, JOHOR.\nTEL : 07-3874904\n"
    company = company_candidates(text)[0]
    assert company.value == "PASAR MINI JIN SENG"
    address = address_after(text, company.end)
    assert address is not None and address.value.startswith("379, JALAN PERMAS SATU")


def test_a_label_value_line_after_the_address_is_not_address() -> None:
    text = ("AMANO MALAYSIA SDN BHD (682288-V)\n12 JALAN PENGACARA U1/48\n40150 SHAH ALAM SELANGOR\n"
            ": 03-55695002/5003\nTAX INVOICE\n")
    address = address_after(text, company_candidates(text)[0].end)
    assert address is not None and address.value == "12 JALAN PENGACARA U1/48 40150 SHAH ALAM SELANGOR"


def test_a_tax_summary_row_is_not_the_total_payable() -> None:
    text = "ITEM 2.97\nTOTAL 0% SUPPLIES:\n9.36\nDEPOSIT -1.39\nTOTAL PAYABLE:\n7.97\n"
    assert total_candidates(text)[0].value == "7.97"


STATEMENT = """Postbank
Kontoauszug

Sophie Klein                              Kontonummer: 62348103
Bahnhofstraße 159                        IBAN: DE47 0267 5128 8169 1068 74
80331 München

Zeitraum: 01.03.2023 bis 31.03.2023
"""


def test_the_person_above_a_street_is_the_addressee_not_the_issuer() -> None:
    from desktop_app.core.rules import addressee

    assert [c.value for c in addressee(STATEMENT)] == ["Sophie Klein"]
    assert company_candidates(STATEMENT)[0].value == "Postbank"


def test_a_two_column_invoice_header_names_the_vendor_on_the_left() -> None:
    text = ("VERTEX ELECTRICAL LLP                           INVOICE\n144 High Street\n"
            "Norwich NR2 1TF                              Invoice No: RE28818\n\nInvoice to:\nChloe Patel\n")
    assert company_candidates(text)[0].value == "VERTEX ELECTRICAL LLP"


def test_a_lab_name_is_not_taken_for_a_person_and_field_lines_are_not_names() -> None:
    text = "Laboratoire Cerballiance\nCompte rendu d'analyses\n\nPatient(e) : Gabriel Lefèvre\nNé(e) le : 28/03/1974\n"
    assert company_candidates(text)[0].value == "Laboratoire Cerballiance"


def test_the_issuer_heads_the_title_and_a_french_phone_line_ends_the_address() -> None:
    text = "Labor Dr. Wisplinghoff\nLaborbefund\n\nPatient: Ursula Schulz\nBLUTBILD\nNatrium\n    142 mmol/L    135-145\n"
    assert company_candidates(text)[0].value == "Labor Dr. Wisplinghoff"
    receipt = "CARREFOUR CITY\n130 allée des Tilleuls\n44000 Nantes\nTél. 01 23 45 67 89\nDUPLICATA\n"
    address = address_after(receipt, company_candidates(receipt)[0].end)
    assert address is not None and address.value == "130 allée des Tilleuls 44000 Nantes"


def test_the_signatory_of_a_letter_is_the_doctor_after_the_closing() -> None:
    from desktop_app.core.rules import signatory

    text = ("CHU de Lyon\n\nDr Chloé Simon\n\nRe: Nicolas Martin, admission  16 juin 2022\n\nCher confrère,\n"
            "Patient admis pour douleur.\n\nBien confraternellement,\nDr Nicolas Robert\n")
    assert [c.value for c in signatory(text)] == ["Dr Nicolas Robert"]
    text = ("Mit freundlichen kollegialen Grüßen\n\nDr. med. Judith Sommer              Jonas Reuter\n"
            "Oberärztin                          Assistenzarzt\n")
    assert [c.raw for c in signatory(text)] == ["Dr. med. Judith Sommer"]


def test_leader_dots_between_a_label_and_its_colon() -> None:
    from desktop_app.core.rules import labelled_value

    text = ("   Paciente.....: JOANA D'ARC PEREIRA LIMA                     Ficha......: 0938-221457\n"
            "   Médico.......: Dra. Luciana Rezende Barbosa - CRM-MG 52.118\n")
    assert [(c.raw, c.why) for c in labelled_value(text, ("paciente", "médico"))] == [
        ("JOANA D'ARC PEREIRA LIMA", "labelled paciente"),
        ("Dra. Luciana Rezende Barbosa - CRM-MG 52.118", "labelled médico")]
    # as a scan spaces the dots
    text = "  Paciente. . . . .: JOANA D'ARC PEREIRA LIMA               Ficha. . . . . .: 0938-221457\n"
    assert [c.raw for c in labelled_value(text, ("paciente",))] == ["JOANA D'ARC PEREIRA LIMA"]


def test_a_label_word_in_the_documents_title_is_no_label() -> None:
    from desktop_app.core.rules import labelled_value

    text = ("MERIDIAN REFERENCE LABORATORY                         Patient Report\n"
            "Patient Details                  Specimen Details\n"
            "HOLLOWAY, GRANT T                Date collected: 11/05/2024\n")
    assert [c.raw for c in labelled_value(text, ("patient",))] == ["HOLLOWAY, GRANT T"]


def test_a_line_saying_what_kind_of_lab_it_is_is_not_its_name() -> None:
    text = ("                                  BIOLAB VAL DE LOIRE\n"
            "                     Laboratoire de Biologie Médicale multisite\n"
            "             Site de Saumur - 14 rue Dacier - 49400 SAUMUR - Tél. 02 41 50 37 12\n")
    assert [c.value for c in company_candidates(text)] == ["BIOLAB VAL DE LOIRE"]


def test_the_name_under_the_patients_heading_is_not_the_issuer() -> None:
    text = ("MERIDIAN REFERENCE LABORATORY                         Patient Report\n"
            "Patient ID: 4417820          Specimen ID: 311-482-7710-0\n"
            "Patient Details                  Specimen Details\n"
            "HOLLOWAY, GRANT T                Date collected: 11/05/2024\n"
            "2290 Birchmont Dr                Date received: 11/05/2024\n"
            "Columbus, OH 43220               Date reported: 11/06/2024\n")
    assert company_candidates(text)[0].value == "MERIDIAN REFERENCE LABORATORY"


def test_a_titled_name_with_its_birth_date_inside_a_sentence_is_the_person() -> None:
    from desktop_app.core.rules import titled_person

    text = ("Sehr geehrter Herr Kollege Krüger,\n\nwir berichten über Ihren Patienten Herrn Werner Hölscher, "
            "geb. 14.05.1953,\nwohnhaft Gartenweg 3, der sich vom 21.10.2024 bis 30.10.2024 befand.\n"
            "We saw Mrs Jane Doe (DOB 02/03/1950) today.\nHerrn Dr. med. Matthias Krüger\n")
    assert [c.raw for c in titled_person(text, doctor=False)] == ["Werner Hölscher", "Jane Doe"]
    assert titled_person("Herr Kollege Krüger hat uns den Patienten am 3.5. überwiesen.\n", doctor=False) == []
    # an Italian title, padded from the name in capitals by a form
    text = "  Sig.ra  FONTANA GIULIA                          Nata il: 22/02/1985    Sesso: F\n"
    assert [c.raw for c in titled_person(text, doctor=False)] == ["FONTANA GIULIA"]
    # as a scan reads it, with a space after the title's dot
    text = "Sig. ra FONTANA GIULIA                       Nata il: 22/02/1985    Sesso: F\n"
    assert [c.raw for c in titled_person(text, doctor=False)] == ["FONTANA GIULIA"]


def test_payslip_amounts_come_from_the_period_column_not_the_year_to_date() -> None:
    from desktop_app.core.rules import labelled_amount

    text = ("Verdienstabrechnung\n                  Monat     Jahressumme\n"
            "Gesamtbrutto      2.986,40       32.850,40\nLohnsteuer          597,37        6.571,07\n")
    assert [c.value for c in labelled_amount(text, ("gesamtbrutto",))] == ["2986.40"]


def test_a_negative_amount_after_a_gap_starts_at_its_sign() -> None:
    from desktop_app.core.rules import amounts_in

    (c,) = amounts_in("Saldo      -393,90")
    assert c.raw == "-393,90"


def test_a_legal_name_with_its_registration_in_brackets_is_a_name_line() -> None:
    text = ("DION REALTIES SDN BHD (CO. NO:20154-T)\n(GST REGISTRATION NO : 000650247680)\n"
            "MENARA DION #02-03, LEVEL 2,\n27, JALAN SULTAN ISMAIL,\n50250 KUALA LUMPUR.\nTEL : 03 2026 6386\n")
    company = company_candidates(text)[0]
    assert company.value == "DION REALTIES SDN BHD"
    address = address_after(text, company.end)
    assert address is not None and address.value.startswith("MENARA DION #02-03, LEVEL 2, 27, JALAN")


def test_a_deduction_printed_after_an_amount_makes_the_net_the_total() -> None:
    # 4.80 − 0.29 (discount) = 4.51, rounded to 4.50: the gross 4.80 is printed three times
    text = ("ROUNDING ADJUSTMENTS\nTOTAL (GST INCL)\nCASH\n4.80 S\n4.80\n4.80\n0.29-\n4.51\n0.01-\n4.50\n4.50\n")
    assert total_candidates(text)[0].value == "4.50"


def test_a_labelled_amount_skips_a_line_of_bare_colons() -> None:
    from desktop_app.core.rules import labelled_amount

    assert [c.value for c in labelled_amount("GST\n:\n1.92\n", ("gst",))] == ["1.92"]


def test_addressee_names_with_apostrophes_and_prefixes() -> None:
    from desktop_app.core.rules import addressee

    text = " Thomas O'Connor              Account number: 97104767\n19 Park Avenue\nNorwich NR2 1TF\n"
    assert [c.value for c in addressee(text)] == ["Thomas O'Connor"]


def test_a_house_number_with_a_stair_or_range_is_a_street_a_date_is_not() -> None:
    from desktop_app.core.rules import addressee

    text = "Herrn\nSebastian Koller\nBergstraße 5/1\n78573 Wurmlingen\n"
    assert [c.value for c in addressee(text)] == ["Sebastian Koller"]
    assert [c.value for c in addressee("Maria Huber\nHauptstraße 12-14\n1010 Wien\n")] == ["Maria Huber"]
    assert addressee("Folio No     F-2024-118342\nInvoice Date 23/11/2024\n") == []


def test_a_business_over_its_owners_line_is_the_addressee() -> None:
    from desktop_app.core.rules import addressee

    text = ("Kaiserbach Gastro-Service GmbH · Am Güterbahnhof 9 · 35390 Gießen\n\n"
            "Café Lindenblüte\nInh. Marta Szymanski                  Am Güterbahnhof 9\nLindenplatz 3\n35578 Wetzlar\n")
    found = addressee(text)
    assert [c.raw for c in found] == ["Café Lindenblüte"] and text[found[0].start : found[0].end] == "Café Lindenblüte"
    assert [c.raw for c in addressee("TAX INVOICE\nSharma Kirana Stores\nProp. Ramesh Sharma\n14 MG Road\n")] == [
        "Sharma Kirana Stores"]


def test_an_address_block_alone_on_the_right_names_the_addressee() -> None:
    from desktop_app.core.rules import window_addressee

    pad = " " * 50
    text = ("LES SAVEURS DE MARGAUX\nTraiteur - Réceptions\n27 rue des Tanneurs - 69007 Lyon\n\n"
            f"{pad}Cabinet Vasseur & Associés\n{pad}Service comptabilité\n{pad}14 quai Jules Courmont\n"
            f"{pad}69002 Lyon\n\nFACTURE N° F2024-0917\n")
    assert [c.raw for c in window_addressee(text)] == ["Cabinet Vasseur & Associés"]
    italian = text.replace(f"{pad}Cabinet", f"{pad}Spett.le\n{pad}Cabinet")
    assert [c.raw for c in window_addressee(italian)] == ["Cabinet Vasseur & Associés"]
    # a scan's text: the salutation misread, a line shifted by a column
    scanned = italian.replace("Spett.le", "Spelt.le").replace(f"{pad}14 quai", f" {pad}14 quai")
    assert [c.raw for c in window_addressee(scanned)] == ["Cabinet Vasseur & Associés"]
    # the issuer's own block first on the page, or a block of cells beside labels, is not the addressee
    assert window_addressee(text[text.index(pad):]) == []
    assert window_addressee("ACME Ltd\n\n" + pad + "Invoice No:   1234\n" + pad + "Date:   01/02/2024\n" +
                            pad + "Terms:   30 days\n" + pad + "69002 Lyon\n") == []


def test_an_amount_that_is_part_of_a_printed_sum_is_not_the_total() -> None:
    # Transcribed in columns: the "TOTAL :" of the tax summary is followed by the tax (4.68);
    # 78.00 + 4.68 = 82.68 is the amount paid. A part of a sum loses to the sum...
    text = ("REF. :\nTOTAL :\n4.68\nITEM 6/8 BATU\n6.36\n50.88\n21.44\nTOTAL QTY:\n6\n82.68\n"
            "TOTAL SALES (EXCLUDING GST) :\nTOTAL GST :\nTOTAL SALES (INCLUSIVE OF GST) :\n"
            "78.00\n4.68\n82.68\n")
    ranked = total_candidates(text)
    assert ranked[0].value == "82.68"
    assert "part of a sum" in next(c for c in ranked if c.value == "4.68").why
    # ...and is not marked so when its own line calls it the total
    labelled = next(c for c in total_candidates("TOTAL 9.00\nCARD 1.50\nPOINTS 10.50\n") if c.value == "9.00")
    assert "part of a sum" not in labelled.why


def test_a_sum_with_its_rounding_adjustment_adds_up() -> None:
    # 144.68 + 8.68 − 0.01 (rounding) = 153.35, labels and amounts in separate columns
    text = ("SUB-TOTAL (EX)\nTOTAL TAX\nROUNDING\nTOTAL\nCASH\nCHANGE\n"
            "144.68\n144.68\n8.68\n-0.01\n153.35\n153.35\n0.00\nGST SUMMARY\nSR 6.00 144.68 8.68\n")
    best = total_candidates(text)[0]
    assert best.value == "153.35" and "adds-up" in best.why


def test_a_former_name_is_not_the_issuer() -> None:
    text = ("GERBANG ALAF RESTAURANTS SDN BHD\n(65351-M)\nformerly known as\n"
            "GOLDEN ARCHES RESTAURANTS SDN BHD\nLevel 6, Bangunan TH, Damansara Uptown3\n"
            "No.3, Jalan SS21/39, 47400 Petaling Jaya\nTOTAL 9.00\n")
    best = company_candidates(text)[0]
    assert best.raw == "GERBANG ALAF RESTAURANTS SDN BHD"
    former = next(c for c in company_candidates(text) if c.raw.startswith("GOLDEN"))
    assert "former name" in former.why


def test_a_road_and_a_unit_number_start_an_address() -> None:
    text = "RELAIS TOTAL OULMES\nAUTOROUTE RABAT MEKNES\n15000 KHEMISSET\nTel. : 05.22.95.66.66\n"
    assert company_candidates(text)[0].raw == "RELAIS TOTAL OULMES"
    assert address_after(text, text.index("\n")).raw == "AUTOROUTE RABAT MEKNES 15000 KHEMISSET"
    text = "MR DAKGALBI SOLARIS\nNO . J-G-02, SOHO KI, SOLARIS MONT KIERA, 50\n480 KL\nGST NO .\n"
    assert address_after(text, text.index("\n")).raw.startswith("NO . J-G-02, SOHO KI")


def test_a_name_whose_opening_bracket_the_scan_lost_is_joined() -> None:
    text = "AIK HUAT HARDWARE\nENTERPRISE CSETIA\nALAM) SDN BHD\n822737-X\nNO. 17-G, JALAN SETIA INDAH\n"
    assert company_candidates(text)[0].raw == "AIK HUAT HARDWARE ENTERPRISE CSETIA ALAM) SDN BHD"


def test_labels_in_clinical_prose_and_compound_headings() -> None:
    from desktop_app.core.rules import labelled_value

    labels = ("diagnosis", "diagnostic", "assessment", "plan", "follow-up")
    text = ("EXAM: plantar responses downgoing. My assessment is that she is well.\n"
            "DIAGNOSTIC DATA: EKG shows sinus rhythm.\n"
            "ASSESSMENT/PLAN: 1. Hypertension.\n"
            "FOLLOW-UP CARE: Dr. X in one week.\n")
    found = {c.why: c.raw for c in labelled_value(text, labels)}
    assert found == {"labelled assessment": "1. Hypertension.", "labelled follow-up": "Dr. X in one week."}
    found = labelled_value("ASSESSMENT AND PLAN:\nAsthma, mild.\n", labels)
    assert [c.raw for c in found] == ["Asthma, mild."]


def test_a_letters_sender_line_names_the_issuer_even_without_its_dots() -> None:
    # DIN-style letter: the sender on one small line above the address window; OCR drops the "·"
    text = ("Cedar Tischlerei GmbH Lindenallee 97 70173 Stuttgart\nMaximilian Yilmaz   RECHNUNG\n"
            "HauptstraBe 54   Rechnungsnummer: INV-2023-0315\n70173 Stuttgart   Rechnungsdatum: 31.07.23\n")
    best = company_candidates(text)[0]
    assert best.raw == "Cedar Tischlerei GmbH" and "sender line" in best.why
    assert text[best.start : best.end] == "Cedar Tischlerei GmbH"
    text = ("KESTREL PLUMBING & HEATING LLP 133 Queensway Edinburgh EH1 1YZ\nVertex Joinery LLP   INVOICE\n"
            "119 Mill Lane   Invoice # F24-266\nLondon SW1A 2AA   Date: 4 Jun 2024\n")
    assert company_candidates(text)[0].raw == "KESTREL PLUMBING & HEATING LLP"


def test_a_sender_line_ending_with_a_four_digit_postcode_and_town() -> None:
    text = ("SCHELDEBANK                                  Rekeninguittreksel nr. 11\n"
            "Scheldebank NV - Kouter 40 - 9000 Gent       Blad 1/1\n"
            "BTW BE 0418.227.604 - RPR Gent\n\nIBAN  BE18 7350 4188 2665\n")
    best = company_candidates(text)[0]
    assert best.raw == "Scheldebank NV" and "sender line" in best.why
    text = "Schilderwerken De Vries BV · Dorpsstraat 12 · 3705 AB Zeist\nFam. Bakker\nKerklaan 4\n"
    assert company_candidates(text)[0].raw == "Schilderwerken De Vries BV"


def test_labels_match_without_their_accents_and_across_a_speck() -> None:
    from desktop_app.core.rules import fold_accents, labelled_value

    assert fold_accents("Médecin à Zürich") == "Medecin a Zurich"
    text = "Medecin. responsable : Dr Gabriel Bernard\nFacture a : Alder & Finch SARL\nEdite par : Dr Léa Roy\n"
    found = [(c.raw, text[c.start : c.end]) for c in labelled_value(text, ("médecin responsable", "facture à", "édité par"))]
    assert found == [("Dr Gabriel Bernard",) * 2, ("Alder & Finch SARL",) * 2, ("Dr Léa Roy",) * 2]


def test_a_words_accent_may_be_lost_but_not_invented() -> None:
    from desktop_app.core.rules import _has

    assert _has("Date decheance : 22.09.2023", ("date d'échéance", "décheance"))
    assert _has("Zahlbar bis: 30.12.2022", ("zahlbar bis",))
    assert not _has("PAYÉ", ("paye",))  # 'paid' stamped on a French payslip is not the UK PAYE tax


def test_scanned_invoice_totals_and_doctors() -> None:
    from desktop_app.core.rules import titled_person

    # a table's column heads end with "Gesamt": not a total label for the first row's amount
    text = ("Pos   Bezeichnung   Menge   Einzelpreis   Gesamt\n1   Fahrtkosten   1 Std.   117,77   117,77\n"
            "2   Montage   2   99,28   198,56\nNettobetrag   316,33\nRechnungsbetrag   376,43\n")
    assert total_candidates(text)[0].value == "376.43"
    assert total_candidates("Subtotal   2,100.48\nVAT 20%   420.10\nAmount due GBP   2,520:58\n")[0].value == "2520.58"
    assert [c.raw for c in titled_person("Dr oliver Davies\n", doctor=True)] == ["Dr oliver Davies"]
    assert [c.raw for c in titled_person("Dr. med.Sabine Becker\n", doctor=True)] == ["Dr. med.Sabine Becker"]
    assert titled_person("Drive 5\n", doctor=True) == []


def test_a_name_whose_first_letter_ocr_read_small() -> None:
    from desktop_app.core.rules import addressee

    text = "Monzo Bank Ltd\nStatement of Account\noliver Williams   Account number: 96714801\n70 King Street\n"
    assert [c.raw for c in addressee(text)] == ["oliver Williams"]
    assert addressee("monthly statement\n70 King Street\n") == []


def test_a_company_addressed_below_the_issuer() -> None:
    from desktop_app.core.rules import addressee

    text = ("KESTREL PLUMBING & HEATING LLP 133 Queensway Edinburgh EH1 1YZ\nVertex Joinery LLP   INVOICE\n"
            "119 Mill Lane   Invoice # F24-266\nLondon SW1A 2AA\n")
    assert [c.raw for c in addressee(text)] == ["Vertex Joinery LLP"]
    # a company above its street at the top is the issuer's own header, not an addressee
    assert addressee("ACME TRADING LTD\n12 High Street\nLeeds LS1 4AP\n") == []


def test_scanned_statement_header_with_specks() -> None:
    from desktop_app.core.rules import addressee

    text = "Banque Populaire\nReleve de compte\nElodie Robert   N° de compte: 98696162\n97. allée des Tilleuls\n"
    assert [c.raw for c in addressee(text)] == ["Elodie Robert"]
    text = "BANK\nStatement\nSophie. Moreau   Account: 1\n44 boulevard Voltaire\n"
    assert [c.raw for c in addressee(text)] == ["Sophie. Moreau"]


def test_a_name_keeps_its_surname_before_the_next_label() -> None:
    from desktop_app.core.rules import _next_label

    def value(rest: str) -> str:
        cut = _next_label(rest)
        return rest if cut is None else rest[:cut]

    assert value("Mrs Eileen Carter. DOB: 02/11/1941") == "Mrs Eileen Carter."
    assert value("Hans Becker geb. am: 14.02.1950") == "Hans Becker"
    assert value("Jane Doe Date of Birth: 1970") == "Jane Doe"
    assert value("ACME Ltd Invoice Date: 12/03/2024") == "ACME Ltd"
    assert value("Mr Peter Hughes NHS No:485 777 3456") == "Mr Peter Hughes"  # a value glued to its colon
    assert value("Sophie Moreau   N° de compte: 1") == "Sophie Moreau"
    assert value("14 Sep 2024 08:30") == "14 Sep 2024 08:30"  # a time is no label


def test_a_line_of_comma_separated_parts_with_a_number_is_an_address() -> None:
    text = ("Gerbang Alaf Restaurants Sdn Bhd\n(65351-M)\nLicensee of McDonald's\n"
            "Levei 6, Bangunan TH, Damansara Uptown3\nNo.3, Jalan SS21/39,47400 Petaling Jaya\nSelangor\n"
            "(GST ID No: 000504664064)\n")
    best = company_candidates(text)[0]
    assert best.raw == "Gerbang Alaf Restaurants Sdn Bhd"
    assert address_after(text, best.end).raw.startswith("Levei 6, Bangunan TH")


def test_name_before_record_id_when_a_scan_kept_one_space_of_the_gap():
    from desktop_app.core.rules import name_before_record_id

    for line in ("Jennifer Walsh   MRN: 40028812", "Jennifer Walsh MRN: 40028812"):
        assert [c.raw for c in name_before_record_id(line)] == ["Jennifer Walsh"]
    assert [c.raw for c in name_before_record_id("Mrs. Anna Berg DOB 01/02/1980")] == ["Mrs. Anna Berg"]
    assert name_before_record_id("Blood Pressure MRN") == []  # no number: no record id
    assert name_before_record_id("Acute Bronchitis Care Clinic MRN 12") == []  # an organisation


def test_scan_rows_keep_a_tables_deduction_column_and_a_stamp_is_no_label() -> None:
    """Read from a scan, a row keeps three spaces between table cells: that is a column break, not
    an amount 'right after' its label; and a label alone on its line (the stamp 'PAYÉ' read as
    'PAYE') takes no amount from the next line's own labelled row."""
    from desktop_app.core.rules import labelled_amount

    table = ("Item   Base   Rate   To pay   Deduction\n"
             "Income tax   4,381.31   921.45\n")
    assert [c.raw for c in labelled_amount(table, ("income tax",))] == ["921.45"]
    assert [c.raw for c in labelled_amount("VAT £10.83   Total £64.98\n", ("vat",))] == ["£10.83"]
    stamped = "PAYE\nSalaire de base   2 164,37   23 808,07\n"
    assert labelled_amount(stamped, ("paye",)) == []
    over = "Gross   Tax   Net\n2,000.00   400.00   1,600.00\n"  # a row of labels over its amounts
    assert [c.raw for c in labelled_amount(over, ("tax",))] == ["400.00"]


def test_number_after_the_title_and_parties_under_from_and_to():
    assert [c.raw for c in titled_number("Acme Studio\nINVOICE INV-0042\nDate: 3 May 2024\n")] == ["INV-0042"]
    assert [c.raw for c in titled_number("FATURA FT 2024B/17          Original\n")] == ["FT 2024B/17"]
    assert titled_number("Invoice 1 of 2\nInvoice 12/03/2024\n") == []
    text = "INVOICE\n\nFrom                       To\nJonas Weber                Lindqvist Media AB\nLange Reihe 4              Box 22\n"
    assert [c.raw for c in party_under(text, "from")] == ["Jonas Weber"]
    assert [c.raw for c in party_under(text, "to")] == ["Lindqvist Media AB"]
    assert party_under("Bill to:          Ship to:\nAnna Berg         Anna Berg\n", "to") == []


def test_a_dates_own_label_comes_before_the_cell_above_it() -> None:
    text = ("ALDER & FINCH LOGISTIK GMBH          Verdienstabrechnung\n"
            "Mitarbeiter: Johanna Wolf             Auszahlung am: 28. November 2022\n")
    best = date_candidates(text, good=("auszahlung", "pay date"), bad=("eintritt",))[0]
    assert best.raw == "28. November 2022" and "labelled" in best.why
    # a row of cells above whose cell names no date lends its words to neither date
    text = ("Data de emissão    Data de vencimento    Condições\n"
            "2024-04-09         2024-05-09            30 dias\n")
    due = date_candidates(text, good=("vencimento",), bad=("emissão",))
    assert due[0].raw == "2024-05-09"
    assert [c.why for c in due if c.raw == "2024-04-09"] == ["other date"]


def test_a_label_column_longer_than_its_amount_column_pairs_its_last_labels() -> None:
    # 'QTY(S) : 11' stands above the totals block's labels; the four amounts below belong to
    # the last four labels, in order (the largest amount is the cash, not the total)
    text = ("CURTAIN BAR 15.00\nQTY(S) : 11\nTOTAL INCL. GST@6%\nCASH\nCHANGE\n"
            "GST @6% INCLUDED IN TOTAL\nRM 68.10\nRM 100.10\nRM 32.00\nRM 3.85\n")
    best = total_candidates(text)[0]
    assert best.value == "68.10" and "paired column" in best.why


def test_cash_of_notes_and_coins_for_round_change_is_no_total() -> None:
    # 100.15 handed over for 15.15, to get 85.00 back: the total is 15.15
    text = ("ICE MOCHA 12.99\nSUBTOTAL\nSVR CHRG 10%\nGST 6%\n12.99\n1.30\n0.86\nTOTAL\nRM\n15.15\n"
            "CASH\nCHANGE\n100.15\n85.00\n")
    ranked = total_candidates(text)
    assert ranked[0].value == "15.15"
    assert "tendered" in next(c for c in ranked if c.value == "100.15").why


def test_change_equal_to_the_total_still_shows_the_cash() -> None:
    # 10.00 handed over for 5.00, 5.00 back: 10.00 is no total though a 'TOTAL' label stands on it
    text = ("PAY PARKING TICKET\n5.00 RM\nAMOUNT INCL. GST\n5.00 RM\nACCEPTED TOTAL\n10.00 RM\n"
            "CHANGE\n5.00 RM\nGST 6%\n0.28 RM\n")
    assert total_candidates(text)[0].value == "5.00"


def test_an_amount_to_be_paid_is_a_total_and_no_cash() -> None:
    text = ("TOTAL :\n25.44\nROUNDING ADJUSTMENT:\n0.01\nAMOUNT TO BE PAID :\n25.45\n"
            "CASH RECEIVED :\n25.50\nCHANGE :\n0.05\n")
    assert total_candidates(text)[0].value == "25.45"


def test_cash_rounded_up_is_no_total_when_no_total_line_shows_it() -> None:
    # the cash handed over is the rounded amount, but the receipt's total is 1.38
    text = "ITEM 1.30\nGST 6%\nRM0.08\nTOTAL\nRM1.38\nROUNDING\nRM0.02\nCASH\nRM1.40\n"
    assert total_candidates(text)[0].value == "1.38"


def test_a_long_number_under_an_id_label_ends_the_address_whatever_its_label_reads() -> None:
    # 'GST' read as '0ST' on a scan: the line is still a registration number, not the address
    text = ("99 SPEED MART S/B (519537-X)\nLOT P.T. 2811, JALAN ANGSA,\nTAMAN BERKELEY\n"
            "41150 KLANG, SELANGOR\n0ST ID. NO : 000181747712\nINVOICE NO : 18121/102/T0327\n")
    address = address_after(text, company_candidates(text)[0].end)
    assert address is not None
    assert address.value == "LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR"


def test_a_name_with_a_middle_initial_before_a_birth_date_is_the_patient() -> None:
    from desktop_app.core.rules import name_before_record_id

    found = name_before_record_id("URGENT CARE\nKayla M. Donovan    DOB: 05/30/1994    MRN: PHU-0061872\n")
    assert [c.raw for c in found] == ["Kayla M. Donovan"]
    found = name_before_record_id("Referto\nGiulia Fontana    Data di nascita: 22/02/1985\n")
    assert [c.raw for c in found] == ["Giulia Fontana"]


def test_a_whole_amount_grouped_by_spaces_with_its_currency_after_it() -> None:
    from desktop_app.core.normalize import find_currency
    from desktop_app.core.rules import amounts_in
    got = amounts_in("ÁFA összesen:   13 500 Ft\nMennyiség  5 000  db\nKábel 6Ft  x\n")
    assert [(c.raw, c.value) for c in got] == [("13 500 Ft", "13500.00")]
    assert find_currency("Ft. Myers, FL 33901\nTotal 12.00") is None and find_currency("Összesen 12 000 Ft") == "HUF"


def test_the_parties_under_hungarian_seller_and_buyer_headings() -> None:
    text = ("ELADÓ                              VEVŐ\n"
            "Tisza Bútor Kft.                   Kovács és Társa Bt.\n"
            "6720 Szeged, Kárász u. 5.          1111 Budapest, Bartók B. út 9.\n")
    assert party_under(text, "from")[0].raw == "Tisza Bútor Kft."
    assert party_under(text, "to")[0].raw == "Kovács és Társa Bt."


def test_the_owner_under_a_pharmacy_name_is_not_its_name() -> None:
    text = ("     FARMACIA DEL PONTE\n   della dr.ssa Giulia Neri\n     Via Roma 12\n   40121 Bologna (BO)\n"
            "DOCUMENTO COMMERCIALE\nTOTALE COMPLESSIVO   12,50\n")
    assert company_candidates(text)[0].raw == "FARMACIA DEL PONTE"


def test_a_company_registration_label_is_no_business_word() -> None:
    from desktop_app.core import rules as _rules

    # 'CO. REG' (a scan reads 'CO. RFG') labels the registration number under the name; 'CO.' ending
    # a name ('KEDAI ... TRADING CO.') is still one
    assert _rules.LEGAL_SUFFIX.search("(CO. REG : 860671-D)") is None
    assert _rules.LEGAL_SUFFIX.search("(CO. RFG : 860671-D)") is None
    assert _rules.LEGAL_SUFFIX.search("CO. NO 123456-X") is None
    assert _rules.LEGAL_SUFFIX.search("SIN HUAT HARDWARE CO.")
    assert _rules.LEGAL_SUFFIX.search("WEST COAST TRADING CO. (M)")


def test_the_change_read_across_columns_is_no_total_and_the_items_sum_is() -> None:
    # labels in one column, amounts in the next; the cash '100.000' is no amount, so only the
    # change's label marks 71.30, and the five items above add up to 28.70
    text = ("NASI LEMAK\nTEH TARIK\nROTI\nMEE GORENG\nICE TEA\n8.50\n1.80\n9.80\n4.30\n4.30\n"
            "SUBTOTAL\nRM CASH\nCHANGE\n28.70\n100.000\n71.30\nINC 6% GST\n1.62\n")
    ranked = total_candidates(text)
    assert ranked[0].value == "28.70" and "items-sum" in ranked[0].why
    change = next(c for c in ranked if c.value == "71.30")
    assert "change" in change.why and change.score < ranked[0].score


def test_a_run_of_items_adds_up_only_to_the_amount_printed_right_after_it() -> None:
    from desktop_app.core.rules import _run_sums, amounts_in
    assert _run_sums(amounts_in("1.00\n2.00\n3.00\n6.00\n")) == {Decimal("6.00")}
    # two items are the pairwise check's; a sum printed later, not right after, is not the run's
    assert _run_sums(amounts_in("2.00\n3.00\n5.00\n")) == set()
    assert _run_sums(amounts_in("1.00\n2.00\n3.00\n9.99\n6.00\n")) == set()


def test_an_unlabelled_total_points_at_the_totals_column_not_the_item_line() -> None:
    # one item: its amount on the item line (with the tax code), then the totals column
    text = ("99 SPEED MART S/B\n489 TIGER BEER CAN\nRM108.50\nS\nTOTAL SALES (INCLUSIVE GST)\nCASH\n"
            "CHANGE\nRM\nRM\nRM\n108.50\n150.00\n41.50\nGST SUMMARY\n")
    best = total_candidates(text)[0]
    assert (best.raw, best.value) == ("108.50", "108.50")
    assert text[best.start:best.end] == "108.50" and best.start > text.index("TOTAL SALES")
