"""The sandboxed reader: crashes, hangs and memory hogs in the child never reach the caller."""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from desktop_app.core.errors import (
    Cancelled,
    DamagedDocument,
    DocumentTooLarge,
    ParserCrashed,
    PasswordRequired,
)
from desktop_app.core.jobs import CancelToken
from desktop_app.core.ports import DocumentReader
from desktop_app.ingestion.limits import Limits
from desktop_app.ingestion.reader import SandboxedReader
from desktop_app.ingestion.sandbox import document_from_json

from .pdfgen import PageSpec, build_pdf, flate_bomb, text_pdf

FAST = Limits(max_seconds=2, startup_seconds=8)


def hostile(name: str, limits: Limits = FAST) -> SandboxedReader:
    return SandboxedReader(limits, target=f"tests.ingestion.hostile_workers:{name}")


@pytest.fixture
def any_file(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text("hello\n", encoding="utf-8")
    return path


def test_is_a_document_reader() -> None:
    assert isinstance(SandboxedReader(), DocumentReader)


def test_reads_like_in_process(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(text_pdf([["Invoice 12 from ACME, total 9.99 EUR"]]))
    reader = SandboxedReader()
    doc = reader.read(path)
    assert doc.text == "Invoice 12 from ACME, total 9.99 EUR"
    assert doc.lines[0].box is not None and doc.page_sizes == [(612.0, 792.0)]
    assert reader.last_stats.exit == "exit 0" and reader.last_stats.peak_rss_bytes


def test_password_travels_to_the_worker(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(text_pdf([["Salary statement for March, net 2,100.00"]], password="pw"))
    with pytest.raises(PasswordRequired):
        SandboxedReader().read(path)
    assert "2,100.00" in SandboxedReader().read(path, password="pw").text


def test_typed_errors_come_back_typed(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(DamagedDocument, match="empty"):
        SandboxedReader().read(path)


def test_segfault_becomes_parser_crashed(any_file: Path) -> None:
    with pytest.raises(ParserCrashed, match="SIGSEGV"):
        hostile("segfault").read(any_file)


def test_abort_becomes_parser_crashed(any_file: Path) -> None:
    with pytest.raises(ParserCrashed, match="SIGABRT"):
        hostile("abort").read(any_file)


def test_hang_is_killed_at_the_wall_timeout(any_file: Path) -> None:
    reader = hostile("hang", Limits(max_seconds=1, startup_seconds=2))
    started = time.monotonic()
    with pytest.raises(DocumentTooLarge, match="longer than 1 seconds"):
        reader.read(any_file)
    assert time.monotonic() - started < 8
    assert reader.last_stats.exit == "timeout"


def test_worker_runs_under_limits_in_its_own_group(any_file: Path) -> None:
    limits = Limits(max_seconds=10, startup_seconds=5, max_memory_bytes=1024**3)
    report = json.loads(hostile("report_limits", limits).read(any_file).text)
    assert report["RLIMIT_AS"] == [1024**3, 1024**3]
    assert report["RLIMIT_CPU"][0] == 25  # 2 threads × 10 s + start-up
    assert report["RLIMIT_CORE"] == [0, 0]  # no core dump with document contents
    assert report["pgid_is_pid"]


def test_spinning_worker_is_stopped(any_file: Path) -> None:
    with pytest.raises(DocumentTooLarge):
        hostile("spin", Limits(max_seconds=0.5, startup_seconds=1.5)).read(any_file)


def test_memory_hog_is_stopped(any_file: Path) -> None:
    reader = hostile("allocate", Limits(max_seconds=5, startup_seconds=8,
                                        max_memory_bytes=512 * 1024 * 1024))
    with pytest.raises(DocumentTooLarge, match="memory"):
        reader.read(any_file)
    assert reader.last_stats.peak_rss_bytes is not None
    assert reader.last_stats.peak_rss_bytes < 600 * 1024 * 1024


def test_library_output_cannot_corrupt_the_answer(any_file: Path) -> None:
    assert hostile("chatty").read(any_file).text == "fine\n"


def test_cancel_kills_the_worker(any_file: Path) -> None:
    token = CancelToken()
    threading.Timer(0.5, token.cancel).start()
    reader = hostile("hang", Limits(max_seconds=30, startup_seconds=5))
    started = time.monotonic()
    with pytest.raises(Cancelled):
        reader.read(any_file, cancel=token)
    assert time.monotonic() - started < 5


def test_flate_bomb_in_the_sandbox(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(build_pdf([PageSpec(content_flate=flate_bomb(300))]))
    reader = SandboxedReader()
    with pytest.raises(DocumentTooLarge, match="compression bomb"):
        reader.read(path)
    assert reader.last_stats.peak_rss_bytes and reader.last_stats.peak_rss_bytes < 300 * 1024**2


def test_no_worker_left_behind(any_file: Path) -> None:
    reader = hostile("hang", Limits(max_seconds=0.5, startup_seconds=2))
    with pytest.raises(DocumentTooLarge):
        reader.read(any_file)
    pid = reader.last_stats.pid
    assert pid
    with pytest.raises(ProcessLookupError):  # killed and reaped: not even a zombie is left
        os.kill(pid, 0)


@pytest.mark.parametrize("bad", [
    {"text": 5, "lines": []},
    {"text": "abc", "lines": [[0, 99, 0, None, None]], "media_type": "x", "page_count": 1,
     "page_sizes": [], "ocr_used": False, "ocr_confidence": None, "warnings": []},
    {},
])
def test_malformed_answers_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ParserCrashed):
        document_from_json(bad)


def test_worker_has_no_network(any_file: Path) -> None:
    assert hostile("phone_home").read(any_file).text.startswith("refused: Coffer")


def test_giant_image_dictionary_is_contained(tmp_path: Path) -> None:
    # Dangerzone CVE-2026-3308 shape: an image XObject claiming 33554432 × 1 px, 16-bit CMYK.
    import zlib

    body = ("/Width 33554432 /Height 1 /BitsPerComponent 16 /ColorSpace /DeviceCMYK "
            "/Filter /FlateDecode")
    path = tmp_path / "giant.pdf"
    path.write_bytes(build_pdf([PageSpec(raw_images=[(body, zlib.compress(b"\0" * 4096))])]))
    reader = SandboxedReader(Limits(ocr_dpi=50))
    try:
        doc = reader.read(path)
    except (DocumentTooLarge, DamagedDocument, ParserCrashed):
        pass
    else:
        assert doc.text == ""
    assert reader.last_stats.peak_rss_bytes and reader.last_stats.peak_rss_bytes < 1.5 * 1024**3


def test_worker_gets_no_secrets(any_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COFFER_PASSPHRASE", "hunter2")
    monkeypatch.setenv("COFFER_RECOVERY_KEY", "abc")
    monkeypatch.setenv("COFFER_HOME_CHECK", "kept")
    names = hostile("report_env").read(any_file).text.split("\n")
    assert "COFFER_HOME_CHECK" in names
    assert "COFFER_PASSPHRASE" not in names and "COFFER_RECOVERY_KEY" not in names
