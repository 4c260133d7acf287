"""L1/L2: a scripted hostile model. Its fill() answers every key with another document's values,
SQL, a 10 MB string, NaN/negative/huge amounts, links, markdown images and HTML, control
characters, extra keys (id/document_id/table), and out-of-range probabilities. Whatever it says:
only the target document changes (every other record hashes the same through the vault's public
API), fields stay the schema's, and the write path ignores ids the model names.

Found by these tests and fixed in f667183 (core/extraction.py): the extractor used to keep a model
value that is not in the document (flagged "not found", but stored, so a hostile model could
plant another document's data or 10 MB strings), a probability of -1 gave a confidence of -0.3,
and a NaN probability made the agreeing rule candidate lose."""
from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pytest

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.extraction import Extractor
from desktop_app.main import schemas as load_schemas
from tests.privacy import injection_kit as kit

OTHER = {  # a previously stored patient's data: must never appear in another record
    "name": "Marisol Quenby", "id": "QX-77-4410", "iban": "DE89370400440532013000",
    "amount": "4321.09", "date": "17/08/1961",
}
PREVIOUS_LAB = f"""NORTHGATE CLINICAL LABORATORIES
Patient: {OTHER['name']}   DOB: {OTHER['date']}
Patient ID: {OTHER['id']}
Requested by: Dr. A. Patel
Collected: 02/09/2024
Haemoglobin 12.1 g/dL 12.0-15.5
Balance due EUR {OTHER['amount']} to IBAN {OTHER['iban']}
"""
TARGET_LAB = """WESTBRIDGE PATHOLOGY
Collected: 14/03/2024
Haemoglobin 13.9 g/dL 13.0-17.0
Glucose 5.1 mmol/L 3.9-5.5
"""  # no labelled patient/physician: the rules find nothing, so the model's word is all there is
TARGET_RECEIPT = """CORNER BEAN COFFEE
12 Market Street
Leeds LS1 6DT
VAT No 123 4567 89
2 Flat White 6.80
Subtotal 6.80
Total GBP 6.80
Card 6.80
14 Mar 2024 09:12
Thank you!
"""

HOSTILE: dict[str, list[str]] = {
    "other_document": [OTHER["name"], OTHER["id"], OTHER["iban"], OTHER["amount"], OTHER["date"]],
    "sql": ["x'); DELETE FROM documents; --", "1; DROP TABLE fields", "' OR 1=1 --"],
    "huge": ["A" * 10_000_000],  # 10 MB
    "big": ["B" * 1_000_000],
    "numbers": ["NaN", "-inf", "1e309", "-99999.99", "9" * 40, "-0"],
    "links": ['<img src="http://evil.example/p.png">', "![p](http://evil.example/p.png)",
              "[click](http://evil.example/x)", "http://evil.example/?q=secret"],
    "control": ["A\x00B", "\u202eevil", "line one\nTOTAL: 0.00", "\r\n\t"],
}
PROBS = [0.99, float("nan"), -1.0, 7.5, float("inf")]
EXTRA_KEYS = {"id": "1", "document_id": "1", "doc_id": "1", "table": "documents",
              "kind": "receipt", "status": "deleted", "sql": "DELETE FROM documents"}


class HostileEngine:
    """fill() like LlamaCppEngine.fill, answering with ``values`` round-robin; records prompts."""

    name = "hostile"

    def __init__(self, values: Sequence[str], probs: Sequence[float] = (0.99,)) -> None:
        self.values, self.probs = list(values), list(probs)
        self.prompts: list[str] = []
        self.n = 0

    def fill(self, prompt: str, keys: Sequence[str], *, max_value_tokens: int = 40,
             cancel: object = None, copy_from: str | None = None,
             line_prefix: str = "\n") -> dict[str, tuple[str, float]]:
        self.prompts.append(prompt)
        out: dict[str, tuple[str, float]] = {}
        for key in keys:
            out[key] = (self.values[self.n % len(self.values)], self.probs[self.n % len(self.probs)])
            self.n += 1
        out.update({k: (v, 0.99) for k, v in EXTRA_KEYS.items()})
        return out


@pytest.fixture(scope="module")
def schemas():
    return load_schemas()


