"""Finance documents in real layouts (tests/fixtures/finance_realstyle): kind, fields and lists,
rules only."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.service import DocumentService

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "finance_realstyle"

EXPECTED = {
    "uk_utility.txt": ("invoice", {"vendor": "Northern Power Ltd", "date": "05 March 2024",
                                   "due_date": "19 March 2024", "customer": "David Green",
                                   "total": "£96.51", "tax": "£4.60"}, {"line_items": 2}),
    "de_rechnung.txt": ("invoice", {"vendor": "Schreinerei Holzmann GmbH", "invoice_number": "2024-0117",
                                    "date": "21.02.2024", "due_date": "06.03.2024", "customer": "Katrin Vogel",
                                    "total": "3.421,25", "tax": "546,25",
                                    "iban": "DE89 3704 0044 0532 0130 00"}, {"line_items": 3}),
    "us_payslip.txt": ("payslip", {"employer": "BRIGHTLINE LOGISTICS INC.", "employee": "Maria Gonzalez",
                                   "pay_date": "02/20/2024", "gross_pay": "2,536.50", "net_pay": "1,951.88"}, {}),
    "de_kontoauszug.txt": ("bank_statement", {"bank": "Sparkasse Musterstadt", "account_holder": "Thomas Berger",
                                              "iban": None, "opening_balance": "1.204,33",
                                              "closing_balance": "2.954,56"}, {"transactions": 4}),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_realstyle_finance_document(service: DocumentService, name: str) -> None:
    kind, fields, lists = EXPECTED[name]
    text = (FOLDER / name).read_text(encoding="utf-8")
    ex = service.analyse(ParsedDocument.from_text(text))
    assert ex.kind == kind
    assert {k: (ex.get(k).raw if ex.get(k) else None) for k in fields} == fields
    assert {k: len(v) for k, v in ex.lists.items() if v} == lists
    assert ex.checks == []  # items + tax add up; balances reconcile
