"""Every crash the fuzzers (or the privacy review of issue 9) found, kept as a regression test."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core import rules
from desktop_app.core.errors import DocumentError
from desktop_app.core.normalize import format_amount, normalise_value, parse_amount
from desktop_app.ingestion.reader import read_document

# 1. A 27+ digit amount made Decimal.quantize raise InvalidOperation (precision 28), so a document
#    holding "TOTAL 1000000000000000000000000000.00" crashed extraction with a traceback (and left
#    it "extracting" in the vault). Found by the normalisation fuzzer; fixed in core/normalize.py.
LONG_AMOUNTS = ["1" * 40, "9" * 29 + ".99", "1," + "000," * 12 + "000.00", "1000000000000000000000000000.00"]


@pytest.mark.parametrize("raw", LONG_AMOUNTS)
def test_absurdly_long_amounts_do_not_crash(raw: str) -> None:
    assert normalise_value("money", raw) is None
    assert parse_amount(raw) is None


def test_format_amount_never_raises() -> None:
    assert format_amount(Decimal("1" * 40)) == "1" * 40 + ".00"
    assert format_amount(Decimal("12.345")) == "12.34" or format_amount(Decimal("12.345")) == "12.35"


def test_receipt_with_a_huge_total_extracts() -> None:
    text = "ACME STORE\nDate: 01/02/2024\nTOTAL 1000000000000000000000000000.00\nCash 5.00\n"
    rules.total_candidates(text)  # raised InvalidOperation
    from desktop_app.core.entities import ParsedDocument
    from desktop_app.core.extraction import Extractor
    from desktop_app.main import schemas

    Extractor(None).extract(ParsedDocument.from_text(text), schemas()["receipt"])


def test_reader_on_the_huge_total(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("TOTAL " + "9" * 60 + ".00\n")
    try:
        read_document(p)
    except DocumentError:
        pass


# 2. DOCX whose word/document.xml member is (a) broken deflate data, (b) stored with an unknown
#    compression method, (c) flagged as encrypted: python-docx lets zlib.error,
#    NotImplementedError and RuntimeError escape read_docx, so read_document breaks its contract
#    (ParsedDocument or DocumentError). The sandboxed app reports them as ParserCrashed ("the
#    file may be hostile") instead of "damaged" / "password protected". Found by make fuzz (a
#    mutated receipt.docx); fixed in desktop_app/ingestion/docx.py by 8d28134.
def _docx_variant(kind: str) -> bytes:
    import io
    import struct
    import zipfile

    seed = (Path(__file__).resolve().parent / "corpus" / "receipt.docx").read_bytes()
    buf = bytearray(seed)
    info = zipfile.ZipFile(io.BytesIO(seed)).getinfo("word/document.xml")
    off = info.header_offset
    n, m = struct.unpack("<HH", buf[off + 26:off + 30])
    if kind == "bad_deflate":
        buf[off + 30 + n + m] = 0xFF  # BTYPE 11: "invalid block type"
        return bytes(buf)
    i = 0
    while (i := buf.find(b"PK\x01\x02", i)) >= 0:
        ln = struct.unpack("<H", buf[i + 28:i + 30])[0]
        if bytes(buf[i + 46:i + 46 + ln]) == b"word/document.xml":
            if kind == "method_99":
                buf[i + 10:i + 12] = buf[off + 8:off + 10] = struct.pack("<H", 99)
            else:  # encrypted flag
                flags = struct.pack("<H", struct.unpack("<H", buf[i + 8:i + 10])[0] | 1)
                buf[i + 8:i + 10] = buf[off + 6:off + 8] = flags
        i += 4
    return bytes(buf)


@pytest.mark.parametrize("kind", ["bad_deflate", "method_99", "encrypted"])
def test_broken_docx_member_is_a_document_error(tmp_path: Path, kind: str) -> None:
    p = tmp_path / f"{kind}.docx"
    p.write_bytes(_docx_variant(kind))
    with pytest.raises(DocumentError):
        read_document(p)


@pytest.mark.parametrize("kind", ["bad_deflate", "method_99", "encrypted"])
def test_broken_docx_member_in_the_sandbox_is_contained(tmp_path: Path, kind: str) -> None:
    """What the app does today: the sandboxed reader turns it into a DocumentError."""
    from desktop_app.ingestion.reader import SandboxedReader

    p = tmp_path / f"{kind}.docx"
    p.write_bytes(_docx_variant(kind))
    with pytest.raises(DocumentError):
        SandboxedReader().read(p)


# 3. A mutated TIFF whose IFD lacks its dimensions: Pillow raises TypeError("Missing
#    dimensions") from img.n_frames, which ingestion/image.py load_frames does not catch. Found
#    by make fuzz (seed 7); input kept in corpus/regressions/. Fix proposed: add TypeError to the
#    except tuple that turns Pillow's errors into DamagedDocument.
TIFF = Path(__file__).resolve().parent / "corpus" / "regressions" / "tiff-missing-dimensions.tiff"


def test_tiff_without_dimensions_is_a_document_error() -> None:
    with pytest.raises(DocumentError):
        read_document(TIFF)


def test_tiff_without_dimensions_in_the_sandbox_is_contained() -> None:
    from desktop_app.ingestion.reader import SandboxedReader

    with pytest.raises(DocumentError):
        SandboxedReader().read(TIFF)


# 5. A ZIP whose central directory asks for "version needed to extract" 25.5: zipfile raises
#    NotImplementedError while listing it, which ingestion/sniff.py _sniff_zip (and docx.py
#    check_zip) do not catch. Found by make fuzz (seed 424242, a mutated hostile-names.docx);
#    input kept in corpus/regressions/. Fix proposed: catch NotImplementedError there too.
ZIP_VERSION = Path(__file__).resolve().parent / "corpus" / "regressions" / "zip-needs-version-25.docx"


def test_zip_needing_a_newer_version_is_a_document_error() -> None:
    with pytest.raises(DocumentError):
        read_document(ZIP_VERSION)


def test_zip_needing_a_newer_version_in_the_sandbox_is_contained() -> None:
    from desktop_app.ingestion.reader import SandboxedReader

    with pytest.raises(DocumentError):
        SandboxedReader().read(ZIP_VERSION)


# 4. Time that grows with the square of the document: rules.amounts_in() tests every amount
#    against every date span of the text (any(...) over a list), and total_candidates() calls it
#    on the whole text, so a long statement or a hostile text file keeps extraction busy for
#    minutes (100 KB: 2.6 s, 1 MB: 48 s here, 10 MB: about an hour by extrapolation; the reader
#    accepts 32 MB of text and
#    analyse() has no time budget or cancel point in the rules). Found while measuring L5.
#    Fix proposed for core/rules.py amounts_in (bisect over sorted date spans) and a cap on the
#    text the rules see (core/service.py analyse / core/extraction.py).
LINEAR_RATIO = 28.0  # 16x the text: linear ~15x the time here, today ~45x


def _receipt_text(n: int) -> str:
    body = ("HARBOUR LIGHT GROCERS\nDate: 21/05/2024 11:42\nSourdough loaf 1 x 3.40 3.40\n"
            "Oat milk 2 x 1.85 3.70\nTOTAL GBP 7.10\nCard 7.10\n")
    return (body * (n // len(body) + 1))[:n]


def _time_in_child(code: str, timeout: float) -> float | None:
    """Seconds the snippet took in a fresh interpreter, or None if it ran past ``timeout``."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    try:
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=timeout + 5, cwd=str(root))
    except subprocess.TimeoutExpired:
        return None
    assert run.returncode == 0, run.stderr[-2000:]
    return float(run.stdout.strip().splitlines()[-1])


