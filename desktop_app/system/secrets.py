"""Vault keys: the OS keychain (only keyring importer), Argon2id passphrases, recovery key, key info."""
from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.errors
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop_app.core.errors import KeyUnavailable, VaultError, WrongPassphrase

log = logging.getLogger("coffer.secrets")

SERVICE = "Coffer vault key"
KEY_INFO_FORMAT = 1

# K3: floors for the passphrase KDF (above OWASP's 19 MiB / t=2). Stored params below them are
# refused, so an edited key-info file cannot silently weaken a new key.
ARGON2_MIN_MEMORY_KIB = 64 * 1024
ARGON2_MIN_ITERATIONS = 3
ARGON2_LANES = 4
SALT_BYTES = 16
KDF_TARGET_SECONDS = 0.5
ARGON2_MAX_ITERATIONS = 12


def new_key() -> str:
    """K1: a random 256-bit key, as the 64 lower-case hex digits PRAGMA key accepts."""
    return secrets.token_bytes(32).hex()


def key_check_value(key_hex: str, vault_id: str) -> str:
    """K4/K5: proves a key is THE key without touching the vault file, so a wrong passphrase is
    told apart from a damaged file. An HMAC of a constant: reveals nothing about the key."""
    return hmac.new(bytes.fromhex(key_hex), b"coffer key check v1|" + vault_id.encode(),
                    hashlib.sha256).hexdigest()[:32]


# --- passphrase ------------------------------------------------------------------------------
@dataclass(frozen=True)
class KdfParams:
    salt: str  # hex
    memory_kib: int = ARGON2_MIN_MEMORY_KIB
    iterations: int = ARGON2_MIN_ITERATIONS
    lanes: int = ARGON2_LANES
    algorithm: str = "argon2id"

    @classmethod
    def fresh(cls, *, calibrate: bool = True) -> KdfParams:
        params = cls(salt=secrets.token_bytes(SALT_BYTES).hex())
        if not calibrate:
            return params
        # Calibrate once at setup so each guess costs ~0.5 s on this machine (K3). The
        # environment may only lower the target toward the floor (tests), never below it.
        target = KDF_TARGET_SECONDS
        with contextlib.suppress(ValueError):
            target = min(target, float(os.environ.get("COFFER_KDF_SECONDS", target)))
        if target <= 0:
            return params
        start = time.perf_counter()
        params.derive("calibration")
        took = max(time.perf_counter() - start, 1e-3)
        iterations = min(ARGON2_MAX_ITERATIONS,
                         max(ARGON2_MIN_ITERATIONS, round(ARGON2_MIN_ITERATIONS * target / took)))
        return cls(salt=params.salt, iterations=iterations)

    def check_floor(self) -> None:
        if (self.algorithm != "argon2id" or self.memory_kib < ARGON2_MIN_MEMORY_KIB
                or self.iterations < ARGON2_MIN_ITERATIONS or len(bytes.fromhex(self.salt)) < SALT_BYTES):
            raise VaultError("The vault's key information asks for a weak key derivation.",
                             "Restore the key information file from a backup.")

    def derive(self, passphrase: str) -> str:
        """Argon2id(passphrase) -> raw 256-bit key hex. The passphrase never reaches SQL (K8)."""
        self.check_floor()
        kdf = Argon2id(salt=bytes.fromhex(self.salt), length=32, iterations=self.iterations,
                       lanes=self.lanes, memory_cost=self.memory_kib)
        return kdf.derive(passphrase.encode("utf-8")).hex()

    def to_json(self) -> dict[str, Any]:
        return {"algorithm": self.algorithm, "salt": self.salt, "memory_kib": self.memory_kib,
                "iterations": self.iterations, "lanes": self.lanes}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> KdfParams:
        return cls(salt=d["salt"], memory_kib=int(d["memory_kib"]), iterations=int(d["iterations"]),
                   lanes=int(d["lanes"]), algorithm=d.get("algorithm", ""))


