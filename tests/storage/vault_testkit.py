"""Test helpers for the vault: an in-memory keychain, a prompter, canary scans, a page decryptor."""
from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import keyring.backend
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from desktop_app.core.entities import Extraction, Field, ParsedDocument
from desktop_app.system import secrets as ks

PAGE = 4096
RESERVE = 80  # IV 16 + HMAC-SHA512 64


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keychain that lives in this process only; registered explicitly, never auto-picked."""

    priority = -1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


def memory_keychain() -> tuple[ks.Keychain, MemoryKeyring]:
    backend = MemoryKeyring()
    return ks.Keychain(backend, trusted=(MemoryKeyring,)), backend


class FakePrompter:
    def __init__(self, passphrase: str | None = "correct horse battery", recovery: str | None = None,
                 new_passphrase: str | None = None) -> None:
        self.pw = passphrase
        self.new_pw = new_passphrase
        self.recovery = recovery
        self.shown: list[str] = []
        self.asked_recovery = 0

    def passphrase(self, *, new: bool) -> str | None:
        return (self.new_pw or self.pw) if new else self.pw

    def recovery_key(self) -> str | None:
        self.asked_recovery += 1
        return self.recovery

    def show_recovery_key(self, code: str) -> None:
        self.shown.append(code)


def canary_needles(canary: str) -> list[bytes]:
    """The canary as raw UTF-8, UTF-16LE, and base64 at each of the three alignments."""
    raw = canary.encode()
    needles = [raw, canary.encode("utf-16-le")]
    for pad in range(3):
        enc = base64.b64encode(b"\x00" * pad + raw)
        # Skip the characters that depend on the padding bytes and the tail.
        start = (pad * 4 + 2) // 3 + 1
        needles.append(enc[start:start + max(8, len(enc) - start - 4)])
    return needles


def scan_tree(root: Path, canary: str, *, exclude: tuple[Path, ...] = ()) -> list[str]:
    hits = []
    needles = canary_needles(canary)
    for p in sorted(Path(root).rglob("*")):
        if not p.is_file() or any(p == e or e in p.parents for e in exclude):
            continue
        data = p.read_bytes()
        for n in needles:
            if n and n in data:
                hits.append(f"{p.relative_to(root)}:{n[:12]!r}")
    return hits


def _decrypt_page(page: bytes, key: bytes, first: bool) -> bytes:
    iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
    body = page[16 if first else 0:PAGE - RESERVE]
    dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return dec.update(body) + dec.finalize()


def decrypt_db(path: Path, key_hex: str) -> bytes:
    """E3 positive control: AES-256-CBC per page (raw key = page key; page 1 starts with the salt)."""
    key = bytes.fromhex(key_hex)
    data = Path(path).read_bytes()
    return b"".join(_decrypt_page(data[i:i + PAGE], key, i == 0) for i in range(0, len(data) - PAGE + 1, PAGE))


def decrypt_wal(path: Path, key_hex: str) -> bytes:
    key = bytes.fromhex(key_hex)
    data = Path(path).read_bytes() if Path(path).exists() else b""
    out, pos = [], 32
    while pos + 24 + PAGE <= len(data):
        pgno = int.from_bytes(data[pos:pos + 4], "big")
        out.append(_decrypt_page(data[pos + 24:pos + 24 + PAGE], key, pgno == 1))
        pos += 24 + PAGE
    return b"".join(out)


def sha(path: Path) -> str | None:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if Path(path).exists() else None


def sample_parsed(canary: str = "", n: int = 0) -> ParsedDocument:
    return ParsedDocument.from_text(
        f"ACME SUPERSTORE {n}\n12 Main Street\nDate: 2024-03-05\nMilk 1.20\nBread 2.30\n"
        f"TOTAL 3.50 EUR\nRef {canary}\n")


def sample_extraction(canary: str = "") -> Extraction:
    return Extraction(
        kind="receipt", kind_confidence=0.9,
        fields=[
            Field("vendor", "ACME SUPERSTORE", "ACME SUPERSTORE", span=(0, 15), confidence=0.9,
                  grounded=True, page=0, box=(1.0, 2.0, 3.0, 4.0)),
            Field("date", "2024-03-05", "2024-03-05", type="date", confidence=0.8, grounded=True),
            Field("total", "3.50", "3.50", type="amount", confidence=0.8, grounded=True),
            Field("reference", canary or None, canary or None, confidence=0.7, grounded=True),
        ],
        lists={"items": [
            {"description": Field("description", "Milk", "Milk"), "amount": Field("amount", "1.20", "1.20")},
            {"description": Field("description", "Bread", "Bread"), "amount": Field("amount", "2.30", "2.30")},
        ]},
        summary=f"Receipt from ACME for 3.50 EUR {canary}".strip(),
        checks=["items add up"],
    )
