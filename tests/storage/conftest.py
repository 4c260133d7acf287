"""Fixtures for vault tests: real SQLCipher files in tmp_path, an explicit in-memory keychain."""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from vault_testkit import FakePrompter, memory_keychain  # noqa: E402

from desktop_app.storage.vault import Vault  # noqa: E402
from desktop_app.system.paths import AppPaths, app_paths  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Never the real keychain, never a calibrated (slow) KDF, temp files inside tmp_path.
    import keyring.backends.fail

    from desktop_app.system import secrets as ks

    monkeypatch.setattr(ks.keyring, "get_keyring", lambda: keyring.backends.fail.Keyring())
    monkeypatch.setenv("COFFER_KDF_SECONDS", "0")
    for name in ("COFFER_PASSPHRASE", "COFFER_NEW_PASSPHRASE", "COFFER_RECOVERY_KEY"):
        monkeypatch.delenv(name, raising=False)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setenv("SQLITE_TMPDIR", str(tmp))
    old = os.umask(0o022)  # E8 must hold under the usual umask
    yield
    os.umask(old)


@pytest.fixture
def key() -> str:
    return secrets.token_bytes(32).hex()


@pytest.fixture
def vault(tmp_path: Path, key: str) -> Vault:
    v = Vault.open(tmp_path / "home" / "data" / "vault.db", key, create=True)
    yield v
    v.close()


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    return app_paths({"COFFER_HOME": str(tmp_path / "home")})


@pytest.fixture
def keychain():
    return memory_keychain()


@pytest.fixture
def prompter() -> FakePrompter:
    return FakePrompter()
