"""Damaged, foreign and missing files: classified, never re-created, left byte-identical (C5, K5)."""
from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import keyring.backends.fail
import pytest
from vault_testkit import FakePrompter, sample_extraction, sample_parsed, sha

from desktop_app.core.errors import (
    KeyUnavailable,
    VaultDamaged,
    VaultError,
    VaultNotRecognised,
    WrongPassphrase,
)
from desktop_app.storage import unlock
from desktop_app.storage.vault import Vault
from desktop_app.system import secrets as ks


def _filled(home, kc, prompter: FakePrompter, n: int = 40) -> None:
    v = unlock.open_vault(home, interactive=False, prompter=prompter, keychain=kc)
    for i in range(n):
        d = v.add_document(name=f"d{i}.txt", sha256=f"{i:064x}", media_type="text/plain",
                           content=os.urandom(3000), parsed=sample_parsed("", i))
        v.save_extraction(d, sample_extraction())
    v.close()


def _flip_page(n: int) -> Callable[[Path], None]:
    def damage(p: Path) -> None:
        data = bytearray(p.read_bytes())
        data[4096 * n + 300] ^= 0x55
        p.write_bytes(bytes(data))
    return damage


def _truncate(p: Path) -> None:
    size = p.stat().st_size
    with open(p, "r+b") as fh:
        fh.truncate(size // 2)


def _zero_salt(p: Path) -> None:
    data = bytearray(p.read_bytes())
    data[:16] = bytes(16)
    p.write_bytes(bytes(data))


def _random(p: Path) -> None:
    p.write_bytes(os.urandom(p.stat().st_size))


def _plaintext(p: Path) -> None:
    p.unlink()
    c = sqlite3.connect(p)
    c.execute("CREATE TABLE notes(x)")
    c.execute("INSERT INTO notes VALUES ('hello')")
    c.commit()
    c.close()


@pytest.mark.parametrize("damage, error", [
    (_flip_page(0), VaultDamaged),
    (_flip_page(5), VaultDamaged),
    (_truncate, VaultDamaged),
    (_zero_salt, VaultDamaged),
    (_random, VaultDamaged),
    (_plaintext, VaultNotRecognised),
], ids=["flip-page-1", "flip-page-6", "truncate-half", "zero-salt", "random-bytes", "plaintext-sqlite"])
def test_damaged_file_is_classified_and_untouched(home, keychain, prompter, damage, error) -> None:
    kc, _ = keychain
    _filled(home, kc, prompter)
    damage(home.vault)
    before = {p: sha(p) for p in home.data.iterdir()}
    with pytest.raises(error) as info:
        unlock.open_vault(home, interactive=False, prompter=prompter, keychain=kc)
    assert not isinstance(info.value, WrongPassphrase)
    assert "restore" in str(info.value).lower()
    after = {p: sha(p) for p in home.data.iterdir()}
    assert after == before  # nothing changed, nothing created, nothing deleted


def test_wal_from_another_vault(home, keychain, prompter, tmp_path: Path, key: str) -> None:
    """A leftover WAL of another database must not be merged into ours."""
    kc, _ = keychain
    _filled(home, kc, prompter, n=5)
    other = Vault.open(tmp_path / "other" / "vault.db", key, create=True)
    other.conn.execute("PRAGMA wal_autocheckpoint=0")
    other.add_document(name="x", sha256="9" * 64, media_type="text/plain", content=b"x" * 5000)
    foreign_wal = Path(f"{other.path}-wal").read_bytes()
    assert foreign_wal
    Path(f"{home.vault}-wal").write_bytes(foreign_wal)
    before = {p: sha(p) for p in home.data.iterdir()}
    with pytest.raises(VaultError):
        unlock.open_vault(home, interactive=False, prompter=prompter, keychain=kc)
    assert sha(home.vault) == before[home.vault]
    assert sha(Path(f"{home.vault}-wal")) == before[Path(f"{home.vault}-wal")]
    other.close()


def test_wrong_passphrase_changes_no_byte(home, keychain, prompter) -> None:
    """K5: a distinct WrongPassphrase, not 'damaged'; every file hash unchanged."""
    kc = ks.Keychain(keyring.backends.fail.Keyring())
    _filled(home, kc, prompter, n=3)
    assert json.loads(unlock.key_info_path(home.vault).read_text())["mode"] == "passphrase"
    before = {p: sha(p) for p in home.data.iterdir()}
    with pytest.raises(WrongPassphrase) as info:
        unlock.open_vault(home, interactive=False, prompter=FakePrompter("not the passphrase"), keychain=kc)
    assert "passphrase" in str(info.value).lower()
    assert {p: sha(p) for p in home.data.iterdir()} == before


def test_wrong_raw_key_is_wrong_key_not_damage(vault: Vault, key: str) -> None:
    path = vault.path
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(path, "00" * 32, key_verified=False)


def test_missing_vault_is_never_recreated(home, keychain, prompter) -> None:
    kc, _ = keychain
    _filled(home, kc, prompter, n=1)
    home.vault.rename(home.data / "elsewhere.db")
    for suffix in ("-wal", "-shm"):
        Path(f"{home.vault}{suffix}").unlink(missing_ok=True)
    with pytest.raises(VaultError, match="missing"):
        unlock.open_vault(home, interactive=False, prompter=prompter, keychain=kc)
    assert not home.vault.exists()


def test_missing_key_info_refuses(home, keychain, prompter) -> None:
    kc, _ = keychain
    _filled(home, kc, prompter, n=1)
    h = sha(home.vault)
    unlock.key_info_path(home.vault).unlink()
    with pytest.raises(VaultError, match="key information"):
        unlock.open_vault(home, interactive=False, prompter=prompter, keychain=kc)
    assert sha(home.vault) == h


def test_zero_length_file_is_damaged_not_new(tmp_path: Path, key: str) -> None:
    p = tmp_path / "vault.db"
    p.write_bytes(b"")
    with pytest.raises(VaultDamaged):
        Vault.open(p, key)
    with pytest.raises(VaultError):
        Vault.open(p, key, create=True)
    assert p.read_bytes() == b""


def test_lost_keychain_entry_without_recovery_names_backend(home, keychain, prompter) -> None:
    kc, backend = keychain
    p = FakePrompter(passphrase=None)
    v = unlock.open_vault(home, interactive=False, prompter=p, keychain=kc)
    v.close()
    h = sha(home.vault)
    backend.items.clear()
    with pytest.raises(KeyUnavailable, match="MemoryKeyring"):
        unlock.open_vault(home, interactive=False, prompter=p, keychain=kc)
    assert sha(home.vault) == h


def test_failed_creation_leaves_no_empty_vault(tmp_path: Path, key: str, monkeypatch) -> None:
    """E6 refusal at creation (e.g. another SQLCipher got linked) leaves nothing behind that a
    later start would mistake for a damaged vault."""
    from desktop_app.storage import connection as dbc

    def wrong_build(conn) -> None:
        raise VaultError("This Coffer build uses unexpected encryption settings.")

    monkeypatch.setattr(dbc, "_check_cipher", wrong_build)
    with pytest.raises(VaultError, match="unexpected encryption"):
        Vault.open(tmp_path / "vault.db", key, create=True)
    assert list(tmp_path.iterdir()) == [tmp_path / "tmp"] or not (tmp_path / "vault.db").exists()


def test_committed_rekey_not_yet_checkpointed_is_not_damage(tmp_path: Path, key: str) -> None:
    """cipher_integrity_check ignores the WAL; a rekey killed before its checkpoint leaves the
    main file under the old key and the WAL under the new one. That is a healthy vault."""
    import secrets

    from desktop_app.storage import connection as dbc

    new = secrets.token_hex(32)
    v = Vault.open(tmp_path / "v.db", key, create=True)
    for i in range(30):
        v.add_document(name=str(i), sha256=f"{i:064x}", media_type="x", content=b"x" * 3000)
    v.checkpoint()
    v.conn.execute("PRAGMA wal_autocheckpoint = 0")
    dbc.rekey(v.conn, v._guard, new)
    v._conn = None  # "killed": no checkpoint, no close
    with Vault.open(tmp_path / "v.db", new) as again:
        assert again.count_documents() == 30
        again.check()
