"""`coffer add/list/search/show/export/backup/restore/passphrase/delete`: the encrypted vault."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.entities import DocumentRecord
from desktop_app.core.errors import CofferError, ExportFailed
from desktop_app.export.csv_export import export_fields_csv, export_lists_csv
from desktop_app.storage import unlock
from desktop_app.storage.vault import Vault
from desktop_app.system.paths import app_paths


def register(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser("add", help="read documents and keep them in the encrypted vault")
    a.add_argument("files", nargs="+", type=Path)
    a.add_argument("--model", type=Path, help="a GGUF model file instead of the bundled one")
    a.add_argument("--trust-model", action="store_true", help="load --model even if its hash is unknown")
    a.add_argument("--no-model", action="store_true", help="rules only, no language model")
    a.add_argument("--threads", type=int, help="most CPU threads the model may use")
    a.add_argument("--password", help="password of an encrypted PDF")
    a.set_defaults(func=cmd_add)

    ls = sub.add_parser("list", help="list the documents in the vault")
    ls.add_argument("--kind", help="only this kind (receipt, invoice, lab_report...)")
    ls.add_argument("--limit", type=int, default=1000)
    ls.set_defaults(func=cmd_list)

    s = sub.add_parser("search", help="full-text search over text, fields and summaries")
    s.add_argument("text")
    s.set_defaults(func=cmd_search)

    sh = sub.add_parser("show", help="show one document's fields, lists and summary")
    sh.add_argument("id", type=int)
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(func=cmd_show)

    e = sub.add_parser("export", help="write the fields of one kind of document to CSV")
    e.add_argument("--kind", required=True)
    e.add_argument("--csv", required=True, type=Path, metavar="OUT", help="one row per document")
    e.add_argument("--lists", type=Path, metavar="OUT2", help="one row per line item / result")
    e.add_argument("--bom", action="store_true", help="start with a BOM (for Excel)")
    e.set_defaults(func=cmd_export)

    b = sub.add_parser("backup", help="write an encrypted copy of the vault")
    b.add_argument("dest", type=Path)
    b.set_defaults(func=cmd_backup)

    r = sub.add_parser("restore", help="replace the vault with a backup (the current one is kept aside)")
    r.add_argument("backup", type=Path)
    r.set_defaults(func=cmd_restore)

    p = sub.add_parser("passphrase", help="set or change the vault passphrase (re-encrypts the vault)")
    p.set_defaults(func=cmd_passphrase)

    d = sub.add_parser("delete", help="delete a document and everything extracted from it")
    d.add_argument("id", type=int)
    d.set_defaults(func=cmd_delete)


def _open() -> Vault:
    return unlock.open_vault(app_paths(), interactive=sys.stdin.isatty())


def _prompter(*, changing: bool = False) -> unlock.TerminalPrompter:
    return unlock.TerminalPrompter(interactive=sys.stdin.isatty(), changing=changing)


def _date(r: DocumentRecord) -> str:
    return r.date or r.added_at[:10]


# Who issued the document, and its headline amount, by schema field name (first one present).
_WHO = ("company", "vendor", "bank", "employer", "lab", "provider", "prescriber")
_AMOUNT = ("total", "net_pay", "closing_balance")


def _headline(r: DocumentRecord) -> str:
    ex = r.extraction
    bits = []
    if ex:
        for names in (_WHO, _AMOUNT):
            for name in names:
                f = ex.get(name)
                if f and (f.value or f.raw):
                    bits.append(str(f.value or f.raw))
                    break
    return "  ".join(bits)[:60]


def _print_table(records: Sequence[DocumentRecord]) -> None:
    if not records:
        print("No documents.")
        return
    print(f"{'ID':>5}  {'DATE':<10}  {'KIND':<14}  {'STATUS':<10}  NAME")
    for r in records:
        line = f"{r.id:>5}  {_date(r):<10}  {r.kind:<14}  {r.status:<10}  {r.name}"
        head = _headline(r)
        print(f"{line}  {head}" if head else line)


def cmd_add(args: argparse.Namespace) -> int:
    try:
        from desktop_app.main import build_service
    except ImportError:
        print("coffer add: reading documents into the vault is not available yet.", file=sys.stderr)
        return 2
    missing = [f for f in args.files if not f.is_file()]
    if missing:
        print(f"coffer add: no such file: {missing[0]}", file=sys.stderr)
        return 2
    vault = _open()
    try:
        service = build_service(paths=app_paths(), model=args.model, trust_model=args.trust_model,
                                use_model=not args.no_model, store=vault, threads=args.threads)
        results = service.add_files(list(args.files), password=args.password)
        failed = 0
        for res in results:
            if res.error:
                failed += 1
                print(f"{res.path.name}: failed: {res.error}")
            elif res.duplicate:
                print(f"{res.path.name}: already in the vault (id {res.doc_id})")
            else:
                kind = res.extraction.kind if res.extraction else "other"
                print(f"{res.path.name}: added as {kind} (id {res.doc_id})")
        return 1 if failed else 0
    finally:
        vault.close()


def cmd_list(args: argparse.Namespace) -> int:
    with _open() as vault:
        _print_table(vault.list_documents(kind=args.kind, limit=args.limit))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with _open() as vault:
        _print_table(vault.search(args.text))
    return 0


def record_dict(r: DocumentRecord, corrections: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": r.id, "name": r.name, "sha256": r.sha256, "media_type": r.media_type,
        "size": r.size, "added_at": r.added_at, "status": r.status, "kind": r.kind,
    }
    if r.error:
        out["error"] = r.error
    if r.extraction:
        out.update(r.extraction.to_dict())
    out["corrections"] = corrections
    return out


def cmd_show(args: argparse.Namespace) -> int:
    with _open() as vault:
        r = vault.get_document(args.id, with_text=False)
        history = vault.corrections(args.id)
    if args.json:
        print(json.dumps(record_dict(r, history), ensure_ascii=False, indent=2))
        return 0
    print(f"#{r.id} {r.name}  ({r.kind}, {r.status}, added {r.added_at})")
    if r.error:
        print(f"  error: {r.error}")
    ex = r.extraction
    if ex:
        for f in ex.fields:
            if f.raw is None and f.value is None:
                continue
            mark = " (corrected)" if f.source == "person" else (" ?" if f.uncertain else "")
            norm = f" → {f.value}" if f.value and f.value != f.raw else ""
            print(f"  {f.name:<18} {f.raw}{norm}{mark}")
        for name, rows in ex.lists.items():
            print(f"  {name}: {len(rows)} rows")
            for row in rows:
                print("    " + " | ".join(f"{k}={c.value or c.raw}" for k, c in row.items()))
        if ex.summary:
            print(f"  summary: {ex.summary}")
        for c in ex.checks:
            print(f"  check: {c}")
    if history:
        print(f"  corrections: {len(history)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.lists is not None and args.lists.resolve() == args.csv.resolve():
        raise ExportFailed("--csv and --lists must be different files.", "")
    with _open() as vault:
        records = vault.list_documents(kind=args.kind, limit=1_000_000, with_lists=args.lists is not None)
    records.sort(key=lambda r: r.id)
    n = export_fields_csv(records, args.csv, bom=args.bom)
    print(f"Wrote {n} documents to {args.csv}")
    if args.lists is not None:
        m = export_lists_csv(records, args.lists, bom=args.bom)
        print(f"Wrote {m} list rows to {args.lists}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with _open() as vault:
        dest = unlock.backup(vault, args.dest)
    print(f"Encrypted backup written to {dest} (keep {dest.name}.key.json with it).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    aside = unlock.restore(app_paths(), args.backup, prompter=_prompter())
    print(f"Vault restored from {args.backup}."
          + (f" The previous vault files were kept in {aside}." if aside else ""))
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    mode = unlock.change_passphrase(app_paths(), prompter=_prompter(changing=True))
    print("The vault is now protected by the new passphrase." if mode == "passphrase"
          else "The vault key was changed.")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with _open() as vault:
        name = vault.get_document(args.id, with_text=False).name
        vault.delete_document(args.id)
    print(f"Deleted #{args.id} {name}.")
    return 0


__all__ = ["CofferError", "register"]
