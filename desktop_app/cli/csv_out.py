"""CSV of `coffer extract` results: one row per document, formula-safe, written atomically."""
from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path

from desktop_app.core.errors import ExportFailed
from desktop_app.core.service import FileResult

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Neutralise cells a spreadsheet would run as a formula (CSV injection)."""
    if value and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_extractions(dest: Path, results: Sequence[FileResult]) -> None:
    names: list[str] = []
    for r in results:
        for f in r.extraction.fields if r.extraction else []:
            if f.name not in names:
                names.append(f.name)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["file", "kind", "error", *names, "summary"])
    for r in results:
        ex = r.extraction
        values = {f.name: (f.value or f.raw or "") for f in ex.fields} if ex else {}
        w.writerow([safe_cell(x) for x in
                    [r.path.name, ex.kind if ex else "", r.error,
                     *[values.get(n, "") for n in names], ex.summary if ex else ""]])
    data = buf.getvalue().encode("utf-8")
    partial = dest.with_name(dest.name + ".partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, dest)
    except OSError as exc:
        try:
            partial.unlink()
        except OSError:
            pass
        raise ExportFailed(f"Could not write {dest}: {exc.strerror}.") from exc