@pytest.fixture
def seeded(tmp_path: Path, schemas):
    """A vault holding the previous patient's lab report and a receipt (rules only)."""
    vault = kit.new_vault(tmp_path / "vault")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "previous-lab.txt").write_text(PREVIOUS_LAB)
    (folder / "older-receipt.txt").write_text(TARGET_RECEIPT.replace("CORNER BEAN", "OLD MILL"))
    res = kit.service(vault, schemas, None).add_files(sorted(folder.iterdir()))
    assert all(r.ok for r in res)
    yield vault, tmp_path
    vault.close()


def _add(vault, schemas, engine, tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    before = kit.snapshot(vault)
    res = kit.service(vault, schemas, engine).add_file(path)
    after = kit.snapshot(vault)
    return res, before, after


CASES = [(family, doc) for family in HOSTILE for doc in ("lab", "receipt")]


@pytest.mark.parametrize(("family", "doc"), CASES)
def test_hostile_model_changes_only_its_own_document(seeded, schemas, family: str, doc: str) -> None:
    vault, tmp_path = seeded
    engine = HostileEngine(HOSTILE[family], PROBS)
    text = TARGET_LAB if doc == "lab" else TARGET_RECEIPT
    res, before, after = _add(vault, schemas, engine, tmp_path, f"target-{family}-{doc}.txt", text)
    assert res.ok, res.error
    assert engine.prompts, "the model was not asked"
    # L1: the app chose the id; nothing the model said selected, deleted or changed a record.
    assert set(after) == set(before) | {res.doc_id}
    assert {k: after[k] for k in before} == before
    stored = vault.get_document(res.doc_id, with_text=True).extraction
    assert stored is not None
    names = [f.name for f in stored.fields]
    assert not set(names) & set(EXTRA_KEYS), names
    assert names == [f.name for f in schemas[stored.kind].fields]
    # L4 at the prompt level: nothing of the stored documents reached this document's prompt.
    for value in OTHER.values():
        assert all(value not in p for p in engine.prompts)


@pytest.mark.parametrize(("family", "doc"), [(f, d) for f in HOSTILE for d in ("lab", "receipt")])
def test_hostile_values_are_rejected_or_clamped(seeded, schemas, family: str, doc: str) -> None:
    """L2/L3: every stored value is grounded in the document, typed fields are in normal form,
    confidences are finite in [0, 1], nothing is longer than 1000 characters, and no value of
    another document appears."""
    vault, tmp_path = seeded
    text = TARGET_LAB if doc == "lab" else TARGET_RECEIPT
    res, _, _ = _add(vault, schemas, HostileEngine(HOSTILE[family], PROBS), tmp_path,
                     f"clamp-{family}-{doc}.txt", text)
    assert res.ok, res.error
    ex = vault.get_document(res.doc_id, with_text=False).extraction
    assert kit.schema_problems(ex, schemas) == []
    assert kit.ungrounded(ex, text) == []
    leaked = [v for v in OTHER.values() for s in kit.strings_of(ex) if v in s]
    assert leaked == []


@pytest.mark.parametrize("prob", PROBS)
def test_model_probability_never_gives_an_out_of_range_confidence(schemas, prob: float) -> None:
    """One level down, without the vault: a probability of NaN/inf/-1/7.5 must not give a NaN or
    negative confidence (-1.0 used to give -0.3 on the kept ungrounded value)."""
    doc = ParsedDocument.from_text(TARGET_LAB)
    ex = Extractor(HostileEngine([OTHER["name"]], [prob])).extract(doc, schemas["lab_report"])
    assert kit.schema_problems(ex, schemas) == []
    assert kit.ungrounded(ex, TARGET_LAB) == []


def test_nan_probability_does_not_demote_the_right_candidate(schemas) -> None:
    doc = ParsedDocument.from_text(TARGET_RECEIPT)
    ex = Extractor(HostileEngine(["CORNER BEAN COFFEE"], [float("nan")])).extract(doc, schemas["receipt"])
    assert ex.get("company").raw == "CORNER BEAN COFFEE"


@pytest.mark.parametrize("prob", [0.99, -1.0, 7.5, float("inf")])
def test_agreeing_model_keeps_the_rule_choice_whatever_its_probability(schemas, prob: float) -> None:
    doc = ParsedDocument.from_text(TARGET_RECEIPT)
    f = Extractor(HostileEngine(["CORNER BEAN COFFEE"], [prob])).extract(doc, schemas["receipt"]).get("company")
    assert f.raw == "CORNER BEAN COFFEE" and f.grounded
    assert math.isfinite(f.confidence) and 0.0 <= f.confidence <= 1.0
