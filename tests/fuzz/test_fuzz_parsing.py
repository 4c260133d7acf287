"""B4 for the parsing of model output and document text: normalisation, grounding, the rule
candidate finders, list readers, classification and the whole Extractor (with the fuzzed strings
as the model's answers) never raise, stay within time, and keep every span inside the text."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.harness import (
    check_extract,
    check_ground,
    check_normalise,
    check_parsing,
    check_rules,
    model_outputs,
)

OUTPUTS = model_outputs()
# Text that looks like papers: digits, separators, currency marks, month names, labels.
ATOMS = ["TOTAL", "Total", "Tax", "VAT", "Date:", "Patient:", "IBAN", "RM", "€", "$", "£", "EUR",
         "GBP", "Jan", "März", "décembre", "Sept.", "14/06/2019", "2024-03-05", "1.234,50", "1,234.50",
         "23.90", "-3.20", "(12.00)", "GB82 WEST 1234 5698 7654 32", "x", "X 2", "@", "%", "Qty",
         "Subtotal", "Change", "Cash", "Balance", "mmol/L", "12.0-15.5", "H", "L", "mg", "1-0-1"]
doc_text = st.lists(st.one_of(st.sampled_from(ATOMS), st.text(max_size=12)), max_size=60).map(
    lambda parts: "".join(p + ("\n" if i % 5 == 4 else " ") for i, p in enumerate(parts)))
value = st.one_of(st.sampled_from(OUTPUTS), st.text(max_size=80),
                  st.from_regex(r"-?[0-9 .,']{1,30}(?:€|\$| EUR)?", fullmatch=True))


@given(value)
def test_normalisation_never_raises(raw: str) -> None:
    assert check_normalise(raw) == []


@given(value, doc_text)
def test_grounding_stays_inside_the_text(v: str, text: str) -> None:
    assert check_ground(v, text) == []


@given(doc_text)
def test_rule_finders_never_raise(text: str) -> None:
    assert check_rules(text) == []


@given(doc_text, st.lists(value, min_size=1, max_size=4))
def test_extraction_with_fuzzed_model_output(text: str, outs: list[str]) -> None:
    assert check_extract(text, outs) == []


@given(st.sampled_from(OUTPUTS), st.text(max_size=400))
def test_model_outputs_against_arbitrary_text(out: str, text: str) -> None:
    assert check_parsing(text, [out]) == []
