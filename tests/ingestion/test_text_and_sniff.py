"""Magic-byte sniffing and plain text in the encodings people's files come in."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from desktop_app.core.errors import DamagedDocument, DocumentTooLarge, UnsupportedDocument
from desktop_app.ingestion.limits import Limits
from desktop_app.ingestion.reader import read_document
from desktop_app.ingestion.sniff import sniff_bytes
from desktop_app.ingestion.text import decode

TEXT = "Rechnung Nr. 17 – Müller & Söhne\nSumme: 1.234,50 €\nDanke!"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"junk\n%PDF-1.4", "pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"II*\x00\x08\x00\x00\x00", "tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "tiff"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp"),
        (b"BM" + b"\x00" * 40, "bmp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "heic"),
        (b"plain words\n", "text"),
        (b"\xff\xfeh\x00i\x00", "text"),
    ],
)
def test_sniff_by_magic_bytes(head: bytes, kind: str) -> None:
    assert sniff_bytes(head) == kind


def test_binary_junk_is_refused() -> None:
    with pytest.raises(UnsupportedDocument):
        sniff_bytes(bytes(range(256)) * 4)


def test_old_word_file_is_refused_with_advice() -> None:
    with pytest.raises(UnsupportedDocument, match="old Word"):
        sniff_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]
)
def test_text_in_common_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "note.txt"
    data = TEXT.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        pass  # no BOM: found from the NUL pattern
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.text == TEXT
    assert [doc.text[ln.start:ln.end] for ln in doc.lines] == TEXT.split("\n")


def test_latin1_bytes_never_fail() -> None:
    text, encoding = decode(bytes([0x81, 0x8D, 0x41]))  # undefined in cp1252
    assert encoding == "latin-1" and text.endswith("A")


def test_crlf_and_control_characters_keep_offsets_right(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"date;amount\r\n2024-01-02;12,50\r\n\x00\x07end\x0cpage")
    doc = read_document(path)
    assert doc.media_type == "text/csv"
    assert [doc.text[ln.start:ln.end] for ln in doc.lines] == [
        "date;amount", "2024-01-02;12,50", "end", "page"]


def test_zero_bytes(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(DamagedDocument, match="empty"):
        read_document(path)


def test_non_pdf_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "statement.pdf"
    path.write_bytes(bytes(range(256)) * 16)
    with pytest.raises(UnsupportedDocument) as err:
        read_document(path)
    assert "recognise" in str(err.value)


def test_text_named_pdf_is_read_as_text_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "statement.pdf"
    path.write_text("Balance 12.00\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.text.startswith("Balance 12.00")
    assert any(".pdf" in w for w in doc.warnings)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedDocument):
        read_document(tmp_path / "nope.txt")


def test_file_size_boundary(tmp_path: Path) -> None:
    limits = Limits(max_file_bytes=1000)
    ok = tmp_path / "ok.txt"
    ok.write_bytes(b"a" * 999)
    read_document(ok, limits=limits)
    exact = tmp_path / "exact.txt"
    exact.write_bytes(b"a" * 1000)
    read_document(exact, limits=limits)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 1001)
    with pytest.raises(DocumentTooLarge, match="1000 bytes"):
        read_document(big, limits=limits)


def test_text_size_boundary(tmp_path: Path) -> None:
    limits = Limits(max_text_bytes=500)
    ok = tmp_path / "ok.txt"
    ok.write_bytes(b"b\n" * 249 + b"b")  # 499 bytes
    assert read_document(ok, limits=limits).text.startswith("b\nb")
    big = tmp_path / "big.txt"
    big.write_bytes(b"b" * 501)
    with pytest.raises(DocumentTooLarge, match="text file"):
        read_document(big, limits=limits)


def test_sparse_2gb_text_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.write(b"hello\n")
        fh.truncate(2 * 1024**3)  # sparse: no disk used
    with pytest.raises(DocumentTooLarge, match="2.0 GB"):
        read_document(path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.ingestion import reader

    def denied(path: Path) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reader, "sniff", denied)  # chmod 0 does not stop root, who runs CI
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(DamagedDocument, match="could not be read .Permission denied"):
        read_document(path)


def test_directory_is_not_a_document(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedDocument):
        read_document(tmp_path)
