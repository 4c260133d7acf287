"""Kinds of documents that are easy to confuse (tests/fixtures/kinds_blind, written before the
classifier was read): each fix is tested on snippets written for the test, and the whole set is
measured at the end with the documents still classified wrongly listed with their reason."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.classify import classify
from desktop_app.core.schemas import load_schemas

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = load_schemas(ROOT / "resources" / "schemas")
FOLDER = ROOT / "tests" / "fixtures" / "kinds_blind"


def kind(text: str) -> str:
    return classify(text, SCHEMAS)[0]


# -- keywords in more languages ------------------------------------------------------------------

DUTCH_PAYSLIP = """\
Loonstrook december 2023                Werkgever: Polderbouw Hoorn B.V.
Werknemer  K. Sijbrands                 Personeelsnr  0771
Salaris                                              2.980,00
Bruto loon                                           2.980,00
Loonheffing                                           -471,20
Netto loon                                           2.508,80
"""

PENSION_OVERVIEW = """\
Pensioenfonds Zorgverleners Oost            Uniform Pensioenoverzicht 2023
Deelnemer  J. Wiersma     Peildatum 1 januari 2023
Ouderdomspensioen vanaf 67 jaar            € 4.210 bruto per jaar
Partnerpensioen                            € 2.950 bruto per jaar
"""

SAVINGS_DE = """\
Volksbank Auental eG      Sparkonto Nr. 55 120 774
Alter Kontostand 31.12.2023            2.104,18 H
Zinsgutschrift                             41,07
Neuer Kontostand 31.01.2024            2.145,25 H
"""

SPANISH_CLINIC_LETTER = """\
Centro de Salud Los Almendros - Consulta de Cardiología
Informe de consulta      Fecha 11/10/2023
Motivo de consulta: dolor torácico atípico de dos semanas de evolución.
Exploración física: TA 128/76, auscultación rítmica sin soplos.
Pruebas complementarias:
   Troponina T        9 ng/L        (< 14)
   Colesterol total   231 mg/dL     (< 200)
   Glucosa            102 mg/dL     (70 - 110)
   Creatinina         0,9 mg/dL     (0,7 - 1,2)
