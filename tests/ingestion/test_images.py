"""Photos and scans: formats, OCR with reading order and boxes, rotation, pixel limits, damage."""
from __future__ import annotations

import time
import warnings
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.core.errors import DamagedDocument, DocumentTooLarge
from desktop_app.ingestion.limits import Limits
from desktop_app.ingestion.reader import read_document

from .makers import SCAN_LINES, png_header_only, save, scan_image


def _words(text: str) -> set[str]:
    return set(text.upper().split())


@pytest.fixture(scope="module")
def upright_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = save(scan_image(), tmp_path_factory.mktemp("scan") / "receipt.png")
    return read_document(path).text


def test_ocr_reads_a_scan_in_order_with_spaces(upright_text: str) -> None:
    lines = upright_text.split("\n")
    assert len(lines) == len(SCAN_LINES)
    assert lines[0] == "CITY PHARMACY LTD"
    assert lines[1] == "12 High Street, Springfield"
    assert "Paracetamol 500mg" in lines[3]
    expected = _words(" ".join(SCAN_LINES))
    assert len(_words(upright_text) & expected) >= len(expected) - 3


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_rotated_scans_read_like_the_upright_one(tmp_path: Path, upright_text: str,
                                                 degrees: int) -> None:
    img = scan_image().rotate(degrees, expand=True)
    doc = read_document(save(img, tmp_path / f"rot{degrees}.png"))
    assert doc.text == upright_text
    width, height = img.size
    assert doc.page_sizes == [(float(width), float(height))]
    for line in doc.lines:  # boxes on the image as the file stores it
        assert line.box is not None
        assert 0 <= line.box[0] < line.box[2] <= width and 0 <= line.box[1] < line.box[3] <= height


def test_multi_page_tiff(tmp_path: Path) -> None:
    first = scan_image(["PAGE ONE RESULTS", "Glucose 5.4 mmol/L"])
    second = scan_image(["PAGE TWO NOTES", "Repeat in 3 months"])
    path = tmp_path / "report.tif"
    first.save(path, save_all=True, append_images=[second], compression="tiff_deflate")
    doc = read_document(path)
    assert doc.page_count == 2 and doc.media_type == "image/tiff"
    assert {ln.page for ln in doc.lines} == {0, 1}
    assert doc.text.index("ONE") < doc.text.index("TWO")
    assert "5.4" in doc.text


@pytest.mark.parametrize(("fmt", "suffix", "media"), [
    ("JPEG", ".jpg", "image/jpeg"), ("WEBP", ".webp", "image/webp"),
    ("BMP", ".bmp", "image/bmp"), ("PNG", ".png", "image/png"),
])
def test_formats_decode(tmp_path: Path, fmt: str, suffix: str, media: str) -> None:
    img = Image.new("RGB", (64, 48), "white")
    doc = read_document(save(img, tmp_path / f"blank{suffix}", fmt))
    assert doc.media_type == media and doc.ocr_used and doc.text == ""
    assert any("No text" in w for w in doc.warnings)


def test_transparent_png_becomes_white_paper(tmp_path: Path) -> None:
    from desktop_app.ingestion.image import to_rgb

    img = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    assert to_rgb(img).getpixel((5, 5)) == (255, 255, 255)


def test_png_named_pdf_is_read_as_png(tmp_path: Path) -> None:
    doc = read_document(save(Image.new("RGB", (32, 32), "white"), tmp_path / "scan.pdf", "PNG"))
    assert doc.media_type == "image/png"
    assert any("named .pdf" in w for w in doc.warnings)


def test_pixel_limit_boundary(tmp_path: Path) -> None:
    limits = Limits(max_image_pixels=10_000)
    under = save(Image.new("L", (99, 101), 255), tmp_path / "under.png")  # 9999 px
    exact = save(Image.new("L", (100, 100), 255), tmp_path / "exact.png")
    over = save(Image.new("L", (73, 137), 255), tmp_path / "over.png")  # 10001 px
    read_document(under, limits=limits)
    read_document(exact, limits=limits)
    with pytest.raises(DocumentTooLarge, match="megapixels"):
        read_document(over, limits=limits)


def test_pillow_bomb_warning_is_an_error(tmp_path: Path) -> None:
    from desktop_app.ingestion.image import _guarded

    path = save(Image.new("L", (200, 100), 255), tmp_path / "w.png")
    with pytest.raises(Image.DecompressionBombWarning), _guarded(Limits(max_image_pixels=19_999)):
        Image.open(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with _guarded(Limits(max_image_pixels=20_000)):
            Image.open(path).close()


def test_20000_square_png_is_refused_without_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header_only(20000, 20000))
    assert path.stat().st_size < 1_000_000
    started = time.monotonic()
    with pytest.raises(DocumentTooLarge, match="400.0 megapixels"):
        read_document(path)
    assert time.monotonic() - started < 5


def test_truncated_jpeg(tmp_path: Path) -> None:
    full = tmp_path / "full.jpg"
    scan_image().save(full, "JPEG", quality=90)
    data = full.read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedDocument, match="damaged or incomplete"):
        read_document(cut)


def test_garbage_after_png_signature(tmp_path: Path) -> None:
    path = tmp_path / "bad.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50)
    with pytest.raises(DamagedDocument):
        read_document(path)


HEIC = Path(__file__).parent / "data" / "receipt.heic"  # 2 KB, made with pillow-heif from
# scan_image(["HEIC PHOTO 42.50"], size=24): making one here needs the GPL x265 encoder,
# which the decode-only pi-heif that Coffer uses does not carry.


def test_heic_phone_photo() -> None:
    from desktop_app.ingestion.image import HEIC_AVAILABLE

    if not HEIC_AVAILABLE:
        pytest.skip("pi-heif is not installed")
    doc = read_document(HEIC)
    assert doc.media_type == "image/heic"
    assert "42.50" in doc.text and "HEIC" in doc.text


def test_big_photo_boxes_are_in_full_size_pixels(tmp_path: Path) -> None:
    img = scan_image(["LARGE PHOTO 77.10"], size=90)  # wider than 2000 px once enlarged
    big = img.resize((img.size[0] * 2, img.size[1] * 2))
    assert max(big.size) > 2000
    doc = read_document(save(big, tmp_path / "big.jpg", "JPEG"))
    assert "77.10" in doc.text
    box = doc.lines[0].box
    assert box is not None and box[2] > 1500 and box[2] <= big.size[0]
