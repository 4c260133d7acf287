"""The encrypted vault: documents, fields, list rows, summaries, corrections, full-text index."""
from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_app.core.entities import (
    DocumentRecord,
    Extraction,
    Field,
    ParsedDocument,
    Row,
)
from desktop_app.core.errors import VaultError

from . import connection as dbc
from .codec import (
    cell_to_json,
    field_from_json,
    field_from_row,
    field_to_json,
    parsed_from_json,
    parsed_to_json,
)
from .schema import migrate

log = logging.getLogger("coffer.storage")

CHECK_AT_OPEN_MAX_BYTES = 32 * 2**20  # ~0.35 s of checks here; larger vaults: check() later
STATUSES = frozenset({"queued", "reading", "extracting", "done", "failed"})
_DOC_COLS = ("id, name, sha256, media_type, size, added_at, status, kind, error, "
             "kind_confidence, extracted, checks_json, timings_json")
_FIELD_COLS = ("doc_id, name, raw, value, type, span_start, span_end, confidence, grounded, "
               "source, page, box_json, model_value, note")
_TERM_RE = re.compile(r"\w+", re.UNICODE)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def fts_query(text: str) -> str | None:
    """A person's words as a safe FTS5 query: every word quoted, the last one as a prefix.

    Nothing the person types is interpreted as FTS5 syntax (no column filters, NEAR, ^...)."""
    terms = _TERM_RE.findall(text)
    if not terms:
        return None
    quoted = [f'"{t}"' for t in terms[:32]]
    quoted[-1] += "*"
    return " ".join(quoted)


