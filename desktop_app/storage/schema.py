"""The vault schema and its versioned migrations (a backup is taken before each upgrade)."""
from __future__ import annotations

import logging
import time
from pathlib import Path

from desktop_app.core.errors import VaultError

from .connection import Connection, Guard, translate, vacuum_into

log = logging.getLogger("coffer.storage")

# Each entry brings the schema from version i to i+1. Every step runs in one transaction with
# the user_version bump, so a crash mid-migration rolls back and the step re-runs (C2).
MIGRATIONS: list[str] = [
    # v1
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        added_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued',
        error TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'other',
        kind_confidence REAL NOT NULL DEFAULT 0,
        doc_date TEXT,
        extracted INTEGER NOT NULL DEFAULT 0,
        checks_json TEXT NOT NULL DEFAULT '[]',
        timings_json TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX documents_kind ON documents(kind, doc_date);
    CREATE INDEX documents_date ON documents(doc_date);
    -- Original bytes and parsed text live apart so listing never reads them.
    CREATE TABLE contents (
        doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        data BLOB NOT NULL
    );
    CREATE TABLE parsed (
        doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        meta_json TEXT NOT NULL   -- lines with boxes, page sizes, media type, OCR flags
    );
    CREATE TABLE fields (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        raw TEXT,
        value TEXT,
        type TEXT NOT NULL DEFAULT 'text',
        span_start INTEGER,
        span_end INTEGER,
        confidence REAL NOT NULL DEFAULT 0,
        grounded INTEGER NOT NULL DEFAULT 0,
        source TEXT NOT NULL CHECK (source IN ('model', 'rule', 'person')),
        page INTEGER,
        box_json TEXT,
        model_value TEXT,
        note TEXT NOT NULL DEFAULT '',
        UNIQUE (doc_id, name)
    );
    CREATE TABLE list_rows (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        list_name TEXT NOT NULL,
        row_index INTEGER NOT NULL,
        cells_json TEXT NOT NULL,
        UNIQUE (doc_id, list_name, row_index)
    );
    CREATE TABLE summaries (
        doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT 'model',
        updated_at TEXT NOT NULL
    );
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        field_name TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT NOT NULL,
        at TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX corrections_doc ON corrections(doc_id, field_name);
    -- Contentless: the index keeps no second copy of the text; rowid = documents.id.
    CREATE VIRTUAL TABLE doc_fts USING fts5(
        name, body, fields, summary,
        content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
    );
    -- E9: deleted documents' tokens are removed from the index, not only marked.
    INSERT INTO doc_fts(doc_fts, rank) VALUES ('secure-delete', 1);
    """,
    # v2: the list is newest first; without this index every page of it sorts all documents.
    """
    CREATE INDEX documents_added ON documents(added_at DESC, id DESC);
    """,
    # v3: the same order within one kind (the list's kind filter).
    """
    DROP INDEX documents_kind;
    CREATE INDEX documents_kind_added ON documents(kind, added_at DESC, id DESC);
    """,
    # v4: named binary blobs (e.g. the person's own fine-tuned adapter, storage/blobs.py).
    # IF NOT EXISTS: that module also creates it on first use in vaults older than v4.
    """
    CREATE TABLE IF NOT EXISTS blobs (
        name TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        meta_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
    );
    """,
]

LATEST = len(MIGRATIONS)


def user_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, guard: Guard, db_path: Path) -> int:
    """Bring the schema to LATEST. Returns the version found before migrating."""
    found = user_version(conn)
    if found > LATEST:
        raise VaultError("This vault was made by a newer version of Coffer.",
                         "Update Coffer to open it; nothing was changed.")
    if found == LATEST:
        return found
    has_tables = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if found > 0 or has_tables:
        # Vorta pattern: a full encrypted copy before touching a schema that holds data.
        backups = db_path.parent / "backups"
        backups.mkdir(mode=0o700, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        dest = backups / f"vault-v{found}-before-migration-{stamp}.db"
        n = 1
        while dest.exists():  # a retried migration in the same second keeps both copies
            n += 1
            dest = backups / f"vault-v{found}-before-migration-{stamp}-{n}.db"
        vacuum_into(conn, guard, dest)
        log.info("backed up the vault before migrating from schema v%d", found)
    for version in range(found, LATEST):
        try:
            conn.execute("BEGIN IMMEDIATE")
            for stmt in _statements(MIGRATIONS[version]):
                conn.execute(stmt)
            conn.execute(f"PRAGMA user_version = {version + 1:d}")
            conn.execute("COMMIT")
        except Exception as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, VaultError):
                raise
            raise translate(exc) from None
        log.info("vault schema now at v%d", version + 1)
    return found


def _statements(script: str) -> list[str]:
    """Split a migration into statements (no ';' inside our string literals)."""
    out, buf = [], []
    for line in script.splitlines():
        stripped = line.split("--", 1)[0].rstrip()
        if not stripped:
            continue
        buf.append(stripped)
        if stripped.endswith(";"):
            out.append("\n".join(buf))
            buf = []
    if buf:
        out.append("\n".join(buf))
    return out
