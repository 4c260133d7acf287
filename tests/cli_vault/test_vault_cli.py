"""`coffer add/list/search/show/export/backup/restore/passphrase/delete` against a real vault."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import keyring.backends.fail
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "storage"))

from vault_testkit import scan_tree  # noqa: E402

from desktop_app.cli import run  # noqa: E402

CANARY = "CANARYcli5d1e8aWX"
RECEIPT = ("ACME SUPERSTORE\n12 Main Street\nDate: 2024-03-05\nMilk 1.20\nBread 2.30\n"
           "TOTAL 3.50 EUR\nRef {c}\n")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from desktop_app.system import secrets as ks

    monkeypatch.setattr(ks.keyring, "get_keyring", lambda: keyring.backends.fail.Keyring())
    home = tmp_path / "home"
    monkeypatch.setenv("COFFER_HOME", str(home))
    monkeypatch.setenv("COFFER_PASSPHRASE", "cli test passphrase")
    monkeypatch.setenv("COFFER_KDF_SECONDS", "0")
    monkeypatch.delenv("COFFER_NEW_PASSPHRASE", raising=False)
    monkeypatch.delenv("COFFER_RECOVERY_KEY", raising=False)
    return home


def _docs(tmp_path: Path) -> list[Path]:
    d = tmp_path / "in"
    d.mkdir(exist_ok=True)
    a = d / "receipt.txt"
    a.write_text(RECEIPT.format(c=CANARY))
    b = d / "note.txt"
    b.write_text("Clinic letter\nDate: 2023-11-02\nHaemoglobin 13.2 g/dL\n")
    return [a, b]


def _add(tmp_path: Path, capsys) -> list[Path]:
    docs = _docs(tmp_path)
    assert run(["add", "--no-model", *map(str, docs)]) == 0
    out = capsys.readouterr()
    assert "RECOVERY KEY" in out.err and "added" in out.out
    return docs


def test_add_list_search_show(env: Path, tmp_path: Path, capsys) -> None:
    docs = _add(tmp_path, capsys)
    assert run(["add", "--no-model", str(docs[0])]) == 0
    assert "already in the vault (id 1)" in capsys.readouterr().out
    assert run(["list"]) == 0
    out = capsys.readouterr().out
    assert "receipt.txt" in out and "note.txt" in out
    assert run(["search", "haemoglobin"]) == 0
    out = capsys.readouterr().out
    assert "note.txt" in out and "receipt.txt" not in out
    assert run(["show", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "receipt.txt" and data["fields"]["total"]["value"] == "3.50"
    assert run(["show", "1"]) == 0
    assert "total" in capsys.readouterr().out
    assert run(["show", "99"]) == 1
    assert "no document 99" in capsys.readouterr().err


def test_export_fields_and_lists(env: Path, tmp_path: Path, capsys) -> None:
    _add(tmp_path, capsys)
    run(["list"])
    kinds = {line.split()[2] for line in capsys.readouterr().out.splitlines()[1:]}
    kind = sorted(kinds)[0]
    out, lists = tmp_path / "x" / "f.csv", tmp_path / "x" / "l.csv"
    out.parent.mkdir()
    assert run(["export", "--kind", kind, "--csv", str(out), "--lists", str(lists), "--bom"]) == 0
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    assert rows[0][:4] == ["document_id", "document_name", "kind", "added_at"]
    assert len(rows) >= 2 and all(r[2] == kind for r in rows[1:])
    assert lists.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in out.parent.iterdir()) == ["f.csv", "l.csv"]
    assert run(["export", "--kind", kind, "--csv", str(out), "--lists", str(out)]) == 1


def test_delete(env: Path, tmp_path: Path, capsys) -> None:
    _add(tmp_path, capsys)
    assert run(["delete", "1"]) == 0
    assert "Deleted #1 receipt.txt" in capsys.readouterr().out
    run(["search", CANARY])
    assert "No documents." in capsys.readouterr().out


def test_wrong_passphrase_message(env: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    _add(tmp_path, capsys)
    monkeypatch.setenv("COFFER_PASSPHRASE", "nope nope nope")
    assert run(["list"]) == 1
    err = capsys.readouterr().err
    assert "passphrase does not open this vault" in err and "Traceback" not in err


def test_backup_restore_and_passphrase_change(env: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    _add(tmp_path, capsys)
    dest = tmp_path / "backups" / "coffer.backup"
    assert run(["backup", str(dest)]) == 0
    assert dest.exists() and Path(f"{dest}.key.json").exists()
    capsys.readouterr()
    assert run(["delete", "1"]) == 0
    monkeypatch.setenv("COFFER_NEW_PASSPHRASE", "a second passphrase")
    assert run(["passphrase"]) == 0
    assert "new passphrase" in capsys.readouterr().out
    assert run(["list"]) == 1  # the old one no longer opens it
    monkeypatch.setenv("COFFER_PASSPHRASE", "a second passphrase")
    assert run(["list"]) == 0
    assert "receipt.txt" not in capsys.readouterr().out
    # The backup still needs the passphrase it was made with.
    monkeypatch.setenv("COFFER_PASSPHRASE", "cli test passphrase")
    assert run(["restore", str(dest)]) == 0
    assert "kept in" in capsys.readouterr().out
    assert run(["list"]) == 0
    assert "receipt.txt" in capsys.readouterr().out


def test_full_cycle_canary_scan_with_real_process(tmp_path: Path) -> None:
    """E1 through the real entry point (logging on): add, search, show, delete, quit; then no
    file in COFFER_HOME or TMPDIR holds the canary, except the export the person asked for."""
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    tmp.mkdir()
    docs = _docs(tmp_path)
    env = {**os.environ, "COFFER_HOME": str(home), "COFFER_PASSPHRASE": "cli test passphrase",
           "COFFER_KDF_SECONDS": "0", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           "TMPDIR": str(tmp), "SQLITE_TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}

    def coffer(*args: str) -> str:
        out = subprocess.run([sys.executable, "-m", "desktop_app", *args],
                             env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert out.returncode == 0, out.stderr[-2000:]
        return out.stdout

    coffer("add", "--no-model", *map(str, docs))
    assert "receipt.txt" in coffer("search", CANARY)
    coffer("show", "1", "--json")
    export = tmp_path / "exports" / "all.csv"
    export.parent.mkdir()
    kinds = {line.split()[2] for line in coffer("list").splitlines()[1:]}
    for kind in kinds:
        coffer("export", "--kind", kind, "--csv", str(export.with_name(f"{kind}.csv")))
    assert scan_tree(tmp_path, CANARY, exclude=(docs[0].parent, export.parent)) == []
    # Positive control (E3): decrypting the vault pages with the key finds the canary.
    from vault_testkit import decrypt_db, decrypt_wal

    from desktop_app.system.secrets import KeyInfo

    db = home / "data" / "vault.db"
    key = KeyInfo.load(db.with_name("vault.key.json")).kdf.derive("cli test passphrase")
    assert CANARY.encode() in decrypt_db(db, key) + decrypt_wal(Path(f"{db}-wal"), key)
    assert scan_tree(docs[0].parent, CANARY)  # and the scanner does see plaintext
    coffer("delete", "1")
    assert scan_tree(tmp_path, CANARY, exclude=(docs[0].parent, export.parent)) == []
    assert CANARY.encode() not in decrypt_db(db, key) + decrypt_wal(Path(f"{db}-wal"), key)
    assert list(tmp.iterdir()) == []