# --- key wrapping (pending rekey, recovery) ----------------------------------------------------
def _hkdf(material: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(material)


def wrap_key(key_hex: str, under_hex: str, vault_id: str) -> dict[str, str]:
    """AES-256-GCM of ``key_hex`` under a key derived from ``under_hex``."""
    nonce = secrets.token_bytes(12)
    aead = AESGCM(_hkdf(bytes.fromhex(under_hex), b"coffer wrap v1"))
    ct = aead.encrypt(nonce, bytes.fromhex(key_hex), vault_id.encode())
    return {"nonce": nonce.hex(), "ct": ct.hex()}


def unwrap_key(wrapped: dict[str, str], under_hex: str, vault_id: str) -> str | None:
    try:
        aead = AESGCM(_hkdf(bytes.fromhex(under_hex), b"coffer wrap v1"))
        return aead.decrypt(bytes.fromhex(wrapped["nonce"]), bytes.fromhex(wrapped["ct"]),
                            vault_id.encode()).hex()
    except Exception:  # noqa: BLE001 - any failure means "this key does not unwrap it"
        return None


_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def new_recovery_code() -> str:
    """K9: 160 random bits as 8 groups of 4 base32 characters, printable and typeable."""
    code = base64.b32encode(secrets.token_bytes(20)).decode()
    return "-".join(code[i:i + 4] for i in range(0, 32, 4))


def _normalise_code(code: str) -> bytes:
    cleaned = "".join(ch for ch in code.upper() if ch in _B32)
    if len(cleaned) != 32:
        raise WrongPassphrase("That is not a recovery key (it has 32 letters and digits).")
    return base64.b32decode(cleaned)


def _recovery_private(code: str) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(_hkdf(_normalise_code(code), b"coffer recovery v1"))


def recovery_public(code: str) -> str:
    """The public half is stored: a changed key can be re-wrapped for recovery without asking
    for the recovery code again (it was shown once and is not kept)."""
    return _recovery_private(code).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def wrap_for_recovery(key_hex: str, public_hex: str, vault_id: str) -> dict[str, str]:
    eph = X25519PrivateKey.generate()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)))
    wrapped = wrap_key(key_hex, shared.hex(), vault_id)
    wrapped["eph"] = eph.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    return wrapped


def unwrap_with_recovery(wrapped: dict[str, str], code: str, vault_id: str) -> str | None:
    shared = _recovery_private(code).exchange(X25519PublicKey.from_public_bytes(bytes.fromhex(wrapped["eph"])))
    return unwrap_key(wrapped, shared.hex(), vault_id)