class Vault:
    """SQLCipher-backed :class:`desktop_app.core.ports.DocumentStore`.

    One connection, serialised by a lock: the writer thread owns it (ARCHITECTURE rule 7),
    and the lock makes an occasional read from another thread safe.
    """

    def __init__(self, conn: dbc.Connection, path: Path, key_hex: str, guard: dbc.Guard) -> None:
        self._conn: dbc.Connection | None = conn
        self.path = Path(path)
        self._key = key_hex  # needed for rekey verification and backups; never logged
        self._guard = guard
        self._lock = threading.RLock()
        self._in_batch = 0

    # --- opening --------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, key_hex: str, *, create: bool = False, key_verified: bool = True,
             check: bool | None = None) -> Vault:
        """Open an existing vault (probe read-only first) or create a new one.

        ``check``: run quick_check + cipher_integrity_check in the probe (C8). ``None`` does so
        when the vault is small enough to stay within the open-time budget (about 10 ms/MB
        here); larger vaults get the schema read at open and :meth:`check` from the app later.
        """
        path = Path(path)
        if create:
            dbc.ensure_private_dir(path.parent)
        else:
            if check is None:
                try:
                    check = path.stat().st_size <= CHECK_AT_OPEN_MAX_BYTES
                except OSError:
                    check = True
            # C5: look at a damaged file through a read-only connection first, so a failed
            # open can never checkpoint, truncate or rewrite anything.
            wal = dbc.wal_pending(path)
            probe = dbc.connect(path, key_hex, readonly=True, key_verified=key_verified,
                                immutable=not Path(f"{path}-wal").exists())
            try:
                if check:
                    dbc.health_check(probe, cipher_pages=not wal)
            finally:
                probe.close()
        guard = dbc.Guard()
        conn = dbc.connect(path, key_hex, create=create, key_verified=key_verified, guard=guard)
        try:
            if not create and check and wal and _checkpointed(conn):
                # Every page in the WAL passed its HMAC check above and is now in the file:
                # check the file's own pages too.
                dbc.health_check(conn)
            migrate(conn, guard, path)
        except BaseException:
            conn.close()
            raise
        dbc.chmod_owner_only(path)
        return cls(conn, path, key_hex, guard)

    @property
    def conn(self) -> dbc.Connection:
        if self._conn is None:
            raise VaultError("The vault is closed.", "Open it again.")
        return self._conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def batch(self) -> Iterator[Vault]:
        """Run many writes as ONE transaction (bulk import): all of them or none survive a crash,
        and one fsync instead of one per document."""
        with self._write():
            self._in_batch += 1
            try:
                yield self
            finally:
                self._in_batch -= 1

    @contextlib.contextmanager
    def _write(self) -> Iterator[dbc.Connection]:
        with self._lock:
            conn = self.conn
            if self._in_batch:
                yield conn  # the enclosing batch commits or rolls back
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with contextlib.suppress(Exception):
                        conn.execute("ROLLBACK")
                if isinstance(exc, dbc.sqlcipher3.Error):
                    log.warning("vault write failed: %s", type(exc).__name__)
                    raise dbc.translate(exc) from None
                raise

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except dbc.sqlcipher3.Error as exc:
                raise dbc.translate(exc) from None

    # --- DocumentStore --------------------------------------------------------------------
    def find_by_hash(self, sha256: str) -> int | None:
        rows = self._read("SELECT id FROM documents WHERE sha256 = ?", (sha256,))
        return int(rows[0][0]) if rows else None

    def add_document(self, *, name: str, sha256: str, media_type: str, content: bytes,
                     parsed: ParsedDocument | None = None, status: str = "queued") -> int:
        """Add a document; a document already in the vault (same sha256) keeps its id."""
        self._check_status(status)
        with self._write() as conn:
            row = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
            if row:
                return int(row[0])
            cur = conn.execute(
                "INSERT INTO documents (sha256, name, media_type, size, added_at, status) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (sha256, name, media_type, len(content), _now(), status))
            doc_id = int(cur.lastrowid or 0)
            conn.execute("INSERT INTO contents (doc_id, data) VALUES (?, ?)", (doc_id, content))
            if parsed is not None:
                self._put_parsed(conn, doc_id, parsed)
            self._reindex(conn, doc_id)
            return doc_id

    def set_parsed(self, doc_id: int, parsed: ParsedDocument) -> None:
        with self._write() as conn:
            self._require(conn, doc_id)
            self._put_parsed(conn, doc_id, parsed)
            self._reindex(conn, doc_id)

    def set_status(self, doc_id: int, status: str, error: str = "") -> None:
        self._check_status(status)
        with self._write() as conn:
            self._require(conn, doc_id)
            conn.execute("UPDATE documents SET status = ?, error = ? WHERE id = ?",
                         (status, error, doc_id))

    def save_extraction(self, doc_id: int, extraction: Extraction) -> None:
        """Replace model/rule fields, list rows and summary; a person's corrections win, and
        the new model value is kept beside them as ``model_value``."""
        with self._write() as conn:
            self._require(conn, doc_id)
            person = {r[0]: r[1] for r in conn.execute(
                "SELECT name, model_value FROM fields WHERE doc_id = ? AND source = 'person'",
                (doc_id,))}
            conn.execute("DELETE FROM fields WHERE doc_id = ? AND source != 'person'", (doc_id,))
            seen: set[str] = set()
            for pos, f in enumerate(extraction.fields):
                if f.name in seen:  # one value per field name; the first one wins
                    continue
                seen.add(f.name)
                if f.name in person:
                    conn.execute("UPDATE fields SET model_value = ?, position = ? "
                                 "WHERE doc_id = ? AND name = ?", (f.value, pos, doc_id, f.name))
                    continue
                self._insert_field(conn, doc_id, f, pos)
            conn.execute("DELETE FROM list_rows WHERE doc_id = ?", (doc_id,))
            for list_name, rows in extraction.lists.items():
                for i, row in enumerate(rows):
                    cells = {k: cell_to_json(c, k) for k, c in row.items()}
                    conn.execute(
                        "INSERT INTO list_rows (doc_id, list_name, row_index, cells_json) "
                        "VALUES (?, ?, ?, ?)",
                        (doc_id, list_name, i, json.dumps(cells, separators=(",", ":"))))
            conn.execute("DELETE FROM summaries WHERE doc_id = ?", (doc_id,))
            if extraction.summary:
                conn.execute("INSERT INTO summaries (doc_id, text, source, updated_at) "
                             "VALUES (?, ?, 'model', ?)", (doc_id, extraction.summary, _now()))
            conn.execute(
                "UPDATE documents SET kind = ?, kind_confidence = ?, extracted = 1, "
                "checks_json = ?, timings_json = ? WHERE id = ?",
                (extraction.kind, float(extraction.kind_confidence),
                 json.dumps(list(extraction.checks)), json.dumps(extraction.timings), doc_id))
            self._update_doc_date(conn, doc_id)
            self._reindex(conn, doc_id)

    def get_document(self, doc_id: int, *, with_text: bool = True) -> DocumentRecord:
        rows = self._read(f"SELECT {_DOC_COLS} FROM documents WHERE id = ?", (doc_id,))
        if not rows:
            raise VaultError(f"There is no document {doc_id} in the vault.", "Check the id (coffer list).")
        return self._records(rows, with_text=with_text, with_lists=True)[0]

    def get_content(self, doc_id: int) -> bytes:
        rows = self._read("SELECT data FROM contents WHERE doc_id = ?", (doc_id,))
        if not rows:
            raise VaultError(f"There is no document {doc_id} in the vault.", "Check the id (coffer list).")
        return bytes(rows[0][0])

    def list_documents(self, *, kind: str | None = None, date_from: str | None = None,
                       date_to: str | None = None, limit: int = 1000, offset: int = 0,
                       with_lists: bool = False) -> list[DocumentRecord]:
        """Newest first, with fields and summary (no text). ``with_lists`` adds list rows."""
        where, params = self._filters(kind, date_from, date_to)
        rows = self._read(
            f"SELECT {_DOC_COLS} FROM documents {where} ORDER BY added_at DESC, id DESC "
            "LIMIT ? OFFSET ?", (*params, int(limit), int(offset)))
        return self._records(rows, with_text=False, with_lists=with_lists)

    def count_documents(self, *, kind: str | None = None) -> int:
        where, params = self._filters(kind, None, None)
        return int(self._read(f"SELECT count(*) FROM documents {where}", params)[0][0])

    def kinds(self) -> list[tuple[str, int]]:
        """Document kinds present, with how many documents each."""
        return [(r[0], int(r[1])) for r in self._read(
            "SELECT kind, count(*) FROM documents GROUP BY kind ORDER BY kind")]

    def search(self, query: str, *, limit: int = 200) -> list[DocumentRecord]:
        match = fts_query(query)
        if match is None:
            return []
        ids = [int(r[0]) for r in self._read(
            "SELECT rowid FROM doc_fts WHERE doc_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, int(limit)))]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self._read(f"SELECT {_DOC_COLS} FROM documents WHERE id IN ({marks})", ids)
        by_id = {r.id: r for r in self._records(rows, with_text=False, with_lists=False)}
        return [by_id[i] for i in ids if i in by_id]

    def correct_field(self, doc_id: int, name: str, raw: str, value: str | None) -> None:
        with self._write() as conn:
            self._require(conn, doc_id)
            before = self._get_field(conn, doc_id, name)
            text_row = conn.execute("SELECT text FROM parsed WHERE doc_id = ?", (doc_id,)).fetchone()
            span: tuple[int, int] | None = None
            if text_row and raw:
                at = text_row[0].find(raw)
                span = (at, at + len(raw)) if at >= 0 else None
            if before is None:
                model_value = None
            elif before.source == "person":
                model_value = before.model_value
            else:
                model_value = before.value
            after = Field(
                name=name, raw=raw, value=value, type=before.type if before else "text",
                span=span, confidence=1.0, grounded=True, source="person",
                page=before.page if before and span == before.span else None,
                box=before.box if before and span == before.span else None,
                model_value=model_value, note="")
            position = conn.execute(
                "SELECT position FROM fields WHERE doc_id = ? AND name = ?", (doc_id, name)).fetchone()
            conn.execute("DELETE FROM fields WHERE doc_id = ? AND name = ?", (doc_id, name))
            self._insert_field(conn, doc_id, after, position[0] if position else 999)
            conn.execute(
                "INSERT INTO corrections (doc_id, field_name, before_json, after_json, at) "
                "VALUES (?, ?, ?, ?, ?)",
                (doc_id, name, json.dumps(field_to_json(before)) if before else None,
                 json.dumps(field_to_json(after)), _now()))
            self._update_doc_date(conn, doc_id)
            self._reindex(conn, doc_id)

    def undo_correction(self, doc_id: int, name: str) -> None:
        """Put back the value before the latest correction of ``name`` still in effect."""
        with self._write() as conn:
            self._require(conn, doc_id)
            row = conn.execute(
                "SELECT id, before_json FROM corrections WHERE doc_id = ? AND field_name = ? "
                "AND undone = 0 ORDER BY id DESC LIMIT 1", (doc_id, name)).fetchone()
            if row is None:
                raise VaultError(f"There is no correction of '{name}' to undo.", "")
            position = conn.execute(
                "SELECT position FROM fields WHERE doc_id = ? AND name = ?", (doc_id, name)).fetchone()
            conn.execute("DELETE FROM fields WHERE doc_id = ? AND name = ?", (doc_id, name))
            if row[1]:
                self._insert_field(conn, doc_id, field_from_json(json.loads(row[1])),
                                   position[0] if position else 999)
            conn.execute("UPDATE corrections SET undone = 1 WHERE id = ?", (row[0],))
            self._update_doc_date(conn, doc_id)
            self._reindex(conn, doc_id)

    def corrections(self, doc_id: int) -> list[dict[str, Any]]:
        """The correction history of one document, oldest first."""
        rows = self._read(
            "SELECT field_name, before_json, after_json, at, undone FROM corrections "
            "WHERE doc_id = ? ORDER BY id", (doc_id,))
        return [{"field": r[0], "before": json.loads(r[1]) if r[1] else None,
                 "after": json.loads(r[2]), "at": r[3], "undone": bool(r[4])} for r in rows]

    def delete_document(self, doc_id: int) -> None:
        """Delete every trace: rows cascade, the index entry goes, and the WAL is checkpointed
        so old page images do not linger (E9, with secure_delete zeroing freed pages)."""
        with self._write() as conn:
            self._require(conn, doc_id)
            conn.execute("DELETE FROM doc_fts WHERE rowid = ?", (doc_id,))
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        self.checkpoint()

    def corrected_documents(self, *, kind: str | None = None) -> list[DocumentRecord]:
        where = "WHERE id IN (SELECT doc_id FROM fields WHERE source = 'person')"
        params: list[Any] = []
        if kind:
            where += " AND kind = ?"
            params.append(kind)
        rows = self._read(f"SELECT {_DOC_COLS} FROM documents {where} ORDER BY id DESC", params)
        return self._records(rows, with_text=True, with_lists=True)

    # --- maintenance ----------------------------------------------------------------------
    def checkpoint(self) -> None:
        with self._lock, contextlib.suppress(dbc.sqlcipher3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def check(self) -> None:
        """Structure + every page's HMAC (C8). Raises VaultDamaged."""
        with self._lock:
            dbc.health_check(self.conn)

    def backup_to(self, dest: Path) -> None:
        """Encrypted copy (same key) at ``dest``, which must not exist. Verified before return."""
        with self._lock:
            dbc.vacuum_into(self.conn, self._guard, Path(dest))
        try:
            verify_copy(Path(dest), self._key)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(dest)
            raise

    def rekey(self, new_key_hex: str) -> None:
        """Re-encrypt with a new key (atomic in SQLCipher). Key storage is the caller's two-phase
        job; this only changes the file and verifies it opens with the new key."""
        dbc.validate_key(new_key_hex)
        with self._lock:
            self.checkpoint()
            try:
                dbc.rekey(self.conn, self._guard, new_key_hex)
            except dbc.sqlcipher3.Error as exc:
                raise dbc.translate(exc) from None
            self.checkpoint()
            probe = dbc.connect(self.path, new_key_hex, readonly=True)
            probe.close()
            self._key = new_key_hex

    # --- helpers ----------------------------------------------------------------------------
    @staticmethod
    def _check_status(status: str) -> None:
        if status not in STATUSES:
            raise VaultError(f"Unknown document status '{status}'.", "")

    @staticmethod
    def _require(conn: dbc.Connection, doc_id: int) -> None:
        if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None:
            raise VaultError(f"There is no document {doc_id} in the vault.", "Check the id (coffer list).")

    @staticmethod
    def _filters(kind: str | None, date_from: str | None, date_to: str | None,
                 ) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        if date_from:
            clauses.append("doc_date >= ?")
            params.append(date_from)
        if date_to:
            clauses.append("doc_date <= ?")
            params.append(date_to)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    @staticmethod
    def _put_parsed(conn: dbc.Connection, doc_id: int, parsed: ParsedDocument) -> None:
        conn.execute("INSERT OR REPLACE INTO parsed (doc_id, text, meta_json) VALUES (?, ?, ?)",
                     (doc_id, parsed.text, parsed_to_json(parsed)))

    @staticmethod
    def _insert_field(conn: dbc.Connection, doc_id: int, f: Field, position: int) -> None:
        conn.execute(
            "INSERT INTO fields (doc_id, name, position, raw, value, type, span_start, span_end, "
            "confidence, grounded, source, page, box_json, model_value, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, f.name, position, f.raw, f.value, f.type,
             f.span[0] if f.span else None, f.span[1] if f.span else None,
             float(f.confidence), int(bool(f.grounded)), f.source, f.page,
             json.dumps(list(f.box)) if f.box else None, f.model_value, f.note or ""))

    @staticmethod
    def _get_field(conn: dbc.Connection, doc_id: int, name: str) -> Field | None:
        r = conn.execute(f"SELECT {_FIELD_COLS} FROM fields WHERE doc_id = ? AND name = ?",
                         (doc_id, name)).fetchone()
        return field_from_row(r) if r else None

    @staticmethod
    def _update_doc_date(conn: dbc.Connection, doc_id: int) -> None:
        conn.execute("UPDATE documents SET doc_date = (SELECT value FROM fields WHERE doc_id = ? "
                     "AND name = 'date') WHERE id = ?", (doc_id, doc_id))

    @staticmethod
    def _reindex(conn: dbc.Connection, doc_id: int) -> None:
        name = conn.execute("SELECT name FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
        text_row = conn.execute("SELECT text FROM parsed WHERE doc_id = ?", (doc_id,)).fetchone()
        values = [v for r in conn.execute(
            "SELECT raw, value FROM fields WHERE doc_id = ?", (doc_id,)) for v in r if v]
        for (cells,) in conn.execute("SELECT cells_json FROM list_rows WHERE doc_id = ?", (doc_id,)):
            values += [c.get("raw") for c in json.loads(cells).values() if c.get("raw")]
        summary = conn.execute("SELECT text FROM summaries WHERE doc_id = ?", (doc_id,)).fetchone()
        conn.execute("DELETE FROM doc_fts WHERE rowid = ?", (doc_id,))
        conn.execute("INSERT INTO doc_fts (rowid, name, body, fields, summary) VALUES (?, ?, ?, ?, ?)",
                     (doc_id, name, text_row[0] if text_row else "", "\n".join(values),
                      summary[0] if summary else ""))

    def _records(self, rows: list[Any], *, with_text: bool, with_lists: bool) -> list[DocumentRecord]:
        if not rows:
            return []
        ids = [int(r[0]) for r in rows]
        fields: dict[int, list[Field]] = {i: [] for i in ids}
        summaries: dict[int, str] = {}
        lists: dict[int, dict[str, list[Row]]] = {i: {} for i in ids}
        texts: dict[int, ParsedDocument] = {}
        with self._lock:
            conn = self.conn
            try:
                for chunk in _chunks(ids, 500):
                    marks = ",".join("?" * len(chunk))
                    for r in conn.execute(f"SELECT {_FIELD_COLS} FROM fields WHERE doc_id IN "
                                          f"({marks}) ORDER BY doc_id, position", chunk):
                        fields[r[0]].append(field_from_row(r))
                    for d, t in conn.execute(
                            f"SELECT doc_id, text FROM summaries WHERE doc_id IN ({marks})", chunk):
                        summaries[d] = t
                    if with_lists:
                        for d, ln, cj in conn.execute(
                                f"SELECT doc_id, list_name, cells_json FROM list_rows WHERE doc_id "
                                f"IN ({marks}) ORDER BY doc_id, list_name, row_index", chunk):
                            row = {k: field_from_json(v, v.get("name", k)) for k, v in json.loads(cj).items()}
                            lists[d].setdefault(ln, []).append(row)
                    if with_text:
                        for d, t, m in conn.execute(
                                f"SELECT doc_id, text, meta_json FROM parsed WHERE doc_id IN ({marks})",
                                chunk):
                            texts[d] = parsed_from_json(t, m)
            except dbc.sqlcipher3.Error as exc:
                raise dbc.translate(exc) from None
        out = []
        for r in rows:
            doc_id = int(r[0])
            extraction = None
            if r[10]:
                extraction = Extraction(
                    kind=r[7], kind_confidence=float(r[9]), fields=fields[doc_id],
                    lists=lists[doc_id], summary=summaries.get(doc_id, ""),
                    checks=json.loads(r[11]), timings=json.loads(r[12]))
            out.append(DocumentRecord(
                id=doc_id, name=r[1], sha256=r[2], media_type=r[3], size=int(r[4]),
                added_at=r[5], status=r[6], kind=r[7], error=r[8], extraction=extraction,
                parsed=texts.get(doc_id)))
        return out


def _checkpointed(conn: dbc.Connection) -> bool:
    """Fold the WAL into the file; False if that could not finish (disk full, a reader)."""
    try:
        busy, frames, done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except dbc.sqlcipher3.Error as exc:
        log.warning("checkpoint at open did not run (%s)", getattr(exc, "sqlite_errorname", ""))
        return False
    return busy == 0 and frames == done


def _chunks(items: list[int], n: int) -> Iterator[list[int]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def verify_copy(path: Path, key_hex: str) -> None:
    """Open a copy read-only with ``key_hex`` and run both integrity checks (C7)."""
    conn = dbc.connect(path, key_hex, readonly=True)
    try:
        dbc.health_check(conn)
    finally:
        conn.close()
