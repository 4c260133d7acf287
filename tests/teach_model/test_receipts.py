"""Till receipts from many countries (teach.receipts): deterministic, and every label is what the
model sees, copyable across the line breaks it is printed over."""
from __future__ import annotations

from desktop_app.core.prompts import document_window
from desktop_app.main import schemas as load_schemas
from desktop_app.teach.dataset import build_text_examples, flat, training_docs
from desktop_app.teach.receipts import generate_world_receipt


def test_world_receipts_are_deterministic_and_varied() -> None:
    a = [generate_world_receipt(i) for i in range(60)]
    b = [generate_world_receipt(i) for i in range(60)]
    assert [d.text for d in a] == [d.text for d in b]
    assert [d.fields for d in a] == [d.fields for d in b]
    countries = {d.layout for d in a}
    assert {"world-MY", "world-SG", "world-UK"} <= countries and len(countries) >= 5
    # names and addresses printed over several lines are among them
    assert any(flat(d.fields["company"]) not in d.text for d in a)
    assert sum(flat(d.fields["address"]) not in d.text for d in a) >= 20


def test_world_receipt_labels_are_in_the_model_window() -> None:
    schema = load_schemas()["receipt"]
    kept = 0
    for i in range(80):
        d = generate_world_receipt(i)
        window = flat(document_window(d.text, head_lines=schema.model_head_lines))
        if flat(d.fields["company"]) in window and flat(d.fields["address"]) in window:
            kept += 1
    assert kept >= 72  # a stamp dropped into the address block makes the rest unusable


def test_training_docs_take_world_receipts() -> None:
    docs = training_docs(1, 3, kinds=("receipt",), asian_receipts=0, world_receipts=12)
    assert sum(d.layout.startswith("world-") for d in docs) == 12
    ex = build_text_examples(load_schemas(), docs, 3)
    assert sum(e.layout.startswith("world-") for e in ex) >= 10
