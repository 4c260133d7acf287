"""Key management: keychain allowlist, Argon2id, recovery key, two-phase rekey (K1-K9)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import pytest
from vault_testkit import FakePrompter, MemoryKeyring, sha

from desktop_app.core.errors import KeyUnavailable, VaultDamaged, VaultError, WrongPassphrase
from desktop_app.storage import unlock
from desktop_app.system import secrets as ks

ROOT = Path(__file__).resolve().parents[2]


def test_keychain_mode_stores_and_reads_back(home, keychain) -> None:
    """K1: random 256-bit key, read back, never in the key-info file."""
    kc, backend = keychain
    p = FakePrompter(passphrase=None)
    v = unlock.open_vault(home, interactive=False, prompter=p, keychain=kc)
    key = v._key
    v.close()
    info = json.loads(unlock.key_info_path(home.vault).read_text())
    assert info["mode"] == "keychain" and info["backend_class"].endswith("MemoryKeyring")
    assert list(backend.items.values()) == [key]
    assert key not in unlock.key_info_path(home.vault).read_text()
    assert len(p.shown) == 1  # the recovery key, shown once
    unlock.open_vault(home, interactive=False, prompter=p, keychain=kc).close()
    assert len(p.shown) == 1


class _LyingKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        return "0" * 64


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt.file.PlaintextKeyring (not installed here)."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


class MixedChainer(keyring.backends.chainer.ChainerBackend):
    backends = [MemoryKeyring(), PlaintextKeyring()]  # type: ignore[assignment]


class EmptyChainer(keyring.backends.chainer.ChainerBackend):
    backends: list = []  # type: ignore[assignment]


class TrustedChainer(keyring.backends.chainer.ChainerBackend):
    backends = [MemoryKeyring()]  # type: ignore[assignment]


@pytest.mark.parametrize("backend", [
    keyring.backends.null.Keyring(), keyring.backends.fail.Keyring(), PlaintextKeyring(),
    MixedChainer(), EmptyChainer(),
], ids=["null", "fail", "plaintext-alt", "chainer-with-plaintext", "chainer-empty"])
def test_untrusted_backends_fall_back_to_passphrase(home, backend) -> None:
    """K2: never 'store' the key into null/fail/plaintext; use a passphrase instead."""
    kc = ks.Keychain(backend, trusted=(MemoryKeyring,) + ks._trusted_classes())
    assert not kc.usable()
    p = FakePrompter()
    unlock.open_vault(home, interactive=False, prompter=p, keychain=kc).close()
    info = json.loads(unlock.key_info_path(home.vault).read_text())
    assert info["mode"] == "passphrase"


def test_chainer_of_trusted_members_is_accepted() -> None:
    assert ks.Keychain(TrustedChainer(), trusted=(MemoryKeyring,)).usable()


def test_keychain_that_does_not_read_back_is_not_used(home) -> None:
    kc = ks.Keychain(_LyingKeyring(), trusted=(_LyingKeyring,))
    unlock.open_vault(home, interactive=False, prompter=FakePrompter(), keychain=kc).close()
    assert json.loads(unlock.key_info_path(home.vault).read_text())["mode"] == "passphrase"


def test_no_keychain_and_no_passphrase_is_locked(home) -> None:
    from desktop_app.core.errors import VaultLocked

    kc = ks.Keychain(keyring.backends.fail.Keyring())
    with pytest.raises(VaultLocked):
        unlock.open_vault(home, interactive=False, prompter=FakePrompter(passphrase=None), keychain=kc)
    assert not home.vault.exists()


def test_argon2_params_stored_meet_floor(home, keychain, monkeypatch) -> None:
    """K3: Argon2id >= 64 MiB, t >= 3, 16-byte salt; a weakened file is refused."""
    kc, _ = keychain
    unlock.open_vault(home, interactive=False, prompter=FakePrompter(),
                      keychain=ks.Keychain(keyring.backends.fail.Keyring())).close()
    info_path = unlock.key_info_path(home.vault)
    info = json.loads(info_path.read_text())
    kdf = info["kdf"]
    assert kdf["algorithm"] == "argon2id" and kdf["memory_kib"] >= 65536
    assert kdf["iterations"] >= 3 and len(bytes.fromhex(kdf["salt"])) == 16
    assert "key" not in info and "correct horse" not in json.dumps(info)
    info["kdf"]["memory_kib"] = 1024
    info_path.write_text(json.dumps(info))
    with pytest.raises(VaultError, match="weak"):
        unlock.open_vault(home, interactive=False, prompter=FakePrompter(), keychain=kc)


def test_lost_keychain_entry_recovery_key_opens_and_restores(home, keychain) -> None:
    """K9/K4: keychain entry wiped -> recovery key opens the vault, key re-stored, file untouched."""
    kc, backend = keychain
    p = FakePrompter(passphrase=None)
    v = unlock.open_vault(home, interactive=False, prompter=p, keychain=kc)
    v.add_document(name="a", sha256="a" * 64, media_type="text/plain", content=b"a")
    key = v._key
    v.close()
    h = sha(home.vault)
    backend.items.clear()
    with pytest.raises(WrongPassphrase):
        unlock.open_vault(home, interactive=False, keychain=kc,
                          prompter=FakePrompter(passphrase=None, recovery="AAAA-" * 7 + "AAAA"))
    assert sha(home.vault) == h
    r = FakePrompter(passphrase=None, recovery=p.shown[0].lower().replace("-", " "))
    with unlock.open_vault(home, interactive=False, prompter=r, keychain=kc) as v:
        assert v.count_documents() == 1
    assert list(backend.items.values()) == [key]
    unlock.open_vault(home, interactive=False, prompter=FakePrompter(passphrase=None), keychain=kc).close()


def test_recovery_key_survives_passphrase_change(home, keychain) -> None:
    kc, _ = keychain
    p = FakePrompter()
    v = unlock.open_vault(home, interactive=False, prompter=p, keychain=kc)
    unlock.rekey(v, unlock.key_info_path(home.vault), passphrase="a brand new one", keychain=kc)
    v.close()
    r = FakePrompter(passphrase=None, recovery=p.shown[0])
    unlock.open_vault(home, interactive=False, prompter=r, keychain=kc).close()


def test_change_passphrase_and_rotate_keychain_key(home, keychain) -> None:
    kc, backend = keychain
    p = FakePrompter(passphrase="first passphrase", new_passphrase="second passphrase")
    v = unlock.open_vault(home, interactive=False, prompter=p, keychain=kc)
    v.add_document(name="a", sha256="a" * 64, media_type="text/plain", content=b"a")
    v.close()
    p.new_pw = "second passphrase"
    assert unlock.change_passphrase(home, prompter=p, keychain=kc) == "passphrase"
    with pytest.raises(WrongPassphrase):
        unlock.open_vault(home, interactive=False, prompter=FakePrompter("first passphrase"), keychain=kc)
    v = unlock.open_vault(home, interactive=False, prompter=FakePrompter("second passphrase"), keychain=kc)
    # Move to the keychain with a fresh random key.
    assert unlock.rekey(v, unlock.key_info_path(home.vault), passphrase=None, keychain=kc) == "keychain"
    v.close()
    info = json.loads(unlock.key_info_path(home.vault).read_text())
    assert info["mode"] == "keychain" and "kdf" not in info and "pending" not in info
    with unlock.open_vault(home, interactive=False, prompter=FakePrompter(None), keychain=kc) as v:
        assert v.count_documents() == 1
    assert len(backend.items) == 1


@pytest.mark.parametrize("stage", ["pending-saved", "rekeyed"])
def test_rekey_interrupted_in_process_finds_a_working_key(home, keychain, stage) -> None:
    """K6: stop after each phase; both the old and the new passphrase open the vault, and the
    interrupted rekey is finished (or rolled back) on open."""
    kc, _ = keychain
    v = unlock.open_vault(home, interactive=False, prompter=FakePrompter("old passphrase"), keychain=kc)

    def crash(at: str) -> None:
        if at == stage:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        unlock.rekey(v, unlock.key_info_path(home.vault), passphrase="new passphrase", keychain=kc, hook=crash)
    v._conn.close()  # the process "died": no clean close
    v._conn = None
    for pw in ("old passphrase", "new passphrase"):
        unlock.open_vault(home, interactive=False, prompter=FakePrompter(pw), keychain=kc).close()
    info = json.loads(unlock.key_info_path(home.vault).read_text())
    assert "pending" not in info


_REKEY_CHILD = r"""
import os, random, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from vault_testkit import FakePrompter, memory_keychain
from desktop_app.storage import unlock
from desktop_app.system.paths import app_paths
import desktop_app.system.secrets as ks
home = app_paths({"COFFER_HOME": sys.argv[1]})
kc = ks.Keychain(__import__("keyring.backends.fail").backends.fail.Keyring())
v = unlock.open_vault(home, interactive=False, prompter=FakePrompter("old passphrase"), keychain=kc)
print("open", flush=True)
random.seed(int(sys.argv[3]))
def hook(stage):
    time.sleep(random.random() * 0.05)