# --- key info file (never the key) -----------------------------------------------------------
class KeyInfo:
    """``vault.key.json`` beside the vault: mode, backend, KDF params, key-check value, the
    recovery wrap and, during a rekey, the pending key's record. Never the key itself."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    @property
    def vault_id(self) -> str:
        return str(self.data["vault_id"])

    @property
    def mode(self) -> str:
        return str(self.data["mode"])

    @property
    def state(self) -> str:
        return str(self.data.get("state", "ready"))

    @property
    def pending(self) -> dict[str, Any] | None:
        return self.data.get("pending")

    @property
    def kdf(self) -> KdfParams | None:
        return KdfParams.from_json(self.data["kdf"]) if self.data.get("kdf") else None

    @classmethod
    def load(cls, path: Path) -> KeyInfo:
        try:
            data = json.loads(Path(path).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise VaultError("The vault's key information file cannot be read.",
                             "Restore it from a backup (it sits beside the vault as vault.key.json).") from exc
        if not isinstance(data, dict) or data.get("format") != KEY_INFO_FORMAT or "vault_id" not in data:
            raise VaultError("The vault's key information file is not one Coffer understands.",
                             "Restore it from a backup.")
        return cls(data)

    def save(self, path: Path) -> None:
        write_private_atomic(Path(path), json.dumps(self.data, indent=1, sort_keys=True).encode())


def write_private_atomic(path: Path, payload: bytes) -> None:
    """temp (0600, O_EXCL) beside the target → fsync → replace → fsync dir."""
    tmp = path.with_name(path.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()  # our own leftover from a crash; the real file is untouched
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


# --- the OS keychain ---------------------------------------------------------------------------
def _trusted_classes() -> tuple[type, ...]:
    """K2: only real OS keychains. Imported one by one: some modules are absent per OS."""
    found: list[type] = []
    for module, names in (
        ("keyring.backends.macOS", ("Keyring",)),
        ("keyring.backends.Windows", ("WinVaultKeyring",)),
        ("keyring.backends.SecretService", ("Keyring",)),
        ("keyring.backends.libsecret", ("Keyring",)),
        ("keyring.backends.kwallet", ("DBusKeyring", "DBusKeyringKWallet4")),
    ):
        try:
            mod = __import__(module, fromlist=list(names))
        except Exception:  # noqa: BLE001 - a backend module that cannot import is not trusted
            continue
        found += [getattr(mod, n) for n in names if hasattr(mod, n)]
    return tuple(found)


def _untrusted(backend: object) -> bool:
    # keyrings.alt holds plaintext/weakly-encrypted files: never, whatever it subclasses.
    return type(backend).__module__.startswith("keyrings.alt")


class Keychain:
    """The vault key in the OS keychain, written then read back before it is trusted (K1)."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None,
                 trusted: tuple[type, ...] | None = None) -> None:
        self.backend = backend if backend is not None else keyring.get_keyring()
        self.trusted = trusted if trusted is not None else _trusted_classes()

    @property
    def backend_name(self) -> str:
        cls = type(self.backend)
        return f"{cls.__module__}.{cls.__qualname__}"

    def usable(self) -> bool:
        """K2: accept only real keychains; a chainer only if every member is one."""
        from keyring.backends.chainer import ChainerBackend

        b = self.backend
        if isinstance(b, ChainerBackend):
            # The chainer writes to whichever member takes it: every member must be trusted.
            members = list(getattr(b, "backends", []) or [])
            return bool(members) and all(self._is_trusted(m) for m in members)
        return self._is_trusted(b)

    def _is_trusted(self, b: object) -> bool:
        return bool(self.trusted) and isinstance(b, self.trusted) and not _untrusted(b)

    def get(self, vault_id: str, slot: str = "current") -> str | None:
        if not self.usable():
            return None
        try:
            value = self.backend.get_password(SERVICE, f"{vault_id}:{slot}")
        except keyring.errors.KeyringError:
            log.warning("the keychain refused to read the vault key")
            return None
        return value if value and len(value) == 64 else None

    def put(self, vault_id: str, key_hex: str, slot: str = "current") -> bool:
        """Store and read back; False if the keychain is not trustworthy (caller falls back)."""
        if not self.usable():
            return False
        try:
            self.backend.set_password(SERVICE, f"{vault_id}:{slot}", key_hex)
            back = self.backend.get_password(SERVICE, f"{vault_id}:{slot}")
        except keyring.errors.KeyringError:
            log.warning("the keychain refused to store the vault key")
            return False
        return back is not None and hmac.compare_digest(back, key_hex)

    def delete(self, vault_id: str, slot: str) -> None:
        if not self.usable():
            return
        with contextlib.suppress(keyring.errors.KeyringError):
            self.backend.delete_password(SERVICE, f"{vault_id}:{slot}")


def missing_key_error(info: KeyInfo) -> KeyUnavailable:
    """K4: name the keychain the key was kept in, so the person knows what changed."""
    backend = info.data.get("backend_class") or "the system keychain"
    return KeyUnavailable(f"The vault key is no longer in the keychain it was kept in ({backend}).")
