"""Encryption at rest: canary scans, header, positive control, deletion, guard, modes (E1-E9)."""
from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
import sqlcipher3
from vault_testkit import (
    FakePrompter,
    decrypt_db,
    decrypt_wal,
    sample_extraction,
    sample_parsed,
    scan_tree,
)

from desktop_app.core.errors import VaultError
from desktop_app.storage import connection as dbc
from desktop_app.storage import unlock
from desktop_app.storage.vault import Vault

CANARY = "CANARY7f3e9b2cQZ"


def _add_canary(vault: Vault) -> int:
    content = f"%PDF original bytes {CANARY} end".encode()
    doc_id = vault.add_document(name="canary.pdf", sha256="c" * 64, media_type="application/pdf",
                                content=content, parsed=sample_parsed(CANARY))
    vault.save_extraction(doc_id, sample_extraction(CANARY))
    return doc_id


def test_needles_work_on_a_plain_file(tmp_path: Path) -> None:
    """Negative control for the scanner itself: it must see the canary in every encoding."""
    import base64

    for i, payload in enumerate([CANARY.encode(), CANARY.encode("utf-16-le"),
                                 base64.b64encode(b"x" + CANARY.encode()),
                                 base64.b64encode(b"xy" + CANARY.encode())]):
        (tmp_path / f"f{i}").write_bytes(b"junk" + payload + b"junk")
        assert scan_tree(tmp_path, CANARY), i
        (tmp_path / f"f{i}").unlink()


def test_full_cycle_canary_scan(tmp_path: Path, home, keychain, prompter: FakePrompter) -> None:
    """E1 + E3 + E9: add, extract, search, edit, delete, quit -> no plaintext canary anywhere;
    decrypting with the key finds it while it lives and not after deletion."""
    kc, _ = keychain
    v = unlock.open_vault(home, interactive=False, prompter=prompter, keychain=kc)
    doc_id = _add_canary(v)
    other = v.add_document(name="keep.txt", sha256="d" * 64, media_type="text/plain",
                           content=b"other", parsed=sample_parsed("", 2))
    assert [r.id for r in v.search(CANARY.lower())] == [doc_id]
    v.correct_field(doc_id, "vendor", f"ACME {CANARY}", f"ACME {CANARY}")
    key = v._key
    v.checkpoint()
    assert scan_tree(tmp_path, CANARY) == []
    # E3 positive control: the canary IS in the file, encrypted.
    assert CANARY.encode() in decrypt_db(home.vault, key) + decrypt_wal(Path(f"{home.vault}-wal"), key)
    v.delete_document(doc_id)
    v.close()
    assert scan_tree(tmp_path, CANARY) == []
    # E9: after delete + checkpoint, even the key holder cannot find it (secure_delete, FTS secure-delete).
    plain = decrypt_db(home.vault, key) + decrypt_wal(Path(f"{home.vault}-wal"), key)
    assert CANARY.encode() not in plain
    assert CANARY.encode("utf-16-le") not in plain
    assert b"SUPERSTORE 2" in plain  # the other document is still there: decryption did work
    with Vault.open(home.vault, key) as again:
        assert [r.id for r in again.list_documents()] == [other]