unlock.rekey(v, unlock.key_info_path(home.vault), passphrase="new passphrase", keychain=kc, hook=hook)
print("done", flush=True)
time.sleep(5)
"""


def _open_either(home) -> str:
    kc = ks.Keychain(keyring.backends.fail.Keyring())
    for pw in ("old passphrase", "new passphrase"):
        try:
            with unlock.open_vault(home, interactive=False, prompter=FakePrompter(pw), keychain=kc) as v:
                v.check()
                assert v.count_documents() == 1
            return pw
        except WrongPassphrase:
            continue
    raise AssertionError("no key opens the vault")


def _rekey_kill_loop(home, rounds: int) -> set[str]:
    kc = ks.Keychain(keyring.backends.fail.Keyring())
    with unlock.open_vault(home, interactive=False, prompter=FakePrompter("old passphrase"), keychain=kc) as v:
        v.add_document(name="a", sha256="a" * 64, media_type="text/plain", content=b"a")
    seen = set()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COFFER_KDF_SECONDS": "0"}
    for i in range(rounds):
        # Reset to the old passphrase so every round re-keys from the same start.
        if _open_either(home) == "new passphrase":
            with unlock.open_vault(home, interactive=False, prompter=FakePrompter("new passphrase"), keychain=kc) as v:
                unlock.rekey(v, unlock.key_info_path(home.vault), passphrase="old passphrase", keychain=kc)
        child = subprocess.Popen(
            [sys.executable, "-c", _REKEY_CHILD, str(home.data.parent), str(Path(__file__).parent), str(i)],
            stdout=subprocess.PIPE, env=env, text=True)
        assert child.stdout.readline().strip() == "open"
        time.sleep(0.02 + (i % 7) * 0.06)  # across the two KDF runs, rekey, promotion
        child.kill()
        child.wait()
        try:
            seen.add(_open_either(home))
        except VaultDamaged as exc:  # pragma: no cover - the failure this test exists for
            raise AssertionError(f"round {i}: {exc}") from exc
    return seen


def test_rekey_under_kill9_finds_a_working_key(home) -> None:
    """K6 / C2: SIGKILL at different points of a passphrase change; a key always works."""
    seen = _rekey_kill_loop(home, 7)
    assert seen  # which side won depends on timing; both are fine


@pytest.mark.slow
def test_rekey_under_kill9_many(home) -> None:
    assert _rekey_kill_loop(home, 40)


def test_lost_passphrase_recovery_then_new_passphrase(home) -> None:
    kc = ks.Keychain(keyring.backends.fail.Keyring())
    p = FakePrompter("forgotten passphrase")
    unlock.open_vault(home, interactive=False, prompter=p, keychain=kc).close()
    r = FakePrompter(passphrase=None, recovery=p.shown[0], new_passphrase="fresh passphrase")
    unlock.open_vault(home, interactive=False, prompter=r, keychain=kc).close()
    unlock.open_vault(home, interactive=False, prompter=FakePrompter("fresh passphrase"), keychain=kc).close()
    with pytest.raises(WrongPassphrase):
        unlock.open_vault(home, interactive=False, prompter=FakePrompter("forgotten passphrase"), keychain=kc)


def test_restore_on_a_new_machine_with_recovery_key(home, keychain, tmp_path: Path) -> None:
    """C7 + K9: backup made in keychain mode, restored where the keychain is empty."""
    kc, backend = keychain
    p = FakePrompter(passphrase=None)
    with unlock.open_vault(home, interactive=False, prompter=p, keychain=kc) as v:
        v.add_document(name="a", sha256="a" * 64, media_type="text/plain", content=b"a")
        dest = unlock.backup(v, tmp_path / "usb" / "coffer.backup")
    from desktop_app.system.paths import app_paths

    new_home = app_paths({"COFFER_HOME": str(tmp_path / "new-laptop")})
    new_kc = ks.Keychain(MemoryKeyring(), trusted=(MemoryKeyring,))
    with pytest.raises(KeyUnavailable, match="keychain"):
        unlock.restore(new_home, dest, prompter=FakePrompter(passphrase=None), keychain=new_kc)
    assert not new_home.vault.exists()
    assert unlock.restore(new_home, dest, prompter=FakePrompter(None, recovery=p.shown[0]), keychain=new_kc) is None
    with unlock.open_vault(new_home, interactive=False, prompter=FakePrompter(None), keychain=new_kc) as v:
        assert v.count_documents() == 1
    assert backend.items and new_kc.backend.items  # type: ignore[attr-defined]


def test_first_run_interrupted_before_recovery_key_was_shown(home, keychain) -> None:
    kc, _ = keychain
    p = FakePrompter(passphrase=None)
    unlock.open_vault(home, interactive=False, prompter=p, keychain=kc).close()
    info_path = unlock.key_info_path(home.vault)
    info = json.loads(info_path.read_text())
    info["state"] = "creating"  # as if killed between creating the DB and showing the code
    info_path.write_text(json.dumps(info))
    again = FakePrompter(passphrase=None)
    unlock.open_vault(home, interactive=False, prompter=again, keychain=kc).close()
    assert len(again.shown) == 1 and again.shown[0] != p.shown[0]
    kc.backend.items.clear()  # type: ignore[attr-defined]
    r = FakePrompter(passphrase=None, recovery=again.shown[0])
    unlock.open_vault(home, interactive=False, prompter=r, keychain=kc).close()


def test_duplicate_field_names_keep_the_first(tmp_path: Path) -> None:
    import secrets

    from desktop_app.core.entities import Extraction, Field
    from desktop_app.storage.vault import Vault

    with Vault.open(tmp_path / "v.db", secrets.token_hex(32), create=True) as v:
        d = v.add_document(name="a", sha256="a" * 64, media_type="x", content=b"a")
        v.save_extraction(d, Extraction("receipt", 0.5, fields=[Field("total", "1", "1"), Field("total", "2", "2")]))
        assert v.get_document(d).extraction.get("total").value == "1"


def test_auto_backup_rotates(home, keychain, monkeypatch) -> None:
    kc, _ = keychain
    with unlock.open_vault(home, interactive=False, prompter=FakePrompter(None), keychain=kc) as v:
        first = unlock.auto_backup(v, home, keep=2)
        assert first is not None and first.exists()
        assert unlock.auto_backup(v, home, keep=2) is None  # too recent
        made = [first]
        for i in range(3):
            monkeypatch.setattr(unlock.time, "strftime", lambda fmt, t, i=i: f"2099010{i}T000000Z")
            made.append(unlock.auto_backup(v, home, keep=2, min_age_hours=0))
        left = sorted(p.name for p in (home.data / "backups").iterdir())
        assert left == [made[2].name, f"{made[2].name}.key.json", made[3].name, f"{made[3].name}.key.json"]


def test_keychain_backend_switched_to_fail(home, keychain) -> None:
    """K4: the keychain went away (e.g. no D-Bus any more). The vault is untouched, the message
    names the old backend, and recovery moves the vault to a passphrase."""
    kc, _ = keychain
    p = FakePrompter(passphrase=None)
    unlock.open_vault(home, interactive=False, prompter=p, keychain=kc).close()
    h = sha(home.vault)
    gone = ks.Keychain(keyring.backends.fail.Keyring())
    with pytest.raises(KeyUnavailable, match="MemoryKeyring"):
        unlock.open_vault(home, interactive=False, prompter=FakePrompter(None), keychain=gone)
    assert sha(home.vault) == h
    r = FakePrompter(None, recovery=p.shown[0], new_passphrase="headless passphrase")
    unlock.open_vault(home, interactive=False, prompter=r, keychain=gone).close()
    assert json.loads(unlock.key_info_path(home.vault).read_text())["mode"] == "passphrase"
    unlock.open_vault(home, interactive=False, prompter=FakePrompter("headless passphrase"), keychain=gone).close()
