"""Helpers for the prompt-injection tests (SECURITY.md L1–L4): a fresh vault, a service wired like
main.build_service, a snapshot of every other record through the vault's public API, and the
checks every extracted value must pass."""
from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

from desktop_app.core.entities import DocumentRecord, Extraction, Field, ParsedDocument
from desktop_app.core.grounding import ground
from desktop_app.core.normalize import CURRENCY_CODES, find_currency, iban_valid
from desktop_app.core.schemas import SchemaSet
from desktop_app.core.service import DocumentService
from desktop_app.ingestion.reader import read_document
from desktop_app.storage.vault import Vault
from desktop_app.system import secrets as ks

MAX_VALUE_CHARS = 1000  # no field of any schema is longer; the GUI and CSV must not get 10 MB


class InProcessReader:
    """The reader main.make_reader falls back to (the sandbox costs a process per file)."""

    def read(self, path: Path, *, password: str | None = None, cancel: Any = None) -> ParsedDocument:
        return read_document(path, password=password)


def new_vault(folder: Path) -> Vault:
    folder.mkdir(parents=True, exist_ok=True)
    return Vault.open(folder / "vault.db", ks.new_key(), create=True)


def service(vault: Vault, schemas: SchemaSet, engine: Any) -> DocumentService:
    return DocumentService(reader=InProcessReader(), schemas=schemas,
                           engine_factory=(lambda: engine) if engine is not None else None,
                           store=vault, use_model=engine is not None)


def record_digest(vault: Vault, doc_id: int) -> str:
    """Everything the vault holds about one document: row, text, lines, fields, lists, summary,
    original bytes, correction history."""
    r: DocumentRecord = vault.get_document(doc_id, with_text=True)
    data: dict[str, Any] = {k: getattr(r, k) for k in
                            ("id", "name", "sha256", "media_type", "size", "added_at", "status", "kind", "error")}
    data["extraction"] = r.extraction.to_dict() if r.extraction else None
    if r.parsed is not None:
        data["text"] = r.parsed.text
        data["lines"] = [(ln.start, ln.end, ln.page, ln.box) for ln in r.parsed.lines]
    data["content"] = hashlib.sha256(vault.get_content(doc_id)).hexdigest()
    data["corrections"] = vault.corrections(doc_id)
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def snapshot(vault: Vault) -> dict[int, str]:
    return {r.id: record_digest(vault, r.id) for r in vault.list_documents(limit=1_000_000)}


def all_values(ex: Extraction) -> list[tuple[str, Field]]:
    out = [(f.name, f) for f in ex.fields]
    for list_name, rows in ex.lists.items():
        for i, row in enumerate(rows):
            out += [(f"{list_name}[{i}].{k}", c) for k, c in row.items()]
    return out


def strings_of(ex: Extraction) -> list[str]:
    vals = [ex.summary, *ex.checks]
    for _, f in all_values(ex):
        vals += [f.raw or "", f.value or "", f.model_value or "", f.note]
    return vals


_TYPED = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "money": re.compile(r"-?\d{1,18}\.\d{2}"),
}


def schema_problems(ex: Extraction, schemas: SchemaSet) -> list[str]:
    """Field names and types exactly as the schema says; typed values in their normal form;
    confidences finite in [0, 1]; no value longer than MAX_VALUE_CHARS."""
    problems = []
    schema = schemas[ex.kind] if ex.kind in schemas else None
    names = [f.name for f in schema.fields] if schema else []
    if schema is not None and [f.name for f in ex.fields] != names:
        problems.append(f"field names {[f.name for f in ex.fields]} != schema {names}")
    for where, f in all_values(ex):
        if not (isinstance(f.confidence, float | int) and math.isfinite(f.confidence)
                and 0.0 <= f.confidence <= 1.0):
            problems.append(f"{where}: confidence {f.confidence!r}")
        for part in (f.raw, f.value, f.model_value):
            if part is not None and len(part) > MAX_VALUE_CHARS:
                problems.append(f"{where}: {len(part)} characters")
        if f.value is None:
            continue
        pattern = _TYPED.get(f.type)
        if pattern and not pattern.fullmatch(f.value):
            problems.append(f"{where}: {f.type} value {f.value[:60]!r}")
        if f.type == "iban" and not iban_valid(f.value):
            problems.append(f"{where}: invalid IBAN {f.value[:60]!r}")
        if f.type == "currency" and f.value not in CURRENCY_CODES:
            problems.append(f"{where}: currency {f.value[:60]!r}")
    return problems


def ungrounded(ex: Extraction, text: str) -> list[str]:
    """Values (from the model or the rules) that do not occur in the document text."""
    bad = []
    for where, f in all_values(ex):
        if f.raw is None or f.source == "person":
            continue
        if f.type == "currency" and f.value is not None and f.value == find_currency(text):
            continue  # "£" in the text is "GBP" in the field
        if f.span is not None and 0 <= f.span[0] <= f.span[1] <= len(text):
            continue
        if ground(f.raw, text) is not None:
            continue
        bad.append(f"{where}={f.raw[:80]!r}")
    return bad