Juicio clínico: dolor torácico no coronario.
"""


def test_dutch_payslip_words() -> None:
    assert kind(DUTCH_PAYSLIP) == "payslip"


def test_pension_overview_is_an_account_statement() -> None:
    assert kind(PENSION_OVERVIEW) == "bank_statement"


def test_german_savings_account_statement() -> None:
    assert kind(SAVINGS_DE) == "bank_statement"


def test_spanish_clinic_letter_quoting_lab_values() -> None:
    assert kind(SPANISH_CLINIC_LETTER) == "medical_summary"


# -- papers that look like bills or statements but are neither ('other') ---------------------------

CLAIM_SETTLEMENT = """\
Harbourline Health Insurance            Explanation of Benefits
Statement date 02/14/2024               THIS IS NOT A BILL
Claim 55-2031-7    Provider: Eastgate Imaging
Date of service   Billed      Plan paid    You owe
01/30/2024        $820.00     $512.00      $96.00
"""

TAX_ASSESSMENT_TO_PAY = """\
Finanzamt Oberwiesen          Steuernummer 101/552/30871     Datum 03.06.2024
Bescheid für 2022 über Einkommensteuer
festgesetzt werden                      9.118,00 €
ab Steuerabzug vom Lohn                -8.400,00 €
Nachzahlung                               718,00 €
Zahlbar bis 08.07.2024 auf IBAN DE12 5003 0000 0000 7711 02
Rechtsbehelfsbelehrung: Gegen diesen Bescheid ist der Einspruch gegeben.
"""

LEASE = """\
TENANCY AGREEMENT (assured shorthold)
Landlord: Mr D. Parry        Tenant: Ms O. Adeyemi
Property: Flat 2, 19 Quay Street, Cardiff CF10 1EA
Rent: £925.00 per calendar month, payable on the 1st by standing order
Deposit: £1,067.00 protected with an approved scheme
Term: 12 months from 1 October 2023
"""


def test_explanation_of_benefits_is_other() -> None:
    assert kind(CLAIM_SETTLEMENT) == "other"


def test_tax_assessment_asking_for_payment_is_other() -> None:
    assert kind(TAX_ASSESSMENT_TO_PAY) == "other"


def test_lease_is_other() -> None:
    assert kind(LEASE) == "other"


# -- a till receipt by its make-up -----------------------------------------------------------------

SPANISH_TICKET = """\
FARMACIA DEL CARMEN  NIF 44120983-P
FACTURA SIMPLIFICADA  N: A-118202
29/04/2024   18:52
PARACETAMOL KERN 1G 40 COMP      1,98
LORATADINA CINFA 10MG 20 C       3,15
TIRITAS AQUA 20 U                4,30
TOTAL 3 ARTICULOS                9,43
TARJETA                          9,43
BASE IMPONIBLE  IVA 4%  5,0
BASE IMPONIBLE  IVA 21%  3,55
"""

FRENCH_TICKET = """\
SUPERMARCHE DU PORT   SIRET 733 018 442 00017
YAOURT NATURE X8            2,35
BAGUETTE TRADITION          1,20
CAFE MOULU 250G             3,99
TOTAL A PAYER               7,54
ESPECES                    10,00
RENDU                       2,46
12/05/2024 09:41  Caisse 3
"""

UTILITY_BILL_WITH_A_TIME = """\
Northvale Water Services              Invoice number  W-2024-554120
Account number 7710 2281              Bill date 04/04/2024   Due date 25/04/2024
Call us 8:00 - 18:00 on 0345 100 2200
Standing charge   91 days             £28.40
Water supply      31 m3               £62.93
Amount due                            £91.33
"""


def test_spanish_pharmacy_ticket_with_invoice_words_is_a_receipt() -> None:
    assert kind(SPANISH_TICKET) == "receipt"


def test_french_till_ticket_with_a_siret_is_a_receipt() -> None:
    assert kind(FRENCH_TICKET) == "receipt"


def test_a_time_alone_does_not_make_a_bill_a_receipt() -> None:
    assert kind(UTILITY_BILL_WITH_A_TIME) == "invoice"


# -- utility bills ---------------------------------------------------------------------------------

GAS_BILL_UK = """\
Meadowgate Energy                          Your gas bill
Account number 5520 1187 4402              Bill date 3 March 2024
Last bill                                  £96.20
Payment received 20 Feb - thank you       -£96.20
Previous reading 8,812 (actual)   Present reading 9,104 (estimated)
Standing charge 29 days x 31.43p            £9.11
Amount to pay                              £71.88
"""

ELECTRICITY_BILL_NL = """\
Energie Noordwest                           Jaarafrekening stroom 2023
Klantnummer 220 418 77      Meterstand begin 14.220   Meterstand eind 16.801
Verbruik normaal 2.581 kWh                         742,13
Vaste leveringskosten                               71,40
Betaalde termijnbedragen 12 x 65,00              -780,00
Totaal te betalen                                   33,53
"""


def test_uk_gas_bill_with_a_thanked_payment_is_an_invoice() -> None:
    assert kind(GAS_BILL_UK) == "invoice"


def test_dutch_annual_electricity_bill_is_an_invoice() -> None:
    assert kind(ELECTRICITY_BILL_NL) == "invoice"


# -- letters: a clinic letter quoting lab values; a business letter is 'other' ---------------------

DUTCH_CLINIC_LETTER = """\
Polikliniek Interne Geneeskunde, Ziekenhuis Rijnoever
Geachte collega,
Uw patiënt dhr. B. Kuipers (geb. 17-09-1958) bezocht op 5 maart ons spreekuur.
Laboratorium: Hb 8,1 mmol/l, kreatinine 96 umol/l, glucose 7,9 mmol/l, HbA1c 55 mmol/mol.
Conclusie: diabetes mellitus type 2, matig ingesteld.
Beleid: metformine ophogen naar 850 mg 2dd.
Met vriendelijke groet,
L. Jansen, internist
"""

GERMAN_CLINIC_LETTER = """\
Sehr geehrter Herr Kollege Braun,
vielen Dank für die Überweisung von Frau Ilse Roth, geb. 14.01.1955.
Labor vom 02.02.2024: Kreatinin 1,4 mg/dl, Kalium 4,8 mmol/l, TSH 3,1 mU/l, HbA1c 6,9 %.
Beurteilung: chronische Niereninsuffizienz Stadium G3a, stabil.
Empfehlung: Kontrolle in sechs Monaten.
Mit freundlichen kollegialen Grüßen
Dr. med. P. Lenz
"""

BANK_LETTER = """\
Dear Mr Castellano

