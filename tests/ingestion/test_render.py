"""Page pictures: PDF pages and scans rendered at the reader's page shape, boxes land on the ink;
the sandboxed renderer gets the bytes through a pipe and maps failures to DocumentErrors."""
from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.core.errors import (
    Cancelled,
    DamagedDocument,
    DocumentTooLarge,
    UnsupportedDocument,
)
from desktop_app.core.jobs import CancelToken
from desktop_app.ingestion import sandbox
from desktop_app.ingestion.limits import Limits
from desktop_app.ingestion.reader import read_document
from desktop_app.ingestion.render import SandboxedRenderer, png_size, render_page

from .pdfgen import PageSpec, TextRun, build_pdf, text_pdf

LINES = ["Northwind Consulting Ltd", "Invoice number: INV-2024-0117", "Total due GBP 1440.00"]


def _image(png: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(png))
    img.load()
    return img.convert("L")


def _ink(img: Image.Image, box: tuple[float, float, float, float], scale: float) -> float:
    """Share of dark pixels inside ``box`` (page units) on a picture ``scale`` px per unit."""
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    crop = img.crop((x0, y0, max(x1, x0 + 1), max(y1, y0 + 1)))
    dark = sum(crop.histogram()[:128])
    return dark / max(crop.width * crop.height, 1)


def test_pdf_page_is_a_picture_of_the_page_shape(tmp_path: Path) -> None:
    png = render_page(text_pdf([LINES]), "application/pdf", 0, 612 * 792 * 4)
    assert png_size(png) == (1224, 1584)  # 2× (144 dpi) fits the budget exactly
    small = render_page(text_pdf([LINES]), "application/pdf", 0, 100_000)
    w, h = png_size(small)
    assert w * h <= 100_000 * 1.01 and abs(w / h - 612 / 792) < 0.01
    big = render_page(text_pdf([LINES]), "application/pdf", 0, 10**9)
    assert png_size(big)[0] == math.ceil(612 * 300 / 72) or png_size(big)[0] == round(612 * 300 / 72)


@pytest.mark.parametrize("rotate", [0, 90])
def test_reader_boxes_land_on_the_ink(tmp_path: Path, rotate: int) -> None:
    spec = PageSpec(rotate=rotate)
    for k, line in enumerate(LINES):
        spec.texts.append(TextRun(72, 720 - 14 * k, line, 11))
    data = build_pdf([spec])
    path = tmp_path / "invoice.pdf"
    path.write_bytes(data)
    doc = read_document(path)
    page_w, page_h = doc.page_sizes[0]
    png = render_page(data, "application/pdf", 0, 2_000_000)
    img = _image(png)
    scale = img.width / page_w
    assert abs(img.height / scale - page_h) < 2  # same shape as the page the boxes refer to
    for line in doc.lines:
        assert line.box is not None
        assert _ink(img, line.box, scale) > 0.05, (rotate, line)
    # and beside the text there is only paper
    x0, y0, x1, y1 = doc.lines[-1].box  # type: ignore[misc]
    if rotate == 0:
        blank = (x1 + 30, y0, x1 + 30 + (x1 - x0) / 2, y1)
    else:
        blank = (x0, y1 + 30, x1, y1 + 30 + (y1 - y0) / 2)
    assert _ink(img, blank, scale) == 0


def test_a_photo_is_shown_upright_like_ocr_read_it() -> None:
    img = Image.new("RGB", (400, 200), "white")
    img.paste((0, 0, 0), (10, 10, 110, 40))  # ink in the top-left of the stored pixels
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif.tobytes())
    png = render_page(buf.getvalue(), "image/jpeg", 0, 10_000_000)
    out = _image(png)
    assert out.size == (200, 400)  # upright: as load_frames hands it to OCR
    assert out.getpixel((200 - 25, 25)) < 64  # the ink is now top-right
    # the pixel budget shrinks a big photo, keeping its shape
    w, h = png_size(render_page(buf.getvalue(), "image/jpeg", 0, 20_000))
    assert w * h <= 20_000 and abs(w / h - 0.5) < 0.02


def test_tiff_pages_and_unsupported_kinds() -> None:
    frames = [Image.new("RGB", (100, 50), c) for c in ("white", "black")]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    second = _image(render_page(buf.getvalue(), "image/tiff", 1, 10_000))
    assert second.getpixel((50, 25)) < 10
    with pytest.raises(DamagedDocument):
        render_page(buf.getvalue(), "image/tiff", 2, 10_000)
    with pytest.raises(UnsupportedDocument):
        render_page(b"hello", "text/plain", 0, 10_000)


def test_sandboxed_render_through_the_pipe() -> None:
    renderer = SandboxedRenderer()
    data = text_pdf([LINES, ["page two"]])
    png = renderer.render(data, "application/pdf", 1, 612 * 792)
    assert png_size(png) == (612, 792)
    assert renderer.last_stats.exit == "exit 0"
    with pytest.raises(DamagedDocument):
        renderer.render(b"%PDF-1.4\n garbage", "application/pdf", 0, 10_000)
    with pytest.raises(DamagedDocument):
        renderer.render(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "image/png", 0, 10_000)


def test_sandboxed_render_limits_and_cancel() -> None:
    data = text_pdf([LINES])
    with pytest.raises(DocumentTooLarge):
        SandboxedRenderer(Limits(max_seconds=0.05, startup_seconds=0.0)).render(
            data, "application/pdf", 0, 10_000)
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        SandboxedRenderer().render(data, "application/pdf", 0, 10_000, cancel=cancel)
    with pytest.raises(DocumentTooLarge):
        SandboxedRenderer(Limits(max_file_bytes=100)).render(data, "application/pdf", 0, 10_000)


def test_a_crashing_renderer_is_a_document_error() -> None:
    renderer = SandboxedRenderer(target="tests.ingestion.hostile_workers:segfault")
    with pytest.raises(Exception) as info:
        renderer.render(text_pdf([LINES]), "application/pdf", 0, 10_000)
    assert info.type.__name__ in ("ParserCrashed", "DocumentTooLarge")


def test_vault_secrets_stay_out_of_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COFFER_PASSPHRASE", "correct horse battery staple")
    env = sandbox.child_env()  # what sandbox.run_worker starts the renderer's child with
    assert "COFFER_PASSPHRASE" not in env and "PATH" in env


def test_the_document_never_touches_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes go through stdin; nothing is written to TMPDIR or the working directory."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.chdir(work)
    png = SandboxedRenderer().render(text_pdf([LINES]), "application/pdf", 0, 50_000)
    assert png_size(png)[0] > 0
    assert list(tmp.iterdir()) == [] and list(work.iterdir()) == []
