"""The evaluation's scoring rules, on extractions the tests build themselves."""
from __future__ import annotations

from desktop_app.core.entities import Extraction, Field
from desktop_app.core.evaluation import EvalReport, LabelledDoc, format_table


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


def test_calibration_is_counted_over_all_fields_and_over_printed_labels() -> None:
    report = EvalReport()
    text = "ACME TRADING\nTOTAL 9.00\n"
    # vendor wrong and flagged (label printed); total wrong, not flagged, its label not printed
    ex = Extraction(kind="invoice", kind_confidence=1.0,
                    fields=[Field("vendor", "ACME", "ACME", confidence=0.5, grounded=True),
                            Field("total", "9.00", "9.00", type="money", confidence=0.9, grounded=True)])
    report.add(_doc({"vendor": "ACME TRADING", "total": "9.50"}), ex, 0.1, text)
    summary = report.summary()
    assert summary["wrong"] == 2 and summary["wrong_caught"] == 0.5
    assert summary["wrong_label_printed"] == 1 and summary["wrong_caught_label_printed"] == 1.0
    assert summary["flagged_uncertain"] == 0.5


def test_the_mean_by_rule_compares_addresses_on_letters_and_digits_and_amounts_as_numbers() -> None:
    report = EvalReport()
    ex = Extraction(kind="receipt", kind_confidence=1.0,
                    fields=[Field("address", "NO.1,JALAN BESAR", "NO.1,JALAN BESAR", type="text"),
                            Field("total", "RM 9.00", "9.00", type="money"),
                            Field("vendor", "ACME", "ACME", type="text")])
    report.add(_doc({"address": "NO. 1, JALAN BESAR", "total": "9.00", "vendor": "ACME LTD"}), ex, 0.1)
    summary = report.summary()
    assert summary["mean_exact"] == 0.0
    # address right on letters and digits, total right as a number, vendor still wrong
    assert summary["mean_by_rule"] == round(2 / 3, 4)
    assert "by rule 0.667" in format_table(summary)


def test_a_field_labelled_null_must_stay_empty() -> None:
    report = EvalReport()
    ex = Extraction(kind="lab_report", kind_confidence=1.0,
                    fields=[Field("ordering_physician", "Lægerne i Søndergade", "Lægerne i Søndergade")])
    misses = report.add(_doc({"ordering_physician": None, "lab": None}), ex, 0.1, "Rekvirent: Lægerne i Søndergade")
    score, empty = report.fields["ordering_physician"], report.fields["lab"]
    assert (score.n, score.exact, score.normalised, score.wrong) == (1, 0, 0, 1)
    assert (empty.n, empty.exact, empty.normalised, empty.wrong) == (1, 1, 1, 0)
    assert misses == [{"id": "d1", "field": "ordering_physician", "truth": None, "pred": "Lægerne i Søndergade"}]