def test_total_candidates_grows_linearly() -> None:
    """16x the text may cost about 16x the time, not 45x and growing (a ratio, so a busy machine
    does not make it flaky): 10 KB (best of 3) vs 160 KB of receipt lines."""
    code = ("import time\nfrom tests.fuzz.test_regressions import _receipt_text\n"
            "from desktop_app.core import rules\nout = []\n"
            "for n, k in ((10_000, 3), (160_000, 1)):\n    t = _receipt_text(n)\n    best = 1e9\n"
            "    for _ in range(k):\n        s = time.perf_counter(); rules.total_candidates(t)\n"
            "        best = min(best, time.perf_counter() - s)\n    out.append(best)\n"
            "print(out[1] / out[0])")
    ratio = _time_in_child(code, 30.0)
    assert ratio is not None and ratio < LINEAR_RATIO, ratio


@pytest.mark.slow
def test_ten_megabyte_text_document_within_budget(tmp_path: Path) -> None:
    """L5: a 10 MB text document completes (or is cleanly cut) within two minutes, rules only."""
    p = tmp_path / "long.txt"
    p.write_text(_receipt_text(10_000_000))
    code = ("import time\nfrom pathlib import Path\nfrom desktop_app.main import build_service\n"
            f"svc = build_service(use_model=False)\ns = time.perf_counter()\n"
            f"r = svc.extract_file(Path({str(p)!r}))\nprint(time.perf_counter() - s)")
    took = _time_in_child(code, 120.0)
    assert took is not None and took < 120.0, took
