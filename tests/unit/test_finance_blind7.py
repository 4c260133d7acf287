"""Finance documents written blind, seventh round (tests/fixtures/finance_blind7, labels.jsonl): six
invoices (UK, German, French, Irish, Italian, Australian), four statements (US, German S/H, Belgian
Af/Bij, UK), three payslips (UK, German, US) and a Kenyan eTIMS receipt; kind, fields, list rows and
consistency checks, rules only. What Coffer still misses is listed (KNOWN_MISSES, KNOWN_ROWS,
KNOWN_CHECKS), so that a new miss fails and a fixed one is noticed."""
from __future__ import annotations

import pytest

from desktop_app.core import rules
from desktop_app.core.service import DocumentService
from tests.unit.blind_sets import check_finance, load

FOLDER, LABELS = load("finance_blind7")
KNOWN_KINDS: dict[str, str] = {}
KNOWN_MISSES: set[tuple[str, str]] = set()
# (rows matched, rows read)
KNOWN_ROWS: dict[str, tuple[int, int]] = {}
KNOWN_CHECKS: dict[str, int] = {}


@pytest.mark.parametrize("doc_id", sorted(LABELS))
def test_blind7_finance_document(service: DocumentService, doc_id: str) -> None:
    check_finance(service, FOLDER, LABELS[doc_id], misses={n for d, n in KNOWN_MISSES if d == doc_id},
                  rows=KNOWN_ROWS.get(doc_id),
                  checks=KNOWN_CHECKS.get(doc_id, 0), kind=KNOWN_KINDS.get(doc_id))


def _tax(text: str) -> str:
    return rules.tax_lines(text, ("tax", "gst", "vat", "ust", "iva"), ("incl", "excl"))[0].raw


def test_the_sum_of_the_tax_goes_before_the_tax_of_each_rate() -> None:
    text = "Netto            489,07\n7 % USt auf 308,72   21,61\n19 % USt auf 180,35   34,27\nSumme USt   55,88\n"
    assert _tax(text) == "55,88"


def test_a_line_naming_the_base_or_the_amount_with_tax_is_not_the_tax() -> None:
    assert _tax("Subtotal (ex GST)   $572.40\nGST   $57.24\nTOTAL (inc GST)   $629.64\n") == "$57.24"
    assert _tax("Imponibile IVA    3.047,20\nIVA 22%    670,38\n") == "670,38"


def test_a_list_of_services_under_the_name_is_not_the_issuer() -> None:
    text = ("STUDIO TECNICO ING. LORENZO BASSANI\nProgettazione strutturale - Direzione lavori - Pratiche edilizie\n"
            "Via Emilia Ovest 218 - 41123 Modena (MO)\n\nFATTURA N. 27/2024\n")
    assert rules.company_candidates(text)[0].raw == "STUDIO TECNICO ING. LORENZO BASSANI"


def test_the_mention_of_a_company_capital_does_not_join_the_name() -> None:
    text = ("LES SAVEURS DE MARGAUX\nTraiteur - Réceptions\nSARL au capital de 15 000 € - 27 rue des Tanneurs - "
            "69007 Lyon\n\nFACTURE N° F2024-0917\n")
    assert rules.company_candidates(text)[0].raw == "LES SAVEURS DE MARGAUX"


def test_the_kenyan_shilling_is_read() -> None:
    from desktop_app.core.normalize import find_currency_span

    assert find_currency_span("TOTAL          KSH 1,933.00\n")[2] == "KES"
    assert find_currency_span("Amount due: KSh 450.00\n")[2] == "KES"


def test_a_currency_code_ending_a_word_makes_no_amount() -> None:
    assert [c.raw for c in rules.amounts_in("CHEVRON 0092 PORTLAND OR   62.15")] == ["62.15"]


def test_an_item_named_bar_is_not_the_cash_handed_over() -> None:
    text = ("SUGAR 2KG\n   1.00 X 399.00     399.00\nJAMII BAR SOAP 800G\n   1.00 X 245.00     245.00\n"
            "BREAD 400G\n   1.00 X 65.00       65.00\n"
            "TOTAL                KSH 709.00\nM-PESA                   709.00\nCHANGE                     0.00\n")
    assert rules.total_candidates(text)[0].raw == "709.00"


def test_a_label_in_a_box_beside_a_ytd_box_takes_the_amount_below_it() -> None:
    text = ("| Total Payments   3,437.52 | Total Deductions   910.44 |\n"
            "+---------------------------+---------------------------+\n"
            "| Tax Paid YTD     3,045.80 | NET PAY                   |\n"
            "| NI YTD           1,254.90 |                           |\n"
            "| Pension YTD      1,164.46 |          £2,527.08        |\n"
            "+---------------------------+---------------------------+\n")
    assert [c.raw for c in rules.labelled_amount(text, ("net pay",), ("ytd",))] == ["£2,527.08"]
    assert [c.raw for c in rules.labelled_amount(text, ("total payments",), ("ytd",))] == ["3,437.52"]


def test_a_block_of_labels_beside_the_address_is_no_row_of_column_headings() -> None:
    text = ("  MS PRIYA RAMANATHAN              Account name    MS PRIYA RAMANATHAN\n"
            "  FLAT 4B, 19 HOLLYMOUNT ROAD      Sort code       40-19-27\n"
            "  LONDON                           Account number  71830264\n")
    assert rules.labelled_value(text, ("account name",))[0].raw == "MS PRIYA RAMANATHAN"


def test_the_italian_totale_is_a_total_label() -> None:
    text = ("Totale compensi        2.930,00\nIVA 22%                  644,60\nTOTALE DOCUMENTO    € 3.574,60\n"
            "Ritenuta d'acconto 20% su 2.930,00     - 586,00\nNETTO A PAGARE      € 2.988,60\n")
    assert rules.total_candidates(text)[0].value == "3574.60"
