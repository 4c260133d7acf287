"""CSV exports of fields and list rows: formula-safe cells, written atomically beside the target."""
from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from desktop_app.core.entities import DocumentRecord, Field
from desktop_app.core.errors import ExportFailed

# OWASP CSV injection: a cell starting with one of these is run as a formula by spreadsheet apps.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain (possibly negative) decimal is data, not a formula: keep it a number.
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def neutralise(cell: object) -> str:
    """Text safe to open in Excel/LibreOffice/Sheets: formulas get a leading apostrophe."""
    text = "" if cell is None else str(cell)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _cell(f: Field | None) -> str:
    # The normalised value (ISO dates, '.' decimals, ISO currency); the printed text if none.
    if f is None:
        return ""
    return f.value if f.value is not None else (f.raw or "")


def _union(names: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for n in names:
        seen.setdefault(n, None)
    return list(seen)


def fields_table(records: Sequence[DocumentRecord]) -> tuple[list[str], list[list[str]]]:
    """One row per document: id, name, kind, added, then every field seen (first-seen order)."""
    names = _union(f.name for r in records if r.extraction for f in r.extraction.fields)
    header = ["document_id", "document_name", "kind", "added_at", *names]
    rows = []
    for r in records:
        by_name = {f.name: f for f in r.extraction.fields} if r.extraction else {}
        rows.append([str(r.id), r.name, r.kind, r.added_at, *(_cell(by_name.get(n)) for n in names)])
    return header, rows


def lists_table(records: Sequence[DocumentRecord]) -> tuple[list[str], list[list[str]]]:
    """One row per line item / transaction / lab result / medication, with its document."""
    cols = _union(c for r in records if r.extraction for rows in r.extraction.lists.values()
                  for row in rows for c in row)
    header = ["document_id", "document_name", "list", "row", *cols]
    out = []
    for r in records:
        if not r.extraction:
            continue
        for list_name, rows in r.extraction.lists.items():
            for i, row in enumerate(rows, start=1):
                out.append([str(r.id), r.name, list_name, str(i), *(_cell(row.get(c)) for c in cols)])
    return header, out


def write_csv(dest: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *,
              bom: bool = False) -> Path:
    """Write ``dest`` safely (E7): ``dest.partial`` (O_EXCL, 0600) in the same folder, fsync,
    rename over ``dest``, fsync the folder. On any error the partial file is removed."""
    dest = Path(dest)
    partial = dest.with_name(dest.name + ".partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except FileExistsError:
        raise ExportFailed(f"An earlier export to {dest.name} was interrupted ({partial.name} exists).",
                           "Restart Coffer (it removes leftovers) or delete that file.") from None
    except OSError as exc:
        raise ExportFailed(f"Coffer cannot write in {dest.parent}.") from exc
    try:
        with os.fdopen(fd, "wb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig" if bom else "utf-8", newline="")
            writer = csv.writer(text, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow([neutralise(h) for h in header])
            for row in rows:
                writer.writerow([neutralise(c) for c in row])
            text.flush()
            os.fsync(raw.fileno())
            text.detach()
        os.replace(partial, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ExportFailed("The disk is full: the export was not written.") from None
        raise ExportFailed(f"The export to {dest.name} could not be written.") from None
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(dest.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    return dest


def export_fields_csv(records: Sequence[DocumentRecord], dest: Path, *, bom: bool = False) -> int:
    """CSV of the fields of the given documents (one kind); returns the number of rows."""
    header, rows = fields_table(records)
    write_csv(dest, header, rows, bom=bom)
    return len(rows)


def export_lists_csv(records: Sequence[DocumentRecord], dest: Path, *, bom: bool = False) -> int:
    """CSV of the list rows of the given documents; returns the number of rows."""
    header, rows = lists_table(records)
    write_csv(dest, header, rows, bom=bom)
    return len(rows)


def remove_stale_partials(folder: Path) -> int:
    """Startup cleanup (the caller's job, E7): remove ``*.partial`` left by a killed export."""
    n = 0
    for p in Path(folder).glob("*.partial"):
        with contextlib.suppress(OSError):
            p.unlink()
            n += 1
    return n
