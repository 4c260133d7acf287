"""The Vault as a DocumentStore: documents, fields, lists, summaries, corrections, search."""
from __future__ import annotations

import pytest
from vault_testkit import sample_extraction, sample_parsed

from desktop_app.core.entities import Extraction, Field, ParsedDocument, TextLine
from desktop_app.core.errors import VaultError
from desktop_app.core.ports import DocumentStore
from desktop_app.storage.vault import Vault, fts_query


def _add(vault: Vault, n: int = 0, canary: str = "") -> int:
    doc_id = vault.add_document(name=f"r{n}.txt", sha256=f"{n:064x}", media_type="text/plain",
                                content=f"bytes {n}".encode(), parsed=sample_parsed(canary, n))
    vault.save_extraction(doc_id, sample_extraction(canary))
    return doc_id


def test_is_a_document_store(vault: Vault) -> None:
    assert isinstance(vault, DocumentStore)


def test_add_get_roundtrip_with_boxes(vault: Vault) -> None:
    parsed = ParsedDocument(text="Total 3.50\nDate 2024-01-02", media_type="application/pdf",
                            lines=[TextLine(0, 10, 0, (1.0, 2.0, 30.5, 12.0), 0.93),
                                   TextLine(11, 26, 1, None, None)],
                            page_count=2, page_sizes=[(595.0, 842.0), (595.0, 842.0)],
                            ocr_used=True, ocr_confidence=0.8, warnings=["page 2 is blank"])
    doc_id = vault.add_document(name="a.pdf", sha256="ab" * 32, media_type="application/pdf",
                                content=b"%PDF-1.7 raw", parsed=parsed, status="reading")
    rec = vault.get_document(doc_id)
    assert rec.parsed == parsed
    assert (rec.name, rec.size, rec.status, rec.media_type) == ("a.pdf", 12, "reading", "application/pdf")
    assert vault.get_content(doc_id) == b"%PDF-1.7 raw"
    assert vault.get_document(doc_id, with_text=False).parsed is None
    assert vault.find_by_hash("ab" * 32) == doc_id
    assert vault.find_by_hash("cd" * 32) is None


def test_dedupe_by_hash_keeps_id(vault: Vault) -> None:
    a = _add(vault, 1)
    again = vault.add_document(name="copy.txt", sha256=f"{1:064x}", media_type="text/plain", content=b"x")
    assert again == a
    assert vault.count_documents() == 1


def test_extraction_roundtrip(vault: Vault) -> None:
    doc_id = _add(vault, 1, "CANARY")
    ex = vault.get_document(doc_id).extraction
    want = sample_extraction("CANARY")
    assert ex is not None
    assert ex.fields == want.fields
    assert ex.lists == want.lists
    assert (ex.summary, ex.checks, ex.kind) == (want.summary, want.checks, "receipt")
    assert vault.get_document(doc_id).date == "2024-03-05"


def test_status_and_errors(vault: Vault) -> None:
    doc_id = _add(vault)
    vault.set_status(doc_id, "failed", "could not read page 2")
    rec = vault.get_document(doc_id, with_text=False)
    assert (rec.status, rec.error) == ("failed", "could not read page 2")
    with pytest.raises(VaultError):
        vault.set_status(doc_id, "bogus")
    with pytest.raises(VaultError):
        vault.get_document(999)
    with pytest.raises(VaultError):
        vault.set_status(999, "done")


def test_set_parsed_updates_text_and_index(vault: Vault) -> None:
    doc_id = vault.add_document(name="x.png", sha256="1" * 64, media_type="image/png", content=b"png")
    assert vault.search("pineapple") == []
    vault.set_parsed(doc_id, ParsedDocument.from_text("one pineapple 2.00"))
    assert [r.id for r in vault.search("pineapple")] == [doc_id]


def test_list_filters_and_order(vault: Vault) -> None:
    ids = [_add(vault, n) for n in range(3)]
    other = vault.add_document(name="letter.txt", sha256="f" * 64, media_type="text/plain", content=b"l")
    vault.save_extraction(other, Extraction(kind="clinical_letter", kind_confidence=0.7,
                                            fields=[Field("date", "1 May 2023", "2023-05-01")]))
    assert [r.id for r in vault.list_documents()] == [other, *reversed(ids)]
    assert {r.id for r in vault.list_documents(kind="receipt")} == set(ids)
    assert [r.id for r in vault.list_documents(date_to="2023-12-31")] == [other]
    assert [r.id for r in vault.list_documents(date_from="2024-01-01", limit=1, offset=1)] == [ids[1]]
    listed = vault.list_documents(kind="receipt")[0]
    assert listed.parsed is None and listed.extraction and listed.extraction.lists == {}
    assert vault.list_documents(kind="receipt", with_lists=True)[0].extraction.lists
    assert dict(vault.kinds()) == {"receipt": 3, "clinical_letter": 1}


