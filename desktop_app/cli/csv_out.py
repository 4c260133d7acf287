"""CSV of `coffer extract` results: one row per document, through the vault export's safe writer."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop_app.core.service import FileResult
from desktop_app.export.csv_export import write_csv


def write_extractions(dest: Path, results: Sequence[FileResult]) -> None:
    """One row per file: its kind, error, every field's normalised value (or as printed) and the
    summary. Formula neutralising and the atomic write are ``write_csv``'s."""
    names: list[str] = []
    for r in results:
        for f in r.extraction.fields if r.extraction else []:
            if f.name not in names:
                names.append(f.name)
    rows = []
    for r in results:
        ex = r.extraction
        values = {f.name: (f.value or f.raw or "") for f in ex.fields} if ex else {}
        rows.append([r.path.name, ex.kind if ex else "", r.error,
                     *[values.get(n, "") for n in names], ex.summary if ex else ""])
    write_csv(dest, ["file", "kind", "error", *names, "summary"], rows)