def test_header_is_not_sqlite_and_stdlib_cannot_read(vault: Vault) -> None:
    """E2: db and wal carry no SQLite magic; stdlib sqlite3 sees 'file is not a database'."""
    _add_canary(vault)
    db = vault.path
    wal = Path(f"{db}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    assert db.read_bytes()[:16] != dbc.PLAINTEXT_MAGIC
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute("SELECT * FROM sqlite_master").fetchall()
    for p in (db, wal, Path(f"{db}-shm")):
        if p.exists():
            assert CANARY.encode() not in p.read_bytes()


def test_key_first_regression_makes_plaintext(tmp_path: Path, key: str) -> None:
    """E5: why the factory keys first — one statement before PRAGMA key gives a PLAINTEXT file."""
    bad = tmp_path / "bad.db"
    conn = sqlcipher3.connect(str(bad))
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    with pytest.raises(sqlcipher3.DatabaseError):
        conn.execute("CREATE TABLE t(x)")
    conn.close()
    assert bad.read_bytes()[:16] == dbc.PLAINTEXT_MAGIC
    # ... and our factory refuses to treat such a file as a vault.
    from desktop_app.core.errors import VaultNotRecognised

    with pytest.raises(VaultNotRecognised):
        Vault.open(bad, key)
    good = Vault.open(tmp_path / "good.db", key, create=True)
    good.close()
    assert (tmp_path / "good.db").read_bytes()[:16] != dbc.PLAINTEXT_MAGIC


def test_cipher_pinned_and_temp_store_memory(vault: Vault) -> None:
    """E4/E6 + C3: the settings asserted at open are the ones in force."""
    c = vault.conn
    assert c.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    assert tuple(r[0] for r in c.execute("PRAGMA cipher_settings")) == dbc.EXPECTED_CIPHER_SETTINGS
    assert c.execute("PRAGMA temp_store").fetchone()[0] == 2
    opts = {r[0] for r in c.execute("PRAGMA compile_options")}
    assert opts & {"TEMP_STORE=2", "TEMP_STORE=3"}
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert c.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert c.execute("PRAGMA trusted_schema").fetchone()[0] == 0


@pytest.mark.parametrize("sql", [
    "PRAGMA temp_store = FILE",
    "PRAGMA temp_store = 1",
    "PRAGMA key = 'x'",
    "PRAGMA rekey = 'x'",
    "PRAGMA cipher_memory_security = OFF",
    "PRAGMA cipher_plaintext_header_size = 32",
    "PRAGMA secure_delete = OFF",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA synchronous = OFF",
    "PRAGMA writable_schema = ON",
    "ATTACH DATABASE 'plain.db' AS p KEY ''",
    "VACUUM INTO 'plain.db'",
    "SELECT sqlcipher_export('main')",
    "SELECT load_extension('x')",
])
def test_guard_blocks_dangerous_statements(vault: Vault, sql: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Pitfalls 4/5: after setup the authorizer refuses these; settings stay as they were."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(sqlcipher3.DatabaseError):
        vault.conn.execute(sql).fetchall()
    assert not (tmp_path / "plain.db").exists()
    assert vault.conn.execute("PRAGMA temp_store").fetchone()[0] == 2
    assert vault.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_key_validation(tmp_path: Path) -> None:
    """K8: only 64 lower-case hex digits reach PRAGMA key, and nothing is created otherwise."""
    for bad in ["", "ab" * 31, "AB" * 32, "zz" * 32, "ab" * 32 + "'", "' OR 1; --" + "a" * 54]:
        with pytest.raises(VaultError):
            Vault.open(tmp_path / "v.db", bad, create=True)
    assert not (tmp_path / "v.db").exists()


def test_passphrase_with_quotes_is_never_sql(home, keychain) -> None:
    kc, _ = keychain
    p = FakePrompter(passphrase="it's \"quoted\"; DROP TABLE x; --")
    unlock.open_vault(home, interactive=False, prompter=p, keychain=kc).close()
    unlock.open_vault(home, interactive=False, prompter=p, keychain=kc).close()


def test_file_modes_owner_only(home, keychain, prompter: FakePrompter, tmp_path: Path) -> None:
    """E8 with umask 022 (set by the autouse fixture): 0600 files, 0700 dir."""
    kc, _ = keychain
    v = unlock.open_vault(home, interactive=False, prompter=prompter, keychain=kc)
    _add_canary(v)
    db = home.vault
    files = [db, Path(f"{db}-wal"), Path(f"{db}-shm"), unlock.key_info_path(db)]
    dest = unlock.backup(v, tmp_path / "out" / "backup.db")
    files += [dest, Path(f"{dest}.key.json")]
    for p in files:
        assert p.exists(), p
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert stat.S_IMODE(home.data.stat().st_mode) == 0o700
    v.close()


def test_backup_is_encrypted_and_restores(home, keychain, prompter: FakePrompter, tmp_path: Path) -> None:
    """C7: backup opens with the same key, both checks pass, same rows; restore keeps the old."""
    kc, _ = keychain
    v = unlock.open_vault(home, interactive=False, prompter=prompter, keychain=kc)
    doc_id = _add_canary(v)
    dest = unlock.backup(v, tmp_path / "b" / "vault-backup.db")
    with pytest.raises(VaultError):
        unlock.backup(v, dest)  # never overwrites
    assert dest.read_bytes()[:16] != dbc.PLAINTEXT_MAGIC
    assert CANARY.encode() not in dest.read_bytes()
    assert CANARY.encode() in decrypt_db(dest, v._key)
    v.delete_document(doc_id)
    v.close()
    before = (home.vault.read_bytes(), unlock.key_info_path(home.vault).read_bytes())
    aside = unlock.restore(home, dest, prompter=prompter, keychain=kc)
    assert ((aside / "vault.db").read_bytes(), (aside / "vault.key.json").read_bytes()) == before
    with unlock.open_vault(home, interactive=False, prompter=prompter, keychain=kc) as again:
        again.check()
        assert [r.id for r in again.list_documents()] == [doc_id]