def test_search_text_fields_summary_and_hostile_queries(vault: Vault) -> None:
    a = _add(vault, 1, "ZEBRA")
    b = vault.add_document(name="lab.txt", sha256="e" * 64, media_type="text/plain", content=b"l",
                           parsed=ParsedDocument.from_text("Haemoglobin 13.2 g/dL"))
    assert [r.id for r in vault.search("haemoglobin")] == [b]
    assert [r.id for r in vault.search("zebr")] == [a]  # prefix on the last word
    assert [r.id for r in vault.search("superstore milk")] == [a]
    for hostile in ['"', "name:acme", "NEAR(a b)", "a OR", "*", "'; DROP TABLE documents; --", "^x"]:
        vault.search(hostile)  # must not raise an FTS5 syntax error
    assert fts_query("  ") is None
    assert vault.count_documents() == 2


def test_correction_keeps_model_value_history_and_undo(vault: Vault) -> None:
    doc_id = _add(vault)
    vault.correct_field(doc_id, "total", "3.60", "3.60")
    f = vault.get_document(doc_id).extraction.get("total")
    assert (f.raw, f.value, f.source, f.model_value, f.uncertain) == ("3.60", "3.60", "person", "3.50", False)
    vault.correct_field(doc_id, "total", "3.70", "3.70")
    assert vault.get_document(doc_id).extraction.get("total").model_value == "3.50"
    # A re-extraction never overwrites a person's value, but records the new model value.
    ex = sample_extraction()
    ex.get("total").value = "9.99"
    vault.save_extraction(doc_id, ex)
    f = vault.get_document(doc_id).extraction.get("total")
    assert (f.value, f.source, f.model_value) == ("3.70", "person", "9.99")
    assert [d.id for d in vault.corrected_documents(kind="receipt")] == [doc_id]
    assert vault.corrected_documents()[0].parsed is not None
    history = vault.corrections(doc_id)
    assert [h["after"]["value"] for h in history] == ["3.60", "3.70"]
    vault.undo_correction(doc_id, "total")
    assert vault.get_document(doc_id).extraction.get("total").value == "3.60"
    vault.undo_correction(doc_id, "total")
    f = vault.get_document(doc_id).extraction.get("total")
    assert (f.value, f.source) == ("3.50", "model")
    assert vault.corrected_documents() == []
    with pytest.raises(VaultError):
        vault.undo_correction(doc_id, "total")


def test_correcting_a_missing_field_then_undo_removes_it(vault: Vault) -> None:
    doc_id = _add(vault)
    vault.correct_field(doc_id, "iban", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000")
    assert vault.get_document(doc_id).extraction.get("iban").model_value is None
    assert [r.id for r in vault.search("DE89")] == [doc_id]
    vault.undo_correction(doc_id, "iban")
    assert vault.get_document(doc_id).extraction.get("iban") is None


def test_delete_removes_everything(vault: Vault) -> None:
    doc_id = _add(vault, 1, "QUOKKA")
    vault.correct_field(doc_id, "total", "4.00", "4.00")
    vault.delete_document(doc_id)
    assert vault.count_documents() == 0
    assert vault.search("quokka") == []
    for table in ("contents", "parsed", "fields", "list_rows", "summaries", "corrections"):
        assert vault.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    with pytest.raises(VaultError):
        vault.delete_document(doc_id)


def test_reopen_keeps_everything(vault: Vault, key: str) -> None:
    doc_id = _add(vault, 1, "KEEP")
    path = vault.path
    vault.close()
    with Vault.open(path, key) as again:
        assert again.get_document(doc_id).extraction.get("reference").value == "KEEP"
        assert [r.id for r in again.search("keep")] == [doc_id]


def test_batch_is_one_transaction(vault: Vault) -> None:
    with vault.batch():
        for n in range(5):
            _add(vault, n)
    assert vault.count_documents() == 5
    with pytest.raises(RuntimeError), vault.batch():
        for n in range(5, 8):
            _add(vault, n)
        raise RuntimeError("stop")
    assert vault.count_documents() == 5  # all of the failed batch rolled back
    assert vault.search("superstore 6") == [] or all(r.id <= 5 for r in vault.search("superstore"))
