"""K7: the vault secret never reaches a process that handles hostile input. Scripts unlock the
vault with COFFER_PASSPHRASE / COFFER_RECOVERY_KEY (never on the command line); the sandboxed
parse workers (PDFium, Pillow, python-docx, ONNX OCR on untrusted files) must not inherit them:
a parser exploit there would otherwise read the passphrase from its own environment.
Found by this test (issue 9); fixed in a4e75ef (the worker gets a scrubbed environment)."""
from __future__ import annotations

import pytest

from desktop_app.ingestion.reader import SandboxedReader

SECRETS = {"COFFER_PASSPHRASE": "k7-canary-passphrase-0c1d",
           "COFFER_NEW_PASSPHRASE": "k7-canary-new-passphrase-77aa",
           "COFFER_RECOVERY_KEY": "K7CA-NARY-RECO-VERY-KEY0-0000-0000-0000"}


def _probe(tmp_path, monkeypatch: pytest.MonkeyPatch) -> str:
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    doc = tmp_path / "any.txt"
    doc.write_text("hello")
    reader = SandboxedReader(target="tests.privacy.k7_probe:read_document")
    return reader.read(doc).text


def test_secrets_never_on_the_worker_command_line(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _probe(tmp_path, monkeypatch)
    cmdline = text.split("CMDLINE ", 1)[1]
    assert "python" in cmdline  # the probe really ran in the worker
    assert not any(v in cmdline for v in SECRETS.values())


def test_parse_worker_does_not_inherit_vault_secrets(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _probe(tmp_path, monkeypatch)
    leaked = [k for k, v in SECRETS.items() if v in text]
    assert leaked == [], leaked