Your savings account: new interest rate

We are writing to tell you that the interest rate on your savings account will go
down from 3.25% to 3.05% a year from 1 July 2024. You do not need to do anything.
If you would rather move your money, you can do so at any time without a charge.

Yours sincerely

Customer Relations, Fairbridge Bank
"""

INSURER_LETTER = """\
Dear Ms Oduya,

Thank you for choosing us for your car insurance. Your policy renews on 12 August
and your premium for the coming year will be £486.20, collected in monthly payments.
Please read the enclosed documents and tell us if any of your details have changed.

Kind regards
Renewals Team
"""

DUTCH_CLAIM_OVERVIEW = """\
Zorgverzekeraar Duinzorg        Declaratieoverzicht april 2024
Behandeling          Zorgverlener          Gedeclareerd   Vergoed   Eigen risico
Fysiotherapie 6 x    Fysio Centrum Leiden       228,00     228,00       0,00
Huisartsenzorg       Huisarts Oegstgeest         36,50      36,50       0,00
"""


def test_dutch_clinic_letter_quoting_labs_is_a_medical_summary() -> None:
    assert kind(DUTCH_CLINIC_LETTER) == "medical_summary"


def test_german_clinic_letter_quoting_labs_is_a_medical_summary() -> None:
    assert kind(GERMAN_CLINIC_LETTER) == "medical_summary"


@pytest.mark.parametrize("text", [BANK_LETTER, INSURER_LETTER], ids=["bank", "insurer"])
def test_business_letter_is_other(text: str) -> None:
    assert kind(text) == "other"


def test_insurers_claim_overview_is_other() -> None:
    assert kind(DUTCH_CLAIM_OVERVIEW) == "other"


# -- a prescription with no title: its dosing words ------------------------------------------------

GERMAN_UNTITLED_PRESCRIPTION = """\
Dr. med. Anke Vogt, Allgemeinmedizin          Datum: 09.01.2024
Frau Helga Sommer
1) Candesartan 8 mg   1-0-0   p.o.
2) Torasemid 10 mg    1x täglich morgens
3) Metamizol 500 mg   bei Bedarf bis 4x täglich
4) Vitamin D3 20.000 IE   1x wöchentlich peroral
"""


def test_german_prescription_without_a_title() -> None:
    assert kind(GERMAN_UNTITLED_PRESCRIPTION) == "prescription"


# -- payslips: more languages, and the gross / net pair with a deduction ----------------------------

PAYSLIP_PT = """\
Recibo de vencimento   Fevereiro 2024
Empresa: Padaria Estrela do Norte, Lda     Trabalhador: Ana Faria
Vencimento base                     980,00
Total ilíquido                    1.112,00
Segurança Social 11%               -122,32
Valor líquido a receber             989,68
"""

PAYSLIP_PL = """\
Pasek wynagrodzeń   02/2024     Pracownik: Tomasz Zieliński
Wynagrodzenie zasadnicze          5 400,00
Wynagrodzenie brutto              5 400,00
Składka emerytalna                  527,04
Zaliczka na podatek dochodowy       318,00
Do wypłaty                        4 012,51
"""

PAYSLIP_SV = """\
Lönespecifikation februari 2024        Anställd: Sara Holm
Månadslön                         31 200,00
Bruttolön                         31 200,00
Preliminär skatt                  -7 980,00
Nettolön                          23 220,00
"""

UNTITLED_PAY_ADVICE = """\
Harbourside Bakery Pty Ltd        Employee: Jack Moore
Ordinary time   38.0 x $27.10          1,029.80
Gross                                  1,029.80
PAYG tax                                -118.00
Net                                      911.80
"""

INVOICE_WITH_NET_AND_GROSS = """\
Invoice no. 2024-118     Customer: Tallis Joinery Ltd      Due date 30/04/2024
Oak worktop 3000 x 600 x 40                      412.00
Fitting, 6 hours                                 270.00
Net                                              682.00
VAT 20%                                          136.40
Gross                                            818.40
"""


@pytest.mark.parametrize("text", [PAYSLIP_PT, PAYSLIP_PL, PAYSLIP_SV], ids=["pt", "pl", "sv"])
def test_payslips_in_more_languages(text: str) -> None:
    assert kind(text) == "payslip"


def test_untitled_pay_advice_by_its_gross_net_pair_and_tax() -> None:
    assert kind(UNTITLED_PAY_ADVICE) == "payslip"


def test_an_invoice_printing_net_and_gross_is_no_payslip() -> None:
    assert kind(INVOICE_WITH_NET_AND_GROSS) == "invoice"


# -- statements in more languages; hotel bills; words inside accented words -------------------------

STATEMENT_PL = """\
Wyciąg z rachunku nr 5/2024      Bank Nadwiślański S.A.
Saldo początkowe                         2 118,40
12.05.2024  Przelew przychodzący        1 500,00
20.05.2024  Płatność kartą               -212,18
Saldo końcowe                            3 406,22
"""

STATEMENT_IT = """\
Estratto conto al 31/03/2024        Cassa Rurale del Garda
Saldo iniziale                            914,22
05/03  Bonifico in entrata              1.300,00
18/03  Addebito utenza gas                -96,40
Saldo finale                            2.117,82
"""

HOTEL_BILL_AT = """\
Gasthof Zur Linde · Hauptplatz 3 · 5020 Salzburg
Rechnung Nr. 4471     Zimmer 12
Anreise 02.05.2024    Abreise 04.05.2024
Übernachtung mit Frühstück  2 x 96,00         192,00
Ortstaxe                                        6,04
Gesamt EUR                                    198,04
Bezahlt mit Maestro                           198,04
"""


@pytest.mark.parametrize("text", [STATEMENT_PL, STATEMENT_IT], ids=["pl", "it"])
def test_statements_in_more_languages(text: str) -> None:
    assert kind(text) == "bank_statement"


def test_hotel_bill_paid_at_checkout_is_an_invoice() -> None:
    assert kind(HOTEL_BILL_AT) == "invoice"


def test_a_keyword_inside_an_accented_word_does_not_count() -> None:
    # 'hst' (a receipt's Canadian tax) is no word of 'Frühstück'
    assert classify("Frühstück", SCHEMAS)[2]["receipt"] == 0.0


# -- prescriptions in Spanish, Italian, Dutch ------------------------------------------------------

PRESCRIPTION_ES = """\
Receta médica    Paciente: Jorge Sanz Molina
Medicamento: LOSARTAN NORMON 50 MG, 28 comprimidos
Posología: 1 comprimido cada 24 horas
Fecha de prescripción: 02/04/2024
"""

PRESCRIPTION_IT = """\
Ricetta   Paziente: Elena Conti
Amlodipina 5 mg compresse - posologia: una compressa al mattino
Dott. R. Fabbri
"""

MEDICATION_OVERVIEW_NL = """\
Medicatieoverzicht   dhr. K. Mulder
Simvastatine 20 mg tablet     1 x per dag 1 stuk 's avonds
Metformine 500 mg tablet      2 x per dag 1 stuk bij de maaltijd
"""


@pytest.mark.parametrize("text", [PRESCRIPTION_ES, PRESCRIPTION_IT, MEDICATION_OVERVIEW_NL], ids=["es", "it", "nl"])
def test_prescriptions_in_more_languages(text: str) -> None:
    assert kind(text) == "prescription"


# -- a banking app's screen is no till slip; a practice's statement asking to pay is a bill ---------

BANKING_APP_SCREEN = """\
10:02
Current account
Available balance £642.10
Today
Co-op Food
11:48  Card payment      -£9.35
Shell Garage
08:02  Contactless      -£41.00
Yesterday
Salary ACME LTD
00:01  Faster payment  +£1,912.44
Spotify
02:00  Direct debit      -£11.99
"""

PRACTICE_STATEMENT = """\
Statement                              Date 30 April 2024
Elmfield Veterinary Surgery
Client: Mrs Ruth Ellery      Account 30418
Date       Item                              Charge      Paid
02/04/24   Consultation                       52.00
02/04/24   Vaccination (annual booster)       68.00
16/04/24   Dental scale under anaesthetic    295.00
16/04/24   Payment - card                                120.00
Balance owing                                            295.00
Please settle within 14 days.
"""


def test_banking_app_screen_is_a_statement_not_a_receipt() -> None:
    assert kind(BANKING_APP_SCREEN) == "bank_statement"


def test_practice_statement_asking_for_the_balance_is_an_invoice() -> None:
    assert kind(PRACTICE_STATEMENT) == "invoice"


# -- letters, continued: a bill written as a letter; a short clinic letter to a patient; a PO Box ----

LETTER_BILL = """\
Dear Mr Pryce,

