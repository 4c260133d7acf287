"""The evaluation's scoring rules, on extractions the tests build themselves."""
from __future__ import annotations

from desktop_app.core.entities import Extraction, Field
from desktop_app.core.evaluation import EvalReport, LabelledDoc


def _doc(fields: dict[str, str]) -> LabelledDoc:
    return LabelledDoc("d1", None, None, "invoice", fields)


def test_a_currency_symbol_matches_its_iso_code_when_normalised() -> None:
    report = EvalReport()
    ex = Extraction(kind="invoice", kind_confidence=1.0,
                    fields=[Field("currency", "£", "GBP", type="currency")])
    misses = report.add(_doc({"currency": "GBP"}), ex, 0.1)
    score = report.fields["currency"]
    assert misses == [] and score.exact == 0 and score.normalised == 1


def test_amounts_compare_as_numbers_but_text_does_not() -> None:
    report = EvalReport()
    ex = Extraction(kind="invoice", kind_confidence=1.0,
                    fields=[Field("total", "1.234,50", "1234.50", type="money"),
                            Field("vendor", "ACME", "ACME", type="text")])
    report.add(_doc({"total": "1234.50", "vendor": "ACME LTD"}), ex, 0.1)
    assert report.fields["total"].normalised == 1
    assert report.fields["vendor"].normalised == 0
