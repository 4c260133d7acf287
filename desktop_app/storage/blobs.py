"""Named binary blobs inside the encrypted vault (e.g. the person's own fine-tuned adapter).

Uses only the vault's public API: ``Vault.batch()`` for a transaction and ``Vault.conn`` inside
it. The table is created on first use (``IF NOT EXISTS``: additive, no migration needed). Blobs
are encrypted at rest like everything in the vault; deleting one zeroes its pages
(``secure_delete``) and the WAL is checkpointed.
"""
from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from typing import Any

_DDL = """CREATE TABLE IF NOT EXISTS blobs (
    name TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    meta_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
)"""


@dataclass(frozen=True)
class BlobInfo:
    name: str
    size: int
    meta: dict[str, Any]
    created_at: str


def _ensure(conn) -> None:
    conn.execute(_DDL)


def put_blob(vault, name: str, data: bytes, meta: dict[str, Any] | None = None) -> None:
    now = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    with vault.batch():
        conn = vault.conn
        _ensure(conn)
        conn.execute("INSERT OR REPLACE INTO blobs(name, data, meta_json, created_at) VALUES (?,?,?,?)",
                     (name, bytes(data), json.dumps(meta or {}), now))


def get_blob(vault, name: str) -> bytes | None:
    with vault.batch():
        conn = vault.conn
        _ensure(conn)
        row = conn.execute("SELECT data FROM blobs WHERE name = ?", (name,)).fetchone()
    return bytes(row[0]) if row else None


def set_meta(vault, name: str, meta: dict[str, Any]) -> None:
    with vault.batch():
        conn = vault.conn
        _ensure(conn)
        conn.execute("UPDATE blobs SET meta_json = ? WHERE name = ?", (json.dumps(meta), name))


def list_blobs(vault, prefix: str = "") -> list[BlobInfo]:
    with vault.batch():
        conn = vault.conn
        _ensure(conn)
        rows = conn.execute(
            "SELECT name, length(data), meta_json, created_at FROM blobs WHERE substr(name, 1, ?) = ? "
            "ORDER BY created_at, name", (len(prefix), prefix)).fetchall()
    return [BlobInfo(r[0], int(r[1]), json.loads(r[2] or "{}"), r[3]) for r in rows]


def delete_blob(vault, name: str) -> None:
    with vault.batch():
        conn = vault.conn
        _ensure(conn)
        conn.execute("DELETE FROM blobs WHERE name = ?", (name,))
    checkpoint = getattr(vault, "checkpoint", None)
    if checkpoint:
        checkpoint()