Re: garden wall rebuilt at 9 Vicarage Lane, 4 to 6 April 2024

Taking down and rebuilding 6 metres of brick wall, with new coping stones and all
materials: £1,240.00.

Please pay by bank transfer to sort code 30-11-42, account number 55120871, within
21 days of this letter.

Kind regards

Gareth Lowe, Builder
"""

PATIENT_CLINIC_LETTER = """\
Dear Mr Abara,

Thank you for coming to the Hearing Clinic on 14 March. Your hearing test showed a
mild loss in the right ear only, which does not need hearing aids at present. We
have asked your GP to review you again in twelve months.

Yours sincerely

Ms L. Finch, Audiologist
"""

BANK_LETTER_WITH_PO_BOX = """\
Hollins Bank, PO Box 4471, Leeds LS1 9XX

Dear Ms Varga

We have received your request to close your account and will send any remaining
money to the account you named within five working days of the closing date.

Yours sincerely

Account Closures Team
"""


def test_a_bill_written_as_a_letter_with_bank_details_is_an_invoice() -> None:
    assert kind(LETTER_BILL) == "invoice"


def test_short_clinic_letter_to_a_patient_is_a_medical_summary() -> None:
    assert kind(PATIENT_CLINIC_LETTER) == "medical_summary"


def test_po_box_is_no_prescription_word() -> None:
    assert kind(BANK_LETTER_WITH_PO_BOX) == "other"


# -- a French bank-details slip (RIB) is 'other'; an investment account statement ------------------

RIB = """\
RELEVÉ D'IDENTITÉ BANCAIRE
Titulaire : Mme Odile Ferrand
Code banque  Code guichet  N° de compte   Clé RIB
30002        04410         0000771842P    12
IBAN FR76 3000 2044 1000 0077 1842 P12   BIC CRLYFRPP
"""

DEPOT_STATEMENT = """\
Depotauszug per 30.06.2024          Sparkasse Elbtal
Stück   Wertpapier                   ISIN            Kurswert EUR
80      Xtrackers MSCI Europe        LU0274209237       6.412,80
Gesamtkurswert                                          6.412,80
"""


def test_bank_details_slip_is_other() -> None:
    assert kind(RIB) == "other"


def test_securities_account_statement_is_a_statement() -> None:
    assert kind(DEPOT_STATEMENT) == "bank_statement"


# -- the whole set -------------------------------------------------------------------------------

# Documents of kinds_blind still classified wrongly, with why (a fix would be for one file).
# None left: 09_farmacia_ticket_es (invoice words on a till ticket) was fixed by the receipt make-up,
# 12_eob_insurance_us (read as a bank statement) by 'other's own words, the rest by keywords.
KNOWN_MISSES: dict[str, str] = {}
ACCURACY = 24 / 24  # 19 / 24 before this branch


def test_kinds_blind_accuracy() -> None:
    labels = [json.loads(x) for x in (FOLDER / "labels.jsonl").read_text(encoding="utf-8").splitlines()
              if x.strip()]
    wrong = {lab["id"] for lab in labels
             if kind((FOLDER / lab["text"]).read_text(encoding="utf-8")) != lab["doc_type"]}
    assert wrong == set(KNOWN_MISSES)
    assert (len(labels) - len(wrong)) / len(labels) >= ACCURACY


PROBE = ROOT / "tests" / "fixtures" / "kinds_probe"  # written after reading the classifier: not blind


def test_kinds_probe_all_right() -> None:
    labels = [json.loads(x) for x in (PROBE / "labels.jsonl").read_text(encoding="utf-8").splitlines()
              if x.strip()]
    wrong = {lab["id"] for lab in labels
             if kind((PROBE / lab["text"]).read_text(encoding="utf-8")) != lab["doc_type"]}
    assert wrong == set()
