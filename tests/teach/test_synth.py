"""Generated documents: deterministic by seed, labels grounded in the text, arithmetic that holds."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from desktop_app.core.normalize import find_ibans, iban_valid, parse_amount, parse_date
from desktop_app.teach.synth import (
    HELDOUT,
    KINDS,
    LANGS,
    LAYOUTS,
    generate,
    generate_set,
    ungrounded,
    write_set,
)

ALL = [(k, lay, lang) for k in KINDS for lay in LAYOUTS[k] for lang in LANGS]


def money(s: str) -> Decimal:
    value = parse_amount(s)
    assert value is not None, s
    return value


def test_same_seed_same_document_and_different_seeds_differ():
    a = generate("invoice", 7, lang="de", layout="classic")
    b = generate("invoice", 7, lang="de", layout="classic")
    c = generate("invoice", 8, lang="de", layout="classic")
    assert (a.text, a.fields, a.lists) == (b.text, b.fields, b.lists)
    assert a.text != c.text
    assert [d.text for d in generate_set(KINDS, 3, 5)] == [d.text for d in generate_set(KINDS, 3, 5)]


@pytest.mark.parametrize(("kind", "layout", "lang"), ALL)
def test_every_label_is_in_the_text(kind, layout, lang):
    for seed in range(4):
        doc = generate(kind, seed, lang=lang, layout=layout)
        assert doc.kind == kind and doc.layout == layout and doc.lang == lang
        assert ungrounded(doc) == [], (doc.id, ungrounded(doc))
        assert doc.fields, doc.id
        assert not any(k not in ("currency",) and not v for k, v in doc.fields.items())


def test_ibans_have_valid_checksums_in_every_country():
    for lang in LANGS:
        for seed in range(10):
            doc = generate("bank_statement", seed, lang=lang)
            assert iban_valid(doc.fields["iban"]), doc.fields["iban"]
            assert find_ibans(doc.text), doc.id
            inv = generate("invoice", seed, lang=lang)
            assert iban_valid(inv.fields["iban"])


def test_statement_balances_reconcile():
    for layout in LAYOUTS["bank_statement"]:
        for lang in LANGS:
            for seed in range(5):
                doc = generate("bank_statement", seed, lang=lang, layout=layout)
                rows = doc.lists["transactions"]
                assert len(rows) >= 6
                opening, closing = money(doc.fields["opening_balance"]), money(doc.fields["closing_balance"])
                balance = opening
                for row in rows:
                    if "balance" in row:
                        # the label is the printed (unsigned) amount; the running balance gives the sign
                        after = money(row["balance"])
                        assert abs(after - balance) == money(row["amount"])
                        balance = after
                if all("balance" in r for r in rows):
                    assert balance == closing


def test_invoice_items_tax_and_total_add_up():
    for layout in LAYOUTS["invoice"]:
        for lang in LANGS:
            for seed in range(5):
                doc = generate("invoice", seed, lang=lang, layout=layout)
                items = doc.lists["line_items"]
                for it in items:
                    q = Decimal(it["quantity"].replace(",", "."))
                    assert abs(q * money(it["unit_price"]) - money(it["amount"])) <= Decimal("0.01")
                subtotal = sum(money(it["amount"]) for it in items)
                tax, total = money(doc.fields["tax"]), money(doc.fields["total"])
                discount = subtotal + tax - total
                assert discount >= 0 and discount <= subtotal * Decimal("0.1") + Decimal("0.01")
                assert parse_date(doc.fields["date"]) <= parse_date(doc.fields["due_date"])


def test_lab_flags_follow_the_reference_range():
    from desktop_app.core.lists import lab_flag

    for layout in LAYOUTS["lab_report"]:
        for lang in LANGS:
            doc = generate("lab_report", 3, lang=lang, layout=layout)
            for row in doc.lists["results"]:
                assert lab_flag(row["value"], row["reference_range"]) == row["flag"], row


def test_medications_have_dose_route_and_frequency():
    for kind in ("prescription", "medical_summary"):
        for lang in LANGS:
            for seed in range(4):
                doc = generate(kind, seed, lang=lang)
                assert doc.lists["medications"]
                for m in doc.lists["medications"]:
                    assert set(m) == {"name", "dose", "route", "frequency"}


def test_languages_use_their_number_and_date_formats():
    de = generate("invoice", 1, lang="de", layout="classic")
    fr = generate("invoice", 1, lang="fr", layout="classic")
    en = generate("invoice", 1, lang="en", layout="classic")
    assert "," in de.fields["total"] and "." not in de.fields["total"][-3:]
    assert "," in fr.fields["total"][-3:]
    assert "." in en.fields["total"][-3:]


def test_heldout_layout_is_one_of_each_kind():
    assert set(HELDOUT) == set(KINDS)
    assert all(HELDOUT[k] in LAYOUTS[k] for k in KINDS)


def test_write_set_matches_the_shared_dataset_format(tmp_path):
    docs = generate_set(["lab_report", "invoice"], 3, 11)
    labels = write_set(tmp_path, docs)
    records = [json.loads(x) for x in labels.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6
    for rec, doc in zip(records, docs, strict=True):
        assert {"id", "text", "doc_type", "fields", "lists"} <= set(rec)
        assert (tmp_path / rec["text"]).read_text(encoding="utf-8") == doc.text


def test_cli_synth_writes_a_labelled_folder(tmp_path):
    from desktop_app.cli import run

    out = tmp_path / "set"
    assert run(["synth", str(out), "--kinds", "lab_report,prescription", "--n", "4", "--seed", "3",
                "--lang", "de,fr", "--heldout", "exclude"]) == 0
    records = [json.loads(x) for x in (out / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 8
    assert {r["lang"] for r in records} == {"de", "fr"}
    assert all(r["layout"] != HELDOUT[r["doc_type"]] for r in records)
    assert run(["synth", str(out), "--kinds", "nope"]) == 2
