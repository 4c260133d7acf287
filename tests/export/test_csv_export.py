"""CSV export: formula injection neutralised, encodings, atomic write, failures (E7)."""
from __future__ import annotations

import csv
import errno
import io
import os
import stat
from pathlib import Path

import pytest

from desktop_app.core.entities import DocumentRecord, Extraction, Field
from desktop_app.core.errors import ExportFailed
from desktop_app.export import csv_export
from desktop_app.export.csv_export import (
    export_fields_csv,
    export_lists_csv,
    neutralise,
    remove_stale_partials,
    write_csv,
)


def _rec(doc_id: int, name: str, fields: list[Field], lists=None) -> DocumentRecord:
    return DocumentRecord(
        id=doc_id, name=name, sha256="0" * 64, media_type="text/plain", size=1,
        added_at="2024-05-01T10:00:00+00:00", status="done", kind="receipt",
        extraction=Extraction(kind="receipt", kind_confidence=0.9, fields=fields, lists=lists or {}))


def _read(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding), newline="")))


@pytest.mark.parametrize("cell, want", [
    ("=1+2", "'=1+2"),
    ("+49 30 1234", "'+49 30 1234"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=cmd|' /C calc'!A0", "'\t=cmd|' /C calc'!A0"),
    ("\r=HYPERLINK(\"http://x\")", "'\r=HYPERLINK(\"http://x\")"),
    ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
    ("-12.50", "-12.50"),  # a negative amount stays a number
    ("12.50", "12.50"),
    ("ACME = best", "ACME = best"),
    ("", ""),
    (None, ""),
])
def test_neutralise(cell, want) -> None:
    assert neutralise(cell) == want


def test_fields_csv_one_row_per_document(tmp_path: Path) -> None:
    recs = [
        _rec(1, "a.pdf", [Field("vendor", "=cmd()", "=cmd()"), Field("date", "5 Mar 2024", "2024-03-05"),
                          Field("total", "1.234,50", "1234.50")]),
        _rec(2, "b;\"x\".pdf", [Field("vendor", "Café Zoë", "Café Zoë"), Field("iban", "DE89 3704", "DE893704"),
                                Field("total", None, None)]),
    ]
    out = tmp_path / "out.csv"
    assert export_fields_csv(recs, out) == 2
    rows = _read(out)
    assert rows[0] == ["document_id", "document_name", "kind", "added_at", "vendor", "date", "total", "iban"]
    assert rows[1] == ["1", "a.pdf", "receipt", "2024-05-01T10:00:00+00:00", "'=cmd()", "2024-03-05", "1234.50", ""]
    assert rows[2][1] == 'b;"x".pdf' and rows[2][4] == "Café Zoë" and rows[2][7] == "DE893704"
    assert out.read_bytes()[:3] != b"\xef\xbb\xbf"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_lists_csv_one_row_per_item_with_document(tmp_path: Path) -> None:
    items = [{"description": Field("description", "Milk", "Milk"), "amount": Field("amount", "1,20", "1.20")},
             {"description": Field("description", "@evil", "@evil"), "qty": Field("qty", "2", "2")}]
    recs = [_rec(7, "r.pdf", [], {"items": items}), _rec(8, "empty.pdf", [])]
    out = tmp_path / "lists.csv"
    assert export_lists_csv(recs, out, bom=True) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _read(out, "utf-8-sig")
    assert rows[0] == ["document_id", "document_name", "list", "row", "description", "amount", "qty"]
    assert rows[1] == ["7", "r.pdf", "items", "1", "Milk", "1.20", ""]
    assert rows[2] == ["7", "r.pdf", "items", "2", "'@evil", "", "2"]
    assert b"\r\n" in raw


def test_replaces_existing_atomically_and_leaves_no_partial(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("old")
    write_csv(out, ["a"], [["1"]])
    assert _read(out) == [["a"], ["1"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_stale_partial_is_refused_then_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    (tmp_path / "out.csv.partial").write_text("fragment of a killed export")
    with pytest.raises(ExportFailed, match="interrupted"):
        write_csv(out, ["a"], [])
    assert not out.exists()
    assert remove_stale_partials(tmp_path) == 1
    write_csv(out, ["a"], [])
    assert out.exists()


def test_disk_full_is_exportfailed_and_target_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """C4 for exports: ENOSPC injected at fsync; the old file stays, no partial is left."""
    out = tmp_path / "out.csv"
    out.write_text("previous export")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(csv_export.os, "fsync", full)
    with pytest.raises(ExportFailed, match="disk is full"):
        write_csv(out, ["a"], [["x" * 100]] * 10)
    assert out.read_text() == "previous export"
    assert not (tmp_path / "out.csv.partial").exists()


_FILL = r"""
import sys
sys.path.insert(0, sys.argv[2])
from desktop_app.core.errors import ExportFailed
from desktop_app.export.csv_export import write_csv
from pathlib import Path
d = Path(sys.argv[1])
(d / "out.csv").write_text("previous")
try:
    write_csv(d / "out.csv", ["a"], [["x" * 1000]] * 5000)
    print("WROTE")
except ExportFailed as exc:
    print("FAILED", exc)
print(sorted(p.name for p in d.iterdir()), (d / "out.csv").read_text())
"""


def test_disk_full_on_a_real_small_filesystem(tmp_path: Path) -> None:
    """C4 for exports through a real 1 MB tmpfs in a private mount namespace."""
    import shutil
    import subprocess
    import sys

    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare for a private tmpfs")
    if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("cannot create a mount namespace here")
    mnt = tmp_path / "small"
    mnt.mkdir()
    root = Path(__file__).resolve().parents[2]
    script = f'mount -t tmpfs -o size=1m coffer-test "{mnt}" && exec "{sys.executable}" -c "$0" "{mnt}" "{root}"'
    out = subprocess.run(["unshare", "-m", "sh", "-c", script, _FILL], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "FAILED The disk is full" in out.stdout
    assert "['out.csv'] previous" in out.stdout


def test_unwritable_folder_is_exportfailed(tmp_path: Path) -> None:
    with pytest.raises(ExportFailed):
        write_csv(tmp_path / "missing" / "out.csv", ["a"], [])


def test_no_temp_files_outside_destination(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    dest_dir = tmp_path / "dest"
    dest_dir.mkdir()
    write_csv(dest_dir / "o.csv", ["a"], [["secret"]])
    assert list(tmp.iterdir()) == []
    assert os.listdir(dest_dir) == ["o.csv"]


def test_sigkill_during_export_leaves_only_a_partial_that_cleanup_removes(tmp_path: Path) -> None:
    """E7: kill -9 mid-export; the target keeps its old content, nothing lands in $TMPDIR, and
    the startup cleanup removes the .partial."""
    import signal
    import time

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out.csv"
    out.write_text("previous export")
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child exports slowly and is killed half-way
        try:
            os.environ["TMPDIR"] = str(tmp)

            def rows():
                for i in range(10_000):
                    if i == 100:
                        os.write(w, b"x")
                    time.sleep(0.001)
                    yield [f"secret row {i}"]

            write_csv(out, ["a"], rows())
        finally:
            os._exit(0)
    os.close(w)
    assert os.read(r, 1) == b"x"
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(r)
    assert out.read_text() == "previous export"
    assert (tmp_path / "out.csv.partial").exists()
    assert list(tmp.iterdir()) == []
    assert remove_stale_partials(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "tmp"]
