"""Teach from corrections: the personal adapter lives encrypted in the vault, is A/B-gated, rolls back."""
from __future__ import annotations

import secrets
import sys
from pathlib import Path

import pytest

from desktop_app.teach import personal
from desktop_app.teach.personal import TeachDoc


@pytest.fixture
def vault(tmp_path: Path):
    from desktop_app.storage.vault import Vault

    v = Vault.open(tmp_path / "data" / "vault.db", secrets.token_bytes(32).hex(), create=True)
    yield v
    v.close()


def test_blobs_round_trip_encrypted(vault, tmp_path: Path) -> None:
    from desktop_app.storage.blobs import delete_blob, get_blob, list_blobs, put_blob

    secret = b"GGUF" + b"personal-adapter-bytes" * 100
    put_blob(vault, "adapter/personal/1", secret, {"active": True})
    assert get_blob(vault, "adapter/personal/1") == secret
    assert [b.name for b in list_blobs(vault, "adapter/")] == ["adapter/personal/1"]
    assert list_blobs(vault, "other/") == []
    vault.checkpoint()
    raw = (tmp_path / "data" / "vault.db").read_bytes()
    assert b"personal-adapter-bytes" not in raw  # encrypted at rest
    delete_blob(vault, "adapter/personal/1")
    assert get_blob(vault, "adapter/personal/1") is None


def test_active_adapter_provider_and_rollback(vault) -> None:
    from desktop_app.storage.blobs import put_blob

    provide = personal.personal_adapter_provider(vault)
    assert provide() is None
    assert "standard model" in personal.rollback(vault)
    put_blob(vault, "adapter/personal/20260101T000000", b"first", {"active": False, "kept": True})
    personal._set_active(vault, "adapter/personal/20260101T000000")
    put_blob(vault, "adapter/personal/20260102T000000", b"second", {"active": False, "kept": True})
    personal._set_active(vault, "adapter/personal/20260102T000000")
    assert provide() == b"second"
    personal.rollback(vault)
    assert provide() == b"first"
    personal.rollback(vault)
    assert provide() is None


def test_adapter_file_exists_only_inside_the_block() -> None:
    with personal.adapter_file(b"GGUF1234") as path:
        assert path.read_bytes() == b"GGUF1234"
        kept = path
    if not str(kept).startswith("/proc/self/fd/"):
        assert not kept.exists()


def _docs() -> list[TeachDoc]:
    out = []
    for i in range(9):
        text = f"SHOP {i} SDN BHD\nNO. {i}, JALAN MAWAR,\n8120{i} JOHOR BAHRU\nDATE: 0{i + 1}/02/2018\nTOTAL {i}.50\n"
        out.append(TeachDoc(str(i), "receipt", text, {"company": f"SHOP {i} SDN BHD",
                                                      "address": f"NO. {i}, JALAN MAWAR, 8120{i} JOHOR BAHRU",
                                                      "date": f"0{i + 1}/02/2018", "total": f"{i}.50"}))
    return out


def test_dry_run_reports_what_it_would_train_on(tmp_path: Path) -> None:
    from desktop_app.main import schemas

    report, blob = personal.teach_from_docs(_docs(), base_gguf=tmp_path / "none.gguf", current_adapter=None,
                                            schemas=schemas(), dry_run=True)
    assert blob is None and report.dry_run
    assert report.documents == report.usable == 9 and report.kinds == {"receipt": 9}
    assert report.heldout_documents == 2 and report.train_documents == 7
    assert report.train_examples == 14 and report.replay_examples == 14
    assert "Training on 7" in "\n".join(report.lines())
    few, _ = personal.teach_from_docs(_docs()[:3], base_gguf=tmp_path / "none.gguf", current_adapter=None,
                                      schemas=schemas(), dry_run=True)
    assert "Not enough" in few.message


def test_split_is_fixed_and_disjoint() -> None:
    train, held = personal.split_docs(_docs())
    assert {d.id for d in held} == {"3", "7"}
    assert not {d.id for d in train} & {d.id for d in held}


def test_missing_training_packages_say_what_to_install(monkeypatch) -> None:
    from desktop_app.teach.base import TeachUnavailable, require_teach_packages

    monkeypatch.setitem(sys.modules, "peft", None)
    with pytest.raises(TeachUnavailable, match=r"pip install \.\[teach\]"):
        require_teach_packages()


def test_coffer_teach_dry_run_on_the_vault(monkeypatch, capsys) -> None:
    """`coffer teach --dry-run` opens the vault non-interactively and reports, training nothing."""
    from desktop_app.cli import run
    from desktop_app.storage import unlock

    monkeypatch.setenv("COFFER_PASSPHRASE", "correct horse battery staple 42")
    monkeypatch.setenv("COFFER_KDF_SECONDS", "0")
    import keyring.backends.fail

    from desktop_app.system import secrets as ks

    monkeypatch.setattr(ks.keyring, "get_keyring", lambda: keyring.backends.fail.Keyring())
    from desktop_app.system.paths import app_paths

    v = unlock.open_vault(app_paths(), interactive=False)
    v.close()
    called = {}

    def fake_teach(store, progress, cancel, **kw):
        called.update(kw)
        return personal.TeachReport(documents=0, dry_run=True, message="Dry run: nothing was trained.")

    monkeypatch.setattr(personal, "teach_personal_adapter", fake_teach)
    assert run(["teach", "--dry-run"]) == 0
    assert called["dry_run"] is True
    assert "Dry run" in capsys.readouterr().out
    assert run(["teach", "--list"]) == 0
    assert "No personal adapter" in capsys.readouterr().out


def test_teach_dry_run_reads_corrected_documents_from_the_vault(vault, model_path, monkeypatch) -> None:
    """The real service function on a vault: corrected documents become the training set."""
    import hashlib

    from desktop_app.core.entities import Extraction, Field, ParsedDocument

    monkeypatch.setenv("COFFER_BUNDLED_MODEL_DIR", str(model_path.parent))
    for d in _docs():
        doc_id = vault.add_document(name=f"{d.id}.txt", sha256=hashlib.sha256(d.text.encode()).hexdigest(),
                                    media_type="text/plain", content=d.text.encode(),
                                    parsed=ParsedDocument.from_text(d.text))
        ex = Extraction(kind="receipt", kind_confidence=1.0, fields=[
            Field(name="company", raw="WRONG", value="WRONG", type="text", confidence=0.5, grounded=False,
                  source="model")])
        vault.save_extraction(doc_id, ex)
        vault.correct_field(doc_id, "company", d.fields["company"], d.fields["company"])
        vault.correct_field(doc_id, "address", d.fields["address"], d.fields["address"])
    docs = personal.corrected_docs(vault)
    assert len(docs) == 9 and all(d.fields["company"].startswith("SHOP") for d in docs)
    report = personal.teach_personal_adapter(vault, dry_run=True)
    assert report.dry_run and report.usable == 9 and report.train_documents == 7
    assert personal.personal_adapters(vault) == []  # nothing stored by a dry run
